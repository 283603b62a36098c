import type { CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import aslValidator from 'asl-validator';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import { ProcessingInput, ProcessingOutput } from '../../lib';
import { LIMITS } from '../../lib/api/limits';
import { fixClock } from '../job/local-run';
import { stateMachineDefinition } from '../util/definition';
import { jsonPathTask, newStack } from './helpers';

function exampleMachine(integrationPattern = sfn.IntegrationPattern.RUN_JOB) {
  const stack = newStack();
  const bucket = new s3.Bucket(stack, 'Data');
  const { task } = jsonPathTask({
    integrationPattern,
    jobNamePrefix: 'nightly-features',
    arguments: ['--date', sfn.JsonPath.stringAt('$.date')],
    environment: { RUN_DATE: sfn.JsonPath.stringAt('$.date') },
    processingInputs: [ProcessingInput.fromS3Uri('raw', sfn.JsonPath.stringAt('$.inputUri'))],
    processingOutputs: [ProcessingOutput.toBucket('features', bucket, 'features/')],
    resultPath: '$.job',
  }, stack);
  new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  return stateMachineDefinition(stack);
}

/** Runs the definition locally; the SageMaker call is replaced by a function that records the request. */
async function execute(machine: LocalStateMachine, input: any) {
  const requests: CreateProcessingJobRequest[] = [];
  const run = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: {
        Job: async (input: any) => {
          const request = input as CreateProcessingJobRequest;
          requests.push(request);
          return { ProcessingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${request.ProcessingJobName!.toLowerCase()}`, ProcessingJobStatus: 'Completed' };
        },
      },
    },
  });
  const output = await run.result;
  return { output, requests };
}

beforeEach(() => fixClock('2026-11-24T02:00:07.123Z'));
afterEach(() => jest.useRealTimers());

describe('the synthesized state machine', () => {
  test.each([sfn.IntegrationPattern.RUN_JOB, sfn.IntegrationPattern.REQUEST_RESPONSE])('passes asl-validator (%s)', (pattern) => {
    const result = aslValidator(exampleMachine(pattern));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  test('runs with aws-local-stepfunctions and sends the request with the execution values filled in', async () => {
    const { output, requests } = await execute(new LocalStateMachine(exampleMachine()), { date: '2026-11-23', inputUri: 's3://raw/events/dt=2026-11-23/' });
    expect(requests).toHaveLength(1);
    const request = requests[0];
    expect(request.ProcessingJobName).toMatch(/^nightly-features-20261124-020007-[0-9a-f]{8}$/);
    expect(request.AppSpecification!.ContainerArguments).toEqual(['--date', '2026-11-23']);
    expect(request.Environment).toEqual({ RUN_DATE: '2026-11-23' });
    expect(request.ProcessingInputs![0].S3Input!.S3Uri).toBe('s3://raw/events/dt=2026-11-23/');
    expect(request.ProcessingOutputConfig!.Outputs![0].S3Output!.S3Uri).toMatch(/^s3:\/\/Data[0-9A-F]{8}\/features\/$/);
    expect(request.RoleArn).toMatch(/^arn:aws:iam::123456789012:role\/JobJobRole[0-9A-F]{8}$/);
    expect((output as any).job.ProcessingJobStatus).toBe('Completed');
  });

  test('1000 executions give 1000 distinct valid job names of at most 63 characters', async () => {
    const machine = new LocalStateMachine(exampleMachine());
    const names = new Set<string>();
    // All in the same second (the clock is fixed): only the UUID part tells them apart.
    for (let batch = 0; batch < 10; batch++) {
      const runs = await Promise.all(Array.from({ length: 100 }, () => execute(machine, { date: '2026-11-23', inputUri: 's3://raw/x/' })));
      for (const { requests } of runs) {
        const name = requests[0].ProcessingJobName!;
        expect(name.length).toBeLessThanOrEqual(LIMITS.jobName.max);
        expect(name).toMatch(LIMITS.jobName.pattern);
        names.add(name);
      }
    }
    expect(names.size).toBe(1000);
  });
});
