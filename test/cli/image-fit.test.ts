import { CreateProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ProcessingImage, ProcessingInstanceType, ProcessingJob, PyTorchVersion } from '../../lib';
import { useDeployedApp } from '../util/deployed-stack';
import { cli, mocks } from './harness';

/**
 * `--instance-type` outside the kind of instance a job's managed image was chosen for is refused
 * before anything starts, through the runner and `--direct` alike, in the runner's words.
 */
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Models/0f0f0f0f-1111-2222-3333-444455556666';
const deployed = useDeployedApp('Models', STACK_ID, (stack) => {
  new ProcessingJob(stack, 'Train', {
    image: ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { pyVersion: 'py312' }),
    entrypoint: ['python3', '/opt/ml/processing/input/code/train.py'],
    instanceType: ProcessingInstanceType.ML_M5_XLARGE,
  });
});

test.each([['through the runner', []], ['--direct', ['--direct']]])('%s: a GPU instance for the CPU image is refused, nothing starts', async (_name, mode) => {
  const result = await cli(['--cdk-out', deployed.outdir, 'run', 'Train', '--no-wait', ...mode, '--instance-type', 'ml.g5.xlarge']);
  expect(result.stderr).toBe("error: --instance-type ml.g5.xlarge (processor type gpu) does not fit the job's image: the cpu image of PyTorch 2.8.0, " +
    "chosen for ml.m5.xlarge when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): give the image processorType GPU " +
    '(a GPU image runs on CPU instances too) (job Models/Train)\n');
  expect(result.code).toBe(2);
  expect(mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  expect(mocks.sm.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
});

test('another CPU instance type starts the run', async () => {
  const result = await cli(['--cdk-out', deployed.outdir, 'run', 'Train', '--no-wait', '--instance-type', 'ml.c5.2xlarge']);
  expect(result.stderr).toBe('');
  expect(JSON.parse(mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!)).toEqual({ instanceType: 'ml.c5.2xlarge' });
});
