import * as fs from 'fs';
import { execFileSync } from 'child_process';
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
  // index.js is bundled as the package's is: index.bundle.js requires no module of the project, and keeps the peers' requires.
  const index = fs.readFileSync(path.join(tmp, 'out', 'index.bundle.js'), 'utf8');
  expect(index).not.toMatch(/require\("\.\/sub\/twice"\)/);
  expect(index).toContain('n * 2');
});

test('the bundle leaves aws-cdk-lib and constructs to the app (one copy of each, shared with the app)', () => {
  // Required, not imported: the project is outside the repository, where tsc finds no types of the peers.
  const tsconfig = project("declare const require: (id: string) => any;\nconst { Stack } = require('aws-cdk-lib');\nconst { Construct } = require('constructs');\nexport const isStack = (c: unknown) => c instanceof Construct && Stack.isStack(c);\n");
  const out = compileLibrary(tsconfig, path.join(tmp, 'peers'));
  const index = fs.readFileSync(path.join(out.dir, 'index.bundle.js'), 'utf8');
  expect([...index.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort()).toEqual(['aws-cdk-lib', 'constructs']);
});

test('an index that only re-exports is bundled with getters: a module runs when one of its exports is first read', () => {
  const src = path.join(tmp, 'lazy', 'src');
  fs.mkdirSync(src, { recursive: true });
  // Each module counts its runs in a global; `b` also requires a module of the app's dependencies.
  fs.writeFileSync(path.join(src, 'a.ts'), 'declare const globalThis: any;\nglobalThis.runs = [...(globalThis.runs ?? []), "a"];\nexport class Alpha {}\nexport function alpha(): string { return "a"; }\nexport enum Letter { A = "a" }\nexport interface OnlyAType { readonly x: string }\n');
  fs.writeFileSync(path.join(src, 'b.ts'), 'declare const globalThis: any;\ndeclare const require: (id: string) => any;\nglobalThis.runs = [...(globalThis.runs ?? []), "b"];\nexport const beta = require("constructs").Construct;\nexport const alphaAgain = 1;\n');
  fs.writeFileSync(path.join(src, 'index.ts'), "export * from './a';\nexport { beta } from './b';\nexport { OnlyAType as Renamed } from './a';\n");
  const tsconfig = path.join(tmp, 'lazy', 'tsconfig.json');
  fs.writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', strict: true, types: [], rootDir: 'src', outDir: 'dist' }, include: ['src/**/*.ts'] }));
  const out = compileLibrary(tsconfig, path.join(tmp, 'lazy-out'));
  const index = path.join(out.dir, 'index.js');
  // A fresh process: what loads when an app requires the bundle and reads one export.
  const probe = (read: string) => JSON.parse(execFileSync(process.execPath, ['-e', `
    const lib = require(${JSON.stringify(index)});
    const before = globalThis.runs ?? [];
    const value = ${read};
    console.log(JSON.stringify({ before, after: globalThis.runs ?? [], keys: Object.keys(lib).sort(), type: typeof value, value: typeof value === 'function' ? 'a function' : value, constructs: Object.keys(require.cache).some((f) => f.includes('/constructs/')) }));
  `], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(__dirname, '..', '..', 'node_modules') } }));
  expect(probe('lib.alpha()')).toEqual({ before: [], after: ['a'], keys: ['Alpha', 'Letter', 'alpha', 'beta'], type: 'string', value: 'a', constructs: false });
  expect(probe('lib.Letter.A')).toMatchObject({ after: ['a'], value: 'a' });
  expect(probe('lib.beta')).toEqual({ before: [], after: ['b'], keys: ['Alpha', 'Letter', 'alpha', 'beta'], type: 'function', value: 'a function', constructs: true });
  // A module runs once however often its exports are read, and its classes keep their names.
  expect(probe('lib.Alpha === lib.Alpha && lib.Alpha.name === "Alpha" && new lib.Alpha() instanceof lib.Alpha && lib.alpha === lib.alpha')).toMatchObject({ after: ['a'], value: true });
});
