import aslValidator from 'asl-validator';
import { Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingInput, SageMakerCreateProcessingJob } from '../../lib';
import { LIMITS } from '../../lib/api/limits';
import { completed, fixClock, runLocally } from '../job/local-run';
import { stateMachineDefinition } from '../util/definition';
import { IMAGE_URI, jsonPathTask, newStack } from './helpers';

const P = 'TestStack/Job';

/** A JSONata state machine holding the given task (its state named `Job`). */
function inJsonataMachine(task: SageMakerCreateProcessingJob) {
  const stack = Stack.of(task);
  new sfn.StateMachine(stack, 'StateMachine', { queryLanguage: sfn.QueryLanguage.JSONATA, definitionBody: sfn.DefinitionBody.fromChainable(task) });
  return stateMachineDefinition(stack);
}

beforeEach(() => fixClock('2026-11-24T02:00:07.123Z'));
afterEach(() => jest.useRealTimers());

/**
 * A state that sets no queryLanguage takes its state machine's (aws-cdk-lib): `jsonPath(...)` and
 * the constructor without one, in a JSONata state machine, are JSONata states.
 */
describe('a task that sets no queryLanguage, in a JSONata state machine', () => {
  test.each<[string, () => SageMakerCreateProcessingJob]>([
    ['jsonPath(...)', () => jsonPathTask({ jobNamePrefix: 'nightly', maxRuntime: Duration.hours(2) }).task],
    ['the constructor', () => new SageMakerCreateProcessingJob(newStack(), 'Job', { image: ProcessingImage.fromRegistry(IMAGE_URI), jobNamePrefix: 'nightly' })],
  ])('%s: the default job name is built in JSONata, and the execution sends a valid name', async (_how, build) => {
    const definition = inJsonataMachine(build());
    expect(definition.States.Job.Arguments.ProcessingJobName).toMatch(/^\{% 'nightly-' & \$fromMillis\(/);
    expect(aslValidator(definition).errorsText('\n')).toBe('');
    const run = await runLocally(definition, {}, { Job: completed });
    expect(run.error).toBeUndefined();
    const name: string = run.requests.Job[0].ProcessingJobName;
    expect(name).toMatch(/^nightly-20261124-020007-[0-9a-f]{8}$/);
    expect(name).toMatch(LIMITS.jobName.pattern);
  });

  test('a JSONPath value is refused when the state machine is built, naming the construct path and the field', () => {
    const { task } = jsonPathTask({
      arguments: ['--date', sfn.JsonPath.stringAt('$.date')],
      processingInputs: [ProcessingInput.fromS3Uri('raw', sfn.JsonPath.stringAt('$.inputUri'))],
    });
    const hint = "the state sets no queryLanguage, so it takes its state machine's, JSONata: give the value as a JSONata expression {% ... %} " +
      '(SageMakerCreateProcessingJob.jsonata), or use the state in a JSONPath state machine';
    expect(() => inJsonataMachine(task)).toThrow([
      `${P}: arguments[1] is the JSONPath value $.date, but the state evaluates JSONata, not JSONPath: it would reach the container as that text; ${hint} (AppSpecification.ContainerArguments)`,
      `${P}: input 'raw' s3Uri is the JSONPath value $.inputUri, but the state evaluates JSONata, not JSONPath: it would reach the container as that text; ${hint} (ProcessingInputs[].S3Input.S3Uri)`,
    ].join('\n'));
  });

  test('a fixed job name is kept; in a JSONPath state machine the state stays JSONPath', () => {
    const fixed = inJsonataMachine(jsonPathTask({ jobName: 'backfill-1' }).task);
    expect(fixed.States.Job.Arguments.ProcessingJobName).toBe('backfill-1');
    const stack = newStack();
    const { task } = jsonPathTask({ jobNamePrefix: 'nightly' }, stack);
    new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    expect(stateMachineDefinition(stack).States.Job.Parameters['ProcessingJobName.$']).toMatch(/^States\.Format\('nightly-/);
  });
});
