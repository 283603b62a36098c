import * as fs from 'fs';
import * as path from 'path';
import { runLocally } from '../../../cli/src';
import { DEBIAN_PATH, requireSandboxTools, synthProbeJob, tempDir } from './apps';
import { runCli } from './io';

/**
 * `/opt/ml/output/message` (SageMaker Developer Guide, "Save and Access Metadata Information About
 * Your Processing Job"): the folder exists in the container, its first 1 KB is the run's
 * `ExitMessage` whatever the exit code, and a message that is not UTF-8 fails the job.
 */
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

beforeAll(() => requireSandboxTools());

async function runProbe(script: string, engine = 'bwrap') {
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, script);
  fs.mkdirSync(path.join(dir, 'raw'));
  const progress: string[] = [];
  const result = await runLocally({
    job: 'Probe', cdkOut, inputs: { raw: path.join(dir, 'raw') }, engine, searchPath: DEBIAN_PATH, outputDir: path.join(dir, 'out'),
    stdout: quiet, stderr: quiet, onProgress: (l) => progress.push(l),
  });
  return { result, progress, dir, cdkOut };
}

test.each(['bwrap', 'unshare'])('%s: a script writes /opt/ml/output/message and the run reports it as its exit message', async (engine) => {
  const { result, progress } = await runProbe('open("/opt/ml/output/message", "w").write("rows: 40\\nskipped: 2\\n")\n', engine);
  expect(result.exitCode).toBe(0);
  expect(result.exitMessage).toBe('rows: 40\nskipped: 2\n');
  expect(result.failureReason).toBeUndefined();
  expect(progress).toContain('  exit message: rows: 40\n    skipped: 2');
});

test('a failing script\'s message is reported too, cut to ExitMessage\'s 1024 characters', async () => {
  const { result, progress } = await runProbe('import sys\nopen("/opt/ml/output/message", "w").write("é" * 1500)\nsys.exit(3)\n');
  expect(result.exitCode).toBe(3);
  expect(result.exitMessage).toBe('é'.repeat(1024));
  expect(progress).toContain(`  exit message: ${'é'.repeat(1024)}`);
});

test('no message file: no exit message', async () => {
  const { result, progress } = await runProbe('print("done")\n');
  expect(result.exitMessage).toBeUndefined();
  expect(progress.filter((l) => l.includes('exit message'))).toEqual([]);
});

test('a message that is not UTF-8 fails the run as SageMaker fails the job, and the command exits 1', async () => {
  const script = 'open("/opt/ml/output/message", "wb").write(b"\\xff\\xfe bad")\n';
  const { result, progress, dir } = await runProbe(script);
  expect(result.exitCode).toBe(0);
  expect(result.failureReason).toBe('ClientError: /opt/ml/output/message is not UTF-8 encoded text, and SageMaker fails a job whose message file is not');
  expect(progress).toContain(`  on SageMaker the job fails: ${result.failureReason}`);

  const savedPath = process.env.PATH;
  process.env.PATH = DEBIAN_PATH;
  const cli = await runCli(['--cdk-out', path.join(dir, 'cdk.out'), 'local', 'Probe', '--engine', 'bwrap', '--input', `raw=${path.join(dir, 'raw')}`,
    '--output-dir', path.join(dir, 'out-cli')]).finally(() => {
    process.env.PATH = savedPath;
  });
  expect(cli.stdout).toContain('on SageMaker the job fails: ClientError');
  expect(cli.code).toBe(1);
});
