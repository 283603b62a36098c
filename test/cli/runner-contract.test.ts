/**
 * What the command reads in an execution's history is what the synthesized runner writes: the
 * stand-in models the runner, so this test holds the model to the real definition (lib/job), and
 * the command's list of the runner's states (cli/src/runner-states.ts) to every state a runner has.
 */
import { App, Stack } from 'aws-cdk-lib';
import { OverlapPolicy, ProcessingImage, ProcessingJob, ProcessingJobRunner } from '../../lib';
import { RUNNER_STATE_NAMES, RUNNER_TASK_RETRIES, RUNNER_WAITS } from '../../cli/src/runner-states';
import { IMAGE_URI, nightlyJobStack } from '../job/stacks';
import { completed, Handler, jobFailure, runLocally, taskError } from '../job/local-run';
import { stateMachineDefinition, stateMachineDefinitions } from '../util/definition';

let definition: any;
beforeAll(() => {
  definition = stateMachineDefinition(nightlyJobStack().stack);
});

/** Every state of a definition, those of Map and Parallel branches too. */
function stateNames(states: { [name: string]: any }): string[] {
  return Object.entries(states).flatMap(([name, state]) => [
    name,
    ...[state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].filter((b) => b?.States).flatMap((b) => stateNames(b.States)),
  ]);
}

/** Runners of every kind and option: a job's own (with a topic, SKIP, no retries), a shared runner with and without SKIP. */
function everyRunner(): any[] {
  const stack = new Stack(new App(), 'Platform');
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
  const image = ProcessingImage.fromRegistry(IMAGE_URI);
  new ProcessingJob(stack, 'Alpha', { runner, image });
  new ProcessingJob(stack, 'Beta', { runner, image, overlap: OverlapPolicy.SKIP });
  return [
    definition,
    stateMachineDefinition(nightlyJobStack({ overlap: OverlapPolicy.SKIP }).stack),
    stateMachineDefinition(nightlyJobStack({ notificationTopic: undefined, retry: { maxAttempts: 0, capacityAttempts: 0 } }).stack),
    ...Object.values(stateMachineDefinitions(stack)),
  ];
}

test('the command knows every state of every runner, and every state it knows is one a runner has', () => {
  const synthesized = new Set(everyRunner().flatMap((d) => stateNames(d.States)));
  expect([...synthesized].filter((name) => !RUNNER_STATE_NAMES.includes(name))).toEqual([]);
  expect(RUNNER_STATE_NAMES.filter((name) => !synthesized.has(name))).toEqual([]);
});

test('every Wait state of a runner is a wait the command shows, entered with { attempt, wait } at its counter and waiting that many seconds', () => {
  const waits = everyRunner().flatMap((d) => Object.entries<any>(d.States).filter(([, s]) => s.Type === 'Wait'));
  expect(waits.length).toBeGreaterThan(0);
  for (const [name, state] of waits) {
    expect(Object.keys(RUNNER_WAITS)).toContain(name);
    expect(state).toMatchObject({ Type: 'Wait', SecondsPath: `$.${RUNNER_WAITS[name].counter}.wait` });
  }
});

test('every Retrier of a runner is a retry the command shows, for the errors it retries', () => {
  const retriers = everyRunner().flatMap((d) => Object.entries<any>(d.States).filter(([, s]) => s.Retry));
  expect(retriers.length).toBeGreaterThan(0);
  for (const [name, state] of retriers) {
    expect(Object.keys(RUNNER_TASK_RETRIES)).toContain(name);
    expect([...RUNNER_TASK_RETRIES[name].errors].sort()).toEqual([...new Set(state.Retry.flatMap((r: any) => r.ErrorEquals))].sort());
  }
});

test('the job is created by a sagemaker createProcessingJob.sync task whose arguments, as evaluated, carry ProcessingJobName (TaskScheduled events)', async () => {
  const tasks = Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Task' && String(s.Resource).endsWith(':sagemaker:createProcessingJob.sync'));
  expect(tasks).toHaveLength(1);
  // A JSONata task's TaskScheduled event carries its evaluated Arguments: the request, with the run's name.
  const [name] = tasks[0];
  const run = await runLocally(definition, {}, { [name]: completed });
  expect(run.requests[name][0].ProcessingJobName).toMatch(/^nightly-features-\d{8}-\d{6}-[0-9a-f]{8}$/);
});

// A throttled CreateProcessingJob as the optimized integration raises it (lib/job/failure-handling.ts).
const THROTTLED = 'Rate exceeded (Service: AmazonSageMaker; Status Code: 400; Error Code: ThrottlingException; Request ID: 0f0f0f0f; Proxy: null)';
const FIRST_FAILURE: { [wait: string]: { failure: (request: any) => Error; wait: number; error: { Error: string } } } = {
  WaitForCapacity: { failure: (r) => jobFailure(r, 'CapacityError: Unable to provision requested ML compute capacity.'), wait: 300, error: { Error: 'States.TaskFailed' } },
  WaitForThrottle: { failure: () => taskError('SageMaker.AmazonSageMakerException', THROTTLED), wait: 30, error: { Error: 'SageMaker.AmazonSageMakerException' } },
};

test.each(Object.keys(RUNNER_WAITS))('the runner waits in %s entered with its counter { attempt, wait } and the failed attempt\'s error, which the command reads', async (wait) => {
  const how = FIRST_FAILURE[wait];
  expect(how).toBeDefined(); // a new wait state needs a way here to be entered
  let calls = 0;
  const task = Object.entries<any>(definition.States).find(([, s]) => String(s.Resource).endsWith('createProcessingJob.sync'))![0];
  const handler: Handler = (request) => {
    calls++;
    if (calls === 1) throw how.failure(request);
    return completed(request);
  };
  const run = await runLocally(definition, {}, { [task]: handler });
  expect(run.error).toBeUndefined();
  expect(run.states).toContain(wait);
  // The state before the wait leaves { attempt, wait } at the counter: the wait's input, which the command reads.
  expect(run.output[RUNNER_WAITS[wait].counter]).toEqual({ attempt: 1, wait: how.wait });
  expect(run.output.error).toMatchObject(how.error);
});
