import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { runLocally } from '../../../cli/src';
import type { RunLocallyOptions } from '../../../cli/src';
import { DEBIAN_PATH, requireSandboxTools, synthDataLake, synthFrameworkJob, synthProbeJob, tempDir, writeCustomers } from './apps';

/** The examples run for real on this machine, in the sandbox engine (bubblewrap and unshare), without Docker. */

class Capture extends Writable {
  public text = '';
  public _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(options: RunLocallyOptions) {
  const stdout = new Capture();
  const stderr = new Capture();
  const progress: string[] = [];
  const result = await runLocally({ searchPath: DEBIAN_PATH, stdout, stderr, onProgress: (l) => progress.push(l), ...options });
  return { result, stdout: stdout.text, stderr: stderr.text, progress };
}

function csv(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
}

beforeAll(() => requireSandboxTools());

describe('the scikit-learn example (DataLakeExample/SplitIncoming)', () => {
  let dir: string;
  let cdkOut: string;
  beforeAll(() => {
    dir = tempDir();
    cdkOut = synthDataLake(dir);
    writeCustomers(path.join(dir, 'sample'));
  });

  test('runs through bubblewrap with a local input and writes the train and test splits per output', async () => {
    const out = path.join(dir, 'out-bwrap');
    const { result, stdout, progress } = await run({ job: 'SplitIncoming', cdkOut, inputs: { raw: path.join(dir, 'sample') }, engine: 'bwrap', outputDir: out });
    expect(result.engine).toBe('bubblewrap sandbox');
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('train: 40 rows\ntest: 10 rows\n');
    const train = csv(path.join(out, 'train', 'train.csv'));
    const test = csv(path.join(out, 'test', 'test.csv'));
    expect(train[0]).toEqual(['churned', 'age', 'income']);
    expect([train.length, test.length]).toEqual([41, 11]);
    // StandardScaler fitted on the training rows: each scaled feature has mean 0 there.
    const ages = train.slice(1).map((r) => Number(r[1]));
    expect(Math.abs(ages.reduce((a, b) => a + b, 0) / ages.length)).toBeLessThan(1e-5);
    expect(result.outputs.map((o) => [o.name, o.localPath, o.files.map((f) => f.path)])).toEqual([
      ['train', '/opt/ml/processing/output/train', ['train.csv']],
      ['test', '/opt/ml/processing/output/test', ['test.csv']],
    ]);
    expect(progress).toContain(`  output train: 1 file in ${path.join(out, 'train')}`);
  });

  test('runs through unshare, with --arg replacing the job\'s arguments', async () => {
    const out = path.join(dir, 'out-unshare');
    const { result, stdout } = await run({
      job: 'DataLakeExample/SplitIncoming', cdkOut, inputs: { raw: path.join(dir, 'sample') }, engine: 'unshare', outputDir: out,
      overrides: { arguments: ['--label', 'churned', '--test-size', '0.5'] },
    });
    expect(result.engine).toBe('unshare sandbox');
    expect(result.exitCode).toBe(0);
    expect(stdout).toBe('train: 25 rows\ntest: 25 rows\n');
    expect(csv(path.join(out, 'test', 'test.csv'))).toHaveLength(26);
  });

  test('a failing script\'s exit code is the run\'s, and its error output is streamed', async () => {
    const { result, stderr } = await run({
      job: 'SplitIncoming', cdkOut, inputs: { raw: path.join(dir, 'sample') }, engine: 'bwrap', outputDir: path.join(dir, 'out-fail'),
      overrides: { arguments: ['--label', 'no_such_column'] },
    });
    expect(result.exitCode).toBe(1);
    expect(stderr).toBe("label column 'no_such_column' is not in ['age', 'income', 'churned']\n");
  });
});

describe('the FrameworkProcessor example (examples/processors/framework)', () => {
  test('runs runproc.sh from the source folder (requirements.txt handed to pip) and scores the rows', async () => {
    const dir = tempDir();
    const cdkOut = synthFrameworkJob(dir);
    fs.mkdirSync(path.join(dir, 'features'));
    fs.writeFileSync(path.join(dir, 'features', 'part-0.csv'), 'churned,age,income\nyes,0.5,-1.2\nno,1.5,0.2\nyes,-0.3,0.9\nno,2.0,2.0\n');
    // No package index here: `pip` and `python -m pip` are recorded by stand-ins; `python` is otherwise Debian's python3.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'pip'), `#!/bin/bash\necho "pip $*" >> /opt/ml/processing/output/pip.log\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'python'),
      '#!/bin/bash\nif [ "$1" = "-m" ] && [ "$2" = "pip" ]; then shift 2; echo "python -m pip $*" >> /opt/ml/processing/output/pip.log; exit 0; fi\nexec /usr/bin/python3 "$@"\n',
      { mode: 0o755 });
    const { result, stdout, progress } = await run({
      job: 'ScoreWithPyTorch', cdkOut, inputs: { features: path.join(dir, 'features') }, engine: 'unshare', outputDir: path.join(dir, 'out'),
      interpreters: { python: path.join(bin, 'python'), pip: path.join(bin, 'pip') }, keepRoot: true,
    });
    expect(result.exitCode).toBe(0);
    expect(progress).toContain('  running: /bin/bash /opt/ml/processing/input/entrypoint/runproc.sh');
    expect(progress).toContain('  input code: cdk.out → /opt/ml/processing/input/code/: process.py, requirements.txt, scoring/__init__.py, … (4 files)');
    expect(fs.readFileSync(path.join(result.root!, 'processing', 'output', 'pip.log'), 'utf8')).toBe('pip uninstall --yes typing\npython -m pip install -r requirements.txt\n');
    expect(stdout.trim().split('\n').pop()).toBe('scored 4 rows');
    const scores = csv(path.join(dir, 'out', 'scores', 'scores.csv'));
    expect(scores[0]).toEqual(['churned', 'score']);
    expect(scores.slice(1).map((r) => r[0])).toEqual(['yes', 'no', 'yes', 'no']);
    expect(scores.slice(1).every((r) => Number(r[1]) >= 0 && Number(r[1]) <= 1)).toBe(true);
    fs.rmSync(path.dirname(result.root!), { recursive: true, force: true });
  });
});

