import * as path from 'path';

/**
 * asl-validator (4.0) builds a new Ajv instance for every definition it checks, and with it compiles
 * its fifteen ASL schemas again: 75 to 200 ms a call, over a thousand calls in the suite (the
 * deployability gate checks every state machine of every app it synthesizes). The Ajv it uses is
 * given one instance per schema set here, per test file: the schemas are the same objects in every
 * call, and the formats it adds before each validation are the same pure functions of the value
 * (asl-validator's defaults, the only options the tests pass), so a reused instance answers as a
 * new one would, its compiled schemas kept.
 */
const ajvPath = require.resolve('ajv', { paths: [path.dirname(require.resolve('asl-validator/package.json'))] });

jest.doMock(ajvPath, () => {
  const actual = jest.requireActual(ajvPath) as { default: new (options?: { schemas?: unknown[] }) => object; [key: string]: unknown };
  const instances = new WeakMap<object, object>();
  class ReusedAjv extends actual.default {
    constructor(options?: { schemas?: unknown[] }) {
      const first = options?.schemas?.[0];
      const kept = first !== null && typeof first === 'object' ? instances.get(first) : undefined;
      if (kept) return kept as ReusedAjv;
      super(options);
      if (first !== null && typeof first === 'object') instances.set(first, this);
    }

    /** ajv-formats adds its keywords again on each reuse; Ajv refuses a keyword twice. The first definition stays. */
    public addKeyword(definition: string | { keyword?: string | string[] }): this {
      const names = [typeof definition === 'string' ? definition : definition.keyword ?? []].flat();
      const self = this as unknown as { getKeyword(name: string): unknown; constructor: unknown };
      if (names.length > 0 && names.every((name) => self.getKeyword(name))) return this;
      return (actual.default.prototype as { addKeyword(d: unknown): unknown }).addKeyword.call(this, definition) as this;
    }
  }
  // ajv's module is its class, with the class again as `default` and `Ajv`; its other exports are static, inherited.
  for (const name of ['default', 'Ajv']) Object.defineProperty(ReusedAjv, name, { value: ReusedAjv, enumerable: true });
  Object.defineProperty(ReusedAjv, '__esModule', { value: true });
  return ReusedAjv;
});

export {};
