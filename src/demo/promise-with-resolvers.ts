/**
 * nock 15 calls `Promise.withResolvers` (Node >= 22) on every socket it sees; this project runs
 * on Node 20. Imported before nock (as test/plivo/promise-with-resolvers.ts is for the tests).
 */
const withResolvers = <T>(): { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void } => {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};
const PromiseConstructor = Promise as unknown as { withResolvers?: typeof withResolvers };
PromiseConstructor.withResolvers ??= withResolvers;
export {};
