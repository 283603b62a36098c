import * as fs from 'fs';
import * as path from 'path';
import { CreateProcessingJobCommand, CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  OutputPartitioning, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingJobRunner, ProcessingOutput, ScriptProcessor,
} from '../../lib';
import { resolveIntrinsics } from '../../cli/src/intrinsics';
import { completed, runLocally } from '../job/local-run';
import { useDeployedApp } from '../util/deployed-stack';
import { clock, cli, mocks } from './harness';

/**
 * The contract end to end: a real ProcessingJob stack is synthesized, the CLI finds its jobs in
 * that cdk.out, the execution input it sends is run through the synthesized state machine
 * (aws-local-stepfunctions), and `--direct` must create the very request the state machine creates.
 */
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/DataLake/0f0f0f0f-1111-2222-3333-444455556666';
const deployed = useDeployedApp('DataLake', STACK_ID, (stack) => {
  const lake = new s3.Bucket(stack, 'Lake');
  new ProcessingJob(stack, 'NightlyFeatures', {
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1'), command: ['python3'] }),
    code: ProcessingCode.fromAsset(path.join(__dirname, '..', '..', 'examples', 'processors', 'sklearn', 'preprocessing.py')),
    jobNamePrefix: 'nightly-features',
    arguments: ['--mode', 'full'],
    environment: { LOG_LEVEL: 'info' },
    processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('features', lake, 'features/')],
    instanceType: ProcessingInstanceType.ML_M5_XLARGE,
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
  });
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
  new ProcessingJob(stack, 'Weekly', { runner, image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/weekly:1'), arguments: ['--all'] });
});

/** Resolved definitions by logical id: one object per state machine, so aws-local-stepfunctions validates each once. */
const definitions = new Map<string, any>();

/**
 * The definition Step Functions would get: the `DefinitionString`, or a shared runner's asset file
 * (`DefinitionS3Location`, staged in cdk.out as asset.<key>) with its `DefinitionSubstitutions`.
 */
async function deployedDefinition(props: any): Promise<string> {
  if (!props.DefinitionS3Location) return await resolveIntrinsics(props.DefinitionString, deployed.facts) as string;
  const values = await resolveIntrinsics(props.DefinitionSubstitutions ?? {}, deployed.facts) as Record<string, string>;
  const text = fs.readFileSync(path.join(deployed.outdir, `asset.${props.DefinitionS3Location.Key}`), 'utf8');
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The state machine the CLI started, with its definition's intrinsics resolved like a deployment would. */
async function startedMachine(): Promise<{ definition: any; input: any; name: string }> {
  const start = mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
  const logicalId = start.stateMachineArn!.split(':').pop()!;
  if (!definitions.has(logicalId)) definitions.set(logicalId, JSON.parse(await deployedDefinition(deployed.template.Resources[logicalId].Properties)));
  return { definition: definitions.get(logicalId), input: JSON.parse(start.input!), name: start.name! };
}

const OVERRIDES = ['--arg', '--mode', '--arg', 'backfill', '--env', 'LOG_LEVEL=debug', '--instance-type', 'ml.m5.2xlarge', '--instance-count', '2',
  '--input', 'raw=s3://backfill/raw/', '--output', 'features=s3://backfill/features/', '--scheduled-time', '2026-11-20T02:00:00Z'];

test('list finds the jobs of the synthesized app, own runner and shared runner', async () => {
  const result = await cli(['--cdk-out', deployed.outdir, 'list', '--json']);
  expect(JSON.parse(result.stdout)).toEqual([
    { path: 'DataLake/NightlyFeatures', stack: 'DataLake', jobNamePrefix: 'nightly-features' },
    { path: 'DataLake/Weekly', stack: 'DataLake', jobNamePrefix: 'pl-Weekly' },
  ]);
});

test('run: the state machine accepts the execution input and creates the job; --direct creates the same request', async () => {
  const viaMachine = await cli(['--cdk-out', deployed.outdir, 'run', 'NightlyFeatures', '--no-wait', ...OVERRIDES]);
  expect(viaMachine.stderr).toBe('');
  const { definition, input, name } = await startedMachine();
  const run = await runLocally(definition, input, { Run: completed }, name);
  expect(run.error).toBeUndefined();
  const machineRequest: CreateProcessingJobRequest = run.requests.Run[0];

  const direct = await cli(['--cdk-out', deployed.outdir, 'run', 'NightlyFeatures', '--direct', '--no-wait', ...OVERRIDES]);
  expect(direct.stderr).toBe('');
  const directRequest = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;

  // The run's identity differs by design: the execution name through the state machine, the job name in direct mode.
  expect(machineRequest.Environment!.PROCESSING_RUN_ID).toBe(name);
  expect(directRequest.Environment!.PROCESSING_RUN_ID).toBe(directRequest.ProcessingJobName);
  for (const request of [machineRequest, directRequest]) {
    expect(request.ProcessingJobName).toMatch(/^nightly-features-\d{8}-\d{6}-[0-9a-f]{8}$/);
    delete (request as any).ProcessingJobName;
    delete request.Environment!.PROCESSING_RUN_ID;
  }
  expect(directRequest).toEqual(machineRequest);
  expect(directRequest).toMatchObject({
    RoleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\/nightlyfeaturesjobrole[0-9a-f]{8}$/),
    AppSpecification: { ContainerArguments: ['--mode', 'backfill'] },
    ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.2xlarge', InstanceCount: 2 } },
    Environment: { LOG_LEVEL: 'debug', PROCESSING_SCHEDULED_TIME: '2026-11-20T02:00:00Z' },
    ProcessingOutputConfig: { Outputs: [{ OutputName: 'features', S3Output: { S3Uri: 's3://backfill/features/dt=2026-11-20/' } }] },
  });
  expect(directRequest.ProcessingInputs!.map((i) => [i.InputName, i.S3Input!.S3Uri])).toEqual([
    ['raw', 's3://backfill/raw/'],
    ['code', expect.stringMatching(/^s3:\/\/cdk-hnb659fds-assets-123456789012-us-east-1\/[0-9a-f]{64}\/preprocessing\.py$/)],
  ]);
});

test('run without overrides: the job\'s own values, the run scheduled at its start', async () => {
  clock.now = Date.parse('2026-11-24T09:00:00Z');
  expect((await cli(['--cdk-out', deployed.outdir, 'run', 'DataLake/NightlyFeatures', '--no-wait'])).code).toBe(0);
  const { definition, input, name } = await startedMachine();
  expect(input).toEqual({});
  const run = await runLocally(definition, input, { Run: completed }, name);
  const request = run.requests.Run[0];
  expect(request.ProcessingInputs[0].S3Input.S3Uri).toMatch(/^s3:\/\/lake[0-9a-f]{8}\/raw\/$/);
  expect(request.AppSpecification.ContainerArguments).toEqual(['--mode', 'full']);
});

test('a job of a shared runner: the input names it, and the runner runs it', async () => {
  expect((await cli(['--cdk-out', deployed.outdir, 'run', 'Weekly', '--no-wait', '--arg', '--since=2026-11-01'])).code).toBe(0);
  const { definition, input, name } = await startedMachine();
  expect(input).toEqual({ job: 'Weekly', arguments: ['--since=2026-11-01'] });
  const run = await runLocally(definition, input, { Run: completed }, name);
  expect(run.error).toBeUndefined();
  expect(run.requests.Run[0].ProcessingJobName).toMatch(/^pl-Weekly-\d{8}-\d{6}-[0-9a-f]{8}$/);
  expect(run.requests.Run[0].AppSpecification.ContainerArguments).toEqual(['--since=2026-11-01']);
  // The shared runner's job roles live under its IAM path; --direct builds the same role ARN.
  expect(run.requests.Run[0].RoleArn).toMatch(/^arn:aws:iam::123456789012:role\/processing-jobs\/pl\/weeklyjobrole[0-9a-f]{8}$/);
  expect((await cli(['--cdk-out', deployed.outdir, 'run', 'Weekly', '--direct', '--no-wait'])).code).toBe(0);
  expect(mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input.RoleArn).toBe(run.requests.Run[0].RoleArn);
});
