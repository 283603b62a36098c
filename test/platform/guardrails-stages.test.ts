import { App, Aspects, Duration, Stack, Stage } from 'aws-cdk-lib';
import {
  JobSchedule, ProcessingDefaults, ProcessingGuardrails, ProcessingImage, ProcessingInstanceType, ProcessingJob, ProcessingJobRun, SageMakerCreateProcessingJob,
} from '../../lib';
import { completed, runLocally } from '../job/local-run';
import { stateMachineDefinition } from '../util/definition';

/**
 * aws-cdk-lib stops an Aspect at a nested Stage: `Aspects.of(app)` never visits the stacks of a
 * CDK Pipelines app. Guardrails applied to an app or a stage reach the jobs of every stage under it.
 */
const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1');
const guardrails = () => new ProcessingGuardrails({ maxInstanceCount: 2, requiredTags: ['team'] });

/** A stack in `stage` with a job of its own runner, a deploy-time run and a task, each on 5 instances and untagged. */
function jobsIn(stage: Stage): Stack {
  const stack = new Stack(stage, 'Jobs');
  new ProcessingJob(stack, 'Nightly', { image, instanceCount: 5, schedule: JobSchedule.rate(Duration.days(1)) });
  new ProcessingJobRun(stack, 'Backfill', { image, instanceCount: 5, instanceType: ProcessingInstanceType.ML_M5_LARGE });
  SageMakerCreateProcessingJob.jsonPath(stack, 'Task', { image, instanceCount: 5 });
  return stack;
}

/** The errors reported on the constructs of `stack` (what `cdk synth` prints and fails on). */
function errorsOf(stack: Stack): string[] {
  return stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:error').map((m) => String(m.data))).sort();
}

const violations = (stage: string) => [
  `${stage}/Jobs/Backfill: guardrail maxInstanceCount: instanceCount 5 is above the limit 2`,
  `${stage}/Jobs/Backfill: guardrail requiredTags: tag 'team' is missing (Tags)`,
  `${stage}/Jobs/Nightly: guardrail maxInstanceCount: instanceCount 5 is above the limit 2`,
  `${stage}/Jobs/Nightly: guardrail requiredTags: tag 'team' is missing (Tags)`,
  `${stage}/Jobs/Task: guardrail maxInstanceCount: instanceCount 5 is above the limit 2`,
  `${stage}/Jobs/Task: guardrail requiredTags: tag 'team' is missing (Tags)`,
];

test('guardrails applied to the app check the jobs of its stages, each stage deployed twice', () => {
  const app = new App();
  Aspects.of(app).add(guardrails());
  const dev = jobsIn(new Stage(app, 'Dev'));
  const prod = jobsIn(new Stage(app, 'Prod'));
  app.synth();
  expect(errorsOf(dev)).toEqual(violations('Dev'));
  expect(errorsOf(prod)).toEqual(violations('Prod'));
});

test('guardrails applied to a stage check the jobs of the stages inside it, and no stage beside it', () => {
  const app = new App();
  const pipeline = new Stage(app, 'Pipeline');
  Aspects.of(pipeline).add(guardrails());
  const stack = jobsIn(new Stage(pipeline, 'Eu'));
  const outside = jobsIn(new Stage(app, 'Other'));
  app.synth();
  expect(errorsOf(stack)).toEqual(violations('Pipeline/Eu'));
  expect(errorsOf(outside)).toEqual([]);
});

test('guardrails applied to the app and to the stage inside it report each violation once', () => {
  const app = new App();
  const policy = guardrails();
  Aspects.of(app).add(policy);
  const stage = new Stage(app, 'Dev');
  Aspects.of(stage).add(policy);
  const stack = jobsIn(stage);
  app.synth();
  expect(errorsOf(stack)).toEqual(violations('Dev'));
});

test('the stage\'s ProcessingDefaults tags count for app-wide guardrails, as they do in a stack', () => {
  const app = new App();
  Aspects.of(app).add(new ProcessingGuardrails({ requiredTags: ['team'] }));
  const stage = new Stage(app, 'Dev');
  ProcessingDefaults.of(stage).add({ tags: { team: 'analytics' } });
  const stack = jobsIn(stage);
  app.synth();
  expect(errorsOf(stack)).toEqual([]);
});

test('the runner of a job in a stage holds execution input to app-wide guardrails', async () => {
  const app = new App();
  Aspects.of(app).add(new ProcessingGuardrails({ maxInstanceCount: 4 }));
  const stack = new Stack(new Stage(app, 'Dev'), 'Jobs');
  new ProcessingJob(stack, 'Nightly', { image });
  const definition = stateMachineDefinition(stack);
  const run = await runLocally(definition, { instanceCount: 8 }, { Run: completed });
  expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause: 'guardrail maxInstanceCount: instanceCount 8 is above the limit 4' });
});
