import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { cli, deployedStateMachine, EXECUTION_ARN, EXECUTION_NAME, FakeLogs, JOB_NAME, mocks, resetAws, restoreEnv, taskScheduled } from './harness';

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
    expect(result.stdout).toContain(`Stop ${JOB_NAME}? [y/N] \n${mark}${JOB_NAME} ${final}`);
    expect(result.code).toBe(code);
    expect(mocks.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });
