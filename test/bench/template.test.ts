import { App } from 'aws-cdk-lib';
import { Template as CdkTemplate } from 'aws-cdk-lib/assertions';
import { HandWrittenJobsStack } from '../../bench/baseline/hand-written-stack';
import { countTransitions, inputSentBy, SCHEDULED_TIME } from '../../bench/lib/execute';
import { stateMachineDefinitions } from '../../bench/lib/definition';
import { physicalName, resolveIntrinsics, scheduleTargets, Template, templateCost } from '../../bench/lib/template';

describe('resolveIntrinsics', () => {
  const template: Template = {
    Resources: {
      JobRole: { Type: 'AWS::IAM::Role' },
      Data: { Type: 'AWS::S3::Bucket' },
      Machine: { Type: 'AWS::StepFunctions::StateMachine' },
    },
    Mappings: { Images: { 'us-east-1': { sklearn: '683313688378' } } },
  };
  test('resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub and Fn::FindInMap against us-east-1 / 123456789012', () => {
    expect(resolveIntrinsics({
      a: { 'Fn::Join': ['', ['s3://', { Ref: 'Data' }, '/raw/']] },
      b: { 'Fn::GetAtt': ['JobRole', 'Arn'] },
      c: { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:x/${Machine.Name}' },
      d: { 'Fn::FindInMap': ['Images', { Ref: 'AWS::Region' }, 'sklearn'] },
      e: [{ Ref: 'Machine' }],
    }, template)).toEqual({
      a: 's3://data/raw/',
      b: 'arn:aws:iam::123456789012:role/JobRole',
      c: 'arn:aws:states:us-east-1:123456789012:x/Machine.Name',
      d: '683313688378',
      e: ['arn:aws:states:us-east-1:123456789012:stateMachine:Machine'],
    });
  });
  test('a role\'s ARN holds its path', () => {
    const withPath: Template = { Resources: { JobRole: { Type: 'AWS::IAM::Role', Properties: { Path: '/processing-jobs/bench/' } } } };
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['JobRole', 'Arn'] }, withPath)).toBe('arn:aws:iam::123456789012:role/processing-jobs/bench/JobRole');
  });
  test('with the longest physical names, a generated role name has 64 characters and a bucket name 63, lower case', () => {
    expect(physicalName('JobRole', 'AWS::IAM::Role', 'logical')).toBe('JobRole');
    expect(physicalName('Data', 'AWS::S3::Bucket', 'logical')).toBe('data');
    const role = physicalName('JobRole', 'AWS::IAM::Role', 'longest');
    expect(role).toHaveLength(64);
    const bucket = physicalName('Data', 'AWS::S3::Bucket', 'longest');
    expect(bucket).toHaveLength(63);
    expect(bucket).toBe(bucket.toLowerCase());
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['JobRole', 'Arn'] }, template, 'longest')).toBe(`arn:aws:iam::123456789012:role/${role}`);
    expect(resolveIntrinsics({ 'Fn::Join': ['', ['s3://', { Ref: 'Data' }]] }, template, 'longest')).toBe(`s3://${bucket}`);
  });
  test('a missing mapping entry is an error naming it', () => {
    expect(() => resolveIntrinsics({ 'Fn::FindInMap': ['Images', 'eu-west-1', 'sklearn'] }, template))
      .toThrow('Fn::FindInMap: no Images.eu-west-1.sklearn in the template');
  });
});

