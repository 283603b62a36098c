import aslValidator from 'asl-validator';
import { OutputPartitioning, OverlapPolicy, ProcessingInput, ProcessingOutput } from '../../lib';
import { parseScheduledTime } from '../../cli/src/scheduled-time';
import { LIMITS } from '../../lib/api/limits';
import { stateMachineDefinition } from '../util/definition';
import { completed, fixClock, jobFailure, runLocally, taskError } from './local-run';
import { nightlyJobStack } from './stacks';

const RUN = 'Run';
/** The state every input passes before the task, which checks it: the job's data. */
const CHECKS = ['Job'];
const BUCKET = /^s3:\/\/Lake[0-9A-F]{8}/;

beforeEach(() => fixClock('2026-11-24T02:00:07.123Z'));
afterEach(() => jest.useRealTimers());

/** A run form made by hand (schedules and triggers send the overrides form; the runner takes both). */
function runForm(overrides: Record<string, unknown> = {}) {
  return {
    run: {
      arguments: ['--mode', 'full'],
      environment: { LOG_LEVEL: 'info' },
      instanceType: 'ml.m5.xlarge',
      instanceCount: 1,
      inputs: { raw: 's3://lake/raw/' },
      outputs: { features: 's3://lake/features/' },
      scheduledTime: '2026-11-24T02:00:00Z',
      ...overrides,
    },
  };
}

describe('the SDK\'s default output names (output-1, …) with partitioning', () => {
  test('a run started with {} writes output-1 and output-2 under their run partition', async () => {
    const { stack, bucket } = nightlyJobStack({
      outputPartitioning: OutputPartitioning.RUN_ID,
      processingOutputs: [ProcessingOutput.toS3Uri('output-1', 's3://lake/one/'), ProcessingOutput.toS3Uri('output-2', 's3://lake/two/')],
    });
    expect(bucket).toBeDefined();
    const run = await runLocally(stateMachineDefinition(stack), {}, { [RUN]: completed }, 'manual-7');
    expect(run.error).toBeUndefined();
    expect(run.requests[RUN][0].ProcessingOutputConfig.Outputs.map((o: any) => [o.OutputName, o.S3Output.S3Uri])).toEqual([
      ['output-1', 's3://lake/one/run=manual-7/'], ['output-2', 's3://lake/two/run=manual-7/']]);
  });
});

// Step Functions refuses a definition with a state no transition reaches (CreateStateMachine: "State … is not reachable").
test.each([
  ['no retries at all', { maxAttempts: 0, capacityAttempts: 0 }],
  ['no capacity retries', { capacityAttempts: 0 }],
  ['no start retries', { maxAttempts: 0 }],
])('a runner with %s passes asl-validator', (_what, retry) => {
  const result = aslValidator(stateMachineDefinition(nightlyJobStack({ retry }).stack));
  expect(result.errorsText('\n')).toBe('');
  expect(result.isValid).toBe(true);
});

