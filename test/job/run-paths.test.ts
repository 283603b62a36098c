import * as path from 'path';
import { CreateProcessingJobCommand, CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  JobSchedule, OutputPartitioning, ProcessingCode, ProcessingInput, ProcessingJob, ProcessingOutput, PySparkProcessor, SparkVersion,
} from '../../lib';
import { resolveIntrinsics } from '../../cli/src/intrinsics';
import { cli, mocks } from '../cli/harness';
import { useDeployedApp } from '../util/deployed-stack';
import { completed, runLocally } from './local-run';

/**
 * One run path: the same job and the same run values through the three ways a run is created —
 * the runner's state machine (executed with aws-local-stepfunctions, started by the CLI), EventBridge
 * Scheduler's direct mode (the schedule's target input with its placeholders filled in) and the
 * CLI's `run --direct` — give the same CreateProcessingJob request, for every kind of output
 * (S3, the job bucket, Feature Store, a PySpark job's event logs) and every output partitioning.
 */
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Lake/0f0f0f0f-1111-2222-3333-444455556666';
const SCHEDULED = '2026-11-20T02:00:00Z';
const OVERRIDES = {
  arguments: ['--mode', 'backfill'],
  environment: { LOG_LEVEL: 'debug', EXTRA: '1' },
  instanceType: 'ml.m5.2xlarge',
  instanceCount: 2,
  inputs: { raw: 's3://backfill/raw/' },
  outputs: { features: 's3://backfill/features/' },
};
const CLI_OVERRIDES = ['--arg', '--mode', '--arg', 'backfill', '--env', 'LOG_LEVEL=debug', '--env', 'EXTRA=1', '--instance-type', 'ml.m5.2xlarge',
  '--instance-count', '2', '--input', 'raw=s3://backfill/raw/', '--output', 'features=s3://backfill/features/', '--scheduled-time', SCHEDULED];
const MODES = [
  { mode: OutputPartitioning.NONE, id: 'NoPartition', prefix: 'p-none' },
  { mode: OutputPartitioning.SCHEDULED_DATE, id: 'ByDate', prefix: 'p-date' },
  { mode: OutputPartitioning.RUN_ID, id: 'ByRun', prefix: 'p-run' },
];

const deployed = useDeployedApp('Lake', STACK_ID, (stack) => {
  const lake = new s3.Bucket(stack, 'Data');
  for (const { mode, id, prefix } of MODES) {
    new ProcessingJob(stack, id, {
      processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, sparkEventLogsS3Uri: 's3://lake-logs/spark-events' }),
      code: ProcessingCode.fromAsset(path.join(__dirname, '..', '..', 'examples', 'processors', 'pyspark', 'app.py')),
      jobNamePrefix: prefix,
      arguments: ['--mode', 'full'],
      environment: { LOG_LEVEL: 'info' },
      processingInputs: [
        ProcessingInput.fromBucket('raw', lake, 'raw/'),
        ProcessingInput.fromAthena('events', { database: 'lake', queryString: 'SELECT * FROM events', outputS3Uri: 's3://lake-athena/results/' }),
      ],
      processingOutputs: [
        ProcessingOutput.toBucket('features', lake, 'features/'),
        ProcessingOutput.toJobBucket('report'),
        ProcessingOutput.toFeatureGroup('online', 'customer-features'),
      ],
      outputPartitioning: mode,
      // Direct mode cannot cut the date out of the scheduled time: SCHEDULED_DATE runs through the state machine only.
      schedule: mode === OutputPartitioning.SCHEDULED_DATE ? undefined : JobSchedule.cron({ hour: '2', minute: '0', direct: true, overrides: OVERRIDES }),
    });
  }
});

/** A request with its run's name and run id replaced by stand-ins (they differ by design: one is random, the other the execution's name). */
function identified(request: CreateProcessingJobRequest, runId: string): unknown {
  return JSON.parse(JSON.stringify({ ...request, ProcessingJobName: '<job name>' }).split(runId).join('<run id>'));
}

/** The request the runner's state machine creates for the CLI's `run` with the overrides. */
async function viaStateMachine(id: string): Promise<{ request: CreateProcessingJobRequest; runId: string }> {
  expect((await cli(['--cdk-out', deployed.outdir, 'run', id, '--no-wait', ...CLI_OVERRIDES])).stderr).toBe('');
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

  test('every kind of output goes where the job says: declared S3 outputs (own bucket, job bucket) under the partition, event logs and Feature Store as they are', async () => {
    const { request, runId } = await viaStateMachine(id);
    expect(outputs(request)).toEqual({
      'features': `s3://backfill/features/${partition(runId)}`,
      'report': expect.stringMatching(new RegExp(`^s3://[a-z0-9]+/${prefix}/report/${partition(runId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)),
      'online': { FeatureGroupName: 'customer-features' },
      // The processor's own output: never partitioned (not `s3://lake-logs/spark-eventsdt=…`).
      'output-4': 's3://lake-logs/spark-events',
    });
    expect(request.Environment).toEqual({ LOG_LEVEL: 'debug', EXTRA: '1', PROCESSING_RUN_ID: runId, PROCESSING_SCHEDULED_TIME: SCHEDULED });
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
