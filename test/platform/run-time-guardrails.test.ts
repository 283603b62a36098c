import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import { JobSchedule, ProcessingGuardrails, ProcessingImage, ProcessingInstanceType, ProcessingJob, ProcessingJobRunner } from '../../lib';
import { completed, runLocally } from '../job/local-run';
import { stateMachineDefinition, stateMachineDefinitions } from '../util/definition';

/**
 * Guardrails hold for execution input too: the runner's own checks refuse a run outside them with
 * InvalidExecutionInput before any job starts (executed with aws-local-stepfunctions).
 */
const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1');
const guardrails = () => new ProcessingGuardrails({
  allowedInstanceTypes: [ProcessingInstanceType.ML_M5_XLARGE],
  allowedInstanceFamilies: ['c5'],
  maxInstanceCount: 4,
  lockedEnvironmentKeys: ['PIP_INDEX_URL', 'PYTHONPATH'],
});

describe.each([
  ['a job of its own runner', () => {
    const stack = new Stack(new App(), 'Guarded');
    Aspects.of(stack).add(guardrails());
    new ProcessingJob(stack, 'Nightly', { image, instanceType: ProcessingInstanceType.ML_M5_XLARGE });
    return { definition: stateMachineDefinition(stack), job: {}, task: 'Run' };
  }],
  ['a job of a shared runner (definition in S3, the runner created before its jobs)', () => {
    const app = new App();
    const stack = new Stack(app, 'Guarded');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'Nightly', { runner, image, instanceType: ProcessingInstanceType.ML_M5_XLARGE });
    Aspects.of(app).add(guardrails());
    return { definition: Object.values(stateMachineDefinitions(stack))[0], job: { job: 'Nightly' }, task: 'Run' };
  }],
])('%s', (_name, build) => {
  const { definition, job, task } = build();

  test.each<[string, Record<string, unknown>, string]>([
    ['an instance type outside the allowed types and families', { instanceType: 'ml.p3.2xlarge' },
      'guardrail allowedInstanceTypes: instanceType ml.p3.2xlarge is not allowed (allowed: types ml.m5.xlarge; families c5)'],
    ['more instances than the limit', { instanceCount: 8 }, 'guardrail maxInstanceCount: instanceCount 8 is above the limit 4'],
    ['a locked environment variable', { environment: { PIP_INDEX_URL: 'https://evil.example/simple' } },
      'guardrail lockedEnvironmentKeys: environment variable PIP_INDEX_URL may not be set by a run'],
  ])('refuses %s', async (_what, input, cause) => {
    const run = await runLocally(definition, { ...job, ...input }, { [task]: completed });
    expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause });
    expect(run.requests[task]).toBeUndefined();
  });

  test('runs what the guardrails allow: a type of an allowed family, 4 instances, another variable', async () => {
    const run = await runLocally(definition, { ...job, instanceType: 'ml.c5.2xlarge', instanceCount: 4, environment: { MODE: 'full' } }, { [task]: completed });
    expect(run.error).toBeUndefined();
    expect(run.requests[task][0].ProcessingResources.ClusterConfig).toMatchObject({ InstanceType: 'ml.c5.2xlarge', InstanceCount: 4 });
  });
});

test('lockedEnvironmentKeys: a schedule\'s static overrides may not set a locked variable either', () => {
  const stack = new Stack(new App(), 'Guarded');
  Aspects.of(stack).add(guardrails());
  new ProcessingJob(stack, 'Nightly', {
    image, instanceType: ProcessingInstanceType.ML_M5_XLARGE,
    schedule: JobSchedule.cron({ hour: '2', minute: '0', overrides: { environment: { PYTHONPATH: '/tmp/evil' } } }),
  });
  Annotations.fromStack(stack).hasError('/Guarded/Nightly/Schedule',
    'Guarded/Nightly/Schedule: guardrail lockedEnvironmentKeys: environment variable PYTHONPATH may not be set by a run (schedule overrides of Guarded/Nightly)');
});
