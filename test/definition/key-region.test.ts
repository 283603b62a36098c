import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingJob, ProcessingJobRun, ProcessingOutput, SageMakerCreateProcessingJob } from '../../lib';

/**
 * KMS keys are Regional: SageMaker encrypts a job's volumes, and S3 its outputs, with a key of the
 * job's Region. A key of a stack of another Region is refused at synth, naming the job, the field,
 * the key and both Regions.
 */
const image = ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim');

function stacks(jobRegion: string) {
  const app = new App();
  const keys = new Stack(app, 'Keys', { env: { account: '111111111111', region: 'us-east-1' }, crossRegionReferences: true });
  const key = new kms.Key(keys, 'Key', { enableKeyRotation: true });
  const stack = new Stack(app, 'Jobs', { env: { account: '111111111111', region: jobRegion }, crossRegionReferences: true });
  return { key, stack, bucket: new s3.Bucket(stack, 'Out') };
}

test.each([
  ['a ProcessingJob', (scope: Stack, props: object) => new ProcessingJob(scope, 'Nightly', { image, ...props })],
  ['a ProcessingJobRun', (scope: Stack, props: object) => new ProcessingJobRun(scope, 'Nightly', { image, ...props })],
  ['a task', (scope: Stack, props: object) => SageMakerCreateProcessingJob.jsonPath(scope, 'Nightly', { image, ...props })],
])('%s with a volume key of another Region is refused', (_kind, create) => {
  const { key, stack } = stacks('eu-west-1');
  expect(() => create(stack, { volumeKmsKey: key })).toThrow(
    'Jobs/Nightly: volumeKmsKey Keys/Key is a KMS key of Region us-east-1, but the job runs in eu-west-1; KMS keys are Regional: ' +
    "give a key of eu-west-1 (a multi-Region key's replica there) (ProcessingResources.ClusterConfig.VolumeKmsKeyId)");
});

test('an output key of another Region is refused when the job writes outputs, and not rendered (nor refused) otherwise', () => {
  const { key, stack, bucket } = stacks('eu-west-1');
  expect(() => new ProcessingJob(stack, 'Nightly', { image, outputKmsKey: key, processingOutputs: [ProcessingOutput.toBucket('out', bucket, 'out/')] }))
    .toThrow(/^Jobs\/Nightly: outputKmsKey Keys\/Key is a KMS key of Region us-east-1, but the job runs in eu-west-1; .*\(ProcessingOutputConfig.KmsKeyId\)$/);
  expect(() => new ProcessingJob(stack, 'NoOutputs', { image, outputKmsKey: key })).not.toThrow();
});

test('a key imported by its ARN is in the ARN\'s Region', () => {
  const { stack } = stacks('eu-west-1');
  const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  expect(() => new ProcessingJob(stack, 'Nightly', { image, volumeKmsKey: key })).toThrow(/volumeKmsKey Jobs\/Imported is a KMS key of Region us-east-1/);
  const replica = kms.Key.fromKeyArn(stack, 'Replica', 'arn:aws:kms:eu-west-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab');
  expect(() => new ProcessingJob(stack, 'WithReplica', { image, volumeKmsKey: replica })).not.toThrow();
});

test('a key of the job\'s Region, or of an env-agnostic stack, is taken', () => {
  const { key, stack, bucket } = stacks('us-east-1');
  expect(() => new ProcessingJob(stack, 'Nightly', { image, volumeKmsKey: key, outputKmsKey: key, processingOutputs: [ProcessingOutput.toBucket('out', bucket, 'out/')] }))
    .not.toThrow();
  const app = new App();
  const agnosticKey = new kms.Key(new Stack(app, 'Keys'), 'Key');
  expect(() => new ProcessingJob(new Stack(app, 'Jobs'), 'Nightly', { image, volumeKmsKey: agnosticKey })).not.toThrow();
});
