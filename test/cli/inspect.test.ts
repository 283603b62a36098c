import { DescribeProcessingJobCommand, ListProcessingJobsCommand, StopProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { GetExecutionHistoryCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import {
  awsCallCount, awsError, cli, clock, deployedStateMachine, FakeLogs, FIXTURE, JOB_NAME, MACHINE_ARN, mocks, resetAws, restoreEnv, taskScheduled,
} from './harness';

const T = Date.parse('2026-11-24T02:00:07Z');
const summary = (ProcessingJobName: string, ProcessingJobStatus: any, minutes: number | undefined, FailureReason?: string) => ({
  ProcessingJobName, ProcessingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${ProcessingJobName}`, ProcessingJobStatus,
  CreationTime: new Date(T), ProcessingEndTime: minutes === undefined ? undefined : new Date(T + minutes * 60_000), FailureReason,
});

function completedJob(name = JOB_NAME) {
  mocks.sm.on(DescribeProcessingJobCommand, { ProcessingJobName: name }).resolves({
    ProcessingJobName: name, ProcessingJobStatus: 'Completed', CreationTime: new Date(T), ProcessingStartTime: new Date(T + 60_000),
    ProcessingEndTime: new Date(T + 310_000), ExitMessage: 'rows=60000',
    ProcessingResources: { ClusterConfig: { InstanceCount: 2, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    ProcessingOutputConfig: { Outputs: [{ OutputName: 'features', S3Output: { S3Uri: 's3://data/features/dt=2026-11-24/', LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } }] },
  });
}

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

describe('list', () => {
  test('without a job: the jobs of the cloud assembly, Stage stacks included, no AWS call', async () => {
    const result = await cli(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'JOB                       STACK         RUN NAMES',
      'DataLake/NightlyFeatures  DataLake      nightly-features-…',
      'DataLake/Weekly           DataLake      pl-Weekly-…',
      'Prod/Reports/Weekly       Prod-Reports  prod-weekly-…',
      '',
    ].join('\n'));
    expect(awsCallCount()).toBe(0);
  });

  test('a job\'s recent runs, newest first, with status and duration; other jobs whose names contain the prefix are left out', async () => {
    mocks.sm.on(ListProcessingJobsCommand, { NextToken: undefined }).resolves({ NextToken: 'n2', ProcessingJobSummaries: [
      summary('nightly-features-20261124-020007-0a1b2c3d', 'Completed', 4.2),
      summary('nightly-features-extra-20261124-020007-99999999', 'Completed', 1),
      summary('nightly-features-20261123-020004-1b2c3d4e', 'Failed', 1.5, "AlgorithmError: KeyError: 'date'"),
    ] });
    mocks.sm.on(ListProcessingJobsCommand, { NextToken: 'n2' }).resolves({ ProcessingJobSummaries: [
      summary('nightly-features-20261122-020011-2c3d4e5f', 'InProgress', undefined),
    ] });
    clock.now = T + 90 * 60_000;
    const result = await cli(['list', 'NightlyFeatures']);
    expect(result.code).toBe(0);
    expect(mocks.sm.commandCalls(ListProcessingJobsCommand)[0].args[0].input).toEqual({
      NameContains: 'nightly-features', SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100, NextToken: undefined,
    });
    expect(result.stdout).toBe([
      'RUN                                        STATUS      STARTED               DURATION    FAILURE',
      'nightly-features-20261124-020007-0a1b2c3d  Completed   2026-11-24 02:00:07Z  4m 12s',
      "nightly-features-20261123-020004-1b2c3d4e  Failed      2026-11-24 02:00:07Z  1m 30s      AlgorithmError: KeyError: 'date'",
      'nightly-features-20261122-020011-2c3d4e5f  InProgress  2026-11-24 02:00:07Z  1h 30m 00s',
      '',
    ].join('\n'));
  });

  test('--json and --max', async () => {
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [
      summary('nightly-features-20261124-020007-0a1b2c3d', 'Completed', 4.2), summary('nightly-features-20261123-020004-1b2c3d4e', 'Completed', 4),
    ] });
    const result = await cli(['list', 'NightlyFeatures', '--max', '1', '--json']);
    expect(JSON.parse(result.stdout)).toEqual([{
      jobName: 'nightly-features-20261124-020007-0a1b2c3d', status: 'Completed', creationTime: '2026-11-24T02:00:07.000Z',
      endTime: '2026-11-24T02:04:19.000Z', durationSeconds: 252,
    }]);
  });
});

describe('status', () => {
  test('of a job: its newest run, with times, instances, outputs; exit code 0 when it Completed', async () => {
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [summary(JOB_NAME, 'Completed', 5)] });
    completedJob();
    const result = await cli(['status', 'DataLake/NightlyFeatures']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      JOB_NAME,
      '  job              DataLake/NightlyFeatures',
      '  status           Completed',
      '  created          2026-11-24 02:00:07Z',
      '  ended            2026-11-24 02:05:17Z',
      '  duration         4m 10s',
      '  instances        2 × ml.m5.xlarge',
      '  output features  s3://data/features/dt=2026-11-24/',
      '  exit message     rows=60000',
      '',
    ].join('\n'));
  });

  test('of a run by name, --json; a Failed run exits 1', async () => {
    mocks.sm.on(DescribeProcessingJobCommand).resolves({
      ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: exit code 1', CreationTime: new Date(T),
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.t3.medium', VolumeSizeInGB: 30 } },
    });
    clock.now = T + 30_000;
    const result = await cli(['status', JOB_NAME, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      job: 'DataLake/NightlyFeatures', jobName: JOB_NAME, status: 'Failed', failureReason: 'AlgorithmError: exit code 1',
      creationTime: '2026-11-24T02:00:07.000Z', durationSeconds: 30, instanceType: 'ml.t3.medium', instanceCount: 1, outputs: {},
    });
  });

  test('a name that is neither a job of cdk.out nor a processing job: one line with the known jobs', async () => {
    mocks.sm.on(DescribeProcessingJobCommand).rejects(awsError('ValidationException', 'Requested resource not found.'));
    const result = await cli(['status', 'NightlyFeaturez']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: no processing job 'NightlyFeaturez' in us-east-1 and no job 'NightlyFeaturez' in " +
      `${FIXTURE}; known jobs: DataLake/NightlyFeatures, DataLake/Weekly, Prod/Reports/Weekly\n`);
  });

  test('a run name without a cloud assembly: the run is looked up by name alone', async () => {
    mocks.sm.on(DescribeProcessingJobCommand).rejects(awsError('ValidationException', 'Requested resource not found.'));
    const result = await cli(['--cdk-out', '/nonexistent', 'status', JOB_NAME]);
    expect(mocks.sm.commandCalls(DescribeProcessingJobCommand)[0].args[0].input).toEqual({ ProcessingJobName: JOB_NAME });
    expect(result.stderr).toBe(`error: no processing job '${JOB_NAME}' in us-east-1, and no cloud assembly at /nonexistent to look up job names in (pass --cdk-out)\n`);
  });

  test('a job without runs yet', async () => {
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [] });
    const result = await cli(['status', 'NightlyFeatures']);
    expect(result.stderr).toBe('error: DataLake/NightlyFeatures has no runs in us-east-1 yet (start one with: cdk-sagemaker-processing run DataLake/NightlyFeatures)\n');
    expect(result.code).toBe(2);
  });
});

describe('logs', () => {
  test('prints every stream of the run, page after page, merged by time', async () => {
    completedJob();
    const logs = new FakeLogs({
      [`${JOB_NAME}/algo-1-1`]: [[{ timestamp: 1, message: 'a1\n' }, { timestamp: 4, message: 'a4\n' }], [{ timestamp: 6, message: 'a6\n' }]],
      [`${JOB_NAME}/algo-2-1`]: [[{ timestamp: 2, message: 'b2\n' }], [], [{ timestamp: 5, message: 'b5\n' }]],
    });
    logs.reveal(`${JOB_NAME}/algo-1-1`, 2);
    logs.reveal(`${JOB_NAME}/algo-2-1`, 3);
    const result = await cli(['logs', JOB_NAME]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('algo-1 | a1\nalgo-2 | b2\nalgo-1 | a4\nalgo-2 | b5\nalgo-1 | a6\n');
  });

  test('--follow waits for the run and exits like run', async () => {
    mocks.sm.on(DescribeProcessingJobCommand)
      .resolvesOnce({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'InProgress', ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.t3.medium', VolumeSizeInGB: 30 } } })
      .resolvesOnce({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'InProgress', ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.t3.medium', VolumeSizeInGB: 30 } } })
      .resolves({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: boom', ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.t3.medium', VolumeSizeInGB: 30 } } });
    const logs = new FakeLogs({ [`${JOB_NAME}/algo-1-1`]: [[{ timestamp: 1, message: 'Traceback (most recent call last):\n' }]] });
    logs.reveal(`${JOB_NAME}/algo-1-1`, 1);
    const result = await cli(['logs', '-f', JOB_NAME]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Traceback (most recent call last):\n');
    expect(result.stdout).toContain(`✖ ${JOB_NAME} Failed after 0s: AlgorithmError: boom\n`);
  });
});

describe('stop', () => {
  function running() {
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [summary(JOB_NAME, 'InProgress', undefined)] });
    mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'InProgress' });
    deployedStateMachine();
  }

  test('a job started by its state machine: the execution running it is stopped', async () => {
    running();
    const other = `${MACHINE_ARN.replace('stateMachine', 'execution')}:other`;
    const ours = `${MACHINE_ARN.replace('stateMachine', 'execution')}:ours`;
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [
      { executionArn: other, stateMachineArn: MACHINE_ARN, name: 'other', status: 'RUNNING', startDate: new Date() },
      { executionArn: ours, stateMachineArn: MACHINE_ARN, name: 'ours', status: 'RUNNING', startDate: new Date() },
    ] });
    mocks.sfn.on(GetExecutionHistoryCommand, { executionArn: other }).resolves({ events: [taskScheduled(3, 'nightly-features-20261124-010000-00000000')] });
    mocks.sfn.on(GetExecutionHistoryCommand, { executionArn: ours }).resolves({ events: [taskScheduled(3, JOB_NAME)] });
    const result = await cli(['stop', 'NightlyFeatures']);
    expect(result.code).toBe(0);
    expect(mocks.sfn.commandCalls(ListExecutionsCommand)[0].args[0].input).toEqual({ stateMachineArn: MACHINE_ARN, statusFilter: 'RUNNING', nextToken: undefined });
    expect(mocks.sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input)).toEqual([{ executionArn: ours, cause: 'stopped with cdk-sagemaker-processing stop' }]);
    expect(mocks.sm.commandCalls(StopProcessingJobCommand)).toHaveLength(0);
    expect(result.stdout).toBe(`stopping execution ours and its job ${JOB_NAME}\n`);
  });

  test('a direct run (no execution runs it): the job is stopped', async () => {
    running();
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const result = await cli(['stop', JOB_NAME]);
    expect(mocks.sm.commandCalls(StopProcessingJobCommand).map((c) => c.args[0].input)).toEqual([{ ProcessingJobName: JOB_NAME }]);
    expect(result.stdout).toBe(`stopping ${JOB_NAME}\n`);
  });

  test('a run that ended: nothing to stop', async () => {
    completedJob();
    const result = await cli(['stop', JOB_NAME]);
    expect(result.stderr).toBe(`error: ${JOB_NAME} is Completed: nothing to stop\n`);
    expect(result.code).toBe(2);
  });
});
