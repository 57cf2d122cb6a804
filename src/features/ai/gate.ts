// At most `limit` holders at once; the rest wait in order and are told their place in the queue
// (1 = next) whenever it changes, so a student sees "2 requests ahead of you".
export interface GateWaiter {
  onPosition?: (position: number) => void;
}

interface Waiting extends GateWaiter {
  grant: () => void;
  refuse: (err: unknown) => void;
}

export class Gate {
  private active = 0;
  private readonly queue: Waiting[] = [];

  constructor(private limit: number) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    this.pump();
  }

  /** Resolves with a release function once a place is free; rejects when the signal aborts first. */
  acquire(waiter: GateWaiter = {}, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        ...waiter,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
        refuse: reject,
      };
      const onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i === -1) return;
        this.queue.splice(i, 1);
        this.announce(i);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(entry);
      if (!this.pump()) entry.onPosition?.(this.queue.length);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.pump();
    };
  }

  /** Lets waiters in while there is room; true when the newest waiter got in. */
  private pump(): boolean {
    let moved = false;
    let last = false;
    while (this.active < this.limit && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.active++;
      moved = true;
      last = this.queue.length === 0;
      next.grant();
    }
    if (moved) this.announce(0);
    return last;
  }

  private announce(from: number): void {
    for (let i = from; i < this.queue.length; i++) this.queue[i]!.onPosition?.(i + 1);
  }
}
