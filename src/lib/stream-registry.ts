// Every open server-sent-events stream of an app, so shutdown can end them all at once (see
// src/http/sse.ts, which registers each stream here).

/** Every open stream, so shutdown can end them all at once. One per AppContext. */
export class StreamRegistry {
  private closers = new Set<() => void>();
  private stopped = false;

  add(close: () => void): () => void {
    if (this.stopped) close();
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  get size(): number {
    return this.closers.size;
  }

  /** Ends every open stream and any opened from now on. */
  closeAll(): void {
    this.stopped = true;
    for (const close of [...this.closers]) close();
  }
}