describe('schedule inputs', () => {
  const template: Template = {
    Resources: {
      Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{}' } },
      Nightly: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: 'cron(0 2 * * ? *)',
          Target: { Arn: { Ref: 'Machine' }, Input: '{"job":"a","run":{"scheduledTime":"<aws.scheduler.scheduled-time>","arguments":[]}}' },
        },
      },
      Direct: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: { ScheduleExpression: 'rate(1 day)', Target: { Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:sagemaker:createProcessingJob']] } } },
      },
      Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'cron(0 2 * * ? *)', Targets: [{ Arn: { Ref: 'Machine' }, Id: 'T' }] } },
    },
  };
  const targets = scheduleTargets(template);

  test('lists schedules and rule targets with their resolved ARN and the state machine they start', () => {
    expect(targets.map((t) => [t.logicalId, t.type, t.stateMachineLogicalId, t.targetArn])).toEqual([
      ['Nightly', 'AWS::Scheduler::Schedule', 'Machine', 'arn:aws:states:us-east-1:123456789012:stateMachine:Machine'],
      ['Direct', 'AWS::Scheduler::Schedule', undefined, 'arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob'],
      ['Rule', 'AWS::Events::Rule', 'Machine', 'arn:aws:states:us-east-1:123456789012:stateMachine:Machine'],
    ]);
  });
  test('a Scheduler input gets its context placeholders filled in', () => {
    expect(inputSentBy(targets[0])).toEqual({ job: 'a', run: { scheduledTime: SCHEDULED_TIME, arguments: [] } });
  });
  test('a rule target without input gets the scheduled event', () => {
    expect(inputSentBy(targets[2])).toMatchObject({ 'detail-type': 'Scheduled Event', 'source': 'aws.events', 'time': SCHEDULED_TIME });
  });
});

describe('countTransitions', () => {
  const task = (next?: string) => ({
    Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createProcessingJob.sync',
    Parameters: { 'ProcessingJobName.$': "States.Format('j-{}', $.id)" }, ...(next ? { Next: next } : { End: true }),
  });
  test('counts every state entered, and answers CreateProcessingJob with a completed job', async () => {
    const run = await countTransitions({
      StartAt: 'Route',
      States: {
        Route: { Type: 'Choice', Choices: [{ Variable: '$.id', IsPresent: true, Next: 'Job' }], Default: 'Fail' },
        Job: task(),
        Fail: { Type: 'Fail', Error: 'NoId' },
      },
    }, { id: 'x1' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.statesEntered).toEqual(['Route', 'Job']);
    expect(run.transitions).toBe(2);
    expect(run.requests).toEqual([{ ProcessingJobName: 'j-x1' }]);
  });
  test('reports a failed run with its error', async () => {
    const run = await countTransitions({ StartAt: 'Fail', States: { Fail: { Type: 'Fail', Error: 'Boom', Cause: 'because' } } }, {});
    expect(run.status).toBe('FAILED');
    expect(run.error).toContain('Boom');
  });
});

describe('the hand-written baseline', () => {
  let template: Template;
  beforeAll(() => {
    // Only the template is read: skip aws-cdk-lib's built-in template validation (seconds of CPU per synth).
    const app = new App({ builtinCloudFormationValidation: false });
    template = CdkTemplate.fromStack(new HandWrittenJobsStack(app, 'Baseline', 2)).toJSON() as Template;
  });

  test('costs 6 resources per job over a shared bucket and job role', () => {
    const cost = templateCost(template, 0);
    expect(cost.byType).toMatchObject({
      'AWS::StepFunctions::StateMachine': { count: 2 },
      'AWS::Events::Rule': { count: 2 },
      'AWS::IAM::Role': { count: 5 }, // the job role, and per job the state machine's and the rule's
      'AWS::IAM::Policy': { count: 5 },
      'AWS::S3::Bucket': { count: 1 },
      'AWS::S3::BucketPolicy': { count: 1 },
    });
    expect(cost.resources).toBe(16);
  });

  test('one scheduled run is one state transition, creating a job named after the execution', async () => {
    const target = scheduleTargets(template)[0];
    const definition = stateMachineDefinitions(template)[target.stateMachineLogicalId!];
    const run = await countTransitions(definition, inputSentBy(target));
    expect(run.status).toBe('SUCCEEDED');
    expect(run.transitions).toBe(1);
    expect(run.requests).toHaveLength(1);
    expect(run.requests[0].ProcessingJobName).toMatch(/^bench-job-001-[0-9a-f-]{36}$/);
    expect(run.requests[0].Environment).toEqual({ SCHEDULED_TIME: SCHEDULED_TIME });
    expect(run.requests[0].RoleArn).toMatch(/^arn:aws:iam::123456789012:role\/JobRole/);
  });
});
