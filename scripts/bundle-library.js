#!/usr/bin/env node
/**
 * `node scripts/bundle-library.js <dir>`: writes `<dir>/index.bundle.js`, one file holding every
 * module of the library the compiled `<dir>/index.js` requires (esbuild), and replaces index.js by
 * the package's entry (scripts/library-loader.js), which runs the bundle with V8's code cache where
 * it applies. An app loads one module of the library instead of a hundred: each `require` is a
 * file lookup, a read and a compilation, and under a loader such as tsx or ts-node (how `cdk synth`
 * runs TypeScript apps) a round trip to the loader as well.
 * aws-cdk-lib and constructs stay the app's (peer dependencies: one copy for the library and the
 * app), and so does `typescript`, which only the TypeScript sources need. The other compiled
 * files stay where they are, but the package ships only their declarations (its types) and
 * `lib/api/run-name.js`, which the deploy-time run's handler reads as a file (package.json
 * `files`; scripts/check-package.js).
 *
 * The bundle's exports are getters, as aws-cdk-lib's are: a module of the library runs the first
 * time one of its exports is read, so an app pays for what it uses (an app with a Step Functions
 * task only does not load the runner, the fleet or the deploy-time run, nor the aws-cdk-lib
 * modules they require). Which module holds which export is read from the compiled index.js by
 * requiring it and its modules in a child process; the bundle is checked to export the same
 * names, as the same values.
 *
 * Run by `npm run build` after jsii, and by the bench on the library it compiles (what users load).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

/**
 * Where each export of `<dir>/index.js` comes from: `[name, module, name in module]`, `module` as
 * index.js requires it (`./job/processing-job`). index.js is what tsc and jsii write for `export *` and
 * `export { … } from` (the only statements lib/index.ts has): `__exportStar(require("./m"), exports)`
 * and `Object.defineProperty(exports, "N", { …, get: function () { return m_1.N; } })` after
 * `var m_1 = require("./m")`. Run in a child process, where aws-cdk-lib resolves from this
 * repository's node_modules wherever `dir` is; it fails unless the pairs give index.js's exports,
 * as the same values. `{ names }` alone when index.js has exports of its own (it is then bundled as it
 * is, its exports read when the app reads them).
 */
