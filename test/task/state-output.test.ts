import aslValidator from 'asl-validator';
import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, SageMakerCreateProcessingJob } from '../../lib';
import { completed, fixClock, runLocally } from '../job/local-run';
import { stateMachineDefinition } from '../util/definition';
import { IMAGE_URI, jsonPathTask, newStack } from './helpers';

/** The definition of a state machine made of the task alone (its state named `Job`), checked by asl-validator. */
function definitionOf(task: SageMakerCreateProcessingJob): any {
  const stack = Stack.of(task);
  new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  const definition = stateMachineDefinition(stack);
  expect(aslValidator(definition).errorsText('\n')).toBe('');
  return definition;
}

/** CreateProcessingJob's response (service-2.json CreateProcessingJobResponse: ProcessingJobArn). */
const created = (request: any) => ({ ProcessingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${String(request.ProcessingJobName).toLowerCase()}` });

/** A `.sync` result: DescribeProcessingJob's response (trimmed), with the failure fields a user reads. */
const described = (request: any) => ({ ...completed(request), ExitMessage: 'done', ProcessingEndTime: '2026-11-24T02:10:00Z', ProcessingOutputConfig: request.ProcessingOutputConfig });

beforeEach(() => fixClock('2026-11-24T02:00:07.123Z'));
afterEach(() => jest.useRealTimers());

/** What the state gives the next one: the service's response, shaped with the state's own fields. */
describe("the task's output", () => {
  test('REQUEST_RESPONSE, JSONPath: resultSelector picks ProcessingJobArn, resultPath keeps the input beside it', async () => {
    const { task } = jsonPathTask({
      jobNamePrefix: 'nightly', integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
      resultSelector: { 'arn': sfn.JsonPath.stringAt('$.ProcessingJobArn') }, resultPath: '$.job',
    });
    const run = await runLocally(definitionOf(task), { date: '2026-11-23' }, { Job: created });
    expect(run.output).toEqual({ date: '2026-11-23', job: { arn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:123456789012:processing-job\/nightly-20261124-020007-[0-9a-f]{8}$/) } });
  });

  test('.sync, JSONata: outputs reads DescribeProcessingJob\'s fields from $states.result', async () => {
    const task = SageMakerCreateProcessingJob.jsonata(newStack(), 'Job', {
      image: ProcessingImage.fromRegistry(IMAGE_URI), jobNamePrefix: 'nightly',
      outputs: { name: '{% $states.result.ProcessingJobName %}', status: '{% $states.result.ProcessingJobStatus %}', exit: '{% $states.result.ExitMessage %}' },
    });
    const run = await runLocally(definitionOf(task), {}, { Job: described });
    expect(run.output).toEqual({ name: expect.stringMatching(/^nightly-20261124-020007-[0-9a-f]{8}$/), status: 'Completed', exit: 'done' });
  });

  test('.sync, JSONPath: without a selector the whole description is the result', async () => {
    const { task } = jsonPathTask({ jobNamePrefix: 'nightly', resultPath: '$.job' });
    const run = await runLocally(definitionOf(task), {}, { Job: described });
    expect(run.output.job).toEqual(expect.objectContaining({ ProcessingJobStatus: 'Completed', ProcessingJobArn: expect.stringContaining(':processing-job/nightly-'), ExitMessage: 'done' }));
  });
});
