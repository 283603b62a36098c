import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  JobSchedule, JobTrigger, ProcessingDefaults, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRunner, ProcessingOutput,
} from '../../lib';
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
  return { iam, startRole: iam.role('TestStack/ProcessingJobsShared/StartRole/Resource'), jobRole: iam.att(iam.role('Ingest/JobRole/Resource'), 'Arn'), job };
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

/**
 * Three jobs of one stack with runners of their own (two under the stack's defaults, one under a
 * team's permissions boundary) and one job of a shared runner, each on a schedule or a trigger.
 */
function standaloneJobsStack() {
  const stack = new Stack(new App(), 'Jobs');
  const bucket = new s3.Bucket(stack, 'Lake');
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  const team = new Construct(stack, 'Team');
  const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: ['*'] })] });
  ProcessingDefaults.of(team).add({ permissionsBoundary: boundary });
  new ProcessingJob(stack, 'A', { image, schedule: JobSchedule.rate(Duration.hours(1)) });
  new ProcessingJob(stack, 'B', { image, triggers: [JobTrigger.onObjectCreated(bucket, { prefix: 'b/' })] });
  new ProcessingJob(team, 'C', { image, schedule: JobSchedule.rate(Duration.hours(1)) });
  const runner = new ProcessingJobRunner(stack, 'Shared', { jobNamePrefix: 'shared' });
  new ProcessingJob(stack, 'D', { image, runner, schedule: JobSchedule.rate(Duration.hours(1)) });
  const synthesized = SynthesizedIam.of(stack);
  const machine = (path: string) => synthesized.ref(synthesized.logicalId('AWS::StepFunctions::StateMachine', `${path}/StateMachine/Resource`));
  return { iam: synthesized, stack, boundary, machine };
}

describe('the start role the jobs with runners of their own share in a stack', () => {
  const { iam: synthesized, stack, boundary, machine } = standaloneJobsStack();
  const startRoles = synthesized.roles().filter((id) => synthesized.pathOf(id).includes('/StartRole'));
  const stackRole = synthesized.role('Jobs/ProcessingJobsShared/StartRole/Resource');
  const teamRole = startRoles.find((id) => /ProcessingJobsShared\/StartRole[0-9a-f]{8}\//.test(synthesized.pathOf(id)))!;

  test('one per permissions boundary, besides the shared runner\'s own, and the team\'s carries its boundary', () => {
    expect(startRoles.map((id) => synthesized.pathOf(id).replace(/[0-9a-f]{8}\/Resource$/, '<hash>/Resource')).sort()).toEqual([
      'Jobs/ProcessingJobsShared/StartRole/Resource', 'Jobs/ProcessingJobsShared/StartRole<hash>/Resource', 'Jobs/Shared/StartRole/Resource',
    ]);
    const properties = (id: string) => Template.fromStack(stack).toJSON().Resources[id].Properties;
    expect(properties(teamRole).PermissionsBoundary).toEqual(stack.resolve(boundary.managedPolicyArn));
    expect(properties(stackRole).PermissionsBoundary).toBeUndefined();
  });

  test('starts exactly the state machines of the jobs it serves, in one statement', async () => {
    expect(await synthesized.decide(stackRole, { action: 'states:StartExecution', resource: machine('A/Runner') })).toBe('Allowed');
    expect(await synthesized.decide(stackRole, { action: 'states:StartExecution', resource: machine('B/Runner') })).toBe('Allowed');
    expect(await synthesized.decide(stackRole, { action: 'states:StartExecution', resource: machine('Team/C/Runner') })).toBe('ImplicitlyDenied');
    expect(await synthesized.decide(stackRole, { action: 'states:StartExecution', resource: machine('Shared') })).toBe('ImplicitlyDenied');
    expect(await synthesized.decide(teamRole, { action: 'states:StartExecution', resource: machine('Team/C/Runner') })).toBe('Allowed');
    expect(await synthesized.decide(teamRole, { action: 'states:StartExecution', resource: machine('A/Runner') })).toBe('ImplicitlyDenied');
    const statements = synthesized.identityPolicies(stackRole).flatMap((p) => [p.policy.Statement].flat());
    expect(statements).toHaveLength(1);
  });

  test('EventBridge may assume it for the stack\'s own start rules only, not for the shared runner\'s', async () => {
    const rule = (path: string) => synthesized.att(synthesized.logicalId('AWS::Events::Rule', path), 'Arn');
    const context = (path: string) => ({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': rule(path) });
    expect(await synthesized.trusts(stackRole, 'events.amazonaws.com', context('B/Trigger1/Resource'))).toBe('Allowed');
    expect(await synthesized.trusts(stackRole, 'events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': ruleArn('Jobs-other-rule') })).toBe('ImplicitlyDenied');
    expect(await synthesized.trusts(teamRole, 'events.amazonaws.com', context('B/Trigger1/Resource'))).toBe('ImplicitlyDenied');
  });
});

describe('an object-created trigger that feeds the new object to an input', () => {
  const stack = new Stack(new App(), 'TestStack');
  const lake = new s3.Bucket(stack, 'Lake');
  const landing = new s3.Bucket(stack, 'Landing');
  new ProcessingJob(stack, 'Ingest', {
    image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/ingest:1'),
    processingInputs: [ProcessingInput.fromBucket('file', lake, 'raw/')],
    triggers: [JobTrigger.onObjectCreated(landing, { prefix: 'incoming/', suffix: '.csv', input: 'file' })],
  });
  const iam = SynthesizedIam.of(stack);
  const role = iam.role('Ingest/JobRole/Resource');
  const bucketArn = (path: string) => `arn:${PARTITION}:s3:::${iam.ref(iam.logicalId('AWS::S3::Bucket', path))}`;

  test('the job role may read and list the objects the trigger matches, and no other of that bucket', async () => {
    // Each run's input is s3://<landing>/<new key>: SageMaker lists that prefix and gets the object with the job role.
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `${bucketArn('Landing/Resource')}/incoming/2026/a.csv` })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:ListBucket', resource: bucketArn('Landing/Resource'), context: { 's3:prefix': 'incoming/2026/a.csv' } })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `${bucketArn('Landing/Resource')}/private/a.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:ListBucket', resource: bucketArn('Landing/Resource'), context: { 's3:prefix': 'private/' } })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: `${bucketArn('Landing/Resource')}/incoming/b.csv` })).toBe('ImplicitlyDenied');
    // The input's own location stays readable.
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `${bucketArn('Lake/Resource')}/raw/x.csv` })).toBe('Allowed');
  });
});

