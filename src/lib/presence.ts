// Who is online now: a user is online while at least one of their pages holds a live (SSE)
// connection. Every logged-in page opens one, so this follows real browsers, not session cookies.
// Going offline waits a short grace period, so moving from one page to the next does not flicker.
import type { EventBus } from "./events.ts";

export class Presence {
  private connections = new Map<number, number>();
  private leaving = new Map<number, ReturnType<typeof setTimeout>>();
  /** When each user's last connection opened or closed, for "seen 3 min ago". */
  private seen = new Map<number, number>();

  constructor(
    private events: EventBus,
    private graceMs = 8000,
  ) {}

  /** Registers one live connection; call the returned function exactly once when it closes. */
  connect(userId: number): () => void {
    const pending = this.leaving.get(userId);
    if (pending) {
      clearTimeout(pending);
      this.leaving.delete(userId);
    }
    const before = this.connections.get(userId) ?? 0;
    this.connections.set(userId, before + 1);
    this.seen.set(userId, Date.now());
    if (before === 0 && !pending) this.events.emit("presence:changed", { userId, online: true });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(userId);
    };
  }

  private release(userId: number): void {
    const left = (this.connections.get(userId) ?? 1) - 1;
    this.seen.set(userId, Date.now());
    if (left > 0) {
      this.connections.set(userId, left);
      return;
    }
    this.connections.delete(userId);
    const timer = setTimeout(() => {
      this.leaving.delete(userId);
      if (!this.connections.has(userId)) this.events.emit("presence:changed", { userId, online: false });
    }, this.graceMs);
    timer.unref?.();
    this.leaving.set(userId, timer);
  }

  isOnline(userId: number): boolean {
    return this.connections.has(userId) || this.leaving.has(userId);
  }

  /** The online users among `userIds`. */
  onlineAmong(userIds: Iterable<number>): Set<number> {
    const online = new Set<number>();
    for (const id of userIds) if (this.isOnline(id)) online.add(id);
    return online;
  }

  lastSeen(userId: number): number | undefined {
    return this.seen.get(userId);
  }
}
