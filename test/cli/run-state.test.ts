/**
 * What `run`, `status` and `stop` say of a run while the runner waits in one of its wait states
 * (cli/src/runner-states.ts), against the stand-in AWS on a simulated clock: what it waits for and
 * until when, for each wait, and that the run is followed to the job started after the wait.
 */
import { featureJob, nightlyRun, Seconds } from './stand-in/account';
import { clock, run, standIn } from './stand-in/session';
import { LIMIT_EXCEEDED, THROTTLED } from './stand-in/world';

const s: Seconds = (x) => x;
const aws = standIn();
beforeAll(aws.start);
afterAll(aws.stop);
beforeEach(() => aws.reset());

/** The names the stand-in gives the run's first and second attempts. */
const FIRST = 'nightly-features-20261124-090001-5e6f7a8b';
const SECOND = 'nightly-features-20261124-090031-5f707b8c';
const throttled = { provisionSeconds: 0, outcome: 'Throttled' as const };

async function started(attempts = [throttled, featureJob(s)]): Promise<string> {
  aws.world.next = nightlyRun(s, attempts);
  expect((await run(['run', 'NightlyFeatures', '--no-wait'])).code).toBe(0);
  return String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
}

test('status while the runner waits after a throttled start: what it waits for, until when, and the error; exit 3', async () => {
  const execution = await started();
  clock.now += 11_000;
  const result = await run(['status', execution]);
  expect(result.stdout).toContain('  waiting            for SageMaker throttling to pass: retry 1 at 2026-11-24 09:00:31Z (in 20s)\n');
  expect(result.stdout).toContain(`  failure            ${THROTTLED.Error}: ${THROTTLED.Cause}\n`);
  expect(result.stdout).toContain('  status             InProgress\n');
  expect(result.code).toBe(3);
  const json = JSON.parse((await run(['status', execution, '--json'])).stdout);
  expect(json.retryWait).toEqual({
    state: 'WaitForThrottle', for: 'for SageMaker throttling to pass', attempt: 1, at: '2026-11-24T09:00:31.000Z',
    reason: `${THROTTLED.Error}: ${THROTTLED.Cause}`, jobName: FIRST,
  });
});

test('run through a throttled start: the throttling when it happens, the countdown, then the job started after the wait, to its end', async () => {
  aws.world.next = nightlyRun(s, [throttled, featureJob(s)]);
  const result = await run(['run', 'NightlyFeatures', '--no-logs']);
  expect(result.stdout).toContain(`✖ ${FIRST} was not created: CreateProcessingJob was throttled: ${THROTTLED.Error}: ${THROTTLED.Cause}\n`);
  expect(result.stdout).toContain('the runner starts the run again at 09:00:31Z (in 26s, retry 1); `stop` ends the run\n');
  expect(result.stdout).toMatch(/\] waiting for SageMaker throttling to pass: retry 1 in 26s\n/);
  expect(result.stdout).toMatch(new RegExp(`\\] job ${SECOND}\\n`));
  expect(result.stdout).toContain(`✔ ${SECOND} Completed`);
  expect(result.code).toBe(0);
});

test('a capacity error, then a throttled start: each wait is shown with what it waits for', async () => {
  aws.world.next = { ...nightlyRun(s, [featureJob(s, 'CapacityError'), throttled, featureJob(s)]), capacityWaitSeconds: 60 };
  const result = await run(['run', 'NightlyFeatures', '--no-logs']);
  expect(result.stdout).toMatch(/found no capacity: CapacityError/);
  expect(result.stdout).toMatch(/\] waiting for capacity: retry 1 in /);
  expect(result.stdout).toMatch(/was not created: CreateProcessingJob was throttled/);
  expect(result.stdout).toMatch(/\] waiting for SageMaker throttling to pass: retry 1 in /);
  expect(result.stdout).toMatch(/✔ \S+ Completed/);
  expect(result.code).toBe(0);
});

