import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobFleet, ProcessingJobRunner } from '../../lib';
import { stateMachineDefinitions } from '../util/definition';
import { completed, runLocally } from './local-run';
import { IMAGE_URI, nightlyJobStack } from './stacks';

const image = ProcessingImage.fromRegistry(IMAGE_URI);

describe('a shared runner', () => {
  let definition: any;
  beforeAll(() => {
    const stack = new Stack(new App(), 'Platform');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'Alpha', { runner, image, arguments: ['alpha'] });
    new ProcessingJob(stack, 'Beta', { runner, image, processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://lake/raw/')] });
    definition = Object.values(stateMachineDefinitions(stack))[0];
  });
  const handlers = { Run: completed };

  test('checks a run form, then routes it to the job it names', async () => {
    const run = await runLocally(definition, {
      job: 'Beta',
      run: { arguments: [], environment: {}, instanceType: 'ml.m5.large', instanceCount: 1, inputs: { raw: 's3://lake/raw/dt=1/' }, outputs: {}, scheduledTime: '2026-11-24T02:00:00Z' },
    }, handlers);
    expect(run.states).toEqual(['Route', 'Run']);
    expect(run.requests.Run[0].ProcessingJobName).toMatch(/^pl-Beta-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(run.requests.Run[0].AppSpecification.ContainerArguments).toBeUndefined();
  });

  test('fills the named job\'s defaults in an overrides-form input', async () => {
    const run = await runLocally(definition, { job: 'Alpha', instanceCount: 2 }, handlers);
    expect(run.error).toBeUndefined();
    expect(run.states).toEqual(['Route', 'Run']);
    expect(run.requests.Run[0].AppSpecification.ContainerArguments).toEqual(['alpha']);
    expect(run.requests.Run[0].ProcessingResources.ClusterConfig.InstanceCount).toBe(2);
  });

  test('refuses arguments for a job that has none', async () => {
    const run = await runLocally(definition, { job: 'Beta', arguments: ['x'] }, handlers);
    expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause: "The execution input has the key 'arguments', which this job does not take. It takes: job, environment, instanceType, instanceCount, inputs, outputs, scheduledTime" });
  });

  test.each([[{}], [{ job: 'Gamma' }]])('refuses an input that names no job of the runner (%j)', async (input) => {
    const run = await runLocally(definition, input, handlers);
    expect(run.states).toEqual(['Route', 'UnknownJob']);
    expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause: 'The execution input must name one of the runner\'s jobs with "job" (see the job\'s metadata, or "Execution input" in docs/processing-job.md)' });
  });
});

describe('a job as a step of a larger state machine', () => {
  test('runs with the overrides from the parent execution', async () => {
    const { stack, job } = nightlyJobStack();
    const prepare = new sfn.Pass(stack, 'Prepare', { parameters: { 'date.$': '$.date' } });
    new sfn.StateMachine(stack, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(prepare.next(job.asStep(stack, 'Features', {
        overrides: { scheduledTime: sfn.JsonPath.stringAt('$.date'), inputs: { raw: sfn.JsonPath.format('s3://backfill/{}/', sfn.JsonPath.stringAt('$.date')) } },
      }))),
    });
    const definitions = stateMachineDefinitions(stack);
    const pipeline = definitions[Object.keys(definitions).find((id) => id.startsWith('Pipeline'))!];
    const run = await runLocally(pipeline, { date: '2026-11-01T00:00:00Z' }, { Features: completed });
    expect(run.states).toEqual(['Prepare', 'Features']);
    const request = run.requests.Features[0];
    expect(request.ProcessingJobName).toMatch(/^nightly-features-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(request.ProcessingInputs[0].S3Input.S3Uri).toBe('s3://backfill/2026-11-01T00:00:00Z/');
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/\/features\/dt=2026-11-01\/$/);
    expect(request.Environment).toEqual({ LOG_LEVEL: 'info', PROCESSING_RUN_ID: 'run-1', PROCESSING_SCHEDULED_TIME: '2026-11-01T00:00:00Z' });
  });
});

