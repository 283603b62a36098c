import { App, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { JobSchedule, JobTrigger, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingOutput } from '../../lib';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';

const jobArn = (name: string) => `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:processing-job/${name}`;
const ruleArn = (name: string) => `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/${name}`;
const scheduleGroup = (name: string) => `arn:${PARTITION}:scheduler:${REGION}:${ACCOUNT}:schedule-group/${name}`;

/** A job started by an object-created trigger, a classic rule schedule and a direct-mode Scheduler schedule. */
function triggeredJobStack() {
  const stack = new Stack(new App(), 'TestStack');
  const bucket = new s3.Bucket(stack, 'Landing');
  const job = new ProcessingJob(stack, 'Ingest', {
    image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/ingest:1'),
    jobNamePrefix: 'ingest',
    processingInputs: [ProcessingInput.fromBucket('landing', bucket, 'landing/')],
    processingOutputs: [ProcessingOutput.toBucket('clean', bucket, 'clean/')],
    triggers: [JobTrigger.onObjectCreated(bucket, { prefix: 'landing/' })],
  });
  job.addSchedule('Nightly', JobSchedule.rule(events.Schedule.cron({ hour: '3', minute: '0' })));
  job.addSchedule('Direct', JobSchedule.rate(Duration.hours(6), { direct: true }));
  const iam = SynthesizedIam.of(stack);
  return { iam, startRole: iam.role('Ingest/Runner/StartRole/Resource'), jobRole: iam.att(iam.role('Ingest/JobRole/Resource'), 'Arn'), job };
}

describe('a job\'s trigger and schedules, evaluated', () => {
  const { iam, startRole, jobRole } = triggeredJobStack();
  const rule = (path: string) => iam.att(iam.logicalId('AWS::Events::Rule', path), 'Arn');

  test('EventBridge may assume the start role for the job\'s own rules only', async () => {
    for (const path of ['Ingest/Trigger1/Resource', 'Ingest/Nightly/Resource']) {
      expect(await iam.trusts(startRole, 'events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': rule(path) })).toBe('Allowed');
    }
    expect(await iam.trusts(startRole, 'events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': ruleArn('someone-elses-rule') })).toBe('ImplicitlyDenied');
    expect(await iam.trusts(startRole, 'events.amazonaws.com', { 'aws:SourceAccount': '222222222222', 'aws:SourceArn': rule('Ingest/Trigger1/Resource').replace(ACCOUNT, '222222222222') }))
      .toBe('ImplicitlyDenied');
    expect(await iam.trusts(startRole, 'events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT })).toBe('ImplicitlyDenied');
  });

  test('EventBridge Scheduler may assume it for the account\'s default schedule group only', async () => {
    expect(await iam.trusts(startRole, 'scheduler.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': scheduleGroup('default') })).toBe('Allowed');
    expect(await iam.trusts(startRole, 'scheduler.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': scheduleGroup('other-team') })).toBe('ImplicitlyDenied');
    expect(await iam.trusts(startRole, 'scheduler.amazonaws.com', { 'aws:SourceAccount': '222222222222', 'aws:SourceArn': scheduleGroup('default') })).toBe('ImplicitlyDenied');
    expect(await iam.trusts(startRole, 'lambda.amazonaws.com')).toBe('ImplicitlyDenied');
  });

  test('the start role starts the job\'s runner and nothing else', async () => {
    const runner = iam.ref(iam.logicalId('AWS::StepFunctions::StateMachine', 'Ingest/Runner/StateMachine/Resource'));
    expect(await iam.decide(startRole, { action: 'states:StartExecution', resource: runner })).toBe('Allowed');
    expect(await iam.decide(startRole, { action: 'states:StartExecution', resource: `arn:${PARTITION}:states:${REGION}:${ACCOUNT}:stateMachine:other` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action: 'states:StopExecution', resource: `${runner.replace(':stateMachine:', ':execution:')}:run-1` })).toBe('ImplicitlyDenied');
  });

  test('direct mode: the start role creates the job\'s runs and passes its role to SageMaker only', async () => {
    expect(await iam.decide(startRole, { action: 'sagemaker:CreateProcessingJob', resource: jobArn('ingest-0a1b2c3d4e5f') })).toBe('Allowed');
    expect(await iam.decide(startRole, { action: 'iam:PassRole', resource: jobRole, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } })).toBe('Allowed');
    expect(await iam.decide(startRole, { action: 'sagemaker:CreateProcessingJob', resource: jobArn('payroll-0a1b2c3d') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action: 'iam:PassRole', resource: jobRole, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } })).toBe('ImplicitlyDenied');
    expect(await iam.decide(startRole, { action: 'sagemaker:StopProcessingJob', resource: jobArn('ingest-0a1b2c3d4e5f') })).toBe('ImplicitlyDenied');
    // The request has no tags: no AddTags either.
    expect(await iam.decide(startRole, { action: 'sagemaker:AddTags', resource: jobArn('ingest-0a1b2c3d4e5f') })).toBe('ImplicitlyDenied');
  });
});
