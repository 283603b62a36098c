import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { docFiles, REPO_ROOT } from './util/doc-files';

/**
 * Every ```ts block of README.md and of the guides in docs/ (docs/parts/ included) is a runnable
 * program: it is written to test/readme-snippets/ (gitignored) with the package names pointed at
 * the sources (cdk-sagemaker-processing at lib/, cdk-sagemaker-processing-cli at cli/src),
 * type-checked with tsc, and run.
 */
const outDir = path.join(__dirname, 'readme-snippets');

const files = docFiles().flatMap((doc) => {
  const text = fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8');
  const slug = doc.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    doc,
    file: path.join(outDir, `${slug}-${String(i + 1).padStart(2, '0')}.ts`),
    code: m[1]
      .replace(/from 'cdk-sagemaker-processing-cli'/g, "from '../../cli/src'")
      .replace(/from 'cdk-sagemaker-processing'/g, "from '../../lib'"),
  }));
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

test('the README and the guides have snippets', () => {
  expect(files.filter((f) => f.doc === 'README.md').length).toBeGreaterThanOrEqual(1);
  expect(new Set(files.map((f) => f.doc)).size).toBeGreaterThanOrEqual(8);
});

test('every snippet of the README and the guides type-checks', () => {
  const tsc = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  let output = '';
  try {
    execFileSync(tsc, ['-p', path.join(outDir, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (e) {
    output = (e as { stdout: string }).stdout;
  }
  expect(output).toBe('');
});

test.each(files.map((f) => [path.basename(f.file), f.file]))('snippet %s runs', (_name, file) => {
  jest.isolateModules(() => {
    require(file);
  });
});