describe('a job with a runner of its own', () => {
  let definition: any;
  beforeAll(() => {
    definition = stateMachineDefinition(nightlyJobStack().stack);
  });

  test('the definition passes asl-validator', () => {
    const result = aslValidator(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  test('a scheduled run (what a schedule sends: its scheduled time) takes the job\'s values: 2 state transitions', async () => {
    const run = await runLocally(definition, { scheduledTime: '2026-11-24T02:00:00Z' }, { [RUN]: completed });
    expect(run.states).toEqual([...CHECKS, RUN]);
    const request = run.requests[RUN][0];
    expect(request.AppSpecification.ContainerArguments).toEqual(['--mode', 'full']);
    expect(request.ProcessingInputs[0].S3Input.S3Uri).toMatch(BUCKET);
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/\/features\/dt=2026-11-24\/$/);
    expect(request.Environment).toEqual({ LOG_LEVEL: 'info', PROCESSING_RUN_ID: 'run-1', PROCESSING_SCHEDULED_TIME: '2026-11-24T02:00:00Z' });
  });

  test('a hand-made run form is checked and runs: 2 state transitions', async () => {
    const run = await runLocally(definition, runForm(), { [RUN]: completed });
    expect(run.states).toEqual([...CHECKS, RUN]);
    const request = run.requests[RUN][0];
    expect(request.ProcessingJobName).toMatch(/^nightly-features-20261124-020007-[0-9a-f]{8}$/);
    expect(request.AppSpecification.ContainerArguments).toEqual(['--mode', 'full']);
    expect(request.ProcessingResources.ClusterConfig).toEqual({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 });
    expect(request.ProcessingInputs[0].S3Input.S3Uri).toBe('s3://lake/raw/');
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toBe('s3://lake/features/dt=2026-11-24/');
    expect(request.Environment).toEqual({ LOG_LEVEL: 'info', PROCESSING_RUN_ID: 'run-1', PROCESSING_SCHEDULED_TIME: '2026-11-24T02:00:00Z' });
    expect(run.output.result).toEqual({ ProcessingJobName: request.ProcessingJobName, ProcessingJobArn: expect.stringContaining(':processing-job/nightly-features-'), ProcessingJobStatus: 'Completed' });
  });

  test('a run started with {} takes the job defaults, scheduled at the execution start', async () => {
    const run = await runLocally(definition, {}, { [RUN]: completed }, 'manual-7');
    expect(run.error).toBeUndefined();
    expect(run.states).toEqual([...CHECKS, RUN]);
    const request = run.requests[RUN][0];
    expect(request.AppSpecification.ContainerArguments).toEqual(['--mode', 'full']);
    expect(request.ProcessingResources.ClusterConfig.InstanceType).toBe('ml.m5.xlarge');
    expect(request.ProcessingInputs[0].S3Input.S3Uri).toMatch(new RegExp(`${BUCKET.source}/raw/$`));
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(new RegExp(`${BUCKET.source}/features/dt=2026-11-24/$`));
    expect(request.Environment).toEqual({ LOG_LEVEL: 'info', PROCESSING_RUN_ID: 'manual-7', PROCESSING_SCHEDULED_TIME: '2026-11-24T02:00:07.123Z' });
  });

  // docs/processing-job.md: the dt= partition is the UTC date of the scheduled time. A console or SDK start may give
  // an offset (RFC 3339 allows one); the CLI turns the same time into UTC (parseScheduledTime), and so must the runner.
  test.each([
    ['2026-11-24T01:30:00+02:00', '2026-11-23T23:30:00Z', '2026-11-23'],
    ['2026-11-23T22:15:00.250-05:00', '2026-11-24T03:15:00.250Z', '2026-11-24'],
    ['2026-11-24T02:00:00Z', '2026-11-24T02:00:00Z', '2026-11-24'],
  ])('a scheduledTime of %s runs as the CLI\'s --scheduled-time does: %s, partition dt=%s', async (given, utc, date) => {
    expect(parseScheduledTime(given)).toBe(utc);
    const run = await runLocally(definition, { scheduledTime: given }, { [RUN]: completed });
    expect(run.error).toBeUndefined();
    const request = run.requests[RUN][0];
    expect(request.Environment.PROCESSING_SCHEDULED_TIME).toBe(utc);
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(new RegExp(`/features/dt=${date}/$`));
  });

  test.each([
    ['arguments', { arguments: ['--mode', 'incremental'] }, (r: any) => expect(r.AppSpecification.ContainerArguments).toEqual(['--mode', 'incremental'])],
    // ContainerArgument is 0–256 characters (service-2.json): an empty value is an argument.
    ['an empty argument', { arguments: ['--sep', ''] }, (r: any) => expect(r.AppSpecification.ContainerArguments).toEqual(['--sep', ''])],
    ['environment (merged over the job\'s)', { environment: { LOG_LEVEL: 'debug', EXTRA: 'x' } },
      (r: any) => expect(r.Environment).toEqual({ LOG_LEVEL: 'debug', EXTRA: 'x', PROCESSING_RUN_ID: 'run-1', PROCESSING_SCHEDULED_TIME: '2026-11-24T02:00:07.123Z' })],
    ['instanceType', { instanceType: 'ml.m5.4xlarge' }, (r: any) => expect(r.ProcessingResources.ClusterConfig.InstanceType).toBe('ml.m5.4xlarge')],
    ['instanceCount', { instanceCount: 3 }, (r: any) => expect(r.ProcessingResources.ClusterConfig.InstanceCount).toBe(3)],
    ['an input URI', { inputs: { raw: 's3://backfill/raw/dt=2026-11-01/' } }, (r: any) => expect(r.ProcessingInputs[0].S3Input.S3Uri).toBe('s3://backfill/raw/dt=2026-11-01/')],
    ['an output URI (partition appended)', { outputs: { features: 's3://scratch/features/' } },
      (r: any) => expect(r.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toBe('s3://scratch/features/dt=2026-11-24/')],
    ['scheduledTime (a backfill)', { scheduledTime: '2026-11-01T02:00:00Z' }, (r: any) => {
      expect(r.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/\/features\/dt=2026-11-01\/$/);
      expect(r.Environment.PROCESSING_SCHEDULED_TIME).toBe('2026-11-01T02:00:00Z');
    }],
  ])('the overrides form sets %s', async (_what, input, check) => {
    const run = await runLocally(definition, input, { [RUN]: completed });
    expect(run.error).toBeUndefined();
    check(run.requests[RUN][0]);
  });

  test.each([
    ['an unknown key', { instancetype: 'ml.m5.large' },
      "The execution input has the key 'instancetype', which this job does not take. It takes: arguments, environment, instanceType, instanceCount, inputs, outputs, scheduledTime"],
    ['an unknown input name', { inputs: { rawdata: 's3://x/' } }, "inputs names the input 'rawdata', which is not one of the job's S3 inputs (raw)"],
    ['an unknown output name', { outputs: { feature: 's3://x/' } }, "outputs names the output 'feature', which is not one of the job's S3 outputs (features)"],
    ['empty arguments', { arguments: [] }, 'arguments has 0 items; it must have 1–100 (AppSpecification.ContainerArguments)'],
    ['a numeric instanceType', { instanceType: 4 }, 'instanceType must be a string (ProcessingResources.ClusterConfig.InstanceType)'],
    ['a string instanceCount', { instanceCount: 'two' }, 'instanceCount must be a number; got string (ProcessingResources.ClusterConfig.InstanceCount)'],
    ['a date without time', { scheduledTime: '2026-11-24' }, 'scheduledTime \'2026-11-24\' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"'],
    ['environment as a string', { environment: 'A=1' }, 'environment must be an object of variable names to string values; got string'],
    ['a partitioned output URI without a trailing slash', { outputs: { features: 's3://scratch/features' } },
      "outputs.features 's3://scratch/features' must end with '/' when outputs are partitioned (runs write under <uri>dt=…/ or run=…/) (ProcessingOutputs[].S3Output.S3Uri)"],
  ])('the overrides form refuses %s with InvalidExecutionInput, starting no job', async (_what, input, cause) => {
    const run = await runLocally(definition, input, { [RUN]: completed });
    expect(run.states[run.states.length - 1]).toBe('InvalidInput');
    expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause });
    expect(run.requests[RUN]).toBeUndefined();
  });

  test('a throttled start is retried by the task, with the same name', async () => {
    let calls = 0;
    const run = await runLocally(definition, runForm(), {
      [RUN]: (request) => {
        calls++;
        if (calls < 3) throw taskError('SageMaker.ThrottlingException', 'Rate exceeded');
        return completed(request);
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.states).toEqual([...CHECKS, RUN]);
    expect(run.requests[RUN]).toHaveLength(3);
  });

  // The optimized integration raises SageMaker's unmodelled errors as `SageMaker.AmazonSageMakerException`, the
  // API's error code in the cause (Step Functions Developer Guide, "Create and manage Amazon SageMaker AI jobs":
  // its example retries SageMaker.AmazonSageMakerException): a throttled CreateProcessingJob arrives so.
  const THROTTLED = 'Rate exceeded (Service: AmazonSageMaker; Status Code: 400; Error Code: ThrottlingException; Request ID: 0f0f0f0f-1111-2222-3333-444455556666; Proxy: null)';

  test('a start throttled as SageMaker.AmazonSageMakerException is started again after a wait', async () => {
    let calls = 0;
    const run = await runLocally(definition, runForm(), {
      [RUN]: (request) => {
        calls++;
        if (calls < 3) throw taskError('SageMaker.AmazonSageMakerException', THROTTLED);
        return completed(request);
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.requests[RUN]).toHaveLength(3);
    expect(run.output.result.ProcessingJobStatus).toBe('Completed');
  });

  test('a start throttled every time is started 4 more times (retry.maxAttempts), then published and failed with the error', async () => {
    const run = await runLocally(definition, runForm(), {
      [RUN]: () => { throw taskError('SageMaker.AmazonSageMakerException', THROTTLED); },
      NotifyStartFailure: () => ({ MessageId: 'm-3' }),
    });
    expect(run.requests[RUN]).toHaveLength(5);
    expect(run.states.slice(-2)).toEqual(['NotifyStartFailure', 'Failed']);
    expect(run.error).toEqual({ name: 'SageMaker.AmazonSageMakerException', cause: THROTTLED });
  });

  test('a capacity error starts the job again after a wait, with a new name', async () => {
    let calls = 0;
    const run = await runLocally(definition, runForm(), {
      [RUN]: (request) => {
        calls++;
        if (calls === 1) throw jobFailure(request, 'CapacityError: Unable to provision requested ML compute capacity.');
        return completed(request);
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.states).toEqual([...CHECKS, RUN, 'IsCapacityError', 'CountCapacityRetry', 'FirstCapacityRetry', 'WaitForCapacity', 'RunAgain', RUN]);
    const [first, second] = run.requests[RUN].map((r) => r.ProcessingJobName);
    expect(first).not.toEqual(second);
    expect(run.output.capacity).toEqual({ attempt: 1, wait: 300 });
  });

  test('after 2 capacity retries the run fails and the topic is told', async () => {
    const run = await runLocally(definition, runForm(), {
      [RUN]: (request) => { throw jobFailure(request, 'CapacityError: Unable to provision requested ML compute capacity.'); },
      NotifyJobFailure: () => ({ MessageId: 'm-1' }),
    });
    expect(run.requests[RUN]).toHaveLength(3);
    expect(run.states.slice(-5)).toEqual(['CapacityRetriesLeft', 'IsJobFailure', 'DescribeFailure', 'NotifyJobFailure', 'Failed']);
    expect(run.error!.name).toBe('States.TaskFailed');
  });

  test('a failed job is published with its name, status and reason, and fails the execution', async () => {
    const run = await runLocally(definition, runForm(), {
      [RUN]: (request) => { throw jobFailure(request, 'AlgorithmError: script exited with 1'); },
      NotifyJobFailure: () => ({ MessageId: 'm-1' }),
    });
    expect(run.states).toEqual([...CHECKS, RUN, 'IsCapacityError', 'IsJobFailure', 'DescribeFailure', 'NotifyJobFailure', 'Failed']);
    const name = run.requests[RUN][0].ProcessingJobName;
    const publish = run.requests.NotifyJobFailure[0];
    expect(publish.Subject).toBe(`SageMaker Processing job ${name} Failed`);
    expect(publish.Message).toBe(`Processing job ${name} ended with status Failed: AlgorithmError: script exited with 1 ` +
      '(execution arn:aws:states:us-east-1:123456789012:execution:Runner:run-1)');
    expect(publish.TopicArn).toMatch(/^Alerts[0-9A-F]{8}$/);
    expect(run.error!.name).toBe('States.TaskFailed');
    expect(JSON.parse(run.error!.cause).FailureReason).toBe('AlgorithmError: script exited with 1');
  });

  test('a job that could not start is published with the error', async () => {
    const run = await runLocally(definition, runForm(), {
      [RUN]: () => { throw taskError('SageMaker.AmazonSageMakerException', 'Role is not valid (Service: SageMaker, Status Code: 400)'); },
      NotifyStartFailure: () => ({ MessageId: 'm-2' }),
    });
    expect(run.states).toEqual([...CHECKS, RUN, 'IsCapacityError', 'IsJobFailure', 'NotifyStartFailure', 'Failed']);
    expect(run.requests.NotifyStartFailure[0].Message).toBe('Execution arn:aws:states:us-east-1:123456789012:execution:Runner:run-1 could not start its processing job: ' +
      'SageMaker.AmazonSageMakerException: Role is not valid (Service: SageMaker, Status Code: 400)');
    expect(run.error).toEqual({ name: 'SageMaker.AmazonSageMakerException', cause: 'Role is not valid (Service: SageMaker, Status Code: 400)' });
  });

  // Publishing can fail (a topic whose key or policy refuses the runner, a deleted topic): the execution still ends with the job's error.
  test.each([
    ['a failed job', 'NotifyJobFailure', (request: any) => { throw jobFailure(request, 'AlgorithmError: script exited with 1'); }, 'States.TaskFailed'],
    ['a job that could not start', 'NotifyStartFailure', () => { throw taskError('SageMaker.AmazonSageMakerException', 'Role is not valid'); }, 'SageMaker.AmazonSageMakerException'],
  ])('%s whose notification is refused fails the execution with the job\'s error, not the topic\'s', async (_what, notify, start, error) => {
    const run = await runLocally(definition, runForm(), {
      [RUN]: start,
      [notify]: () => { throw taskError('SNS.KMSAccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/Runner is not authorized to perform: kms:GenerateDataKey'); },
    });
    expect(run.states.slice(-2)).toEqual([notify, 'Failed']);
    expect(run.error!.name).toBe(error);
  });

  test('1000 runs get 1000 distinct valid job names of at most 63 characters', async () => {
    const names = new Set<string>();
    for (let batch = 0; batch < 10; batch++) {
      const runs = await Promise.all(Array.from({ length: 100 }, (_, i) => runLocally(definition, runForm(), { [RUN]: completed }, `run-${batch}-${i}`)));
      for (const run of runs) {
        const name = run.requests[RUN][0].ProcessingJobName as string;
        expect(name.length).toBeLessThanOrEqual(LIMITS.jobName.max);
        expect(name).toMatch(LIMITS.jobName.pattern);
        names.add(name);
      }
    }
    expect(names.size).toBe(1000);
  });
});

describe('OverlapPolicy.SKIP', () => {
  let definition: any;
  beforeAll(() => {
    definition = stateMachineDefinition(nightlyJobStack({ overlap: OverlapPolicy.SKIP }).stack);
  });

  test('a run while one is in progress ends as skipped without starting a job', async () => {
    const run = await runLocally(definition, runForm(), {
      'CheckRunning': () => ({ ProcessingJobSummaries: [{ ProcessingJobName: 'nightly-features-20261123-020001-0a1b2c3d', ProcessingJobStatus: 'InProgress' }] }),
      [RUN]: completed,
    });
    expect(run.states).toEqual([...CHECKS, 'CheckRunning', 'IsRunning', 'Skipped']);
    expect(run.requests['CheckRunning'][0]).toEqual({ NameContains: 'nightly-features-2', StatusEquals: 'InProgress', MaxResults: 100 });
    expect(run.requests[RUN]).toBeUndefined();
    expect(run.error).toBeUndefined();
  });

  // ListProcessingJobs' NameContains matches anywhere in a name (SageMaker API Reference, ListProcessingJobs:
  // "returns only processing jobs whose name contains the specified string"): other jobs' names may hold the prefix.
  test.each([
    ['a job whose name ends with this prefix', 'old-nightly-features-20261124-020001-0a1b2c3d'],
    ['a job of a longer prefix that starts with this one', 'nightly-features-2nd-20261124-020001-0a1b2c3d'],
  ])('a run while only %s is in progress starts the job', async (_what, other) => {
    const run = await runLocally(definition, runForm(), {
      'CheckRunning': () => ({ ProcessingJobSummaries: [{ ProcessingJobName: other, ProcessingJobStatus: 'InProgress' }] }),
      [RUN]: completed,
    });
    expect(run.states).toEqual([...CHECKS, 'CheckRunning', 'IsRunning', RUN]);
  });

  test('a run while none is in progress starts the job', async () => {
    const run = await runLocally(definition, runForm(), { 'CheckRunning': () => ({ ProcessingJobSummaries: [] }), [RUN]: completed });
    expect(run.states).toEqual([...CHECKS, 'CheckRunning', 'IsRunning', RUN]);
    expect(run.requests[RUN]).toHaveLength(1);
  });
});

describe('the largest run the runner takes', () => {
  /** Step Functions' payload quota: a state's input or output over it fails the execution with States.DataLimitExceeded, which no Catch takes (Step Functions Developer Guide, "Error handling"). */
  const PAYLOAD_QUOTA = 262_144;
  const names = (kind: string) => Array.from({ length: 10 }, (_, i) => `${kind}${i}`);
  let definition: any;
  beforeAll(() => {
    definition = stateMachineDefinition(nightlyJobStack({
      environment: {},
      outputPartitioning: OutputPartitioning.RUN_ID,
      processingInputs: names('in').map((n) => ProcessingInput.fromS3Uri(n, `s3://lake/${n}/`)),
      processingOutputs: names('out').map((n) => ProcessingOutput.toS3Uri(n, `s3://lake/${n}/`)),
    }).stack);
  });
  // Every value at the API's limit: 100 arguments of 256 characters, 98 variables (the run adds 2) of 256-character names and values, 1,024-character URIs.
  const largest = {
    arguments: Array.from({ length: LIMITS.arguments.max }, (_, i) => String(i).padEnd(LIMITS.arguments.maxItemLength, 'a')),
    environment: Object.fromEntries(Array.from({ length: LIMITS.environment.maxEntries - 2 }, (_, i) =>
      [`K${i}`.padEnd(LIMITS.environment.maxKeyLength, 'k'), 'v'.repeat(LIMITS.environment.maxValueLength)])),
    inputs: Object.fromEntries(names('in').map((n) => [n, `s3://lake/${n}/`.padEnd(LIMITS.s3Uri.max, 'x')])),
    outputs: Object.fromEntries(names('out').map((n) => [n, `${`s3://lake/${n}/`.padEnd(LIMITS.s3Uri.max - 'run=run-1/'.length - 1, 'y')}/`])),
  };

  test('runs, every state\'s data within the payload quota', async () => {
    const run = await runLocally(definition, largest, { [RUN]: completed });
    expect(run.error).toBeUndefined();
    expect(run.largestStateData).toBeLessThanOrEqual(PAYLOAD_QUOTA);
  });

  test('fails with the job\'s error and is published, every state\'s data within the payload quota', async () => {
    // The cause of a failed `.sync` job is its description (DescribeProcessingJob): the request with its status and reason.
    const run = await runLocally(definition, largest, {
      [RUN]: (request) => {
        throw taskError('States.TaskFailed', JSON.stringify({
          ...request, ProcessingJobArn: completed(request).ProcessingJobArn, ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: script exited with 1',
          CreationTime: '2026-11-24T02:00:08.000Z', ProcessingEndTime: '2026-11-24T02:10:00.000Z', LastModifiedTime: '2026-11-24T02:10:00.000Z',
        }));
      },
      NotifyJobFailure: () => ({ MessageId: 'm-1' }),
    });
    expect(run.states.slice(-3)).toEqual(['DescribeFailure', 'NotifyJobFailure', 'Failed']);
    expect(run.requests.NotifyJobFailure[0].Message).toMatch(/ended with status Failed: AlgorithmError: script exited with 1 /);
    expect(run.error!.name).toBe('States.TaskFailed');
    expect(JSON.parse(run.error!.cause).FailureReason).toBe('AlgorithmError: script exited with 1');
    expect(run.largestStateData).toBeLessThanOrEqual(PAYLOAD_QUOTA);
  });
});
