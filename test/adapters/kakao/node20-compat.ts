// nock 15 (@mswjs/interceptors 0.44) calls Promise.withResolvers, which Node 20 lacks (Node 22+).
// Guarded and idempotent; belongs in test/setup.ts, where the lead can move it.
interface WithResolvers {
  withResolvers?: <T>() => { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };
}

if (typeof (Promise as unknown as WithResolvers).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
