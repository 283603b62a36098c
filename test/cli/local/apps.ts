import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataLakeStack } from '../../../examples/data-lake/data-lake-stack';
import {
  FrameworkProcessor, OutputPartitioning, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingOutput, ScriptProcessor,
} from '../../../lib';
import { requireSystemPackage } from '../../util/system-package';

/** Debian's default PATH: python3 is /usr/bin/python3 with Debian's scikit-learn. */
export const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

/** A fresh temporary folder. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'local-run-test-'));
}

/**
 * These tests run the examples for real in the sandbox: they fail (never skip) on a machine
 * without the packages of test/debian-packages.txt, naming what to install.
 */
export function requireSandboxTools(): void {
  requireSystemPackage('python3-sklearn', ['/usr/bin/python3', '-c', 'import sklearn']);
  requireSystemPackage('bubblewrap', ['/usr/bin/bwrap', '--version']);
  if (process.getuid?.() !== 0) throw new Error('the local-run tests use the unshare engine, which needs root (as in CI)');
}

/** The example app's DataLakeExample stack synthesized into `<dir>/cdk.out` (the cdk.out `npx cdk synth` writes for it). */
export function synthDataLake(dir: string): string {
  const outdir = path.join(dir, 'cdk.out');
  const app = new App({ outdir });
  new DataLakeStack(app, 'DataLakeExample');
  app.synth();
  return outdir;
}

/** A ProcessingJob that runs the FrameworkProcessor example (examples/processors/framework) on a PyTorch image. */
export function synthFrameworkJob(dir: string): string {
  const outdir = path.join(dir, 'cdk.out');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Scoring');
  const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
  new ProcessingJob(stack, 'ScoreWithPyTorch', {
    processor: new FrameworkProcessor({ image: ProcessingImage.fromRegistry('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-cpu-py312') }),
    code: ProcessingCode.fromAsset(path.join(EXAMPLES, 'processors', 'framework'), { entryPoint: 'process.py' }),
    processingInputs: [ProcessingInput.fromBucket('features', lake, 'prepared/train/')],
    processingOutputs: [ProcessingOutput.toBucket('scores', lake, 'scores/', { localPath: '/opt/ml/processing/output/scores' })],
  });
  app.synth();
  return outdir;
}

/** 50 customers (age, income, churned) as the scikit-learn example reads them, plus a row with a missing value. */
export function writeCustomers(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const rows = ['age,income,churned'];
  for (let i = 0; i < 50; i++) rows.push(`${20 + i},${1000 + 37 * i},${i % 3 === 0 ? 'yes' : 'no'}`);
  rows.push('33,,no');
  fs.writeFileSync(path.join(dir, 'customers.csv'), rows.join('\n') + '\n');
}

/**
 * A ScriptProcessor job whose script (`probe.py`, written here) reports what the container sees:
 * its environment, host name, configuration files and which paths it may write.
 */
export function synthProbeJob(dir: string, script: string): string {
  const outdir = path.join(dir, 'cdk.out');
  const code = path.join(dir, 'src', 'probe.py');
  fs.mkdirSync(path.dirname(code), { recursive: true });
  fs.writeFileSync(code, script);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Probe');
  const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
  new ProcessingJob(stack, 'Probe', {
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'), command: ['python3'] }),
    code: ProcessingCode.fromAsset(code),
    arguments: ['--mode', 'full'],
    environment: { STAGE: 'dev', BUCKET: lake.bucketName },
    processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('report', lake, 'reports/', { localPath: '/opt/ml/processing/output/report' })],
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
  });
  app.synth();
  return outdir;
}
