import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { JobSchedule, ProcessingImage, ProcessingJob } from '../../lib';
import { SynthesizedIam } from '../util/iam-evaluator';

/** A job whose schedule sends failed starts to a queue encrypted with a customer managed key. */
function scheduledWithEncryptedQueue(direct: boolean) {
  const stack = new Stack(new App(), 'TestStack');
  const key = new kms.Key(stack, 'QueueKey');
  const failedStarts = new sqs.Queue(stack, 'FailedStarts', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key });
  new ProcessingJob(stack, 'Nightly', {
    image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/nightly:1'),
    jobNamePrefix: 'nightly',
    schedule: JobSchedule.rate(Duration.hours(1), { deadLetterQueue: failedStarts, direct }),
  });
  const iam = SynthesizedIam.of(stack);
  return {
    iam,
    startRole: iam.role('TestStack/ProcessingJobsShared/StartRole/Resource'),
    queue: iam.att(iam.logicalId('AWS::SQS::Queue', 'FailedStarts/Resource'), 'Arn'),
    key: iam.att(iam.logicalId('AWS::KMS::Key', 'QueueKey/Resource'), 'Arn'),
  };
}

describe.each([false, true])('a schedule (direct: %s) with a KMS-encrypted dead-letter queue', (direct) => {
  const { iam, startRole, queue, key } = scheduledWithEncryptedQueue(direct);

  // EventBridge Scheduler sends to the queue as the execution role; SQS needs kms:GenerateDataKey and kms:Decrypt of a producer.
  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])('the start role may %s with the queue\'s key', async (action) => {
    expect(await iam.decide(startRole, { action: 'sqs:SendMessage', resource: queue })).toBe('Allowed');
    expect(await iam.decide(startRole, { action, resource: key })).toBe('Allowed');
  });

  test('and gets no other use of the key', async () => {
    expect(await iam.decide(startRole, { action: 'kms:Encrypt', resource: key })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action: 'kms:ScheduleKeyDeletion', resource: key })).toBe('ImplicitlyDenied');
  });
});
