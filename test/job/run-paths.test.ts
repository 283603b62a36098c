import * as path from 'path';
import { CreateProcessingJobCommand, CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  JobSchedule, OutputPartitioning, ProcessingCode, ProcessingInput, ProcessingJob, ProcessingJobDefinitionProps, ProcessingJobRun, ProcessingOutput,
  PySparkProcessor, SparkVersion,
} from '../../lib';
import { resolveIntrinsics } from '../../cli/src/intrinsics';
import { cli, mocks } from '../cli/harness';
import { useDeployedApp } from '../util/deployed-stack';
import { completed, runLocally } from './local-run';

/**
 * One run path: the same job and the same run values through the ways a run is created — the
 * runner's state machine (executed with aws-local-stepfunctions, started by the CLI or by a
 * schedule's input as the template has it), EventBridge Scheduler's direct mode (the schedule's target input with its placeholders filled in) and the
 * CLI's `run --direct` — give the same CreateProcessingJob request, for every kind of output
 * (S3, the job bucket, Feature Store, a PySpark job's event logs) and every output partitioning;
 * and a deploy-time run (`ProcessingJobRun`, no overrides) gives the request a run of the same
 * definition through the state machine gets.
 */
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Lake/0f0f0f0f-1111-2222-3333-444455556666';
const SCHEDULED = '2026-11-20T02:00:00Z';
const OVERRIDES = {
  arguments: ['--mode', 'backfill'],
  environment: { LOG_LEVEL: 'debug', EXTRA: '1' },
  instanceType: 'ml.m5.2xlarge',
  instanceCount: 2,
  inputs: { raw: 's3://backfill/raw/' },
  outputs: { 'features.v2': 's3://backfill/features/' },
};
const CLI_OVERRIDES = ['--arg', '--mode', '--arg', 'backfill', '--env', 'LOG_LEVEL=debug', '--env', 'EXTRA=1', '--instance-type', 'ml.m5.2xlarge',
  '--instance-count', '2', '--input', 'raw=s3://backfill/raw/', '--output', 'features.v2=s3://backfill/features/', '--scheduled-time', SCHEDULED];
const MODES = [
  { mode: OutputPartitioning.NONE, id: 'NoPartition', prefix: 'p-none' },
  { mode: OutputPartitioning.SCHEDULED_DATE, id: 'ByDate', prefix: 'p-date' },
  { mode: OutputPartitioning.RUN_ID, id: 'ByRun', prefix: 'p-run' },
];

/** The job's definition: a PySpark job with its event logs, an S3 and an Athena input, S3 and Feature Store outputs (and the job bucket's where given). */
function definition(lake: s3.IBucket, jobBucketOutput: boolean): ProcessingJobDefinitionProps {
  return {
    processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, sparkEventLogsS3Uri: 's3://lake-logs/spark-events' }),
    code: ProcessingCode.fromAsset(path.join(__dirname, '..', '..', 'examples', 'processors', 'pyspark', 'app.py')),
    arguments: ['--mode', 'full'],
    environment: { LOG_LEVEL: 'info' },
    processingInputs: [
      ProcessingInput.fromBucket('raw', lake, 'raw/'),
      ProcessingInput.fromAthena('events', { database: 'lake', queryString: 'SELECT * FROM events', outputS3Uri: 's3://lake-athena/results/' }),
    ],
    processingOutputs: [
      // A name with a dot (SageMaker takes any 1–256 characters): partitioned like any other.
      ProcessingOutput.toBucket('features.v2', lake, 'features/'),
      ...(jobBucketOutput ? [ProcessingOutput.toJobBucket('report')] : []),
      ProcessingOutput.toFeatureGroup('online', 'customer-features'),
    ],
  };
}