test('stop while the runner waits after a throttled start: the execution is stopped, it says what it waited for', async () => {
  const execution = await started();
  clock.now += 10_000;
  const result = await run(['stop', execution]);
  expect(result.stdout).toBe(`stopping execution ${execution}: it was waiting for SageMaker throttling to pass (retry 1), no new job will start\n`);
  expect(aws.server.callsOf('sfn', 'StopExecution')).toHaveLength(1);
});

test('status and run while the Run task\'s Retrier waits to call CreateProcessingJob again (an account quota): the error, the retry, Step Functions\' backoff', async () => {
  const limited = { provisionSeconds: 0, outcome: 'LimitExceeded' as const };
  const execution = await started([limited, limited, featureJob(s)]);
  clock.now += 40_000;
  const status = await run(['status', execution]);
  expect(status.stdout).toContain('  waiting            for Step Functions to call CreateProcessingJob again: retry 2 after Step Functions\' backoff (with jitter: no fixed time)\n');
  expect(status.stdout).toContain(`  failure            ${LIMIT_EXCEEDED.Error}: ${LIMIT_EXCEEDED.Cause}\n`);
  expect(status.code).toBe(3);

  aws.reset();
  aws.world.next = nightlyRun(s, [limited, featureJob(s)]);
  const result = await run(['run', 'NightlyFeatures', '--no-logs']);
  expect(result.stdout).toContain(`✖ ${FIRST} was not created: ${LIMIT_EXCEEDED.Error}: ${LIMIT_EXCEEDED.Cause}\n`);
  expect(result.stdout).toContain('  Step Functions calls it again after Step Functions\' backoff (retry 1); `stop` ends the run\n');
  expect(result.stdout).toMatch(/\] waiting for Step Functions to call CreateProcessingJob again: retry 1 after Step Functions' backoff\n/);
  expect(result.stdout).toMatch(new RegExp(`\\] job ${FIRST}\\n`));
  expect(result.stdout).toContain(`✔ ${FIRST} Completed`);
});

test('Ctrl-C while the runner waits after a throttled start asks to stop the run, naming no job (none runs); y stops the execution', async () => {
  aws.world.next = nightlyRun(s, [throttled, featureJob(s)]);
  const result = await run(['run', 'NightlyFeatures', '--no-logs'], { onStdout: (all, io) => {
    if (all.endsWith('retry 1 in 26s\n')) io.interrupts.emit('SIGINT');
    if (all.endsWith('? [y/N] ')) io.stdin.write('y\n');
  } });
  const execution = String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
  expect(result.stdout).toContain(`Stop run ${execution}? [y/N] `);
  expect(aws.server.callsOf('sfn', 'StopExecution')).toHaveLength(1);
  expect(result.code).toBe(1);
});

test('logs while the runner waits after a throttled start: no line, and on stderr what the run waits for', async () => {
  const execution = await started();
  clock.now += 11_000;
  const result = await run(['logs', execution]);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`${execution}: no log lines: no job runs: waiting for SageMaker throttling to pass: retry 1 in 20s; `
    + `follow it with: cdk-sagemaker-processing logs --follow ${execution}\n`);
  expect(result.code).toBe(3);
});

test('Ctrl-C twice while the runner waits after a throttled start: the run (not the job never created) goes on, with how to follow and stop it', async () => {
  aws.world.next = nightlyRun(s, [throttled, featureJob(s)]);
  const result = await run(['run', 'NightlyFeatures', '--no-logs'], { onStdout: (all, io) => {
    if (all.endsWith('retry 1 in 26s\n') || all.endsWith('? [y/N] ')) io.interrupts.emit('SIGINT');
  } });
  const execution = String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
  expect(result.stdout).toContain(`${execution} is still InProgress; follow it with: cdk-sagemaker-processing logs --follow ${execution}\n`);
  expect(result.stdout).not.toContain(`${FIRST} is still`);
  expect(result.code).toBe(130);
});