describe('static overrides of a schedule, a trigger and a step name other locations', () => {
  const stack = new Stack(new App(), 'TestStack');
  const lake = new s3.Bucket(stack, 'Lake');
  const job = new ProcessingJob(stack, 'Report', {
    image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/report:1'),
    processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('out', lake, 'out/')],
    schedule: JobSchedule.cron({ hour: '2', minute: '0', overrides: { inputs: { raw: 's3://archive-bucket/raw/2025/' } } }),
    triggers: [JobTrigger.onObjectCreated(lake, { overrides: { outputs: { out: 's3://exports-bucket/out/' } } })],
  });
  job.asStep(stack, 'Step', { overrides: { inputs: { raw: 's3://backfill-bucket/raw/' } } });
  const iam = SynthesizedIam.of(stack);
  const role = iam.role('Report/JobRole/Resource');

  test('the job role may read and write there, as for the job\'s own inputs and outputs, and nothing more', async () => {
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::archive-bucket/raw/2025/a.csv` })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:ListBucket', resource: `arn:${PARTITION}:s3:::archive-bucket`, context: { 's3:prefix': 'raw/2025/' } })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::archive-bucket/raw/2024/a.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::archive-bucket/raw/2025/a.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::exports-bucket/out/part-0.csv` })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::exports-bucket/out/part-0.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::backfill-bucket/raw/x` })).toBe('Allowed');
  });
});

describe('a shared runner\'s direct schedules, evaluated', () => {
  const stack = new Stack(new App(), 'Platform');
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  const given = new iam.Role(stack, 'TeamRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  for (let i = 0; i < 3; i++) new ProcessingJob(stack, `Job${i}`, { runner, image, schedule: JobSchedule.rate(Duration.hours(6), { direct: true }) });
  new ProcessingJob(stack, 'Given', { runner, image, role: given, schedule: JobSchedule.rate(Duration.hours(6), { direct: true }) });
  const synthesized = SynthesizedIam.of(stack);
  const startRole = synthesized.role('Runner/StartRole/Resource');
  const toSageMaker = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };

  test('the start role passes the roles the jobs create by the runner\'s path (one resource, whatever their number), and a given role by its ARN', async () => {
    const passRole = Template.fromStack(stack).toJSON().Resources[startRole].Properties.Policies[0].PolicyDocument.Statement.find((s: any) => s.Action === 'iam:PassRole');
    expect(passRole.Resource).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      expect(await synthesized.decide(startRole, { action: 'iam:PassRole', resource: synthesized.att(synthesized.role(`Job${i}/JobRole/Resource`), 'Arn'), context: toSageMaker })).toBe('Allowed');
    }
    expect(await synthesized.decide(startRole, { action: 'iam:PassRole', resource: synthesized.att(synthesized.role('TeamRole/Resource'), 'Arn'), context: toSageMaker })).toBe('Allowed');
    expect(await synthesized.decide(startRole, { action: 'iam:PassRole', resource: `arn:${PARTITION}:iam::${ACCOUNT}:role/processing-jobs/other/Job`, context: toSageMaker })).toBe('ImplicitlyDenied');
    expect(await synthesized.decide(startRole, { action: 'iam:PassRole', resource: `arn:${PARTITION}:iam::${ACCOUNT}:role/Admin`, context: toSageMaker })).toBe('ImplicitlyDenied');
  });
});
