import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CliError, LogLine, RunProgress, runProcessingJob } from '../../cli/src';
import { clock, deployedStateMachine, EXECUTION_ARN, FakeLogs, FIXTURE, JOB_NAME, mocks, resetAws, restoreEnv, taskScheduled } from './harness';

const STREAM = `${JOB_NAME}/algo-1-1763974801`;

function oneInstanceRun(final: 'Completed' | 'Failed') {
  deployedStateMachine();
  mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
  mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
  mocks.sfn.on(DescribeExecutionCommand)
    .resolvesOnce({ status: 'RUNNING' })
    .resolves(final === 'Completed' ? { status: 'SUCCEEDED' } : { status: 'FAILED', error: 'States.TaskFailed', cause: '{}' });
  const cluster = { InstanceCount: 1, InstanceType: 'ml.t3.medium' as const, VolumeSizeInGB: 30 };
  mocks.sm.on(DescribeProcessingJobCommand)
    .resolvesOnce({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'InProgress', ProcessingResources: { ClusterConfig: cluster } })
    .resolves({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: final, ProcessingResources: { ClusterConfig: cluster },
      FailureReason: final === 'Failed' ? 'AlgorithmError: out of memory' : undefined,
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'features', S3Output: { S3Uri: 's3://b/features/', LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } }] } });
  const logs = new FakeLogs({ [STREAM]: [[{ timestamp: 1, message: 'hello\n' }], [{ timestamp: 2, message: 'done\n' }]] });
  logs.reveal(STREAM, 2);
}

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

describe('runProcessingJob', () => {
  test('returns the job, the execution, the status and the outputs; onLog and onProgress see the run', async () => {
    oneInstanceRun('Completed');
    const lines: LogLine[] = [];
    const progress: RunProgress[] = [];
    const result = await runProcessingJob({
      job: 'DataLake/NightlyFeatures', cdkOut: FIXTURE, overrides: { scheduledTime: '2026-11-20T02:00:00Z', outputs: { features: 's3://b/backfill/' } },
      onLog: (line) => lines.push(line), onProgress: (p) => progress.push(p), pollIntervalMs: 0, clock: () => new Date(clock.now),
    });
    expect(result).toMatchObject({ jobName: JOB_NAME, executionArn: EXECUTION_ARN, status: 'Completed', outputs: { features: 's3://b/features/' }, elapsedSeconds: 0 });
    expect(result.failureReason).toBeUndefined();
    expect(JSON.parse(mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!)).toEqual({
      scheduledTime: '2026-11-20T02:00:00Z', outputs: { features: 's3://b/backfill/' },
    });
    expect(lines).toEqual([
      { stream: STREAM, instance: 'algo-1', timestamp: 1, message: 'hello' },
      { stream: STREAM, instance: 'algo-1', timestamp: 2, message: 'done' },
    ]);
    expect(progress.map((p) => [p.executionStatus, p.jobStatus])).toEqual([['RUNNING', 'InProgress'], ['SUCCEEDED', 'Completed']]);
  });

  test('a failed job: status Failed and the job\'s reason, no exception', async () => {
    oneInstanceRun('Failed');
    const result = await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, pollIntervalMs: 0 });
    expect(result.status).toBe('Failed');
    expect(result.failureReason).toBe('AlgorithmError: out of memory');
    // Without onLog the logs are not read.
    expect(mocks.logs.calls()).toHaveLength(0);
  });

  test('uses the clients it is given', async () => {
    oneInstanceRun('Completed');
    const sfn = new SFNClient({ region: 'us-east-1' });
    await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, clients: { sfn }, pollIntervalMs: 0 });
    expect(mocks.sfn.commandCalls(StartExecutionCommand)[0].thisValue).toBe(sfn);
  });

  test('an aborted signal stops the wait, not the job: the result says detached', async () => {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
    mocks.sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobName: JOB_NAME, ProcessingJobStatus: 'InProgress' });
    const abort = new AbortController();
    const result = await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, pollIntervalMs: 60_000, signal: abort.signal, onProgress: () => abort.abort() });
    expect(result).toEqual({ jobName: JOB_NAME, executionArn: EXECUTION_ARN, status: 'InProgress', elapsedSeconds: 0, detached: true });
  });

  test('an execution DescribeExecution does not know yet right after StartExecution (eventually consistent) is waited for, not an error', async () => {
    oneInstanceRun('Completed');
    const notYet = Object.assign(new Error(`Execution Does Not Exist: '${EXECUTION_ARN}'`), { name: 'ExecutionDoesNotExist' });
    mocks.sfn.on(DescribeExecutionCommand).rejectsOnce(notYet).resolvesOnce({ status: 'RUNNING' }).resolves({ status: 'SUCCEEDED' });
    const result = await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, pollIntervalMs: 0 });
    expect(result).toMatchObject({ jobName: JOB_NAME, executionArn: EXECUTION_ARN, status: 'Completed' });
  });

  test('an execution that is still not found after a few polls ends the wait as Failed, saying so', async () => {
    oneInstanceRun('Completed');
    mocks.sfn.on(DescribeExecutionCommand).rejects(Object.assign(new Error('Execution Does Not Exist'), { name: 'ExecutionDoesNotExist' }));
    const result = await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, pollIntervalMs: 0 });
    expect(result).toMatchObject({ executionArn: EXECUTION_ARN, status: 'Failed', failureReason: `execution ${EXECUTION_ARN} was not found` });
  });

  test('CreateProcessingJob refused in the execution (a quota): the execution\'s error is the reason, and no job name is given for the job that does not exist', async () => {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
    mocks.sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'SageMaker.ResourceLimitExceededException', cause: 'The account-level service limit is 0 Instances' });
    mocks.sm.on(DescribeProcessingJobCommand).rejects(Object.assign(new Error(`Could not find requested job with name ${JOB_NAME}`), { name: 'ValidationException' }));
    const result = await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, pollIntervalMs: 0 });
    expect(result).toMatchObject({ executionArn: EXECUTION_ARN, status: 'Failed', failureReason: 'SageMaker.ResourceLimitExceededException: The account-level service limit is 0 Instances' });
    expect(result.jobName).toBeUndefined();
  });

  test('a scheduled time with an offset is sent in UTC (the state machine cuts the dt= date out of the text)', async () => {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    await runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, wait: false, overrides: { scheduledTime: '2026-11-20T01:00:00+02:00' } });
    expect(JSON.parse(mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!)).toEqual({ scheduledTime: '2026-11-19T23:00:00Z' });
  });

  test('bad overrides are refused before anything starts', async () => {
    await expect(runProcessingJob({ job: 'NightlyFeatures', cdkOut: FIXTURE, overrides: { inputs: { nope: 's3://b/x/' } } }))
      .rejects.toThrow(new CliError("--input nope: the job DataLake/NightlyFeatures has no S3 input named 'nope' (S3 inputs: raw, lookup)"));
    expect(mocks.sfn.calls()).toHaveLength(0);
  });
});
