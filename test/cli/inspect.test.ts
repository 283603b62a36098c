import { ListProcessingJobsCommand } from '@aws-sdk/client-sagemaker';
import { awsCallCount, cli, clock, mocks, resetAws, restoreEnv } from './harness';

const T = Date.parse('2026-11-24T02:00:07Z');
const summary = (ProcessingJobName: string, ProcessingJobStatus: any, minutes: number | undefined, FailureReason?: string) => ({
  ProcessingJobName, ProcessingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${ProcessingJobName}`, ProcessingJobStatus,
  CreationTime: new Date(T), ProcessingEndTime: minutes === undefined ? undefined : new Date(T + minutes * 60_000), FailureReason,
});

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
