import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { JobSchedule, JobTrigger, ProcessingImage, ProcessingJob } from '../../lib';

/**
 * S3 sends a bucket's events to the default event bus of the bucket's account and Region: an
 * object-created trigger of a job in another account or Region never fires, and synth says so.
 */
const DATA = { account: '111111111111', region: 'us-east-1' };

function triggerOnBucketOf(jobEnv: { account: string; region: string }): string[] {
  const app = new App();
  const lake = new s3.Bucket(new Stack(app, 'Data', { env: DATA, crossRegionReferences: true }), 'Lake', { bucketName: 'lake-111111111111' });
  const stack = new Stack(app, 'Jobs', { env: jobEnv, crossRegionReferences: true });
  new ProcessingJob(stack, 'Nightly', {
    image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'),
    schedule: JobSchedule.rate(Duration.days(1)),
    triggers: [JobTrigger.onObjectCreated(lake, { prefix: 'raw/' })],
  });
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('trigger-bucket-elsewhere')).map((w) => `${w.id} ${w.entry.data}`);
}

test('a trigger on a bucket of another Region is said never to fire, naming the bucket, both places and the way out', () => {
  expect(triggerOnBucketOf({ account: '111111111111', region: 'eu-west-1' })).toEqual([
    '/Jobs/Nightly/Trigger1 bucket Data/Lake is in account 111111111111, Region us-east-1, and the trigger\'s rule in account 111111111111, Region eu-west-1: ' +
    'S3 sends its events to the default event bus of the bucket\'s account and Region, so the rule never fires; define the job (or a trigger of it) ' +
    'in a stack of the bucket\'s account and Region, or forward the events to this bus [ack: cdk-sagemaker-processing:trigger-bucket-elsewhere]',
  ]);
});

test('a trigger on a bucket of another account is said never to fire', () => {
  expect(triggerOnBucketOf({ account: '222222222222', region: 'us-east-1' })).toEqual([
    expect.stringContaining('bucket Data/Lake is in account 111111111111, Region us-east-1, and the trigger\'s rule in account 222222222222, Region us-east-1'),
  ]);
});

test('a bucket of the job\'s own account and Region: nothing is said', () => {
  expect(triggerOnBucketOf(DATA)).toEqual([]);
});
