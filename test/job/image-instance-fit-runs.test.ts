import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  ImageProcessorType, JobSchedule, ProcessingImage, ProcessingInstanceType, ProcessingJob, ProcessingJobProps, ProcessingJobRunner,
  PyTorchVersion, SKLearnVersion,
} from '../../lib';
import { PROCESSING_JOB_METADATA_TYPE } from '../../lib/job/metadata';
import { completed, runLocally } from './local-run';
import { stateMachineDefinition, stateMachineDefinitions } from '../util/definition';

/**
 * A managed image chosen CPU or GPU by the job's instance type is fixed at synth (the SDK picks it
 * at job creation); a run that moves the job to an instance its image does not fit is refused by
 * the runner (executed with aws-local-stepfunctions), by the synth for static overrides, and the
 * job's metadata carries the fit for the CLI.
 */
const pytorch = (options: { processorType?: ImageProcessorType } = {}) => ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { pyVersion: 'py312', ...options });
const entrypoint = ['python3', '/opt/ml/processing/input/code/train.py'];
const CPU_PYTORCH = "the cpu image of PyTorch 2.8.0, chosen for ml.m5.xlarge when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri)";

function ownRunner(props: Partial<ProcessingJobProps>) {
  const stack = new Stack(new App(), 'Models', { env: { region: 'us-east-1' } });
  new ProcessingJob(stack, 'Train', { image: pytorch(), entrypoint, instanceType: ProcessingInstanceType.ML_M5_XLARGE, ...props });
  return { stack, definition: stateMachineDefinition(stack), job: {} };
}

function sharedRunner(props: Partial<ProcessingJobProps>) {
  const stack = new Stack(new App(), 'Models', { env: { region: 'us-east-1' } });
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'ml' });
  new ProcessingJob(stack, 'Train', { runner, image: pytorch(), entrypoint, instanceType: ProcessingInstanceType.ML_M5_XLARGE, ...props });
  return { stack, definition: Object.values(stateMachineDefinitions(stack))[0], job: { job: 'Train' } };
}

describe.each([['a job of its own runner', ownRunner], ['a job of a shared runner', sharedRunner]])('%s', (_name, build) => {
  const cpu = build({});

  test.each<[string, string, string]>([
    ['a GPU instance', 'ml.g5.xlarge', `instanceType ml.g5.xlarge (processor type gpu) does not fit the job's image: ${CPU_PYTORCH}: ` +
      'give the image processorType GPU (a GPU image runs on CPU instances too)'],
    ['an Inferentia instance', 'ml.inf2.xlarge', `instanceType ml.inf2.xlarge (processor type inf) does not fit the job's image: ${CPU_PYTORCH}: ` +
      'PyTorch 2.8.0 has no inf image (processor types: cpu, gpu)'],
  ])('the CPU image chosen for ml.m5.xlarge: refuses %s before any job starts', async (_what, instanceType, cause) => {
    const run = await runLocally(cpu.definition, { ...cpu.job, instanceType }, { Run: completed });
    expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause });
    expect(run.requests.Run).toBeUndefined();
  });

  test('the CPU image runs on another CPU instance type', async () => {
    const run = await runLocally(cpu.definition, { ...cpu.job, instanceType: 'ml.c5.4xlarge' }, { Run: completed });
    expect(run.error).toBeUndefined();
    expect(run.requests.Run[0].ProcessingResources.ClusterConfig.InstanceType).toBe('ml.c5.4xlarge');
    expect(run.requests.Run[0].AppSpecification.ImageUri).toBe('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-cpu-py312');
  });

  test('the GPU image chosen for ml.g5.xlarge runs on a CPU instance too', async () => {
    const gpu = build({ instanceType: ProcessingInstanceType.ML_G5_XLARGE });
    const run = await runLocally(gpu.definition, { ...gpu.job, instanceType: 'ml.m5.2xlarge' }, { Run: completed });
    expect(run.error).toBeUndefined();
    expect(run.requests.Run[0].AppSpecification.ImageUri).toMatch(/pytorch-training:2\.8\.0-gpu-py312$/);
  });

  test.each<[string, Partial<ProcessingJobProps>]>([
    ['the image is pinned with processorType', { image: pytorch({ processorType: ImageProcessorType.CPU }) }],
    ['the image is your own', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1') }],
  ])('any instance type when %s', async (_what, props) => {
    const job = build(props);
    const run = await runLocally(job.definition, { ...job.job, instanceType: 'ml.g5.xlarge' }, { Run: completed });
    expect(run.error).toBeUndefined();
  });
});

test('scikit-learn has CPU images only: a GPU run is refused, naming the processor types there are', async () => {
  const { definition } = ownRunner({ image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1) });
  const run = await runLocally(definition, { instanceType: 'ml.p3.2xlarge' }, { Run: completed });
  expect(run.error?.cause).toMatch(/^instanceType ml\.p3\.2xlarge \(processor type gpu\) does not fit the job's image: the cpu image of scikit-learn 1\.2-1, .*: scikit-learn 1\.2-1 has no gpu image \(processor types: cpu\)$/);
});

test('a schedule whose static overrides move the job to a GPU instance fails the synth on the schedule', () => {
  expect(() => ownRunner({ schedule: JobSchedule.cron({ hour: '2', minute: '0', overrides: { instanceType: 'ml.g5.xlarge' } }) })).toThrow(
    `Models/Train/Schedule: overrides.instanceType ml.g5.xlarge (processor type gpu) does not fit the job's image: ${CPU_PYTORCH}: ` +
    'give the image processorType GPU (a GPU image runs on CPU instances too)');
});

test('the job\'s metadata carries the fit, for the run command', () => {
  const { stack } = ownRunner({});
  const entry = stack.node.findChild('Train').node.metadata.find((m) => m.type === PROCESSING_JOB_METADATA_TYPE)!;
  expect((entry.data as any).imageFit).toEqual({
    image: 'PyTorch 2.8.0', processor: 'cpu', chosenFor: ['ml.m5.xlarge'], runsOn: ['cpu'], available: ['cpu', 'gpu'],
  });
});

test('a step whose instance type comes from the state\'s input gets a warning: nothing checks it before the job starts', () => {
  const stack = new Stack(new App(), 'Models', { env: { region: 'us-east-1' } });
  const job = new ProcessingJob(stack, 'Train', { image: pytorch(), entrypoint, instanceType: ProcessingInstanceType.ML_M5_XLARGE, stepOnly: true });
  job.asStep(stack, 'TrainStep', { overrides: { instanceType: sfn.JsonPath.stringAt('$.instanceType') } });
  const warnings = Annotations.fromStack(stack).findWarning('/Models/TrainStep', Match.anyValue()).map((w) => w.entry.data);
  expect(warnings).toEqual([
    "Models/TrainStep: overrides.instanceType is known only at run time, and the job's image is the cpu image of PyTorch 2.8.0, chosen for ml.m5.xlarge; " +
    'a run keeps it (AppSpecification.ImageUri), and nothing checks the instance type before the job starts: on gpu, inf, trn instance types it ' +
    'would not run as meant. Give the image processorType to choose it, or pass only cpu instance types [ack: cdk-sagemaker-processing:instance-type-image-fit]',
  ]);
});
