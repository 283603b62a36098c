/**
 * What the command reads in an execution's history is what the synthesized runner writes: the
 * stand-in models the runner, so this test holds the model to the real definition (lib/job).
 */
import { CAPACITY_WAIT_STATE } from '../../cli/src/run-state';
import { nightlyJobStack } from '../job/stacks';
import { completed, jobFailure, runLocally } from '../job/local-run';
import { stateMachineDefinition } from '../util/definition';

let definition: any;
beforeAll(() => {
  definition = stateMachineDefinition(nightlyJobStack().stack);
});

test('the job is created by a sagemaker createProcessingJob.sync task whose arguments, as evaluated, carry ProcessingJobName (TaskScheduled events)', async () => {
  const tasks = Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Task' && String(s.Resource).endsWith(':sagemaker:createProcessingJob.sync'));
  expect(tasks).toHaveLength(1);
  // A JSONata task's TaskScheduled event carries its evaluated Arguments: the request, with the run's name.
  const [name] = tasks[0];
  const run = await runLocally(definition, {}, { [name]: completed });
  expect(run.requests[name][0].ProcessingJobName).toMatch(/^nightly-features-\d{8}-\d{6}-[0-9a-f]{8}$/);
});

test(`after a capacity error the runner waits in ${CAPACITY_WAIT_STATE}, entered with { capacity: { attempt, wait } } and waiting capacity.wait seconds`, async () => {
  expect(definition.States[CAPACITY_WAIT_STATE]).toMatchObject({ Type: 'Wait', SecondsPath: '$.capacity.wait' });
  let calls = 0;
  const task = Object.entries<any>(definition.States).find(([, s]) => String(s.Resource).endsWith('createProcessingJob.sync'))![0];
  const run = await runLocally(definition, {}, {
    [task]: (request) => {
      calls++;
      if (calls === 1) throw jobFailure(request, 'CapacityError: Unable to provision requested ML compute capacity.');
      return completed(request);
    },
  });
  expect(run.states.slice(run.states.indexOf(CAPACITY_WAIT_STATE) - 1, run.states.indexOf(CAPACITY_WAIT_STATE) + 1)).toEqual(['FirstCapacityRetry', CAPACITY_WAIT_STATE]);
  // The state before the wait leaves { attempt, wait } at $.capacity: the wait's input, which the command reads.
  expect(run.output.capacity).toEqual({ attempt: 1, wait: 300 });
});