const deployed = useDeployedApp('Lake', STACK_ID, (stack) => {
  const lake = new s3.Bucket(stack, 'Data');
  // The same definition run by a job's state machine and at deploy time, with one role (each would create its own).
  const role = new iam.Role(stack, 'OnceRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  new ProcessingJob(stack, 'Once', { ...definition(lake, false), role, jobNamePrefix: 'once' });
  new ProcessingJobRun(stack, 'OnceAtDeploy', { ...definition(lake, false), role, jobNamePrefix: 'once' });
  for (const { mode, id, prefix } of MODES) {
    const job = new ProcessingJob(stack, id, {
      ...definition(lake, true),
      jobNamePrefix: prefix,
      outputPartitioning: mode,
      // Direct mode cannot cut the date out of the scheduled time: SCHEDULED_DATE runs through the state machine only.
      schedule: mode === OutputPartitioning.SCHEDULED_DATE ? undefined : JobSchedule.cron({ hour: '2', minute: '0', direct: true, overrides: OVERRIDES }),
    });
    // The same overrides through the runner: the schedule's input starts the state machine.
    job.addSchedule('ViaRunner', JobSchedule.cron({ hour: '3', minute: '0', overrides: OVERRIDES }));
  }
});

/**
 * A request with its run's name and run id replaced by stand-ins (they differ by design: one is
 * random, the other the execution's name): the name where it names the job and its folder in the
 * job bucket (`<bucket>/<job name>/output/<output>`), the run id everywhere else.
 */
function identified(request: CreateProcessingJobRequest, runId: string): unknown {
  const jobName = request.ProcessingJobName!;
  const Outputs = request.ProcessingOutputConfig?.Outputs?.map((o) => (o.S3Output
    ? { ...o, S3Output: { ...o.S3Output, S3Uri: o.S3Output.S3Uri!.split(`/${jobName}/output/`).join('/<job name>/output/') } } : o));
  const named = { ...request, ProcessingJobName: '<job name>', ProcessingOutputConfig: { ...request.ProcessingOutputConfig, Outputs } };
  return JSON.parse(JSON.stringify(named).split(runId).join('<run id>'));
}

/** The request the runner's state machine creates for the CLI's `run` with the overrides. */
async function viaStateMachine(id: string, overrides = CLI_OVERRIDES): Promise<{ request: CreateProcessingJobRequest; runId: string }> {
  expect((await cli(['--cdk-out', deployed.outdir, 'run', id, '--no-wait', ...overrides])).stderr).toBe('');
  const start = mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
  const props = deployed.template.Resources[start.stateMachineArn!.split(':').pop()!].Properties;
  const definition = JSON.parse(await resolveIntrinsics(props.DefinitionString, deployed.facts) as string);
  const run = await runLocally(definition, JSON.parse(start.input!), { Run: completed }, start.name!);
  expect(run.error).toBeUndefined();
  return { request: run.requests.Run[0], runId: start.name! };
}

/** The request `run --direct` creates. */
async function viaCliDirect(id: string): Promise<CreateProcessingJobRequest> {
  expect((await cli(['--cdk-out', deployed.outdir, 'run', id, '--direct', '--no-wait', ...CLI_OVERRIDES])).stderr).toBe('');
  return mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;
}

/** The request EventBridge Scheduler sends for the job's direct schedule, its placeholders filled in as Scheduler fills them. */
async function viaSchedulerDirect(id: string, executionId: string): Promise<CreateProcessingJobRequest> {
  const [schedule] = Object.values<any>(deployed.template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Name === undefined &&
    JSON.stringify(r.Properties.Target.Input).includes(`p-${id === 'ByRun' ? 'run' : 'none'}-<aws.scheduler.execution-id>`));
  const input = await resolveIntrinsics(schedule.Properties.Target.Input, deployed.facts) as string;
  return JSON.parse(input.split('<aws.scheduler.execution-id>').join(executionId).split('<aws.scheduler.scheduled-time>').join(SCHEDULED));
}

/** The request the runner's state machine creates when the job's `ViaRunner` schedule starts it: the schedule's input as Scheduler fills it in. */
async function viaScheduleThroughRunner(id: string, executionName: string): Promise<CreateProcessingJobRequest> {
  const resources = Object.entries<any>(deployed.template.Resources);
  const [, schedule] = resources.find(([key, r]) => key.startsWith(`${id}ViaRunner`) && r.Type === 'AWS::Scheduler::Schedule')!;
  const machine = deployed.template.Resources[schedule.Properties.Target.Arn.Ref];
  const input = await resolveIntrinsics(schedule.Properties.Target.Input, deployed.facts) as string;
  const definition = JSON.parse(await resolveIntrinsics(machine.Properties.DefinitionString, deployed.facts) as string);
  const run = await runLocally(definition, JSON.parse(input.split('<aws.scheduler.scheduled-time>').join(SCHEDULED)), { Run: completed }, executionName);
  expect(run.error).toBeUndefined();
  return run.requests.Run[0];
}

/**
 * The request CloudFormation creates for a deploy-time run's `AWS::SageMaker::ProcessingJob`, with the
 * attributes its name resource gives (the job name, the time it was given) filled in.
 */
async function viaDeployTimeRun(id: string, jobName: string, scheduledTime: string): Promise<CreateProcessingJobRequest> {
  const resources = Object.entries<any>(deployed.template.Resources);
  const [nameId] = resources.find(([key, r]) => key.startsWith(id) && r.Type === 'Custom::ProcessingJobRunName')!;
  const [, job] = resources.find(([key, r]) => key.startsWith(id) && r.Type === 'AWS::SageMaker::ProcessingJob')!;
  const attributes: Record<string, string> = { JobName: jobName, ScheduledTime: scheduledTime };
  const filled = JSON.parse(JSON.stringify(job.Properties), (_key, value) =>
    (Array.isArray(value?.['Fn::GetAtt']) && value['Fn::GetAtt'][0] === nameId ? attributes[value['Fn::GetAtt'][1]] ?? value : value));
  return await resolveIntrinsics(filled, deployed.facts) as CreateProcessingJobRequest;
}

/** Where each output of a run goes, by name. */
function outputs(request: CreateProcessingJobRequest): Record<string, unknown> {
  return Object.fromEntries(request.ProcessingOutputConfig!.Outputs!.map((o) => [o.OutputName, o.S3Output?.S3Uri ?? o.FeatureStoreOutput]));
}

describe.each(MODES)('outputPartitioning $mode', ({ mode, id, prefix }) => {
  const partition = (runId: string) => ({ 'none': '', 'scheduled-date': 'dt=2026-11-20/', 'run-id': `run=${runId}/` })[mode];

  test('the state machine and run --direct create the same request', async () => {
    const machine = await viaStateMachine(id);
    const direct = await viaCliDirect(id);

    expect(machine.request.ProcessingJobName).toMatch(new RegExp(`^${prefix}-\\d{8}-\\d{6}-[0-9a-f]{8}$`));
    expect(direct.ProcessingJobName).toMatch(new RegExp(`^${prefix}-20261124-090000-[0-9a-f]{8}$`));
    expect(identified(direct, direct.ProcessingJobName!)).toEqual(identified(machine.request, machine.runId));
  });

  test('every kind of output goes where the job says: declared S3 outputs under the partition, the job bucket\'s in the run\'s folder (as the SDK), event logs and Feature Store as they are', async () => {
    const { request, runId } = await viaStateMachine(id);
    expect(outputs(request)).toEqual({
      'features.v2': `s3://backfill/features/${partition(runId)}`,
      // The SageMaker Python SDK's place for an output without a destination: <bucket>/<job name>/output/<output name>.
      'report': expect.stringMatching(new RegExp(`^s3://[a-z0-9]+/${request.ProcessingJobName}/output/report$`)),
      'online': { FeatureGroupName: 'customer-features' },
      // The processor's own output: never partitioned (not `s3://lake-logs/spark-eventsdt=…`).
      'output-4': 's3://lake-logs/spark-events',
    });
    expect(request.Environment).toEqual({ LOG_LEVEL: 'debug', EXTRA: '1', PROCESSING_RUN_ID: runId, PROCESSING_SCHEDULED_TIME: SCHEDULED });
  });

  test('a schedule through the runner creates the same request as the CLI\'s run through it', async () => {
    const machine = await viaStateMachine(id);
    const executionName = 'd00dfeed-1111-2222-3333-444455556666';
    const scheduled = await viaScheduleThroughRunner(id, executionName);
    expect(identified(scheduled, executionName)).toEqual(identified(machine.request, machine.runId));
  });

  if (mode !== OutputPartitioning.SCHEDULED_DATE) {
    test('Scheduler direct mode creates the same request as the state machine', async () => {
      const machine = await viaStateMachine(id);
      const executionId = 'c0ffee00-1111-2222-3333-444455556666';
      const scheduled = await viaSchedulerDirect(id, executionId);
      expect(scheduled.ProcessingJobName).toBe(`${prefix}-${executionId}`);
      expect(identified(scheduled, scheduled.ProcessingJobName!)).toEqual(identified(machine.request, machine.runId));
    });
  }
});

describe('the deploy-time run', () => {
  test('ProcessingJobRun creates the request a run of the state machine creates for the same definition: same values, identity and outputs', async () => {
    const machine = await viaStateMachine('Once', ['--scheduled-time', SCHEDULED]);
    const atDeploy = await viaDeployTimeRun('OnceAtDeploy', 'once-20261120-020000-0a1b2c3d', SCHEDULED);
    expect(atDeploy.Environment).toEqual({ LOG_LEVEL: 'info', PROCESSING_RUN_ID: 'once-20261120-020000-0a1b2c3d', PROCESSING_SCHEDULED_TIME: SCHEDULED });
    expect(identified(atDeploy, atDeploy.ProcessingJobName!)).toEqual(identified(machine.request, machine.runId));
  });
});