describe('what the container sees in the sandbox', () => {
  const PROBE = [
    'import json, os, socket, sys',
    'def writable(p):',
    '    try:',
    '        open(p, "w").close(); return True',
    '    except OSError:',
    '        return False',
    'config = json.load(open("/opt/ml/config/processingjobconfig.json"))',
    'out = {',
    '  "argv": sys.argv, "host": socket.gethostname(),',
    '  "env": {k: os.environ.get(k) for k in ["STAGE", "BUCKET", "EXTRA", "PROCESSING_RUN_ID", "PROCESSING_SCHEDULED_TIME", "AWS_ACCESS_KEY_ID"]},',
    '  "inputs": sorted(os.listdir("/opt/ml/processing/input/raw")),',
    '  "code": sorted(os.listdir("/opt/ml/processing/input/code")),',
    '  "config": {k: config[k] for k in ["ProcessingJobName", "AppSpecification", "Environment"]},',
    '  "outputs": [(o["OutputName"], o["S3Output"]["S3Uri"]) for o in config["ProcessingOutputConfig"]["Outputs"]],',
    '  "resources": json.load(open("/opt/ml/config/resourceconfig.json")),',
    '  "writable": {p: writable(p) for p in ["/usr/probe", "/tmp/probe", "/opt/ml/processing/output/report/probe"]},',
    '  "aws": os.path.exists(os.path.expanduser("~root/.aws/credentials")),',
    '}',
    'print(json.dumps(out))',
    '',
  ].join('\n');

  let dir: string;
  let cdkOut: string;
  beforeAll(() => {
    dir = tempDir();
    cdkOut = synthProbeJob(dir, PROBE);
    fs.mkdirSync(path.join(dir, 'raw'));
    fs.writeFileSync(path.join(dir, 'raw', 'events.csv'), 'a\n1\n');
  });

  test.each(['bwrap', 'unshare'])('%s: the request\'s environment and arguments with the run values, the configuration files, a read-only host', async (engine) => {
    const { result, stdout, progress } = await run({
      job: 'Probe', cdkOut, inputs: { raw: path.join(dir, 'raw') }, engine, outputDir: path.join(dir, `out-${engine}`),
      overrides: { environment: { EXTRA: 'yes' }, scheduledTime: '2026-11-01T02:00:00Z' },
    });
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(stdout);
    expect(seen.code).toEqual(['probe.py']);
    const code = 'probe.py';
    expect(seen.argv).toEqual([`/opt/ml/processing/input/code/${code}`, '--mode', 'full']);
    expect(seen.host).toBe('algo-1');
    expect(seen.env).toEqual({
      STAGE: 'dev', BUCKET: '<Lake5F1B88EA>', EXTRA: 'yes', PROCESSING_RUN_ID: result.runId, PROCESSING_SCHEDULED_TIME: '2026-11-01T02:00:00Z', AWS_ACCESS_KEY_ID: null,
    });
    expect(result.runId).toMatch(/^Probe-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(seen.inputs).toEqual(['events.csv']);
    expect(seen.config).toEqual({
      ProcessingJobName: result.runId,
      AppSpecification: { ImageUri: 'public.ecr.aws/docker/library/python:3.12-slim', ContainerEntrypoint: ['python3', `/opt/ml/processing/input/code/${code}`], ContainerArguments: ['--mode', 'full'] },
      Environment: { STAGE: 'dev', BUCKET: '<Lake5F1B88EA>', EXTRA: 'yes', PROCESSING_RUN_ID: result.runId, PROCESSING_SCHEDULED_TIME: '2026-11-01T02:00:00Z' },
    });
    expect(seen.outputs).toEqual([['report', 's3://<Lake5F1B88EA>/reports/dt=2026-11-01/']]);
    expect(seen.resources).toEqual({ current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0', current_instance_type: 'ml.m5.xlarge' });
    expect(seen.writable).toEqual({ '/usr/probe': false, '/tmp/probe': true, '/opt/ml/processing/output/report/probe': true });
    expect(seen.aws).toBe(false);
    expect(result.outputs[0].files.map((f) => f.path)).toEqual(['probe']);
    expect(progress).toContain('  note: <Lake5F1B88EA>: deployed values the synthesized app does not know (--download or --upload resolve them against the deployed stack)');
  });

  test('a package missing on this machine is the script\'s own import error, named as such', async () => {
    const missing = tempDir();
    const out = synthProbeJob(missing, 'import sagemaker_only_module\n');
    fs.mkdirSync(path.join(missing, 'raw'));
    const { result, stderr, progress } = await run({ job: 'Probe', cdkOut: out, inputs: { raw: path.join(missing, 'raw') }, engine: 'bwrap', outputDir: path.join(missing, 'out') });
    expect(result.exitCode).toBe(1);
    expect(stderr).toMatch(/ModuleNotFoundError: No module named 'sagemaker_only_module'\n$/);
    expect(progress).toContain("  the script's own import error: Python module 'sagemaker_only_module' is not on this machine (the job's image may have it): install it, or run with Docker");
  });
});
