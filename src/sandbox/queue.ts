// The bounded waiting line in front of the pool. Pure logic: the pool decides when to take from it.

export interface QueueEntry {
  id: string;
  /** Jobs with the same key run one at a time (see JobInput.userKey). */
  userKey: string | null;
}

export class JobQueue<T extends QueueEntry> {
  private items: T[] = [];

  constructor(private readonly limit: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Adds at the end; false when the queue is full. */
  push(item: T): boolean {
    if (this.items.length >= this.limit) return false;
    this.items.push(item);
    return true;
  }

  remove(id: string): T | undefined {
    const index = this.items.findIndex((item) => item.id === id);
    return index === -1 ? undefined : this.items.splice(index, 1)[0];
  }

  /** Takes the oldest job whose user has no job running; jobs of a busy user keep their place. */
  takeNext(userBusy: (userKey: string) => boolean): T | undefined {
    const index = this.items.findIndex((item) => item.userKey === null || !userBusy(item.userKey));
    return index === -1 ? undefined : this.items.splice(index, 1)[0];
  }

  /** Jobs that could start now (same rule as takeNext), for sizing the pool. */
  countRunnable(userBusy: (userKey: string) => boolean): number {
    const seen = new Set<string>();
    let count = 0;
    for (const item of this.items) {
      if (item.userKey === null) count++;
      else if (!userBusy(item.userKey) && !seen.has(item.userKey)) {
        seen.add(item.userKey);
        count++;
      }
    }
    return count;
  }

  /** Each waiting job with its 1-based position. */
  positions(): [T, number][] {
    return this.items.map((item, index) => [item, index + 1]);
  }

  drain(): T[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}
