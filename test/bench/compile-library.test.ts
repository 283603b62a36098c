import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileLibrary } from '../../bench/lib/compile-library';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compile-test-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A small project: two TypeScript files, a JSON file one imports and a data file read at run time. */
function project(source: string): string {
  const src = path.join(tmp, 'project', 'src');
  fs.mkdirSync(path.join(src, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(src, 'index.ts'), source);
  fs.writeFileSync(path.join(src, 'sub', 'twice.ts'), 'export function twice(n: number): number { return n * 2; }\n');
  fs.writeFileSync(path.join(src, 'sub', 'data.json'), '{ "half": 21 }');
  fs.writeFileSync(path.join(src, 'sub', 'table.txt'), 'read at run time');
  const tsconfig = path.join(tmp, 'project', 'tsconfig.json');
  fs.writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'commonjs', strict: true, resolveJsonModule: true, esModuleInterop: true, types: [], rootDir: 'src', outDir: 'dist', declaration: true },
    include: ['src/**/*.ts'],
  }));
  return tsconfig;
}

test('compiles a project with tsc into the same layout, with the data files beside the JavaScript', () => {
  const tsconfig = project("import data from './sub/data.json';\nimport { twice } from './sub/twice';\nexport const answer: number = twice(data.half);\n");
  const out = compileLibrary(tsconfig, path.join(tmp, 'out'));
  expect(out).toEqual({ dir: path.join(tmp, 'out'), files: 2 });
  expect(require(path.join(tmp, 'out', 'index.js')).answer).toBe(42);
  expect(fs.readFileSync(path.join(tmp, 'out', 'sub', 'table.txt'), 'utf8')).toBe('read at run time');
  expect(fs.existsSync(path.join(tmp, 'out', 'index.d.ts'))).toBe(false);
  // index.js is bundled as the package's is: it requires no module of the project, and keeps the peers' requires.
  const index = fs.readFileSync(path.join(tmp, 'out', 'index.js'), 'utf8');
  expect(index).not.toMatch(/require\("\.\/sub\/twice"\)/);
  expect(index).toContain('n * 2');
});

test('the bundle leaves aws-cdk-lib and constructs to the app (one copy of each, shared with the app)', () => {
  // Required, not imported: the project is outside the repository, where tsc finds no types of the peers.
  const tsconfig = project("declare const require: (id: string) => any;\nconst { Stack } = require('aws-cdk-lib');\nconst { Construct } = require('constructs');\nexport const isStack = (c: unknown) => c instanceof Construct && Stack.isStack(c);\n");
  const out = compileLibrary(tsconfig, path.join(tmp, 'peers'));
  const index = fs.readFileSync(path.join(out.dir, 'index.js'), 'utf8');
  expect([...index.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort()).toEqual(['aws-cdk-lib', 'constructs']);
});
