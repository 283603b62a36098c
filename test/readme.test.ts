import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Every ```ts block of README.md (and of the drafts in docs/parts/, which are merged into it) is
 * a runnable program: it is written to test/readme-snippets/ (gitignored) with the package name
 * pointed at lib/, type-checked with tsc, and run.
 */
const root = path.join(__dirname, '..');
const outDir = path.join(__dirname, 'readme-snippets');
const partsDir = path.join(root, 'docs', 'parts');
const sources = ['README.md', ...(fs.existsSync(partsDir) ? fs.readdirSync(partsDir).filter((f) => f.endsWith('.md')).sort().map((f) => path.join('docs', 'parts', f)) : [])];
const readme = sources.map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

const files = snippets.map((code, i) => {
  const file = path.join(outDir, `snippet-${String(i + 1).padStart(2, '0')}.ts`);
  return {
    file,
    code: code.replace(/from 'cdk-sagemaker-processing'/g, "from '../../lib'")
      // The run command's API (package path cdk-sagemaker-processing/cli, see cli/package.json) lives in src/cli.
      .replace(/from 'cdk-sagemaker-processing\/cli'/g, "from '../../src/cli'"),
  };
});

beforeAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const { file, code } of files) fs.writeFileSync(file, code);
  fs.writeFileSync(path.join(outDir, 'tsconfig.json'), JSON.stringify({
    extends: '../../tsconfig.dev.json',
    compilerOptions: { noEmit: true, noUnusedLocals: false, rootDir: '../..' },
    include: ['*.ts'],
  }));
});

test('README has snippets', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(2);
});

test('every README snippet type-checks', () => {
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  let output = '';
  try {
    execFileSync(tsc, ['-p', path.join(outDir, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (e) {
    output = (e as { stdout: string }).stdout;
  }
  expect(output).toBe('');
});

test.each(files.map((f) => [path.basename(f.file), f.file]))('README snippet %s runs', (_name, file) => {
  jest.isolateModules(() => {
    require(file);
  });
});
