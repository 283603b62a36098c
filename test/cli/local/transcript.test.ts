import * as fs from 'fs';
import * as path from 'path';
import { docFiles, REPO_ROOT } from '../../util/doc-files';
import { DEBIAN_PATH, requireSandboxTools, synthDataLake, tempDir, writeCustomers } from './apps';
import { runCli } from './io';

/**
 * The "Run it locally" transcript (docs/local-run.md today; wherever the text moves, in exactly one file) is the command's
 * real output: the example app's scikit-learn job run without Docker, from a folder holding
 * `cdk.out` (`npx cdk synth`) and `sample/customers.csv`. Only the random part of the run id is
 * fixed. `UPDATE_TRANSCRIPTS=1 npx jest test/cli/local/transcript.test.ts` rewrites it.
 */
const BLOCK = /(<!-- transcript: local-run -->\n```console\n)([\s\S]*?)(```)/;

let dir: string;
let cwd: string;
let savedPath: string | undefined;
beforeAll(() => {
  requireSandboxTools();
  dir = tempDir();
  synthDataLake(dir);
  writeCustomers(path.join(dir, 'sample'));
  cwd = process.cwd();
  process.chdir(dir);
  // A Debian machine's PATH: python3 is the system's, with Debian's scikit-learn.
  savedPath = process.env.PATH;
  process.env.PATH = DEBIAN_PATH;
});
afterAll(() => {
  process.chdir(cwd);
  process.env.PATH = savedPath;
});

test('the local-run transcript in the docs is the command\'s output', async () => {
  const args = ['local', 'SplitIncoming', '--input', 'raw=./sample'];
  const run = await runCli(args, new Date('2026-11-24T09:00:00Z'));
  const text = [`$ npx cdk-sagemaker-processing ${args.join(' ')}`, run.stdout + run.stderr + '$ echo $?', String(run.code)].join('\n')
    .replace(/(SplitIncoming-20261124-090000-)[0-9a-f]{8}/g, '$15e6f7a8b');
  const found = docFiles().map((f) => path.join(REPO_ROOT, f)).filter((f) => BLOCK.test(fs.readFileSync(f, 'utf8')));
  expect(found.map((f) => path.relative(REPO_ROOT, f))).toHaveLength(1);
  const file = found[0];
  const doc = fs.readFileSync(file, 'utf8');
  if (process.env.UPDATE_TRANSCRIPTS) fs.writeFileSync(file, doc.replace(BLOCK, (_m, open, _old, close) => `${open}${text}\n${close}`));
  else expect(BLOCK.exec(doc)![2]).toBe(`${text}\n`);
  expect(run.code).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'local-runs', fs.readdirSync(path.join(dir, 'local-runs'))[0]))).toEqual(['test', 'train']);
});
