import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { JobSchedule, OutputPartitioning, ProcessingImage, ProcessingJob, ProcessingOutput, SKLearnVersion } from '../../lib';
import { PROCESSING_JOB_METADATA_TYPE } from '../../lib/job/metadata';
import { IMAGE_URI } from './stacks';

const image = ProcessingImage.fromRegistry(IMAGE_URI);

/** A pipeline state machine whose one step runs the job. */
function pipeline(stack: Stack, job: ProcessingJob): sfn.TaskStateBase {
  const step = job.asStep(stack, 'FeaturesStep', { overrides: { instanceCount: 2 } });
  new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(step) });
  return step;
}

describe('a job used only as a step (stepOnly)', () => {
  const stack = new Stack(new App(), 'Lake');
  const job = new ProcessingJob(stack, 'Features', {
    image, jobNamePrefix: 'features', stepOnly: true,
    processingOutputs: [ProcessingOutput.toJobBucket('report')], outputPartitioning: OutputPartitioning.RUN_ID,
  });
  const step = pipeline(stack, job);
  const template = Template.fromStack(stack);

  test('creates no runner: the pipeline is the only state machine, with its role and the job role the only roles, and no log group', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    const roles = Object.values<any>(template.findResources('AWS::IAM::Role')).map((r) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service);
    expect(roles.sort()).toEqual(['sagemaker.amazonaws.com', 'states.amazonaws.com']);
    expect(job.node.tryFindChild('Runner')).toBeUndefined();
  });

  test('the step runs the job as any job\'s step does: its request with the overrides, a fresh name, the job bucket output in the execution\'s folder', () => {
    const state = stack.resolve(step.toStateJson());
    expect(state.Parameters['ProcessingJobName.$']).toMatch(/^States\.Format\('features-\{\}/);
    expect(state.Parameters.ProcessingResources.ClusterConfig.InstanceCount).toBe(2);
    // A JSONPath step cannot use its one random name twice: the folder is `<prefix>-<execution name>` (under the role's `<prefix>-*`).
    expect(state.Parameters.ProcessingOutputConfig.Outputs[0].S3Output['S3Uri.$']).toEqual({ 'Fn::Join': ['', [
      "States.Format('s3://", { Ref: expect.stringMatching(/^FeaturesBucket/) }, "/{}/output/report', States.Format('features-{}', $$.Execution.Name))"]] });
    template.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('has no discovery metadata: the run command does not list it', () => {
    expect(job.node.metadata.filter((m) => m.type === PROCESSING_JOB_METADATA_TYPE)).toEqual([]);
  });

  test('has no runner or state machine to hand out', () => {
    const message = 'Lake/Features: the job has no runner (stepOnly: true): it runs only as steps of other state machines (asStep); ' +
      'leave stepOnly out to give it a runner (schedules, triggers, metrics, the run command)';
    expect(() => job.stateMachine).toThrow(message);
    expect(() => job.metricFailed()).toThrow(message);
    expect(() => job.addSchedule('Nightly', JobSchedule.cron({ hour: '2', minute: '0' }))).toThrow(message);
  });
});

test('a job without stepOnly keeps its runner when it is also a step (schedules, triggers and the run command start that runner)', () => {
  const stack = new Stack(new App(), 'Lake');
  pipeline(stack, new ProcessingJob(stack, 'Features', { image }));
  Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 2);
});

test.each<[string, object, string]>([
  ['a schedule', { schedule: JobSchedule.cron({ hour: '2', minute: '0' }) }, 'schedule needs'],
  ['runner options and an alarm', { retry: { maxAttempts: 1 }, failureAlarm: true }, 'failureAlarm, retry need'],
])('stepOnly with %s is refused at synth', (_, props, what) => {
  expect(() => new ProcessingJob(new Stack(new App(), 'Bad'), 'Job', { image, stepOnly: true, ...props })).toThrow(
    `Bad/Job: ${what} a runner, and the job is stepOnly (it runs only as steps of other state machines, with asStep); leave stepOnly out to give the job a runner`);
});

describe('a step in another region or account than its job', () => {
  // With crossRegionReferences CDK would otherwise write the step: its state machine would create the
  // job in its own region, with the image, keys and role resolved for the job's.
  function twoStacks(b: { region: string; account: string }) {
    const app = new App();
    const a = new Stack(app, 'Jobs', { env: { region: 'us-east-1', account: '111122223333' }, crossRegionReferences: true });
    const other = new Stack(app, 'Pipelines', { env: b, crossRegionReferences: true });
    const job = new ProcessingJob(a, 'Features', { image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1), jobNamePrefix: 'features', stepOnly: true });
    return { job, other };
  }

  test('another region: a synth error naming both regions and stacks', () => {
    const { job, other } = twoStacks({ region: 'eu-west-1', account: '111122223333' });
    expect(() => job.asStep(other, 'Step')).toThrow('Pipelines/Step: asStep of Jobs/Features: the step\'s state machine runs in region eu-west-1 ' +
      '(stack Pipelines) and the job is defined in region us-east-1 (stack Jobs); a step creates the job where its state machine runs, so the job\'s ' +
      'image, keys and role must be of that region: define the job (stepOnly: true) in a stack of the step\'s account and region');
  });

  test('another account: a synth error naming both accounts', () => {
    const { job, other } = twoStacks({ region: 'us-east-1', account: '444455556666' });
    expect(() => job.asStep(other, 'Step')).toThrow(/the step's state machine runs in account 444455556666 \(stack Pipelines\) and the job is defined in account 111122223333 \(stack Jobs\)/);
  });

  test('another stack of the same environment, or an env-agnostic one, is fine', () => {
    const app = new App();
    const env = { region: 'us-east-1', account: '111122223333' };
    const job = new ProcessingJob(new Stack(app, 'Jobs', { env }), 'Features', { image, jobNamePrefix: 'features', stepOnly: true });
    expect(() => job.asStep(new Stack(app, 'Pipelines', { env }), 'Step')).not.toThrow();
    expect(() => job.asStep(new Stack(app, 'Agnostic'), 'Step')).not.toThrow();
  });
});
