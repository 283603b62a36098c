import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import {
  DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  cli, deployedStateMachine, EXECUTION_ARN, FakeLogs, JOB_NAME, MACHINE_ARN, mocks, resetAws, restoreEnv, taskScheduled,
} from './harness';
import { job, scenario, T } from './scenarios';

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

describe('run through the state machine', () => {
  test('success: starts the execution with the overrides form, shows progress and both instances\' logs, exits 0', async () => {
    scenario(job('Completed', { ProcessingEndTime: new Date(T + 40_000) }), { status: 'SUCCEEDED' });
    const result = await cli(['run', 'NightlyFeatures', '--env', 'MODE=full', '--arg', '--mode', '--arg', 'full',
      '--input', 'raw=s3://backfill/raw/', '--scheduled-time', '2026-11-20T02:00:00Z']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const start = mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start.stateMachineArn).toBe(MACHINE_ARN);
    expect(start.name).toMatch(/^nightly-features-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(JSON.parse(start.input!)).toEqual({
      arguments: ['--mode', 'full'], environment: { MODE: 'full' }, inputs: { raw: 's3://backfill/raw/' }, scheduledTime: '2026-11-20T02:00:00Z',
    });
    expect(result.stdout).toBe([
      `DataLake/NightlyFeatures: execution nightly-features-20261124-090000-1a2b3c4d`,
      `DataLake/NightlyFeatures: processing job ${JOB_NAME}`,
      '[     0s] execution RUNNING · job Pending',
      '[    10s] execution RUNNING · job InProgress',
      'algo-1 | reading s3://data-lake-data/raw/ (2026-11-20)',
      'algo-1 | rows: 120000',
      '[    30s] execution SUCCEEDED · job Completed',
      'algo-2 | reading s3://data-lake-data/raw/ (2026-11-20)',
      'algo-2 | wrote 60000 feature rows',
      'algo-1 | wrote 60000 feature rows',
      `✔ ${JOB_NAME} Completed in 30s`,
      '  features: s3://data-lake-data/features/dt=2026-11-20/',
      '',
    ].join('\n'));
  });

  test('on a terminal: a spinner line with the statuses and the elapsed time, log lines printed above it', async () => {
    scenario(job('Completed'), { status: 'SUCCEEDED' });
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const result = await cli(['run', 'NightlyFeatures'], { tty: true });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const plain = result.stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
      // The frame is drawn again after each printed line: the spinner, the statuses, the elapsed time.
      expect(plain).toMatch(/⠸ DataLake\/NightlyFeatures · execution RUNNING · job InProgress · 20salgo-1 \| rows: 120000\n/);
      expect(plain).toMatch(/⠴ DataLake\/NightlyFeatures · execution SUCCEEDED · job Completed · 30salgo-2 \| wrote 60000 feature rows\n/);
      // The spinner ends before the result, which stays on screen.
      expect(plain.endsWith(`✔ ${JOB_NAME} Completed in 30s\n  features: s3://data-lake-data/features/dt=2026-11-20/\n`)).toBe(true);
      expect(plain).not.toContain('[    10s]');
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
  });

  test('failure: the job\'s FailureReason is printed and the exit code is 1', async () => {
    scenario(job('Failed', { FailureReason: 'AlgorithmError: KeyError: \'date\'' }),
      { status: 'FAILED', error: 'States.TaskFailed', cause: '{"ProcessingJobStatus":"Failed"}' });
    const result = await cli(['run', 'DataLake/NightlyFeatures']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✖ ${JOB_NAME} Failed after 30s: AlgorithmError: KeyError: 'date'\n`);
    expect(JSON.parse(mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!)).toEqual({});
  });

  test('an execution that fails before it creates a job: the execution\'s error and cause, exit code 1', async () => {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date(T) });
    mocks.sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'InvalidExecutionInput', cause: "outputs: unknown output name 'feature'" });
    mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const result = await cli(['run', 'NightlyFeatures']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✖ nightly-features-20261124-090000-1a2b3c4d Failed after 0s: InvalidExecutionInput: outputs: unknown output name 'feature'\n");
    expect(mocks.sm.calls()).toHaveLength(0);
  });

  test('an execution that started no job (OverlapPolicy.SKIP found a run in progress): Skipped, exit code 1', async () => {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date(T) });
    mocks.sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const result = await cli(['run', 'NightlyFeatures']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('– nightly-features-20261124-090000-1a2b3c4d skipped: the execution started no job: another run of the job was in progress (OverlapPolicy.SKIP)\n');
  });

  test('a retry starts a second job: the run follows the newest job', async () => {
    deployedStateMachine();
    const second = 'nightly-features-20261124-090501-9a8b7c6d';
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date(T) });
    mocks.sfn.on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [taskScheduled(3, JOB_NAME)] })
      .resolves({ events: [taskScheduled(9, second), taskScheduled(3, JOB_NAME)] });
    mocks.sfn.on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' }).resolvesOnce({ status: 'RUNNING' }).resolves({ status: 'SUCCEEDED' });
    mocks.sm.on(DescribeProcessingJobCommand, { ProcessingJobName: JOB_NAME }).resolves(job('Failed', { FailureReason: 'InternalServerError: capacity' }));
    mocks.sm.on(DescribeProcessingJobCommand, { ProcessingJobName: second }).resolves(job('Completed', { ProcessingJobName: second }));
    const result = await cli(['run', 'NightlyFeatures', '--no-logs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`processing job ${JOB_NAME}\n`);
    expect(result.stdout).toContain(`processing job ${second}\n`);
    expect(result.stdout).toContain(`✔ ${second} Completed`);
    expect(mocks.logs.calls()).toHaveLength(0);
  });

  test('--json: stdout holds only the result; progress and logs go to stderr', async () => {
    scenario(job('Completed', { ProcessingEndTime: new Date(T + 40_000) }), { status: 'SUCCEEDED' });
    const result = await cli(['run', 'NightlyFeatures', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      job: 'DataLake/NightlyFeatures', jobName: JOB_NAME, executionArn: EXECUTION_ARN, status: 'Completed',
      outputs: { features: 's3://data-lake-data/features/dt=2026-11-20/' }, elapsedSeconds: 30,
    });
    expect(result.stderr).toContain('algo-1 | rows: 120000\n');
    expect(result.stderr).toContain(`✔ ${JOB_NAME} Completed in 30s\n`);
  });

  test('--no-wait: prints the execution and exits 0 once started', async () => {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date(T) });
    const result = await cli(['run', 'NightlyFeatures', '--no-wait', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ job: 'DataLake/NightlyFeatures', executionArn: EXECUTION_ARN, status: 'InProgress' });
    expect(mocks.sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });
});

describe('Ctrl-C while a run waits', () => {
  /** The job runs until StopExecution is called; then it is Stopping, then Stopped. */
  function stoppableRun() {
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date(T) });
    mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
    let stopped = 0;
    mocks.sfn.on(StopExecutionCommand).callsFake(() => {
      stopped = 1;
      return { stopDate: new Date() };
    });
    mocks.sfn.on(DescribeExecutionCommand).callsFake(() => ({ status: stopped ? 'ABORTED' : 'RUNNING', ...(stopped ? { error: 'States.Aborted', cause: 'stopped with Ctrl-C in cdk-sagemaker-processing run' } : {}) }));
    mocks.sm.on(DescribeProcessingJobCommand).callsFake(() => (stopped === 0 ? job('InProgress') : stopped++ === 1 ? job('Stopping') : job('Stopped')));
    new FakeLogs({});
  }

  test('answering y stops the execution (and with it the job); the run ends Stopped with exit code 1', async () => {
    stoppableRun();
    const result = await cli(['run', 'NightlyFeatures'], {
      onStdout: (all, io) => {
        if (all.endsWith('execution RUNNING · job InProgress\n') && !all.includes('Stop ')) io.interrupts.emit('SIGINT');
        if (all.endsWith(`Stop ${JOB_NAME}? [y/N] `)) io.stdin.write('y\n');
      },
    });
    expect(mocks.sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { executionArn: EXECUTION_ARN, cause: 'stopped with Ctrl-C in cdk-sagemaker-processing run' },
    ]);
    expect(result.stdout).toContain('stopping execution nightly-features-20261124-090000-1a2b3c4d (Step Functions stops the job)\n');
    expect(result.stdout).toMatch(/job Stopped\n/);
    expect(result.stdout).toContain(`✖ ${JOB_NAME} Stopped after`);
    expect(result.code).toBe(1);
  });

  test('answering n keeps waiting; the job completes and the exit code is 0', async () => {
    scenario(job('Completed'), { status: 'SUCCEEDED' });
    let asked = false;
    const result = await cli(['run', 'NightlyFeatures'], {
      onStdout: (all, io) => {
        if (!asked && all.includes('job InProgress')) {
          asked = true;
          io.interrupts.emit('SIGINT');
        }
        if (all.endsWith('? [y/N] ')) io.stdin.write('n\n');
      },
    });
    expect(result.stdout).toContain('still waiting (Ctrl-C again to stop the job or leave it running)\n');
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
    expect(result.code).toBe(0);
  });

  test('Ctrl-C again at the question leaves the job running: exit code 130, nothing stopped', async () => {
    stoppableRun();
    const result = await cli(['run', 'NightlyFeatures'], {
      onStdout: (all, io) => {
        if (all.endsWith('job InProgress\n') && !all.includes('? [y/N]')) io.interrupts.emit('SIGINT');
        if (all.endsWith('? [y/N] ')) io.interrupts.emit('SIGINT');
      },
    });
    expect(result.code).toBe(130);
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
    expect(result.stdout).toContain(`${JOB_NAME} is still InProgress; follow it with: cdk-sagemaker-processing logs --follow ${JOB_NAME}\n`);
  });
});
