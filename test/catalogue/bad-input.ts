/** One invalid configuration and the exact error it must raise. */
export interface BadInput {
  /** The construct or area the configuration belongs to. */
  readonly category: string;
  /** What is wrong, in words. */
  readonly name: string;
  /** Builds the configuration; must throw. */
  readonly build: () => unknown;
  /** The exact error message. */
  readonly error: string;
}

/** One valid configuration at an API limit; must not throw. */
export interface AtTheEdge {
  readonly category: string;
  readonly name: string;
  readonly build: () => unknown;
}

/** `n` strings made by `f`. */
export const many = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/** An object of `n` entries named by `f`, all with value `value`. */
export const entries = (n: number, f: (i: number) => string, value = 'v'): { [key: string]: string } =>
  Object.fromEntries(many(n, f).map((k) => [k, value]));
