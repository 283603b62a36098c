import * as fs from 'fs';
import * as path from 'path';
import { removeWorkDir } from '../../../cli/src/local/work-dir';
import { requireSandboxTools, synthProbeJob, tempDir } from './apps';
import { runCli } from './io';

/**
 * What a local run collects from an output folder after the script: every file under its own
 * path (nested folders, spaces, non-ASCII names); a symbolic link is named and not copied, as
 * SageMaker does not follow symlinks when it uploads output data (SageMaker Developer Guide,
 * "How Amazon SageMaker Processing Configures Input and Output For Your Processing Container").
 */
const WRITE_OUTPUTS = [
  'import os',
  'o = "/opt/ml/processing/output/report"',
  'os.makedirs(o + "/nested/deep", exist_ok=True)',
  'open(o + "/nested/deep/a b ü.csv", "w").write("xy")',
  'open(o + "/summary.csv", "w").write("s")',
  'os.symlink(o + "/summary.csv", o + "/latest.csv")',
  'os.symlink("summary.csv", o + "/nested/relative.csv")',
  '',
].join('\n');

test('an output\'s files arrive under their own paths; its symbolic links are named and not copied', async () => {
  requireSandboxTools();
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, WRITE_OUTPUTS);
  fs.mkdirSync(path.join(dir, 'raw'));
  const out = path.join(dir, 'out');
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'Probe', '--engine', 'bwrap', '--input', `raw=${path.join(dir, 'raw')}`, '--output-dir', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain([
    `  output report: 2 files in ${path.join(out, 'report')}`,
    '    nested/deep/a b ü.csv (2 bytes)',
    '    summary.csv (1 bytes)',
    '    latest.csv: a symbolic link, not copied (SageMaker does not follow symlinks when it uploads an output)',
    '    nested/relative.csv: a symbolic link, not copied (SageMaker does not follow symlinks when it uploads an output)',
    '',
  ].join('\n'));
  expect(fs.readFileSync(path.join(out, 'report', 'nested', 'deep', 'a b ü.csv'), 'utf8')).toBe('xy');
  expect(fs.existsSync(path.join(out, 'report', 'latest.csv'))).toBe(false);
});

test('an output folder the script removed: the run ends with the script\'s exit code and says so', async () => {
  requireSandboxTools();
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, 'import shutil\nshutil.rmtree("/opt/ml/processing/output/report")\n');
  fs.mkdirSync(path.join(dir, 'raw'));
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'Probe', '--engine', 'bwrap', '--input', `raw=${path.join(dir, 'raw')}`, '--output-dir', path.join(dir, 'out')]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/Probe\/Probe: exit code 0\n {2}output report: the script removed \/opt\/ml\/processing\/output\/report: nothing to copy or upload\n$/);
});

test('a temporary folder this user may not delete (root-owned files Docker left) is named, not thrown over the run\'s result', () => {
  const progress: string[] = [];
  const denied = () => {
    throw Object.assign(new Error("EACCES: permission denied, unlink '/tmp/x/ml/processing/input/code/__pycache__/a.pyc'"), { code: 'EACCES' });
  };
  expect(() => removeWorkDir('/tmp/x', (l) => progress.push(l), denied)).not.toThrow();
  expect(progress).toEqual(['  note: the temporary folder /tmp/x was not removed (EACCES: the container wrote files as another user, root with Docker); remove it with sudo rm -rf /tmp/x']);
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'f'), '');
  removeWorkDir(dir, (l) => progress.push(l));
  expect(fs.existsSync(dir)).toBe(false);
  expect(progress).toHaveLength(1);
});