function exportSources(dir) {
  const script = `(() => {
    const path = require('path');
    const dir = ${JSON.stringify(dir)};
    const text = require('fs').readFileSync(path.join(dir, 'index.js'), 'utf8');
    const variables = new Map([...text.matchAll(/(?:var|const|let) (\\w+) = require\\("(\\.[^"]+)"\\);/g)].map((m) => [m[1], m[2]]));
    const sources = [];
    const named = new Set();
    for (const m of text.matchAll(/__exportStar\\(require\\("(\\.[^"]+)"\\), exports\\);|Object\\.defineProperty\\(exports, "(\\w+)", \\{ enumerable: true, get: function \\(\\) \\{ return (\\w+)\\.(\\w+); \\} \\}\\);/g)) {
      if (m[1] !== undefined) {
        for (const name of Object.keys(require(path.join(dir, m[1])))) if (name !== 'default' && !named.has(name)) { named.add(name); sources.push([name, m[1], name]); }
      } else {
        if (!variables.has(m[3])) throw new Error('index.js reads ' + m[3] + '.' + m[4] + ', which no require assigns');
        if (!named.has(m[2])) { named.add(m[2]); sources.push([m[2], variables.get(m[3]), m[4]]); }
      }
    }
    const index = require(path.join(dir, 'index.js'));
    const expected = Object.keys(index).sort();
    const got = sources.map(([name]) => name).sort();
    // An index.js with exports of its own (not the library's: lib/index.ts only re-exports) is bundled as it is.
    if (expected.some((name) => !got.includes(name))) { process.stdout.write(JSON.stringify({ names: expected })); return; }
    if (JSON.stringify(expected) !== JSON.stringify(got)) throw new Error('index.js exports ' + expected.join(',') + ' but its requires give ' + got.join(','));
    for (const [name, module, local] of sources) if (require(path.join(dir, module))[local] !== index[name]) throw new Error(name + ' of index.js is not ' + local + ' of ' + module);
    process.stdout.write(JSON.stringify({ names: expected, sources }));
  })();`;
  const nodePath = [path.join(ROOT, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_PATH: nodePath } });
  if (run.status !== 0) throw new Error(`reading the exports of ${path.join(dir, 'index.js')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * The text of an entry that exports `sources` (`[name, module, name in module]`) as getters, each
 * requiring its module when first read (esbuild bundles each `require` as a call that runs the
 * module once).
 */
function lazyEntry(sources) {
  const modules = [...new Set(sources.map(([, module]) => module))];
  const lines = ['"use strict";', 'Object.defineProperty(exports, "__esModule", { value: true });'];
  modules.forEach((module, i) => lines.push(`function m${i}() { return require(${JSON.stringify(module)}); }`));
  // One function defines the getters: Node.js's reader of CommonJS exports (cjs-module-lexer) takes a
  // literal `Object.defineProperty(exports, "X", { get … })` whose getter is not `return a.X` for an
  // unsafe getter and drops X from the named exports, even where `esmExportNames` names it.
  lines.push('function lazyExport(name, module, local) { Object.defineProperty(exports, name, { enumerable: true, get: function () { return module()[local]; } }); }');
  for (const [name, module, local] of sources) {
    lines.push(`lazyExport(${JSON.stringify(name)}, m${modules.indexOf(module)}, ${JSON.stringify(local)});`);
  }
  return `${lines.join('\n')}\n`;
}

/** How esbuild bundles the library (also used by test/run/bundled-package.test.ts, from the TypeScript sources). */
const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'typescript'],
  // Function and class names stay what the sources say (error messages and construct info read some).
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** The package's entry (scripts/library-loader.js): it runs the bundle, with V8's code cache where it applies. */
const LOADER = path.join(__dirname, 'library-loader.js');
/** The bundle's file name, beside the entry (the loader requires it by this name). */
const BUNDLE_FILE = 'index.bundle.js';

/**
 * Replaces `<dir>/index.js` by the package's entry (scripts/library-loader.js) and writes beside it
 * `index.bundle.js`, the bundle of index.js and the library modules it requires. When index.js only
 * re-exports (as lib/index.ts does), the bundle's exports are getters (`lazy`).
 */
function bundleLibrary(dir) {
  const entry = path.join(dir, 'index.js');
  const { names, sources } = exportSources(dir);
  const lazy = sources ? path.join(dir, `index.lazy-${process.pid}.js`) : undefined;
  if (lazy) fs.writeFileSync(lazy, lazyEntry(sources));
  let text;
  try {
    // Loaded here, not at the top: the bench and the build require this file; esbuild is a development dependency.
    [{ text }] = require('esbuild').buildSync({ ...BUNDLE_OPTIONS, entryPoints: [lazy ?? entry], outfile: path.join(dir, BUNDLE_FILE), write: false }).outputFiles;
  } finally {
    if (lazy) fs.rmSync(lazy, { force: true });
  }
  writeEntry(dir, text, names);
  return { entry, bundle: path.join(dir, BUNDLE_FILE), lazy: sources !== undefined };
}

/**
 * Writes the package's entry into `dir`: `text` (esbuild's bundle of the library) as
 * `index.bundle.js`, in ASCII, and the loader as `index.js`, ending with the statement that names
 * `exportNames` for an ES module's import. Each file is written to a name of its own first and then
 * renamed, so a process reading the folder meanwhile sees the old entry or the new one.
 */
function writeEntry(dir, text, exportNames) {
  const files = [[BUNDLE_FILE, asciiOnly(text)], ['index.js', fs.readFileSync(LOADER, 'utf8') + esmExportNames(exportNames)]];
  for (const [name, content] of files) {
    const partial = path.join(dir, `${name}.${process.pid}`);
    fs.writeFileSync(partial, content);
    fs.renameSync(partial, path.join(dir, name));
  }
}

/**
 * The statement that names the bundle's exports for an ES module's `import { ProcessingJob } from
 * 'cdk-sagemaker-processing'`. Node.js finds a CommonJS module's named exports by reading its text
 * (cjs-module-lexer), without running it: it sees `exports.X = …`, `module.exports = { X, … }` and
 * `Object.defineProperty(exports, "X", …)` only with a getter that returns `a.X`, not the bundle's
 * `m0().X` (which keeps the exports lazy; `lazyEntry`). Without this line an ES module import of the package
 * fails ("Named export 'ProcessingJob' not found"). `0 && …` never runs (esbuild writes the same
 * statement for a bundle of ES modules): CommonJS apps still read each export lazily; an ES module
 * import reads them all once, when Node.js builds its namespace.
 */
function esmExportNames(names) {
  return `// The export names, for Node.js's import of this module from an ES module (never runs).\n0 && (module.exports = { ${names.join(', ')} });\n`;
}

/**
 * `text` with each non-ASCII character written as a `\uXXXX` escape. esbuild's output is ASCII
 * (its default charset) except in the comments it keeps, and the library's comments have dashes and
 * ellipses: one such character makes Node hold the whole module text as a two-byte string, which
 * takes longer to read and to compile (measured on the 550 kB bundle, plain Node 20: require 17.7 ms
 * with the characters, 13.3 ms without, medians of 10). In a comment the escape is text; anywhere
 * else it would mean the same character.
 */
function asciiOnly(text) {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

module.exports = { bundleLibrary, writeEntry, asciiOnly, esmExportNames, BUNDLE_OPTIONS, BUNDLE_FILE };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/bundle-library.js <compiled library folder>');
    process.exit(2);
  }
  const { entry, bundle, lazy } = bundleLibrary(path.resolve(dir));
  // The package's index only re-exports: its bundle must export getters.
  if (!lazy) {
    console.error(`${entry}: index.js has exports of its own; the package's must only re-export (lib/index.ts)`);
    process.exit(1);
  }
  const kb = (file) => `${(fs.statSync(file).size / 1024).toFixed(0)} kB`;
  console.log(`${path.relative(process.cwd(), entry)}: ${kb(entry)}, the entry; ${path.relative(process.cwd(), bundle)}: ${kb(bundle)}, every module, exports read lazily`);
}
