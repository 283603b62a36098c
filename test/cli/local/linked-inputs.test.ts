import * as fs from 'fs';
import * as path from 'path';
import { requireSandboxTools, synthProbeJob, tempDir } from './apps';
import { runCli } from './io';

/**
 * A local input reaches the container as it would after an upload to S3, which holds no symbolic
 * links: the folder given may itself be a link, and links inside it are followed (a file outside
 * the folder included); a link to nothing is a one-line error naming it.
 */
const LIST = [
  'import os',
  'base = "/opt/ml/processing/input/raw"',
  'for root, dirs, files in os.walk(base):',
  '    dirs.sort()',
  '    for f in sorted(files):',
  '        p = os.path.join(root, f)',
  '        print(os.path.relpath(p, base), "link" if os.path.islink(p) else "file", open(p).read().strip())',
  '',
].join('\n');

let dir: string;
let cdkOut: string;
beforeAll(() => {
  requireSandboxTools();
  dir = tempDir();
  cdkOut = synthProbeJob(dir, LIST);
  const data = path.join(dir, 'data-2026');
  fs.mkdirSync(path.join(data, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(data, 'a.csv'), 'a');
  fs.writeFileSync(path.join(data, 'sub', 'b.csv'), 'b');
  fs.writeFileSync(path.join(dir, 'shared.csv'), 'shared');
  fs.symlinkSync('../shared.csv', path.join(data, 'shared.csv'));
  fs.symlinkSync(path.join(data, 'sub'), path.join(data, 'sub-link'));
  fs.symlinkSync('data-2026', path.join(dir, 'latest'));
});

test('a linked input folder and the links in it arrive as plain files and folders', async () => {
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'Probe', '--engine', 'bwrap', '--input', `raw=${path.join(dir, 'latest')}`, '--output-dir', path.join(dir, 'out')]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`  input raw: local ${path.join(dir, 'latest')} → /opt/ml/processing/input/raw: a.csv, shared.csv, sub-link/b.csv, … (4 files)\n`);
  expect(result.stdout).toContain('running: python3 /opt/ml/processing/input/code/probe.py --mode full\na.csv file a\nshared.csv file shared\nsub/b.csv file b\nsub-link/b.csv file b\n');
});

test('a link to nothing in an input folder is a one-line error naming it', async () => {
  const broken = path.join(dir, 'broken');
  fs.mkdirSync(broken);
  fs.symlinkSync('../no-such.csv', path.join(broken, 'gone.csv'));
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'Probe', '--engine', 'bwrap', '--input', `raw=${broken}`, '--output-dir', path.join(dir, 'out-broken')]);
  expect(result).toEqual({ code: 2, stdout: '', stderr: `error: input 'raw': ${path.join(broken, 'gone.csv')} is a symbolic link to nothing (../no-such.csv)\n` });
});