describe('a step\'s plain scheduledTime with a UTC offset', () => {
  // The runner runs '2026-11-24T01:30:00+02:00' as 2026-11-23T23:30:00Z, partition dt=2026-11-23/ (the UTC date,
  // docs/processing-job.md), as run --scheduled-time does: the same values give the same request as a step.
  test('is the same time in UTC, as the runner takes it', async () => {
    const { stack, job } = nightlyJobStack();
    new sfn.StateMachine(stack, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(job.asStep(stack, 'Features', { overrides: { scheduledTime: '2026-11-24T01:30:00+02:00' } })),
    });
    const definitions = stateMachineDefinitions(stack);
    const pipeline = definitions[Object.keys(definitions).find((id) => id.startsWith('Pipeline'))!];
    const runner = definitions[Object.keys(definitions).find((id) => !id.startsWith('Pipeline'))!];
    const step = (await runLocally(pipeline, {}, { Features: completed })).requests.Features[0];
    const run = (await runLocally(runner, { scheduledTime: '2026-11-24T01:30:00+02:00' }, { Run: completed })).requests.Run[0];
    expect(step.Environment.PROCESSING_SCHEDULED_TIME).toBe('2026-11-23T23:30:00Z');
    expect(step.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/\/features\/dt=2026-11-23\/$/);
    expect(step.Environment).toEqual(run.Environment);
    expect(step.ProcessingOutputConfig).toEqual(run.ProcessingOutputConfig);
  });
});

describe('failure alarm', () => {
  test('alarms on failed or timed-out runs and notifies the topic', () => {
    const { stack } = nightlyJobStack({ failureAlarm: true });
    const template = Template.fromStack(stack);
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    const [machineId] = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
    const metric = (id: string, name: string) => ({
      Id: id, ReturnData: false,
      MetricStat: { Metric: { MetricName: name, Namespace: 'AWS/States', Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }] }, Period: 300, Stat: 'Sum' },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
      Metrics: [{ Expression: 'failed + timedOut', Id: 'expr_1' }, metric('failed', 'ExecutionsFailed'), metric('timedOut', 'ExecutionsTimedOut')],
    });
  });

  const alarmOn = (template: Template, machineId: string, topicRef: object) => template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Threshold: 1,
    AlarmActions: [topicRef],
    Metrics: [
      { Expression: 'failed + timedOut', Id: 'expr_1' },
      ...[['failed', 'ExecutionsFailed'], ['timedOut', 'ExecutionsTimedOut']].map(([id, name]) => ({
        Id: id, ReturnData: false,
        MetricStat: { Metric: { MetricName: name, Namespace: 'AWS/States', Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }] }, Period: 300, Stat: 'Sum' },
      })),
    ],
  });

  test('a shared runner alarms on the runs of all its jobs (Step Functions metrics are per state machine), notifying its topic', () => {
    const stack = new Stack(new App(), 'Platform');
    const topic = new sns.Topic(stack, 'Failures');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'plat', notificationTopic: topic, failureAlarm: true });
    for (const team of ['ads', 'billing']) new ProcessingJob(stack, team, { runner, image });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(1);
    alarmOn(template, stack.getLogicalId(runner.stateMachine.node.defaultChild as sfn.CfnStateMachine), { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) });
    expect(runner.failureAlarm?.node.path).toBe('Platform/Runner/FailureAlarm');
  });

  test('a fleet alarms once per shard, on the shard runner\'s runs', () => {
    const stack = new Stack(new App(), 'Tables');
    const topic = new sns.Topic(stack, 'Failures');
    const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobNamePrefix: 'nightly', jobsPerShard: 1, notificationTopic: topic, failureAlarm: true });
    for (const table of ['orders', 'returns']) fleet.addJob(table, { image });
    for (const runner of fleet.runners) {
      const shard = Stack.of(runner);
      const template = Template.fromStack(shard);
      expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(1);
      alarmOn(template, shard.getLogicalId(runner.stateMachine.node.defaultChild as sfn.CfnStateMachine), { Ref: Match.stringLikeRegexp('Failures') });
    }
  });
});
