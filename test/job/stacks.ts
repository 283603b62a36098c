import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OutputPartitioning, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobProps, ProcessingOutput } from '../../lib';

export const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1';

/**
 * A stack with one nightly feature job of its own runner: arguments, an environment, an S3
 * input and output in a bucket of the stack, outputs per scheduled date, a failure topic.
 */
export function nightlyJobStack(props: Partial<ProcessingJobProps> = {}) {
  const stack = new Stack(new App(), 'DataLake');
  const bucket = new s3.Bucket(stack, 'Lake');
  const topic = new sns.Topic(stack, 'Alerts');
  const job = new ProcessingJob(stack, 'NightlyFeatures', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    jobNamePrefix: 'nightly-features',
    arguments: ['--mode', 'full'],
    environment: { LOG_LEVEL: 'info' },
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('features', bucket, 'features/')],
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    notificationTopic: topic,
    ...props,
  });
  return { stack, bucket, topic, job };
}
