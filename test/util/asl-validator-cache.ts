import * as path from 'path';

/**
 * asl-validator (4.0) builds a new Ajv instance for every definition it checks, and with it compiles
 * its fifteen ASL schemas again: 75 to 200 ms a call, and the deployability gate checks every state
 * machine of every app it synthesizes. Here the Ajv it builds is one instance per schema set, per
 * test file: the schemas are the same objects in every call, and the formats it adds before each
 * validation are the same pure functions of the value for its default options, the only ones the
 * tests can pass (test/types/asl-validator.d.ts takes none). Ajv compiles the formats into a schema
 * when it first compiles it, so another set of options would need an instance of its own.
 *
 * An Ajv is reused only when one is built again with the same first schema object (in `schemas`):
 * an Ajv built without schemas, or with schemas of its own, is new as before.
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
      const self = this as unknown as { getKeyword(name: string): unknown };
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
