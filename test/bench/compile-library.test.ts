import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CLI_DEFAULT_CONTEXT } from '../../bench/apps/child';
import { compileLibrary } from '../../bench/lib/compile-library';
import { LibraryJobsStack } from '../../bench/library/library-stack';

const ROOT = path.resolve(__dirname, '..', '..');
let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compile-test-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('compiles TypeScript to CommonJS in the same layout and copies data files', () => {
  const src = path.join(tmp, 'src');
  fs.mkdirSync(path.join(src, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(src, 'index.ts'), "import data from './sub/data.json';\nimport { twice } from './sub/twice';\nexport const answer: number = twice(data.half);\n");
  fs.writeFileSync(path.join(src, 'sub', 'twice.ts'), 'export function twice(n: number): number { return n * 2; }\n');
  fs.writeFileSync(path.join(src, 'sub', 'data.json'), '{ "half": 21 }');
  const out = compileLibrary(src, path.join(tmp, 'out'));
  expect(out).toEqual({ dir: path.join(tmp, 'out'), compiled: 2, copied: 1 });
  expect(require(path.join(tmp, 'out', 'index.js')).answer).toBe(42);
});

test('the library app synthesizes the same template from the compiled lib/ as from its sources', () => {
  const compiled = compileLibrary(path.join(ROOT, 'lib'), path.join(tmp, 'library-js'));
  // A marker proves that the app loaded the compiled lib/, not the sources.
  fs.appendFileSync(path.join(compiled.dir, 'index.js'), "\nprocess.stdout.write('COMPILED_LIB_LOADED\\n');\n");
  const outdir = path.join(tmp, 'cdk.out');
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'bench/apps/library.ts'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_N: '2', CDK_OUTDIR: outdir, CDK_VALIDATION: 'false', BENCH_LIBRARY_DIR: compiled.dir, NODE_PATH: path.join(ROOT, 'node_modules') },
    encoding: 'utf8',
  });
  expect(stdout).toContain('COMPILED_LIB_LOADED');
  const { templateFile } = JSON.parse(stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '))!.slice('BENCH_RESULT '.length));
  const fromCompiled = JSON.parse(fs.readFileSync(path.join(outdir, templateFile), 'utf8'));

  const app = new App({ context: CLI_DEFAULT_CONTEXT, outdir: path.join(tmp, 'in-process'), builtinCloudFormationValidation: false });
  const stack = new LibraryJobsStack(app, 'BenchLibrary', 2);
  app.synth();
  const fromSources = JSON.parse(fs.readFileSync(path.join(tmp, 'in-process', stack.templateFile), 'utf8'));
  expect(fromCompiled).toEqual(fromSources);
});
