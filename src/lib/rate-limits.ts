// The rate limiters of one app: each limit() makes its limiter (with hono-rate-limiter's own store)
// at its first request, once per app, so every app (one per process, one per test file) counts on
// its own without a module-level table.

export class RateLimits<Limiter = unknown> {
  private made = new Map<object, Limiter>();

  /** The limiter for these options, made by `make` the first time. */
  for(options: object, make: () => Limiter): Limiter {
    let limiter = this.made.get(options);
    if (limiter === undefined) {
      limiter = make();
      this.made.set(options, limiter);
    }
    return limiter;
  }
}
