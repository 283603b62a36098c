/**
 * The library as its users load it: lib/ compiled to JavaScript by the TypeScript compiler with the
 * package's own tsconfig.json (the options jsii compiles the published package with: ES2022,
 * CommonJS), bundled with the package's entry as `npm run build` does (scripts/bundle-library.js), as
 * `npm install` puts it in node_modules — not TypeScript sources transpiled by the
 * app's loader or by ts-jest at every synth. The bench's app code (the stacks in bench/baseline and
 * bench/library) runs through tsx on every side, like a user's app; only lib/ is compiled, once per
 * bench, into a directory the library apps load through BENCH_LIBRARY_DIR.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
const { bundleLibrary } = require('../../scripts/bundle-library') as { bundleLibrary(dir: string): { entry: string; bundle: string; lazy: boolean } };

export interface CompiledLibrary {
  /** The directory holding the compiled library (`<dir>/index.js`). */
  readonly dir: string;
  /** JavaScript files written. */
  readonly files: number;
}

/**
 * Compiles the project of `tsconfigFile` into `outDir` with `tsc` (type-checked; no declarations),
 * and copies the non-TypeScript files of its root directory that tsc does not emit (data files read
 * at run time).
 */
export function compileLibrary(tsconfigFile: string, outDir: string): CompiledLibrary {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', tsconfigFile, '--outDir', outDir, '--declaration', 'false', '--incremental', 'false'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc -p ${tsconfigFile} failed:\n${run.stdout}${run.stderr}`);
  const rootDir = path.resolve(path.dirname(tsconfigFile), readRootDir(tsconfigFile));
  let files = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name);
      const to = path.join(outDir, path.relative(rootDir, from));
      if (entry.isDirectory()) {
        walk(from);
      } else if (entry.name.endsWith('.ts')) {
        if (fs.existsSync(to.replace(/\.ts$/, '.js'))) files++;
      } else if (!fs.existsSync(to)) {
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(from, to);
      }
    }
  };
  walk(rootDir);
  // As `npm run build` ships it: index.bundle.js holds the library's modules, index.js runs it (with its code cache).
  bundleLibrary(outDir);
  return { dir: outDir, files };
}

/** The `compilerOptions.rootDir` of a tsconfig file (JSON without comments, as this repository's). */
function readRootDir(tsconfigFile: string): string {
  const config = JSON.parse(fs.readFileSync(tsconfigFile, 'utf8'));
  const rootDir = config.compilerOptions?.rootDir;
  if (typeof rootDir !== 'string') throw new Error(`${tsconfigFile} has no compilerOptions.rootDir: the compiled files' layout is unknown`);
  return rootDir;
}
