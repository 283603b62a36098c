"use strict";
/*
 * The entry of cdk-sagemaker-processing (dist/lib/index.js), copied there by scripts/bundle-library.js,
 * which appends the line that names the exports for an ES module's import. The library's code is
 * the bundle beside this file, index.bundle.js; its exports are getters that run a module of the
 * library the first time an app reads one.
 *
 * Every `cdk synth` is a new process that compiles the parts of the bundle it runs. This entry keeps
 * V8's compiled code of the bundle (a code cache) in a file beside it and gives it back to V8 in the
 * next process, which then skips parsing the bundle and compiling the functions the first process ran
 * (about 95 ms of an 80-job synth on 2 cores; docs/performance.md).
 *
 * - The cache file sits in this package's own folder: only who can change the library's code can
 *   change what it holds. Its name carries the CPU architecture and V8's version; its first line
 *   the SHA-1 of the bundle's text and the exports the processes that wrote it read. V8 rejects data
 *   of other V8 flags; this entry does not offer it data for another text (V8 itself only compares
 *   the text's length).
 * - A process writes the file when it exits, when it had no cache it could use or read exports the
 *   cache's writers did not (so an app that starts using another part of the library updates it).
 *   It writes to a file of its own and renames it: processes running side by side never read half a
 *   file. Where the folder is read-only, nothing is written and every process compiles, as without
 *   a cache.
 * - Off where it is not wanted or cannot apply: with `NODE_DISABLE_COMPILE_CACHE` set (Node.js's
 *   own switch for its compile cache), and where this module does not run in Node.js's main context
 *   (a test runner's sandbox such as jest's: the bundle must run in its requirer's context). The
 *   bundle is then required as any module. Node.js's compile cache (`NODE_COMPILE_CACHE`, Node.js
 *   22.1 and later) does not see the bundle, which this file compiles itself: with both on, the
 *   bundle's compiled code is in this file's cache, aws-cdk-lib's in Node.js's.
 */
Object.defineProperty(exports, "__esModule", { value: true });
const { Buffer } = require("buffer");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const BUNDLE = path.join(__dirname, "index.bundle.js");
const CACHE = path.join(__dirname, `index.bundle.${process.arch}-v8-${process.versions.v8}.cache`);
const HEADER_START = "cdk-sagemaker-processing code cache 1 ";

/** Whether this process compiles the bundle with the code cache. */
function cacheApplies() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return false;
  return vm.runInThisContext("globalThis") === globalThis;
}

/** The cache file's header (`{ hash, exports }`) and V8's data, when the file exists and was written for `hash`. */
function readCache(hash) {
  let file;
  try {
    file = fs.readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const end = file.indexOf(10);
  if (end < 0 || file.toString("latin1", 0, HEADER_START.length) !== HEADER_START) return undefined;
  let header;
  try {
    header = JSON.parse(file.toString("utf8", HEADER_START.length, end));
  } catch {
    return undefined;
  }
  if (header === null || header.hash !== hash || !Array.isArray(header.exports)) return undefined;
  return { exports: new Set(header.exports), data: file.subarray(end + 1) };
}

/**
 * Runs the bundle. When this file compiled it: the `script` (to make the cache from at exit), the
 * bundle's `hash`, and the exports the cache it ran from was written for (`cached`; none without one).
 */
function loadBundle() {
  if (!cacheApplies()) return { exports: require("./index.bundle.js") };
  let text;
  try {
    text = fs.readFileSync(BUNDLE);
  } catch {
    // Not beside this file (an app bundled with its dependencies): as any module.
    return { exports: require("./index.bundle.js") };
  }
  const hash = crypto.createHash("sha1").update(text).digest("hex");
  const cache = readCache(hash);
  // Node.js's own wrapper of a CommonJS module, on the bundle's first line: line numbers stay the file's.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${text.toString("utf8")}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, cachedData: cache && cache.data });
  const bundleModule = { id: BUNDLE, filename: BUNDLE, exports: {}, loaded: false };
  // This module's require: the bundle is in the same folder, so it resolves aws-cdk-lib as the file would.
  script.runInThisContext().call(bundleModule.exports, bundleModule.exports, require, bundleModule, BUNDLE, __dirname);
  bundleModule.loaded = true;
  return { exports: bundleModule.exports, script, hash, cached: cache && !script.cachedDataRejected ? cache.exports : undefined };
}

/** Writes the cache file for `loaded` unless the one it used covers the exports this process read. */
function writeCache(loaded, read) {
  if (loaded.cached && [...read].every((name) => loaded.cached.has(name))) return;
  const exportsRead = [...new Set([...(loaded.cached || []), ...read])].sort();
  const partial = `${CACHE}.${process.pid}`;
  try {
    const header = `${HEADER_START}${JSON.stringify({ hash: loaded.hash, exports: exportsRead })}\n`;
    fs.writeFileSync(partial, Buffer.concat([Buffer.from(header, "utf8"), loaded.script.createCachedData()]));
    fs.renameSync(partial, CACHE);
  } catch {
    // A read-only installation: the next process compiles the bundle, as without a cache.
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

const loaded = loadBundle();
const read = new Set();
for (const name of Object.keys(loaded.exports)) {
  if (name === "__esModule") continue;
  Object.defineProperty(exports, name, {
    enumerable: true,
    get() {
      read.add(name);
      return loaded.exports[name];
    },
  });
}
if (loaded.script) process.once("exit", () => writeCache(loaded, read));
