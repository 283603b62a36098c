import * as fs from 'fs';
import * as path from 'path';
import { DEBIAN_PATH, requireSandboxTools, synthProbeJob, tempDir } from './apps';
import { runCli } from './io';

/**
 * `local --instance-type` and `--instance-count` take a run's instance values as `run` does (the
 * one run-values function, lib/definition/run-values.ts): the container's configuration files
 * show them, so a script that splits its work by `hosts` can be tried for a cluster's size.
 */
const PROBE = [
  'import json',
  'resources = json.load(open("/opt/ml/config/resourceconfig.json"))',
  'job = json.load(open("/opt/ml/config/processingjobconfig.json"))',
  'print(json.dumps({"hosts": resources["hosts"], "current_host": resources["current_host"], "type": resources["current_instance_type"],',
  '  "cluster": job["ProcessingResources"]["ClusterConfig"]}))',
  '',
].join('\n');

let savedPath: string | undefined;
beforeAll(() => {
  requireSandboxTools();
  savedPath = process.env.PATH;
  process.env.PATH = DEBIAN_PATH;
});
afterAll(() => {
  process.env.PATH = savedPath;
});

test('--instance-count 3 --instance-type ml.c5.2xlarge: resourceconfig.json lists algo-1 to algo-3 and the type; the job config says the same', async () => {
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, PROBE);
  fs.mkdirSync(path.join(dir, 'raw'));
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'Probe', '--engine', 'bwrap', '--input', `raw=${path.join(dir, 'raw')}`,
    '--instance-count', '3', '--instance-type', 'ml.c5.2xlarge', '--output-dir', path.join(dir, 'out')]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const seen = JSON.parse(result.stdout.split('\n').find((l) => l.startsWith('{'))!);
  expect(seen).toEqual({
    hosts: ['algo-1', 'algo-2', 'algo-3'], current_host: 'algo-1', type: 'ml.c5.2xlarge',
    cluster: { InstanceType: 'ml.c5.2xlarge', InstanceCount: 3, VolumeSizeInGB: 30, VolumeKmsKeyId: null },
  });
});

test('a bad --instance-count is the run command\'s one-line error', async () => {
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, PROBE);
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'Probe', '--instance-count', 'three']);
  expect(result).toEqual({ code: 2, stdout: '', stderr: "error: --instance-count 'three': expected a whole number 1–100\n" });
});
