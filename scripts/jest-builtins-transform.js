/**
 * Jest transform (jest.config.js) that gives each module local bindings of the ECMAScript built-ins.
 *
 * Jest runs every module of a test file inside a `vm` context, and Node.js answers each read of a
 * global name there (`Object`, `Array`, `JSON`, …) through the context's property interceptor, a
 * call into C++ that V8 cannot cache. Code that reads built-ins in its inner loops pays for it on
 * every read: on Node.js 20, the jsonata package evaluating the runner's `Run` arguments took 14 ms in
 * a test against 3.5 ms in plain Node.js, and a synth of 80 standalone jobs 1.3 times as long. A
 * module transformed here reads each built-in once, when it loads, into a variable of its own
 * (`var Object = globalThis.Object, …`): the same values, the context's own built-ins, so the
 * module behaves as before (test/util/builtins-transform.test.ts).
 *
 * - The bindings go after the module's `"use strict"` (a strict module stays strict) and on its
 *   first line, so every other line keeps its number (stack traces, source maps).
 * - A name the module declares itself (`function Map`, `class Set`, `const JSON`) is left out of its
 *   bindings: its own declaration stays what the name means there.
 * - Date, the timers, `performance`, `queueMicrotask`, `process`, `console` and `Promise` stay global
 *   reads: jest's fake timers and spies replace some of them on the global object, and a module must
 *   see the replacement.
 *
 * TypeScript goes through @swc/jest first (the options given in jest.config.js); JavaScript is
 * taken as it is. jest.config.js applies it to the tests and the library (TypeScript) and to the
 * packages whose code the suite spends most time in (aws-cdk-lib, constructs, jsonata).
 */
const crypto = require('crypto');
const fs = require('fs');

/** The built-ins a module reads through a binding of its own. */
const BUILT_INS = [
  'Object', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect', 'RegExp',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'Error', 'TypeError', 'RangeError', 'SyntaxError',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
];

/** What changes the output besides the source: this file. */
const OWN_KEY = crypto.createHash('sha256').update(fs.readFileSync(module.filename)).digest('hex');

/**
 * The offset after a module's directive prologue: a shebang line, blank space, comments and a
 * `"use strict"` statement. Other string-literal statements end it (CommonJS modules have no
 * other directive that changes their meaning).
 */
function prologueEnd(code) {
  const token = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(['"])use strict\1[ \t]*;?/y;
  let at = 0;
  if (code.startsWith('#!')) {
    const lineEnd = code.indexOf('\n');
    at = lineEnd < 0 ? code.length : lineEnd + 1;
  }
  let end = at;
  for (;;) {
    token.lastIndex = at;
    const m = token.exec(code);
    if (m === null) return end;
    at = token.lastIndex;
    if (m[1] !== undefined) end = at;
  }
}

/** A declaration of each built-in's name, anywhere in a module. */
const DECLARATIONS = BUILT_INS.map((name) => [name, new RegExp(`\\b(?:(?:var|let|const|class)\\s+|function\\s*\\*?\\s*)${name}\\b`)]);

/** The names of BUILT_INS that `code` declares somewhere (it then keeps its own). */
function declaredBuiltIns(code) {
  return new Set(DECLARATIONS.filter(([, declaration]) => declaration.test(code)).map(([name]) => name));
}

/** `code` with the bindings of the built-ins it does not declare, inserted after its prologue on the same line. */
function withBuiltIns(code) {
  const declared = declaredBuiltIns(code);
  const names = BUILT_INS.filter((name) => !declared.has(name));
  if (names.length === 0) return code;
  const at = prologueEnd(code);
  // The leading ';' ends a directive written without one ("use strict" then our statement on its line).
  return `${code.slice(0, at)};var ${names.map((name) => `${name} = globalThis.${name}`).join(', ')};${code.slice(at)}`;
}

/** The transformer jest makes with the options jest.config.js gives it: `{ swc }`, @swc/jest's options for TypeScript. */
function createTransformer(options = {}) {
  const swc = require('@swc/jest').createTransformer(options.swc);
  const isTypeScript = (file) => /\.tsx?$/.test(file);
  return {
    getCacheKey(source, file, transformOptions) {
      const inner = isTypeScript(file) ? swc.getCacheKey(source, file, transformOptions) : crypto.createHash('sha256').update(source).digest('hex');
      return crypto.createHash('sha256').update(`${OWN_KEY}\0${file}\0${inner}`).digest('hex');
    },
    process(source, file, transformOptions) {
      if (!isTypeScript(file)) return { code: withBuiltIns(source) };
      const out = swc.process(source, file, transformOptions);
      return { ...out, code: withBuiltIns(out.code) };
    },
  };
}

module.exports = { createTransformer, withBuiltIns, BUILT_INS };
