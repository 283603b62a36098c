/**
 * The command against the stand-in AWS (real wire protocols, in this process, on a simulated
 * clock): the bugs at the level where they happened, one run identity, the exit-code contract.
 */
import { featureJob, NIGHTLY_MACHINE, nightlyRun, Seconds, SHARED_MACHINE } from './stand-in/account';
import { clock, run, standIn } from './stand-in/session';

const s: Seconds = (x) => x;
/** A run five times shorter, for the tests that wait for its end (fewer polls). */
const fast: Seconds = (x) => x / 5;
const aws = standIn();
beforeAll(aws.start);
afterAll(aws.stop);
beforeEach(() => aws.reset());

const JOB = 'nightly-features-20261124-090001-5e6f7a8b';
const failing = { failureReason: 'AlgorithmError: See job logs for more information', exitMessage: 'KeyError: \'date\'' };

/** Starts a run with --no-wait; resolves the execution's name. */
async function started(attempts = [featureJob(s)]): Promise<string> {
  aws.world.next = nightlyRun(s, attempts);
  expect((await run(['run', 'NightlyFeatures', '--no-wait'])).code).toBe(0);
  return String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
}

describe('CloudFormation speaks the query protocol', () => {
  test('a stack that is not deployed (ValidationError over XML) is the cdk deploy hint, exit 2', async () => {
    aws.reset({ deployed: false });
    const result = await run(['run', 'NightlyFeatures']);
    expect(result.stderr).toBe('error: stack DataLake is not deployed in us-east-1: run `cdk deploy DataLake` (or pass --region)\n');
    expect(result.code).toBe(2);
    expect(aws.server.calls.map((c) => `${c.service} ${c.action}`)).toEqual(['cloudformation DescribeStackResource']);
  });

  test('--direct too: DescribeStacks answers the same ValidationError', async () => {
    aws.reset({ deployed: false });
    const result = await run(['run', 'NightlyFeatures', '--direct']);
    expect(result.stderr).toBe('error: stack DataLake is not deployed in us-east-1: run `cdk deploy DataLake` (or pass --region)\n');
    expect(result.code).toBe(2);
  });
});

describe('overrides a job does not take are refused offline, the same way on every path', () => {
  test.each([
    ['through the runner', []],
    ['with --no-wait', ['--no-wait']],
    ['with --direct', ['--direct']],
  ])('--arg for a job without arguments, %s: one line, exit 2, no AWS call', async (_path, extra) => {
    const result = await run(['run', 'DataLake/Weekly', '--arg', '--full', ...extra]);
    expect(result.stderr).toBe('error: --arg: the job DataLake/Weekly takes no arguments (its processor passes none to the container), so a run cannot set them\n');
    expect(result.code).toBe(2);
    expect(aws.server.calls).toEqual([]);
  });

  test.each([
    ['2026-02-30T02:00:00Z', "error: --scheduled-time '2026-02-30T02:00:00Z': 2026-02-30 is not a date (February 2026 has 28 days)\n"],
    ['2026-11-20T00:30:00', "error: --scheduled-time '2026-11-20T00:30:00': give the time zone — 2026-11-20T00:30:00Z for UTC, or an offset such as " +
      "2026-11-20T00:30:00+01:00 (without one the run's date would depend on the time zone of this machine)\n"],
  ])('--scheduled-time %s is refused before anything starts', async (value, message) => {
    const result = await run(['run', 'NightlyFeatures', '--scheduled-time', value]);
    expect(result.stderr).toBe(message);
    expect(result.code).toBe(2);
    expect(aws.server.calls).toEqual([]);
  });

  test('a time with an offset is sent in UTC; a date alone is its midnight UTC', async () => {
    await run(['run', 'NightlyFeatures', '--no-wait', '--scheduled-time', '2026-11-20T01:30:00+02:00']);
    await run(['run', 'NightlyFeatures', '--no-wait', '--scheduled-time', '2026-11-21']);
    expect(aws.server.callsOf('sfn', 'StartExecution').map((c) => JSON.parse(String(c.input.input)))).toEqual([
      { scheduledTime: '2026-11-19T23:30:00Z' }, { scheduledTime: '2026-11-21T00:00:00Z' },
    ]);
  });
});

