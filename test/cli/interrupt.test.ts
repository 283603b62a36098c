import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import { PassThrough } from 'stream';
import { main } from '../../cli/src';
import { Capture } from './capture';
import { cli, clock, deployedStateMachine, EXECUTION_ARN, EXECUTION_NAME, FakeLogs, FIXTURE, JOB_NAME, mocks, resetAws, restoreEnv, taskScheduled } from './harness';
import { builtCli } from './stand-in/build';

/** Ctrl-C during `run`, on the mocked AWS SDK clients: what the question does when the run moves on meanwhile. */
beforeEach(() => resetAws());
afterAll(() => restoreEnv());

const cluster = { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' as const, VolumeSizeInGB: 30 };

/** A run whose job ends (`final`) once the Stop question is on screen. */
function runEndingWhileAsked(final: 'Completed' | 'Failed') {
  deployedStateMachine();
  mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
  mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
  const state = { asked: false };
  mocks.sfn.on(DescribeExecutionCommand).callsFake(() => ({
    name: EXECUTION_NAME, executionArn: EXECUTION_ARN, status: !state.asked ? 'RUNNING' : final === 'Completed' ? 'SUCCEEDED' : 'FAILED',
  }));
  mocks.sm.on(DescribeProcessingJobCommand).callsFake(() => ({
    ProcessingJobName: JOB_NAME, ProcessingJobStatus: state.asked ? final : 'InProgress', ProcessingResources: { ClusterConfig: cluster },
    CreationTime: new Date(0), ProcessingEndTime: state.asked ? new Date(60_000) : undefined,
    FailureReason: state.asked && final === 'Failed' ? 'AlgorithmError: See job logs for more information' : undefined,
  }));
  new FakeLogs({});
  return state;
}

test.each([['Completed', 0, '✔ '], ['Failed', 1, '✖ ']] as const)(
  'the job ends (%s) while "Stop …? [y/N]" waits for an answer: the question is closed, the result printed, and the exit code is the run\'s', async (final, code, mark) => {
    const state = runEndingWhileAsked(final);
    let pressed = false;
    const result = await cli(['run', 'NightlyFeatures', '--no-logs'], { onStdout: (all, io) => {
      if (!pressed && all.includes(`job ${JOB_NAME}`)) {
        pressed = true;
        setImmediate(() => io.interrupts.emit('SIGINT'));
      }
      if (all.includes('[y/N] ')) state.asked = true;
    } });
    expect(result.stdout).toContain(`Stop run ${EXECUTION_NAME} and its job ${JOB_NAME}? [y/N] \n${mark}${JOB_NAME} ${final}`);
    expect(result.code).toBe(code);
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

test('stdout redirected to a file (`> run.log`), stderr a terminal: the question is asked on the terminal, not into the file', async () => {
  deployedStateMachine();
  mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
  mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
  let stopped = false;
  mocks.sfn.on(StopExecutionCommand).callsFake(() => {
    stopped = true;
    return {};
  });
  mocks.sfn.on(DescribeExecutionCommand).callsFake(() => ({ name: EXECUTION_NAME, executionArn: EXECUTION_ARN, status: stopped ? 'ABORTED' : 'RUNNING' }));
  mocks.sm.on(DescribeProcessingJobCommand).callsFake(() => ({
    ProcessingJobName: JOB_NAME, ProcessingJobStatus: stopped ? 'Stopped' : 'InProgress', ProcessingResources: { ClusterConfig: cluster }, CreationTime: new Date(0),
  }));
  const stdout = new Capture();
  const io = {
    stdout, stderr: Object.assign(new Capture(), { isTTY: true }), stdin: new PassThrough(), interrupts: new EventEmitter(),
    clock: () => new Date(clock.now), pollIntervalMs: 0,
  };
  let pressed = false;
  let answered = false;
  const watch = setInterval(() => {
    if (!pressed && stdout.text.includes(`job ${JOB_NAME}`)) {
      pressed = true;
      io.interrupts.emit('SIGINT');
    }
    if ((io.stderr as Capture).text.includes('[y/N] ') && !answered) {
      answered = true;
      io.stdin.write('y\n');
    }
  }, 1);
  let code: number;
  try {
    code = await main(['--cdk-out', FIXTURE, 'run', 'NightlyFeatures', '--no-logs'], io);
  } finally {
    clearInterval(watch);
  }
  expect((io.stderr as Capture).text).toContain(`Stop run ${EXECUTION_NAME} and its job ${JOB_NAME}? [y/N] `);
  expect(stdout.text).not.toContain('[y/N]');
  expect(mocks.sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input.executionArn)).toEqual([EXECUTION_ARN]);
  expect(stdout.text).toContain(`✖ ${JOB_NAME} Stopped`);
  expect(code).toBe(1);
});

test('a reader that went away (`| true`, or `| tee` ended by Ctrl-C) is no crash: the built command ignores EPIPE', () => {
  const result = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${builtCli()}" --cdk-out "${FIXTURE}" list | true; echo "exit $?"`], { encoding: 'utf8' });
  // `$?` of a pipeline is its last command's: the command's own code is checked by what it wrote to stderr.
  expect(result.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
});
