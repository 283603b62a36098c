/**
 * scripts/jest-builtins-transform.js gives every module of the suite (the tests, the library, aws-cdk-lib, constructs,
 * jsonata) local bindings of the ECMAScript built-ins. These checks show a module means the same with them: its
 * strictness, its line numbers, its own declarations, the built-ins of the context it runs in, and what jest's fake
 * timers replace.
 */
import * as path from 'path';
import * as vm from 'vm';

const { withBuiltIns, BUILT_INS } = require('../../scripts/jest-builtins-transform.js') as { withBuiltIns: (code: string) => string; BUILT_INS: string[] };

/** Runs `code` as a CommonJS module in a new vm context: its `module.exports`, and the context. */
function runInNewContext(code: string): any {
  const context = vm.createContext({});
  const module = { exports: {} as any };
  vm.runInContext(`(function (module, exports) {${code}\n})`, context)(module, module.exports);
  return { exports: module.exports, context };
}

/** Runs `code` as a CommonJS module in the test's own context; its `module.exports`. */
function runHere(code: string): any {
  const module = { exports: {} as any };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

test.each([
  ['"use strict";\nmodule.exports = function () { return this; };', 'strict'],
  ["/* licence */\n'use strict'\nmodule.exports = function () { return this; };", 'strict'],
  ['// no directive\nmodule.exports = function () { return this; };', 'sloppy'],
])('a module keeps its strictness: %j', (code, mode) => {
  const unbound = runHere(code);
  const bound = runHere(withBuiltIns(code));
  expect(typeof bound()).toBe(typeof unbound());
  expect(bound() === undefined ? 'strict' : 'sloppy').toBe(mode);
});

test('every line but the first is the module\'s own line, at its own number', () => {
  const code = '"use strict";\nconst a = 1;\n\n/* b */ module.exports = new Error("x").stack;\n';
  const bound = withBuiltIns(code).split('\n');
  expect(bound.length).toBe(code.split('\n').length);
  expect(bound.slice(1)).toEqual(code.split('\n').slice(1));
  expect(bound[0].startsWith('"use strict";')).toBe(true);
});

test('a shebang line stays first, and the bindings follow the directive on the next line', () => {
  const bound = withBuiltIns('#!/usr/bin/env node\n"use strict";\nmain();\n');
  expect(bound.split('\n')).toEqual(['#!/usr/bin/env node', expect.stringMatching(/^"use strict";;var Object = globalThis\.Object, .*;$/), 'main();', '']);
});

test('the bindings are the built-ins of the context the module runs in', () => {
  const { exports, context } = runInNewContext(withBuiltIns('"use strict"; module.exports = { Object, Array, JSON, Map, Error, parseInt };'));
  for (const name of ['Object', 'Array', 'JSON', 'Map', 'Error', 'parseInt']) {
    expect(exports[name]).toBe(vm.runInContext(name, context));
    expect(exports[name]).not.toBe((globalThis as any)[name]);
  }
  expect(BUILT_INS).toEqual(expect.arrayContaining(['Object', 'Array', 'JSON', 'Map', 'Error', 'parseInt']));
});

test.each([
  ['module.exports = Map();\nfunction Map() { return "own"; }', 'own'],
  ['class Set { has() { return "own"; } }\nmodule.exports = new Set().has();', 'own'],
  ['"use strict";\nconst JSON = { stringify: () => "own" };\nmodule.exports = JSON.stringify({});', 'own'],
])('a built-in the module declares itself stays its own: %j', (code, expected) => {
  const exports = runHere(withBuiltIns(code));
  expect(exports).toEqual(expected);
  expect(exports).toEqual(runHere(code));
});

test('Date and the timers stay global reads: jest\'s fake clock reaches a bound module', () => {
  const now = runHere(withBuiltIns('"use strict"; module.exports = () => [Date.now(), typeof setTimeout];'));
  jest.useFakeTimers({ now: new Date('2026-11-24T02:00:00Z') });
  try {
    expect(now()).toEqual([Date.parse('2026-11-24T02:00:00Z'), 'function']);
  } finally {
    jest.useRealTimers();
  }
  for (const name of ['Date', 'setTimeout', 'performance', 'queueMicrotask', 'process', 'console', 'Promise']) expect(BUILT_INS).not.toContain(name);
});

test('jest.config.js sends the tests, the library and the packages the suite spends most time in through it', () => {
  const config = require('../../jest.config.js') as { transform: Record<string, [string, unknown]>; transformIgnorePatterns: string[] };
  const root = path.join(__dirname, '..', '..');
  const transformOf = (file: string) => {
    const ignored = config.transformIgnorePatterns.some((p) => new RegExp(p).test(file));
    const entry = Object.entries(config.transform).find(([pattern]) => new RegExp(pattern).test(file));
    return ignored || !entry ? undefined : path.basename(entry[1][0]);
  };
  for (const file of ['test/setup.ts', 'lib/job/processing-job.ts', 'node_modules/aws-cdk-lib/core/lib/stack.js', 'node_modules/constructs/lib/construct.js', 'node_modules/jsonata/jsonata.js']) {
    expect([file, transformOf(path.join(root, file))]).toEqual([file, 'jest-builtins-transform.js']);
  }
  // The AWS SDK and the rest of node_modules run as they are (the CLI's tests mock the SDK's clients).
  expect(transformOf(path.join(root, 'node_modules/@aws-sdk/client-sagemaker/dist-cjs/index.js'))).toBeUndefined();
});
