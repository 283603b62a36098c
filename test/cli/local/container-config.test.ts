import * as fs from 'fs';
import * as path from 'path';
import { runLocally } from '../../../cli/src';
import { DEBIAN_PATH, requireSandboxTools, synthProbeJob, tempDir } from './apps';

/**
 * `/opt/ml/config/processingjobconfig.json` as the container reads it: the request as run, with
 * what SageMaker fills in where the request is silent, field for field as the SageMaker Developer
 * Guide's example file ("How Amazon SageMaker Processing Configures Your Processing Container").
 */
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

beforeAll(() => requireSandboxTools());

test('a job that sends no StoppingCondition, output key or volume key: the file holds SageMaker\'s values for them', async () => {
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, 'print("ok")\n');
  fs.mkdirSync(path.join(dir, 'raw'));
  const result = await runLocally({
    job: 'Probe', cdkOut, inputs: { raw: path.join(dir, 'raw') }, engine: 'bwrap', searchPath: DEBIAN_PATH, outputDir: path.join(dir, 'out'),
    region: 'eu-west-1', keepRoot: true, stdout: quiet, stderr: quiet, overrides: { scheduledTime: '2026-11-01T02:00:00Z' },
  });
  expect(result.exitCode).toBe(0);
  const config = JSON.parse(fs.readFileSync(path.join(result.root!, 'config', 'processingjobconfig.json'), 'utf8'));
  fs.rmSync(path.dirname(result.root!), { recursive: true, force: true });

  expect(config.ProcessingInputs.map((i: { S3Input: object }) => i.S3Input)).toEqual([
    {
      S3Uri: 's3://<Lake5F1B88EA>/raw/', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix', S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated', S3CompressionType: 'None', S3DownloadMode: 'StartOfJob',
    },
    {
      S3Uri: expect.stringMatching(/^s3:\/\/cdk-hnb659fds-assets-<account>-eu-west-1\/[0-9a-f]{64}\/probe\.py$/), LocalPath: '/opt/ml/processing/input/code',
      S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated', S3CompressionType: 'None', S3DownloadMode: 'StartOfJob',
    },
  ]);
  expect(config.ProcessingOutputConfig).toEqual({
    Outputs: [{ OutputName: 'report', S3Output: { S3Uri: 's3://<Lake5F1B88EA>/reports/dt=2026-11-01/', LocalPath: '/opt/ml/processing/output/report', S3UploadMode: 'EndOfJob' } }],
    KmsKeyId: null,
  });
  expect(config.ProcessingResources).toEqual({ ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: null } });
  // SageMaker stops a job that sends no StoppingCondition after 24 hours (the SageMaker Python SDK's max_runtime_in_seconds).
  expect(config.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 86400 });
  expect(config.AppSpecification).toEqual({
    ImageUri: 'public.ecr.aws/docker/library/python:3.12-slim', ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/probe.py'], ContainerArguments: ['--mode', 'full'],
  });
  expect(config.ProcessingJobArn).toBe(`arn:aws:sagemaker:eu-west-1:<account>:processing-job/${result.runId.toLowerCase()}`);
});

test('the job ARN is in the region\'s partition (arn:aws-cn in a China region)', async () => {
  const dir = tempDir();
  const cdkOut = synthProbeJob(dir, 'print("ok")\n');
  fs.mkdirSync(path.join(dir, 'raw'));
  const result = await runLocally({
    job: 'Probe', cdkOut, inputs: { raw: path.join(dir, 'raw') }, engine: 'bwrap', searchPath: DEBIAN_PATH, outputDir: path.join(dir, 'out'),
    region: 'cn-north-1', keepRoot: true, stdout: quiet, stderr: quiet,
  });
  const config = JSON.parse(fs.readFileSync(path.join(result.root!, 'config', 'processingjobconfig.json'), 'utf8'));
  fs.rmSync(path.dirname(result.root!), { recursive: true, force: true });
  expect(config.ProcessingJobArn).toBe(`arn:aws-cn:sagemaker:cn-north-1:<account>:processing-job/${result.runId.toLowerCase()}`);
});
