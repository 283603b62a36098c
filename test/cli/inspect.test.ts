import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeProcessingJobCommand, ListProcessingJobsCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { awsCallCount, cli, clock, FakeLogs, mocks, resetAws, restoreEnv } from './harness';

const T = Date.parse('2026-11-24T02:00:07Z');
const summary = (ProcessingJobName: string, ProcessingJobStatus: any, minutes: number | undefined, FailureReason?: string) => ({
  ProcessingJobName, ProcessingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${ProcessingJobName}`, ProcessingJobStatus,
  CreationTime: new Date(T), ProcessingEndTime: minutes === undefined ? undefined : new Date(T + minutes * 60_000), FailureReason,
});

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

/** The job's runner is deployed, and the run is a direct run's job: no execution of the runner has its name. */
function directRunOfTheRunner(): void {
  mocks.cfn.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: {
    LogicalResourceId: 'Runner', PhysicalResourceId: 'arn:aws:states:us-east-1:123456789012:stateMachine:NightlyFeaturesRunner',
    ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  } });
  mocks.sfn.on(DescribeExecutionCommand).rejects(Object.assign(new Error('Execution Does Not Exist'), { name: 'ExecutionDoesNotExist' }));
  mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
}

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
    directRunOfTheRunner();
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
    directRunOfTheRunner();
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

describe('list: runs that never created a processing job', () => {
  const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:RunnerSharedMachine';
  const execution = (name: string, status: any, startMinutes: number, more: Record<string, unknown> = {}) => ({
    name, executionArn: `${machine.replace(':stateMachine:', ':execution:')}:${name}`, stateMachineArn: machine, status,
    startDate: new Date(T + startMinutes * 60_000), stopDate: status === 'RUNNING' ? undefined : new Date(T + startMinutes * 60_000 + 2_000), ...more,
  });
  /** A job summary created `minutes` after T. */
  const later = (job: ReturnType<typeof summary>, minutes: number) => ({
    ...job, CreationTime: new Date(job.CreationTime.getTime() + minutes * 60_000), ProcessingEndTime: job.ProcessingEndTime && new Date(job.ProcessingEndTime.getTime() + minutes * 60_000),
  });
  /** A shared runner with these executions, newest first; `input` of each names its job; `created` the job each one's history scheduled. */
  function runner(executions: Array<ReturnType<typeof execution> & { input?: string; error?: string; cause?: string }>, created: Record<string, string> = {}): void {
    mocks.cfn.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: {
      LogicalResourceId: 'Runner', PhysicalResourceId: machine, ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
    } });
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: executions.map(({ input: _i, error: _e, cause: _c, ...item }) => item) });
    for (const e of executions) {
      mocks.sfn.on(DescribeExecutionCommand, { executionArn: e.executionArn }).resolves(e);
      mocks.sfn.on(GetExecutionHistoryCommand, { executionArn: e.executionArn }).resolves({ events: created[e.name] ? [{
        id: 3, type: 'TaskScheduled', timestamp: e.startDate,
        taskScheduledEventDetails: { resourceType: 'sagemaker', resource: 'createProcessingJob.sync', region: 'us-east-1', parameters: JSON.stringify({ ProcessingJobName: created[e.name] }) },
      }] : [] });
    }
    for (const name of Object.values(created)) {
      mocks.sm.on(DescribeProcessingJobCommand, { ProcessingJobName: name }).resolves({ ProcessingJobName: name, ProcessingJobStatus: 'Failed', CreationTime: new Date(T) } as any);
    }
  }

  test('a refused, a stopped and a waiting run of the job are listed by run id among its jobs; its other executions and other jobs\' are not', async () => {
    const weekly = JSON.stringify({ job: 'Weekly' });
    runner([
      execution('weekly-waiting', 'RUNNING', 50, { input: weekly }),
      execution('monthly-refused', 'FAILED', 40, { input: JSON.stringify({ job: 'Monthly' }), error: 'RunRefused', cause: 'instance type' }),
      execution('weekly-refused', 'FAILED', 30, { input: weekly, error: 'RunRefused', cause: 'override InstanceType ml.p4d.24xlarge is not allowed by the runner\nmore' }),
      execution('weekly-job-failed', 'FAILED', 20, { input: weekly, error: 'SageMaker.AmazonSageMakerException', cause: 'AlgorithmError' }),
      execution('weekly-done', 'SUCCEEDED', 10, { input: weekly }),
      execution('weekly-stopped', 'ABORTED', 5, { input: weekly }),
    ], { 'weekly-job-failed': 'pl-Weekly-20261124-022000-0a1b2c3d' });
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [
      later(summary('pl-Weekly-20261124-022000-0a1b2c3d', 'Failed', 1, 'AlgorithmError'), 20),
      later(summary('pl-Weekly-20261124-021000-1b2c3d4e', 'Completed', 3), 10),
    ] });
    clock.now = T + 60 * 60_000;
    const result = await cli(['list', 'DataLake/Weekly']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe([
      'RUN                                 STATUS               STARTED               DURATION  FAILURE',
      'weekly-waiting                      InProgress (no job)  2026-11-24 02:50:07Z  10m 00s',
      'weekly-refused                      Failed (no job)      2026-11-24 02:30:07Z  2s        RunRefused: override InstanceType ml.p4d.24xlarge is not al…',
      'pl-Weekly-20261124-022000-0a1b2c3d  Failed               2026-11-24 02:20:07Z  1m 00s    AlgorithmError',
      'pl-Weekly-20261124-021000-1b2c3d4e  Completed            2026-11-24 02:10:07Z  3m 00s',
      'weekly-stopped                      Stopped (no job)     2026-11-24 02:05:07Z  2s',
      '',
    ].join('\n'));
    // The succeeded execution (a job, or a skipped run) is not looked at.
    expect(mocks.sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input.executionArn?.split(':').pop()))
      .toEqual(['weekly-waiting', 'monthly-refused', 'weekly-refused', 'weekly-job-failed', 'weekly-stopped']);
  });

  test('--max counts both kinds, and executions older than the oldest of --max jobs are not looked at', async () => {
    const weekly = JSON.stringify({ job: 'Weekly' });
    runner([
      execution('weekly-refused', 'FAILED', 30, { input: weekly, error: 'RunRefused', cause: 'bad input' }),
      execution('weekly-old-refused', 'FAILED', 1, { input: weekly, error: 'RunRefused', cause: 'bad input' }),
    ]);
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [
      later(summary('pl-Weekly-20261124-022000-0a1b2c3d', 'Completed', 1), 20),
      later(summary('pl-Weekly-20261124-021000-1b2c3d4e', 'Completed', 3), 10),
    ] });
    const result = await cli(['list', 'DataLake/Weekly', '--max', '2', '--json']);
    expect(JSON.parse(result.stdout)).toEqual([
      { executionName: 'weekly-refused', status: 'Failed (no job)', creationTime: '2026-11-24T02:30:07.000Z', endTime: '2026-11-24T02:30:09.000Z', durationSeconds: 2, failureReason: 'RunRefused: bad input' },
      { jobName: 'pl-Weekly-20261124-022000-0a1b2c3d', status: 'Completed', creationTime: '2026-11-24T02:20:07.000Z', endTime: '2026-11-24T02:21:07.000Z', durationSeconds: 60 },
    ]);
    expect(mocks.sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input.executionArn?.split(':').pop())).toEqual(['weekly-refused']);
  });
});

describe('a run named by its run id', () => {
  test('is looked up in the region its job\'s stack is pinned to, as `run` started it (its `logs <run id>` hint works without AWS_REGION)', async () => {
    resetAws({ AWS_REGION: undefined });
    const name = 'prod-weekly-20261124-090000-1a2b3c4d';
    const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ProdWeeklyRunner';
    mocks.cfn.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: {
      LogicalResourceId: 'Runner', PhysicalResourceId: machine, ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
    } });
    mocks.sfn.on(DescribeExecutionCommand).resolves({ name, executionArn: `${machine.replace(':stateMachine:', ':execution:')}:${name}`, status: 'RUNNING', startDate: new Date(T) });
    mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const result = await cli(['status', name]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`  execution          ${name} (RUNNING)`);
    expect(await (mocks.sfn.commandCalls(DescribeExecutionCommand)[0].thisValue as SFNClient).config.region()).toBe('eu-west-1');
  });
});

describe('status', () => {
  test('the duration of a run is from its job\'s creation to its end, as `run` and `list` count it', async () => {
    const job = 'nightly-features-20261124-020007-0a1b2c3d';
    directRunOfTheRunner();
    mocks.sm.on(DescribeProcessingJobCommand).resolves({
      ProcessingJobName: job, ProcessingJobStatus: 'Completed', CreationTime: new Date(T),
      ProcessingStartTime: new Date(T + 150_000), ProcessingEndTime: new Date(T + 252_000),
    });
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [summary(job, 'Completed', 4.2)] });
    const status = await cli(['status', job]);
    expect(status.stdout).toMatch(/^ {2}duration +4m 12s$/m);
    expect(JSON.parse((await cli(['status', job, '--json'])).stdout).durationSeconds).toBe(252);
    expect(JSON.parse((await cli(['list', 'NightlyFeatures', '--json'])).stdout)[0].durationSeconds).toBe(252);
  });
});

describe('logs', () => {
  const job = 'nightly-features-20261124-090001-5e6f7a8b';
  const stream = `${job}/algo-1-1763974801`;
  /** A direct run's job that ended, whose log is longer than one poll reads (50 GetLogEvents pages). */
  function longLog(pages: number) {
    directRunOfTheRunner();
    mocks.sm.on(DescribeProcessingJobCommand).resolves({
      ProcessingJobName: job, ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: See job logs for more information', CreationTime: new Date(T),
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    });
    const logs = new FakeLogs({ [stream]: Array.from({ length: pages }, (_, i) => [{ timestamp: T + i, message: i === pages - 1 ? "KeyError: 'date'" : `line ${i}` }]) });
    logs.reveal(stream, pages);
  }

  test.each([[['logs']], [['logs', '--follow']]])('%j of an ended run prints its whole log, to the traceback at its end', async (args) => {
    longLog(120);
    const result = await cli([...args, job]);
    const printed = result.stdout.split('\n').filter((l) => l.startsWith('line ') || l.startsWith('KeyError'));
    expect(printed).toHaveLength(120);
    expect(printed.at(-1)).toBe("KeyError: 'date'");
    expect(result.code).toBe(1);
  });
});
