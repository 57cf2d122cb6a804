// Latency percentiles over a sliding window of recent jobs.

export class LatencyWindow {
  private samples: number[] = [];
  private next = 0;

  constructor(private readonly size = 500) {}

  add(ms: number): void {
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }

  /** The p-th percentile (0..100, nearest rank), rounded to 0.1 ms; 0 when empty. */
  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return Math.round((sorted[rank] ?? 0) * 10) / 10;
  }
}

export function percentile(values: number[], p: number): number {
  const window = new LatencyWindow(Math.max(1, values.length));
  for (const v of values) window.add(v);
  return window.percentile(p);
}
