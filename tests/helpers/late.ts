// The use* helpers (useBrowserServer, useClassroom) register beforeAll/beforeEach hooks that make a
// server, a browser, an app or a client, but must hand those out when the test file is loaded, before
// any hook has run. They hand out stand-ins instead: a stand-in passes every use on to the object the
// hook made last, so `server.url` or `teacher.post(...)` read as if the object were at hand.

/** A stand-in for the object `current()` returns once a hook has made it; used earlier, it throws. */
export function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (value === undefined)
      throw new Error(`${what} is not there yet: a beforeAll/beforeEach hook makes it`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const real = target();
      const value = Reflect.get(real, key, real);
      // Methods run on the real object (Client's cookies, Browser's connection), not on the stand-in.
      return typeof value === "function" ? value.bind(real) : value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
