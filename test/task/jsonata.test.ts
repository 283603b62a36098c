import type { CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import { Token } from 'aws-cdk-lib';
import { ProcessingImage, ProcessingInput, ProcessingInstanceType, SageMakerCreateProcessingJob } from '../../lib';
import { LIMITS } from '../../lib/api/limits';
import { evaluateJsonata } from '../util/jsonata';
import { IMAGE_URI, newStack } from './helpers';

function jsonataArguments() {
  const stack = newStack();
  const task = SageMakerCreateProcessingJob.jsonata(stack, 'Job', {
    jobNamePrefix: 'weekly-report',
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    arguments: ['--date', '{% $states.input.date %}'],
    environment: { RUN_ID: '{% $states.context.Execution.Name %}' },
    instanceType: ProcessingInstanceType.of('{% $states.input.instanceType %}'),
    instanceCount: Token.asNumber('{% $states.input.count %}'),
    processingInputs: [ProcessingInput.fromS3Uri('raw', '{% $states.input.inputUri %}')],
  });
  return (stack.resolve(task.toStateJson()) as any).Arguments;
}

const states = (input: object) => ({
  input,
  context: { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:exec-7', Name: 'exec-7', StartTime: '2026-11-24T02:00:07.123Z', Input: input } },
});

describe('JSONata Arguments evaluated with the jsonata package', () => {
  test('fills in name, arguments, environment, cluster and input URI from $states', async () => {
    const request: CreateProcessingJobRequest = await evaluateJsonata(jsonataArguments(),
      states({ date: '2026-11-23', instanceType: 'ml.m5.4xlarge', count: 3, inputUri: 's3://raw/2026-11-23/' }));
    expect(request.ProcessingJobName).toMatch(/^weekly-report-20261124-020007-[0-9a-f]{8}$/);
    expect(request.AppSpecification!.ContainerArguments).toEqual(['--date', '2026-11-23']);
    expect(request.Environment).toEqual({ RUN_ID: 'exec-7' });
    expect(request.ProcessingResources!.ClusterConfig).toEqual({ InstanceType: 'ml.m5.4xlarge', InstanceCount: 3, VolumeSizeInGB: 30 });
    expect(request.ProcessingInputs![0].S3Input!.S3Uri).toBe('s3://raw/2026-11-23/');
  });

  test('1000 evaluations in the same second give 1000 distinct valid names', async () => {
    const template = jsonataArguments().ProcessingJobName;
    const names = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const name: string = await evaluateJsonata(template, states({}));
      expect(name.length).toBeLessThanOrEqual(LIMITS.jobName.max);
      expect(name).toMatch(LIMITS.jobName.pattern);
      names.add(name);
    }
    expect(names.size).toBe(1000);
  });
});