describe('one run, two names: status, logs and stop take the execution name and the job name', () => {
  test('status of a run in progress exits 3, by either name; of a failed run 1; of a completed run 0', async () => {
    const execution = await started([featureJob(s, failing)]);
    clock.now += 60_000;
    const byExecution = await run(['status', execution]);
    expect(byExecution.code).toBe(3);
    expect(byExecution.stdout).toContain(`  execution          ${execution} (RUNNING)\n`);
    expect(byExecution.stdout).toContain(`  processing job     ${JOB} (InProgress)\n`);
    expect((await run(['status', JOB])).code).toBe(3);
    clock.now += 600_000;
    const failed = await run(['status', execution, '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ execution, jobName: JOB, status: 'Failed', exitMessage: 'KeyError: \'date\'' });
    aws.reset();
    const done = await started();
    clock.now += 600_000;
    expect((await run(['status', done])).code).toBe(0);
    const byPath = await run(['status', 'DataLake/NightlyFeatures']);
    expect(byPath.code).toBe(0);
    expect(byPath.stdout).toContain(`  execution          ${done} (SUCCEEDED)\n`);
  });

  test('logs exits with the run\'s code: 1 for a failed run, 3 while it runs, 0 once it completed', async () => {
    const execution = await started([featureJob(s, failing)]);
    clock.now += 150_000;
    const running = await run(['logs', execution]);
    expect(running.code).toBe(3);
    expect(running.stdout).toBe('algo-1 | reading s3://backfill/raw/ (2026-11-20)\nalgo-2 | reading s3://backfill/raw/ (2026-11-20)\n');
    clock.now += 600_000;
    const failed = await run(['logs', JOB]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("algo-1 | KeyError: 'date'\n");
    aws.reset();
    const done = await started();
    clock.now += 600_000;
    expect((await run(['logs', done])).code).toBe(0);
  });

  test('logs -f --json writes one JSON object per line on stdout and exits with the run\'s code', async () => {
    aws.world.next = nightlyRun(fast, [featureJob(fast, failing)]);
    await run(['run', 'NightlyFeatures', '--no-wait']);
    const execution = String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
    const job = 'nightly-features-20261124-090000-5e6f7a8b';
    const result = await run(['logs', '-f', '--json', execution]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.instance} ${l.message}`)).toEqual([
      'algo-1 reading s3://backfill/raw/ (2026-11-20)', 'algo-2 reading s3://backfill/raw/ (2026-11-20)',
      'algo-1 Traceback (most recent call last):', 'algo-1 KeyError: \'date\'',
    ]);
    expect(lines[0]).toEqual({ time: '2026-11-24T09:00:28.400Z', instance: 'algo-1', stream: expect.stringMatching(new RegExp(`^${job}/algo-1-`)), message: 'reading s3://backfill/raw/ (2026-11-20)' });
    expect(result.stderr).toContain(`✖ ${job} Failed after 42s`);
  });

  test('Ctrl-C in logs -f leaves the run going, says how to follow and stop it, exit 130', async () => {
    const execution = await started();
    clock.now += 150_000;
    const result = await run(['logs', '-f', execution], { onStdout: (all, io) => {
      if (all.endsWith('running\n')) io.interrupts.emit('SIGINT');
    } });
    expect(result.stdout).toContain(`${JOB} is still InProgress; follow it with: cdk-sagemaker-processing logs --follow ${execution}\n`
      + `  stop it with: cdk-sagemaker-processing stop ${execution}\n`);
    expect(result.code).toBe(130);
    expect(aws.server.callsOf('sfn', 'StopExecution')).toEqual([]);
  });

  test('logs -f counts from the run\'s start, not from when it is followed', async () => {
    const execution = await started();
    clock.now += 150_000;
    const result = await run(['logs', '-f', execution]);
    expect(result.stdout).toMatch(/^\[ 2m 30s\] /m);
  });

  test('stop of a running job by its job name stops the execution that runs it; the run ends Stopped', async () => {
    const execution = await started();
    clock.now += 150_000;
    const result = await run(['stop', JOB]);
    expect(result.stdout).toBe(`stopping execution ${execution} and its job ${JOB}\n`);
    expect(result.code).toBe(0);
    expect(aws.server.callsOf('sfn', 'StopExecution')).toHaveLength(1);
    clock.now += 5_000;
    const status = await run(['status', execution, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'Stopped', jobStatus: 'Stopped', executionStatus: 'ABORTED' });
    expect(status.code).toBe(1);
  });

  test('stop while the runner waits to retry after a capacity error: the execution is stopped, no new job starts', async () => {
    const execution = await started([featureJob(s, 'CapacityError'), featureJob(s)]);
    clock.now += 200_000;
    expect((await run(['stop', 'NightlyFeatures'])).stdout).toBe(`stopping execution ${execution}: it was waiting for capacity (retry 1), no new job will start\n`);
    clock.now += 3_600_000;
    expect(aws.server.callsOf('sagemaker', 'ListProcessingJobs')).toBeDefined();
    const status = await run(['status', execution, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'Stopped', jobName: JOB });
  });

  test('stop of a direct run stops its job; of a run that ended, nothing is stopped and the run\'s code is the exit code', async () => {
    aws.world.next = nightlyRun(s, [featureJob(s)]);
    await run(['run', 'NightlyFeatures', '--direct', '--no-wait']);
    const name = String(aws.server.callsOf('sagemaker', 'CreateProcessingJob')[0].input.ProcessingJobName);
    clock.now += 60_000;
    expect((await run(['stop', name])).stdout).toBe(`stopping ${name}\n`);
    expect(aws.server.callsOf('sagemaker', 'StopProcessingJob').map((c) => c.input)).toEqual([{ ProcessingJobName: name }]);
    clock.now += 60_000;
    const again = await run(['stop', name]);
    expect(again.stderr).toBe(`${name} has ended (Stopped): nothing to stop\n`);
    expect(again.code).toBe(1);
  });

  test('stop of a run that is stopping says so, and exits 3 (it has not ended)', async () => {
    aws.world.next = nightlyRun(s, [featureJob(s)]);
    await run(['run', 'NightlyFeatures', '--direct', '--no-wait']);
    const name = String(aws.server.callsOf('sagemaker', 'CreateProcessingJob')[0].input.ProcessingJobName);
    clock.now += 60_000;
    await run(['stop', name]);
    clock.now += 1_000;
    const again = await run(['stop', name]);
    expect(again.stderr).toBe(`${name} is already stopping (Stopping): nothing to stop\n`);
    expect(again.code).toBe(3);
    const json = await run(['stop', name, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ jobName: name, stopping: false, status: 'Stopping' });
    expect(json.code).toBe(3);
    expect(aws.server.callsOf('sagemaker', 'StopProcessingJob')).toHaveLength(1);
  });
});

describe('a job\'s construct path names its newest run, also before that run has created its processing job', () => {
  /** A run whose execution takes `startSeconds` before its task creates the job (input checks, a busy account). */
  async function startedSlowly(startSeconds: number): Promise<string> {
    aws.world.next = { ...nightlyRun(s, [featureJob(s)]), startSeconds };
    expect((await run(['run', 'NightlyFeatures', '--no-wait'])).code).toBe(0);
    return String(aws.server.callsOf('sfn', 'StartExecution').at(-1)!.input.name);
  }

  test('status: the execution that has no job yet, in progress (exit 3); with an earlier run, still the new one', async () => {
    const first = await startedSlowly(120);
    clock.now += 10_000;
    const status = await run(['status', 'DataLake/NightlyFeatures', '--json']);
    expect(status.code).toBe(3);
    expect(JSON.parse(status.stdout)).toMatchObject({ job: 'DataLake/NightlyFeatures', execution: first, executionStatus: 'RUNNING', status: 'InProgress' });
    expect(JSON.parse(status.stdout).jobName).toBeUndefined();

    clock.now += 3_600_000; // the first run has created its job and completed
    const second = await startedSlowly(120);
    clock.now += 10_000;
    const text = await run(['status', 'NightlyFeatures']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(new RegExp(`^ {2}execution +${second} \\(RUNNING\\)$`, 'm'));
    expect(text.stdout).toMatch(/^ {2}status +InProgress$/m);
    expect(text.stdout).not.toContain('processing job');
  });

  test('logs: no lines yet, why on stderr with how to follow it, and the run\'s code (3)', async () => {
    const execution = await startedSlowly(120);
    clock.now += 10_000;
    const logs = await run(['logs', 'NightlyFeatures']);
    expect(logs).toEqual({
      code: 3, stdout: '',
      stderr: `${execution}: no log lines: it has no processing job yet; follow it with: cdk-sagemaker-processing logs --follow ${execution}\n`,
    });
  });

  test('stop: the execution is stopped, and no job starts', async () => {
    const execution = await startedSlowly(120);
    clock.now += 10_000;
    const stop = await run(['stop', 'DataLake/NightlyFeatures']);
    expect(stop.stdout).toBe(`stopping execution ${execution}\n`);
    expect(stop.code).toBe(0);
    clock.now += 600_000;
    expect(aws.server.callsOf('sfn', 'StopExecution').map((c) => c.input.executionArn)).toEqual([expect.stringMatching(new RegExp(`:${execution}$`))]);
    const status = await run(['status', 'NightlyFeatures', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ execution, executionStatus: 'ABORTED', status: 'Stopped' });
    expect(JSON.parse(status.stdout).jobName).toBeUndefined();
  });

  test('a job in a shared runner: only the executions started for it (their input names the job)', async () => {
    aws.world.next = { ...nightlyRun(s, [featureJob(s)]), startSeconds: 120 };
    // Another job's schedule starts the shared runner.
    aws.world.handle('sfn', 'StartExecution', { stateMachineArn: SHARED_MACHINE, name: 'monthly-schedule-1', input: JSON.stringify({ job: 'Monthly', run: {} }) });
    clock.now += 10_000;
    const none = await run(['status', 'DataLake/Weekly']);
    expect(none.stderr).toContain('DataLake/Weekly has no runs in us-east-1 yet');
    expect(none.code).toBe(2);
    expect((await run(['run', 'DataLake/Weekly', '--no-wait'])).code).toBe(0);
    const weekly = String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
    clock.now += 10_000;
    const status = await run(['status', 'DataLake/Weekly', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ job: 'DataLake/Weekly', execution: weekly, status: 'InProgress' });
  });

  test('a newer execution that skipped its run (OverlapPolicy.SKIP) does not hide the run in progress', async () => {
    const execution = await started();
    clock.now += 150_000;
    aws.world.next = { attempts: [], startSeconds: 1 };
    aws.world.handle('sfn', 'StartExecution', { stateMachineArn: NIGHTLY_MACHINE, name: 'schedule-skipped-1', input: '{}' });
    clock.now += 5_000;
    const status = await run(['status', 'NightlyFeatures', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ execution, jobName: JOB, status: 'InProgress' });
    expect((await run(['stop', 'NightlyFeatures'])).stdout).toBe(`stopping execution ${execution} and its job ${JOB}\n`);
  });
});

describe('run', () => {
  test('sends the overrides form and prints the run id first; --json: only the result on stdout', async () => {
    aws.world.next = nightlyRun(fast, [featureJob(fast)]);
    const result = await run(['--json', 'run', 'NightlyFeatures', '--env', 'MODE=full', '--input', 'raw=s3://backfill/raw/']);
    expect(JSON.parse(String(aws.server.callsOf('sfn', 'StartExecution')[0].input.input))).toEqual({ environment: { MODE: 'full' }, inputs: { raw: 's3://backfill/raw/' } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ job: 'DataLake/NightlyFeatures', jobName: 'nightly-features-20261124-090000-5e6f7a8b', status: 'Completed', durationSeconds: 42, instanceSeconds: 36, instanceCount: 2 });
    expect(result.stderr.split('\n')[3]).toMatch(/^execution nightly-features-20261124-090000-[0-9a-f]{8} \(the run id\)$/);
  });

  test('an execution that fails before it creates a job: its error and cause, exit 1', async () => {
    aws.world.next = { attempts: [], refused: { error: 'InvalidExecutionInput', cause: 'outputs: unknown output name \'x\'' } };
    const result = await run(['run', 'NightlyFeatures']);
    expect(result.stdout).toMatch(/^✖ nightly-features-\S+ Failed after \d+s: InvalidExecutionInput: outputs: unknown output name 'x'$/m);
    expect(result.code).toBe(1);
    // status: the run has ended, when its execution stopped, and how long it took, as list says.
    const status = await run(['status', String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name)]);
    expect(status.stdout).toMatch(/^ {2}ended +2026-11-24 09:00:01Z$/m);
    expect(status.stdout).toMatch(/^ {2}duration +1s$/m);
    expect(status.code).toBe(1);
  });

  test('an execution that started no job (OverlapPolicy.SKIP): skipped, exit 1', async () => {
    aws.world.next = { attempts: [] };
    const result = await run(['run', 'NightlyFeatures']);
    expect(result.stdout).toMatch(/^– nightly-features-\S+ skipped: the execution started no job/m);
    expect(result.code).toBe(1);
  });

  test('Ctrl-C twice leaves the run going: exit 130, nothing stopped', async () => {
    aws.world.next = nightlyRun(s, [featureJob(s)]);
    const result = await run(['run', 'NightlyFeatures'], {
      onStdout: (all, io) => {
        if (all.endsWith('starting 2 × ml.m5.xlarge\n')) io.interrupts.emit('SIGINT');
        if (all.endsWith('? [y/N] ')) io.interrupts.emit('SIGINT');
      },
    });
    expect(result.code).toBe(130);
    expect(aws.server.callsOf('sfn', 'StopExecution')).toEqual([]);
    expect(result.stdout).toMatch(/is still InProgress; follow it with: cdk-sagemaker-processing logs --follow (nightly-features-20261124-090000-\w+)\n {2}stop it with: cdk-sagemaker-processing stop \1\n/);
  });

  test('Ctrl-C answered n keeps waiting; the run completes, exit 0', async () => {
    aws.world.next = nightlyRun(fast, [featureJob(fast)]);
    const result = await run(['run', 'NightlyFeatures', '--no-logs'], {
      onStdout: (all, io) => {
        if (all.endsWith('starting 2 × ml.m5.xlarge\n')) io.interrupts.emit('SIGINT');
        if (all.endsWith('? [y/N] ')) io.stdin.write('n\n');
      },
    });
    expect(result.stdout).toContain('still waiting (Ctrl-C again to stop the job or leave it running)\n');
    expect(result.code).toBe(0);
    expect(aws.server.callsOf('sfn', 'StopExecution')).toEqual([]);
  });

  test('Ctrl-C before the run is created: nothing is created, exit 130', async () => {
    const result = await run(['run', 'NightlyFeatures'], {
      onStdout: (all, io) => {
        if (all.endsWith('scheduled  at the start of the run\n')) io.interrupts.emit('SIGINT');
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('error: cancelled before the run was started: nothing was created\n');
    expect(aws.server.callsOf('sfn', 'StartExecution')).toEqual([]);
  });
});
