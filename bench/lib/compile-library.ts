/**
 * The library as its users load it: compiled JavaScript (what `npm install` puts in node_modules),
 * not TypeScript sources transpiled by the app's loader at every synth. The bench's app code (the
 * stacks in bench/baseline and bench/library) runs through tsx on both sides, like a user's app;
 * only lib/ is compiled, once per bench, with SWC (the compiler the tests run lib/ with) into a
 * directory the library app loads through BENCH_LIBRARY_DIR (bench/library/library-stack.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface CompiledLibrary {
  /** The directory holding the compiled lib/ (`<dir>/index.js`). */
  readonly dir: string;
  /** Source files compiled (TypeScript) and copied (data files such as JSON). */
  readonly compiled: number;
  readonly copied: number;
}

/** Compiles every .ts file under `sourceDir` to CommonJS in `outDir` (same layout), and copies the other files. */
export function compileLibrary(sourceDir: string, outDir: string): CompiledLibrary {
  const swc = require('@swc/core') as typeof import('@swc/core');
  let compiled = 0;
  let copied = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name);
      const rel = path.relative(sourceDir, from);
      if (entry.isDirectory()) {
        walk(from);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const to = path.join(outDir, rel.replace(/\.ts$/, '.js'));
        fs.mkdirSync(path.dirname(to), { recursive: true });
        const { code } = swc.transformFileSync(from, {
          jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: false,
        });
        fs.writeFileSync(to, code);
        compiled++;
      } else {
        const to = path.join(outDir, rel);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(from, to);
        copied++;
      }
    }
  };
  walk(sourceDir);
  return { dir: outDir, compiled, copied };
}
