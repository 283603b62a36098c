import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The package's entry (scripts/library-loader.js, dist/lib/index.js): it runs the bundle beside it
 * with V8's code cache in a file next to it. Each case runs Node.js processes on an entry written
 * by the build's own writeEntry, over a small bundle of the same shape (exports as getters).
 */
const { writeEntry } = require('../../scripts/bundle-library') as { writeEntry(dir: string, text: string, exportNames: string[]): void };

const bundleText = (word: string) => [
  '"use strict";',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  `function greeting() { return "${word}"; }`,
  'function fail() { throw new Error("from the bundle"); }',
  'Object.defineProperty(exports, "greet", { enumerable: true, get: function () { return greeting; } });',
  'Object.defineProperty(exports, "fail", { enumerable: true, get: function () { return fail; } });',
  'Object.defineProperty(exports, "where", { enumerable: true, get: function () { return function () { return [__dirname, require("path").basename(__filename)]; }; } });',
  'exports.makeList = function () { return [1, 2]; };',
  '',
].join('\n');
const EXPORTS = ['greet', 'fail', 'where', 'makeList'];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'library-loader-'));
  writeEntry(dir, bundleText('one'), EXPORTS);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `expression` over the entry (`lib`) in a new Node.js process and returns its JSON value. */
function run(expression: string, env: Record<string, string | undefined> = {}): any {
  const script = `const lib = require(${JSON.stringify(path.join(dir, 'index.js'))}); console.log(JSON.stringify(${expression}));`;
  const childEnv = { ...process.env, NODE_DISABLE_COMPILE_CACHE: undefined, NODE_COMPILE_CACHE: undefined, ...env };
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: childEnv as NodeJS.ProcessEnv }));
}
const cacheFiles = () => fs.readdirSync(dir).filter((f) => f.endsWith('.cache'));
const cacheName = `index.bundle.${process.arch}-v8-${process.versions.v8}.cache`;
/** The cache file's header: its first line, after the format's name. */
function header(): { hash: string; exports: string[] } {
  const text = fs.readFileSync(path.join(dir, cacheName), 'latin1');
  return JSON.parse(text.slice('cdk-sagemaker-processing code cache 1 '.length, text.indexOf('\n')));
}
/** What tells a rewritten file from the same file: a rename gives it another inode. */
const identity = (file: string) => { const s = fs.statSync(path.join(dir, file)); return `${s.ino}:${s.mtimeMs}`; };
const sha1 = (text: string) => crypto.createHash('sha1').update(text).digest('hex');

test('the first process writes the cache, named for the CPU and V8, for the bundle\'s text and the exports it read; the next uses it as it is', () => {
  expect(run('lib.greet()')).toBe('one');
  expect(cacheFiles()).toEqual([cacheName]);
  expect(header()).toEqual({ hash: sha1(bundleText('one')), exports: ['greet'] });
  const written = identity(cacheName);
  expect(fs.statSync(path.join(dir, cacheName)).size).toBeGreaterThan(fs.readFileSync(path.join(dir, cacheName), 'latin1').indexOf('\n') + 100);

  expect(run('lib.greet()')).toBe('one');
  expect(identity(cacheName)).toBe(written);
});

test('a process that reads an export the cache\'s writers did not rewrites it with both', () => {
  run('lib.greet()');
  const first = identity(cacheName);
  expect(run('lib.where()')).toEqual([dir, 'index.bundle.js']);
  expect(identity(cacheName)).not.toBe(first);
  expect(header().exports).toEqual(['greet', 'where']);
  const second = identity(cacheName);
  expect(run('[lib.greet(), lib.where()[1]]')).toEqual(['one', 'index.bundle.js']);
  expect(identity(cacheName)).toBe(second);
});

test('a bundle changed to a text of the same length runs as changed, not from the cache of the old text (V8 compares only lengths)', () => {
  run('lib.greet()');
  writeEntry(dir, bundleText('two'), EXPORTS);
  expect(run('lib.greet()')).toBe('two');
  expect(header().hash).toBe(sha1(bundleText('two')));
});

test('a damaged cache file is replaced, and the bundle runs as without one', () => {
  run('lib.greet()');
  const file = path.join(dir, cacheName);
  const text = fs.readFileSync(file);
  const headerEnd = text.indexOf(10) + 1;
  for (const damaged of [Buffer.concat([text.subarray(0, headerEnd), Buffer.alloc(64, 7)]), text.subarray(0, 20), Buffer.from('not a cache\n')]) {
    fs.writeFileSync(file, damaged);
    expect(run('lib.greet()')).toBe('one');
    expect(header().hash).toBe(sha1(bundleText('one')));
    expect(fs.statSync(file).size).toBe(text.length);
  }
});

test('where the cache cannot be written, the bundle runs and nothing is left behind', () => {
  // A folder where the file would go: the rename fails (a read-only installation fails the write before it).
  fs.mkdirSync(path.join(dir, cacheName, 'taken'), { recursive: true });
  expect(run('lib.greet()')).toBe('one');
  expect(fs.readdirSync(dir).sort()).toEqual([cacheName, 'index.bundle.js', 'index.js'].sort());
  expect(fs.readdirSync(path.join(dir, cacheName))).toEqual(['taken']);
});

test('NODE_DISABLE_COMPILE_CACHE turns the cache off', () => {
  expect(run('lib.greet()', { NODE_DISABLE_COMPILE_CACHE: '1' })).toBe('one');
  expect(cacheFiles()).toEqual([]);
});

test('errors from the bundle name its file and line', () => {
  const stack: string = run('(() => { try { lib.fail(); } catch (e) { return e.stack; } })()');
  expect(stack).toContain(`${path.join(dir, 'index.bundle.js')}:4:`);
  run('typeof lib.fail');
  const cached: string = run('(() => { try { lib.fail(); } catch (e) { return e.stack; } })()');
  expect(cached.split('\n')[1]).toBe(stack.split('\n')[1]);
});

test('in a module sandbox (this test\'s, jest\'s) the bundle runs in its requirer\'s context', () => {
  const lib = require(path.join(dir, 'index.js'));
  // The bundle's array is this context's: run in Node.js's main context, it would be another Array's.
  expect(lib.makeList()).toBeInstanceOf(Array);
  expect(lib.greet()).toBe('one');
  expect(Object.keys(lib)).toEqual(EXPORTS);
});

test('an ES module import names every export', () => {
  const script = `import * as lib from ${JSON.stringify(require('url').pathToFileURL(path.join(dir, 'index.js')).href)}; console.log(JSON.stringify(Object.keys(lib).filter((k) => k !== 'default' && k !== 'module.exports' && k !== '__esModule')));`;
  const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  expect(names.sort()).toEqual([...EXPORTS].sort());
});
