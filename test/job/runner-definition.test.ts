import { App, Stack } from 'aws-cdk-lib';
import { OutputPartitioning, OverlapPolicy, ProcessingImage, ProcessingJob, ProcessingJobRunner } from '../../lib';
import { LibraryJobsStack } from '../../bench/library/library-stack';
import { stateMachineDefinition, stateMachineDefinitions } from '../util/definition';
import { IMAGE_URI, nightlyJobStack } from './stacks';

/**
 * The runner's definition does not grow with a job's options: the job is data in the first state
 * (`Job`, or a `Route` rule), and the same fixed states apply it.
 */
const size = (definition: unknown) => JSON.stringify(definition).length;

/** The definition without the job's data. */
function fixedStates(definition: any): any {
  return { ...definition, States: Object.fromEntries(Object.entries(definition.States).filter(([name]) => name !== 'Job')) };
}

test('two jobs of their own runners, one with every run option and one with none, have the same states but the job\'s data', () => {
  const full = stateMachineDefinition(nightlyJobStack().stack);
  const bare = stateMachineDefinition(nightlyJobStack({
    arguments: undefined, environment: undefined, processingInputs: [], processingOutputs: [], outputPartitioning: OutputPartitioning.NONE,
  }).stack);
  expect(Object.keys(full.States)).toEqual(Object.keys(bare.States));
  expect(fixedStates(full)).toEqual(fixedStates(bare));
  expect(full.States.Job.Assign.job.request).not.toEqual(bare.States.Job.Assign.job.request);
});

test('OverlapPolicy.SKIP adds the same fixed states to any runner: CheckRunning, IsRunning, Skipped', () => {
  const plain = stateMachineDefinition(nightlyJobStack().stack);
  const skip = stateMachineDefinition(nightlyJobStack({ overlap: OverlapPolicy.SKIP }).stack);
  expect(Object.keys(skip.States).filter((s) => !(s in plain.States)).sort()).toEqual(['CheckRunning', 'IsRunning', 'Skipped']);
  expect(skip.States.Job.Next).toBe('CheckRunning');
});

test('a shared runner grows by one Route rule per job: at most 1.5 KB for the bench\'s job (code in S3, an input, an output, a schedule)', () => {
  const definitionOf = (jobs: number) => Object.values(stateMachineDefinitions(new LibraryJobsStack(new App(), 'Library', jobs)))[0];
  const [two, twelve, twentyTwo] = [2, 12, 22].map(definitionOf);
  const perJob = (size(twelve) - size(two)) / 10;
  expect(perJob).toBeLessThanOrEqual(1536);
  // The same for every further job: nothing else grows.
  expect((size(twentyTwo) - size(twelve)) / 10).toBe(perJob);
  expect(Object.keys(twentyTwo.States)).toEqual(Object.keys(two.States));
  expect(twentyTwo.States.Route.Choices).toHaveLength(22);
  expect(new Set(twentyTwo.States.Route.Choices.map((rule: any) => rule.Next))).toEqual(new Set(['Run']));
});

test('jobs of a shared runner with SKIP and without go to the same states', () => {
  const stack = new Stack(new App(), 'Platform');
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
  const image = ProcessingImage.fromRegistry(IMAGE_URI);
  new ProcessingJob(stack, 'Alpha', { runner, image });
  new ProcessingJob(stack, 'Beta', { runner, image, overlap: OverlapPolicy.SKIP });
  new ProcessingJob(stack, 'Gamma', { runner, image, overlap: OverlapPolicy.SKIP });
  const definition = Object.values(stateMachineDefinitions(stack))[0];
  expect(definition.States.Route.Choices.map((rule: any) => [rule.Assign.job.id, rule.Next])).toEqual([['Alpha', 'Run'], ['Beta', 'CheckRunning'], ['Gamma', 'CheckRunning']]);
});
