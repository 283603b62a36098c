/**
 * aws-local-stepfunctions 3 calls Promise.withResolvers (Node.js >= 22); this project also runs on
 * Node.js 20. Importing this module adds the method where it is missing (test/setup.ts, the bench).
 */
const P = Promise as unknown as { withResolvers?: () => unknown };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

export {};
