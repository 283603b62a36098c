import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { JobSchedule, JobTrigger, ProcessingImage, ProcessingJob } from '../../lib';
import { REGION, SynthesizedIam } from '../util/iam-evaluator';

const via = (service: string) => ({ 'kms:ViaService': `${service}.${REGION}.amazonaws.com` });

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

  // EventBridge Scheduler sends to the queue as the execution role; SQS needs kms:GenerateDataKey and kms:Decrypt of a producer,
  // and asks KMS for them on the producer's behalf (kms:ViaService).
  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])('the start role may %s with the queue\'s key, through SQS', async (action) => {
    expect(await iam.decide(startRole, { action: 'sqs:SendMessage', resource: queue })).toBe('Allowed');
    expect(await iam.decide(startRole, { action, resource: key, context: via('sqs') })).toBe('Allowed');
  });

  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])('it may not %s with the key directly, nor through another service', async (action) => {
    expect(await iam.decide(startRole, { action, resource: key })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action, resource: key, context: via('s3') })).toBe('ImplicitlyDenied');
  });

  test('and gets no other use of the key', async () => {
    expect(await iam.decide(startRole, { action: 'kms:Encrypt', resource: key, context: via('sqs') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action: 'kms:GenerateDataKeyPair', resource: key, context: via('sqs') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action: 'kms:ScheduleKeyDeletion', resource: key })).toBe('ImplicitlyDenied');
  });
});

/** A job whose trigger and rule schedule send undelivered events to a KMS-encrypted queue; `imported` takes the key by ARN. */
function rulesWithEncryptedQueue(imported: boolean) {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const key = imported ? kms.Key.fromKeyArn(stack, 'QueueKey', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab')
    : new kms.Key(stack, 'QueueKey');
  const failedStarts = new sqs.Queue(stack, 'FailedStarts', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key });
  const job = new ProcessingJob(stack, 'Nightly', {
    image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/nightly:1'),
    jobNamePrefix: 'nightly',
    schedule: JobSchedule.rule(events.Schedule.rate(Duration.hours(1)), { deadLetterQueue: failedStarts }),
    triggers: [JobTrigger.onEvent({ source: ['my.app'] }, { deadLetterQueue: failedStarts })],
  });
  return { stack, job, template: Template.fromStack(stack) };
}

describe('an EventBridge rule with a KMS-encrypted dead-letter queue', () => {
  test('the key policy lets EventBridge use the key for the job\'s rules, in one statement naming them by ARN (no reference to a rule: a rule references the queue)', () => {
    const { template } = rulesWithEncryptedQueue(false);
    const rules = Object.entries(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(2);
    const [keyPolicy] = Object.values(template.findResources('AWS::KMS::Key')).map((k) => k.Properties.KeyPolicy.Statement as any[]);
    const forEvents = keyPolicy.filter((st) => st.Principal?.Service === 'events.amazonaws.com');
    expect(forEvents).toHaveLength(1);
    const [statement] = forEvents;
    expect(statement.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    const pattern: string = statement.Condition.ArnLike['aws:SourceArn']['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'aws')).join('');
    const like = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
    for (const [logicalId, rule] of rules) {
      expect(`arn:aws:events:eu-west-1:123456789012:rule/${rule.Properties.Name}`).toMatch(like);
      expect(JSON.stringify(keyPolicy)).not.toContain(logicalId);
    }
    expect('arn:aws:events:eu-west-1:123456789012:rule/someone-elses-rule').not.toMatch(like);
  });

  test('an imported key gets a warning naming the queue, the key and the statement to add', () => {
    const { job } = rulesWithEncryptedQueue(true);
    const warnings = Annotations.fromStack(Stack.of(job)).findWarning('*', Match.stringLikeRegexp('dead-letter-queue-key'));
    expect(warnings.map((w) => w.id).sort()).toEqual(['/TestStack/Nightly/Schedule', '/TestStack/Nightly/Trigger1'].sort());
    expect(warnings[0].entry.data).toMatch(/deadLetterQueue TestStack\/FailedStarts is encrypted with key TestStack\/QueueKey, which is not defined in this app.*events\.amazonaws\.com kms:Decrypt and kms:GenerateDataKey/);
  });
});
