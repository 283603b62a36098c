/**
 * One look at a run: its Step Functions execution (if a runner runs it), what the execution's
 * history says (the newest job it created, a wait of the runner before it starts the run again) and the newest job's
 * description. `run`, `status`, `logs` and `stop` all read a run through this one function.
 */
import { DescribeProcessingJobCommand, DescribeProcessingJobResponse } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, DescribeExecutionOutput, GetExecutionHistoryCommand, GetExecutionHistoryCommandOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { AwsClients } from './aws';
import { isSageMakerNotFound } from './errors';
import { RUNNER_TASK_RETRIES, RUNNER_WAITS } from './runner-states';

/**
 * A processing job's status (DescribeProcessingJob `ProcessingJobStatus`), or `Skipped`: the
 * execution succeeded without starting a job (`OverlapPolicy.SKIP` found a run in progress).
 */
export type RunStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped' | 'Skipped';

/** A run: the execution that runs it, or (a direct run) its job. */
export interface StartedRun {
  readonly jobName?: string;
  readonly executionArn?: string;
}

/**
 * The runner waits before it tries again: in one of its wait states (`RUNNER_WAITS`) before it starts
 * the run again, or in a task state whose call failed until Step Functions retries it (`RUNNER_TASK_RETRIES`).
 */
export interface RetryWait {
  /** The wait state (`WaitForCapacity`, `WaitForThrottle`), or the task state that calls again (`Run`). */
  readonly state: string;
  /** What the runner waits for, in words (`for capacity`). */
  readonly waitsFor: string;
  /** What ended the attempt before the wait, in words (`found no capacity`). */
  readonly happened: string;
  /** The retry's number (1 for the first). */
  readonly attempt: number;
  /** When the runner starts the run again; undefined for a task's retry (Step Functions' backoff has jitter). */
  readonly at?: Date;
  /** Why the attempt failed: its job's FailureReason (`CapacityError: …`), or the error of a start that created no job. */
  readonly reason: string;
  /** The attempt's job name: the job that found no capacity, or the name a throttled start did not create. */
  readonly jobName: string;
  /** The attempt created a processing job (a throttled start did not). */
  readonly jobCreated: boolean;
}

/** What a run is doing now. */
export interface RunSnapshot extends StartedRun {
  readonly execution?: DescribeExecutionOutput;
  /** The newest job's description; undefined before it exists. */
  readonly job?: DescribeProcessingJobResponse;
  /** Set while the runner waits in one of its wait states to start the run again (a capacity error, a throttled start). */
  readonly retryWait?: RetryWait;
  /** The run's status, the execution's and the job's together. */
  readonly status: RunStatus;
  /** The execution (if any) and its newest job (if any) have ended. */
  readonly ended: boolean;
  /** When the run began: the execution's start, else the job's creation. */
  readonly startedAt?: Date;
}

const TERMINAL_JOB = new Set(['Completed', 'Failed', 'Stopped']);

/** DescribeProcessingJob, or undefined while the job does not exist yet. */
export async function describeJob(clients: Pick<AwsClients, 'sageMaker'>, jobName: string): Promise<DescribeProcessingJobResponse | undefined> {
  try {
    return await clients.sageMaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobName }));
  } catch (e) {
    if (isSageMakerNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Looks at a run once. `previous` (the last look) spares the history while nothing calls for it:
 * the history is read until the execution's job exists, while the runner waits to start the run
 * again, and again while that job has ended and the execution still runs (a retry starts the next).
 */
export async function observeRun(clients: Pick<AwsClients, 'sfn' | 'sageMaker'>, run: StartedRun, previous?: RunSnapshot): Promise<RunSnapshot> {
  let jobName = previous?.jobName ?? run.jobName;
  let execution: DescribeExecutionOutput | undefined;
  let retryWait: RetryWait | undefined;
  let job = jobName ? await describeJob(clients, jobName) : undefined;
  if (run.executionArn) execution = await describeExecution(clients, run.executionArn, previous);
  if (run.executionArn && execution) {
    const jobEnded = job !== undefined && TERMINAL_JOB.has(job.ProcessingJobStatus ?? '');
    // A job name without a job: a start SageMaker refused or throttled, which the runner may start again with a new name.
    if (!jobName || !job || jobEnded || !previous || previous.retryWait) {
      const history = await readHistory(clients, run.executionArn);
      if (history.jobName && history.jobName !== jobName) {
        jobName = history.jobName;
        job = await describeJob(clients, jobName);
      }
      if (execution.status === 'RUNNING' && history.wait && jobName) retryWait = retryWaitOf(history.wait, jobName, job);
      if (execution.status === 'RUNNING' && history.taskRetry && jobName && !job) retryWait = taskRetryOf(history.taskRetry, jobName);
    }
  }
  return { ...snapshotStatus(run, execution, jobName, job), executionArn: run.executionArn, execution, jobName, job, retryWait };
}

/**
 * DescribeExecution, or undefined while Step Functions does not know an execution just started:
 * the operation is eventually consistent (Step Functions API reference, DescribeExecution), so right
 * after StartExecution it may answer ExecutionDoesNotExist. Once the execution was seen, it is an error.
 */
async function describeExecution(clients: Pick<AwsClients, 'sfn'>, executionArn: string, previous?: RunSnapshot): Promise<DescribeExecutionOutput | undefined> {
  try {
    return await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (e) {
    if ((e as { name?: string }).name === 'ExecutionDoesNotExist' && !previous?.execution) return undefined;
    throw e;
  }
}

function snapshotStatus(run: StartedRun, execution: DescribeExecutionOutput | undefined, jobName: string | undefined, job: DescribeProcessingJobResponse | undefined):
{ status: RunStatus; ended: boolean; startedAt?: Date } {
  const startedAt = execution?.startDate ?? job?.CreationTime;
  const jobStatus = job?.ProcessingJobStatus as RunStatus | undefined;
  const jobEnded = jobStatus !== undefined && TERMINAL_JOB.has(jobStatus);
  if (!run.executionArn) return { status: jobStatus ?? 'InProgress', ended: jobEnded, startedAt };
  // Not visible yet (read-after-start): the run has just begun.
  if (!execution) return { status: 'InProgress', ended: false, startedAt };
  const running = execution?.status === 'RUNNING' || execution?.status === 'PENDING_REDRIVE';
  // An execution that ended without a job (bad input, CreateProcessingJob refused) ends the run too.
  const ended = !running && (jobEnded || !job);
  if (running || !ended) return { status: jobStatus === 'Stopping' ? 'Stopping' : 'InProgress', ended: false, startedAt };
  if (execution?.status === 'SUCCEEDED') {
    if (!jobName) return { status: 'Skipped', ended, startedAt };
    return { status: jobStatus ?? 'Failed', ended, startedAt };
  }
  if (execution?.status === 'ABORTED') return { status: 'Stopped', ended, startedAt };
  return { status: 'Failed', ended, startedAt };
}

/** A wait state of the runner an execution is in: its name, when it was entered and its input. */
interface WaitEntered {
  readonly state: string;
  readonly entered: Date;
  readonly input: string;
}

/** A task state's failed call that its Retrier calls again: the state, the failed attempt (1 for the first) and its error. */
interface TaskFailure {
  readonly state: string;
  readonly attempt: number;
  readonly error: string;
}

/** The events of one call of a task (a later event of another kind ended the task, or the execution). */
const TASK_EVENTS = new Set(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskFailed', 'TaskTimedOut']);

/**
 * The newest job the execution created, the runner's wait it is in if it waits after that job, and the
 * failed call of that job's task if its Retrier will call again (the history ends with the failure).
 */
async function readHistory(clients: Pick<AwsClients, 'sfn'>, executionArn: string): Promise<{ jobName?: string; wait?: WaitEntered; taskRetry?: TaskFailure }> {
  let wait: WaitEntered | undefined;
  let nextToken: string | undefined;
  let waitSeen = false;
  let jobName: string | undefined;
  let failure: { error: string } | undefined;
  let ended = false;
  let calls = 0;
  do {
    const page: GetExecutionHistoryCommandOutput = await clients.sfn.send(new GetExecutionHistoryCommand({
      executionArn, reverseOrder: true, maxResults: 100, includeExecutionData: true, nextToken,
    }));
    for (const event of page.events ?? []) {
      const state = event.stateEnteredEventDetails?.name;
      if (!waitSeen && event.type === 'WaitStateEntered' && state && state in RUNNER_WAITS && event.timestamp) {
        waitSeen = true;
        wait = { state, entered: event.timestamp, input: event.stateEnteredEventDetails?.input ?? '{}' };
      }
      // A state the execution entered after the wait ended it (WaitStateExited, the next task).
      if (!waitSeen && (event.type === 'WaitStateExited' || event.type === 'ExecutionAborted')) waitSeen = true;
      if (!jobName && !failure && !ended && (event.type === 'TaskFailed' || event.type === 'TaskTimedOut')) {
        const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
        failure = { error: [details?.error, details?.cause].filter((t) => t).join(': ') };
      }
      if (!jobName && !TASK_EVENTS.has(event.type ?? '')) ended = true;
      const scheduled = scheduledJobName(event);
      if (scheduled) {
        jobName ??= scheduled;
        calls++;
        // The newest call did not fail, or its failure ended the task (caught): nothing to call again.
        if (!failure || ended) return { jobName, wait };
      }
      if (jobName && event.type === 'TaskStateEntered') {
        const state = event.stateEnteredEventDetails?.name ?? '';
        const retry = RUNNER_TASK_RETRIES[state];
        const retried = retry?.errors.some((e) => failure!.error === e || failure!.error.startsWith(`${e}: `));
        return { jobName, wait, taskRetry: retried ? { state, attempt: calls, error: failure!.error } : undefined };
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return { jobName, wait };
}

/** The retry a task state's Retrier will make of its failed call (no job was created). */
function taskRetryOf(failure: TaskFailure, jobName: string): RetryWait {
  const kind = RUNNER_TASK_RETRIES[failure.state];
  return {
    state: failure.state, waitsFor: kind.waitsFor, happened: kind.happened, jobName, jobCreated: kind.jobCreated,
    attempt: failure.attempt, reason: failure.error,
  };
}

/**
 * The wait's state input holds `{ attempt, wait }` at the wait's counter key (lib/job/failure-handling.ts): the run
 * starts again `wait` seconds after the state was entered; `error` is the failed attempt's `{ Error, Cause }`.
 */
function retryWaitOf(wait: WaitEntered, jobName: string, job: DescribeProcessingJobResponse | undefined): RetryWait | undefined {
  const kind = RUNNER_WAITS[wait.state];
  let input: { [key: string]: unknown };
  try {
    input = JSON.parse(wait.input) as { [key: string]: unknown };
  } catch {
    return undefined;
  }
  const counter = input[kind.counter] as { attempt?: unknown; wait?: unknown } | undefined;
  if (typeof counter?.wait !== 'number') return undefined;
  const error = input.error as { Error?: unknown; Cause?: unknown } | undefined;
  const startError = [error?.Error, error?.Cause].filter((t) => typeof t === 'string' && t).join(': ');
  return {
    state: wait.state, waitsFor: kind.waitsFor, happened: kind.happened, jobName, jobCreated: kind.jobCreated,
    attempt: typeof counter.attempt === 'number' ? counter.attempt : 1,
    at: new Date(wait.entered.getTime() + counter.wait * 1000),
    reason: (kind.jobCreated ? job?.FailureReason : undefined) ?? startError,
  };
}

/**
 * The job a `TaskScheduled` event of a SageMaker `createProcessingJob` task creates: its
 * parameters hold the rendered request, `ProcessingJobName` included.
 */
function scheduledJobName(event: HistoryEvent): string | undefined {
  const details = event.taskScheduledEventDetails;
  if (event.type !== 'TaskScheduled' || details?.resourceType !== 'sagemaker' || !details.resource?.startsWith('createProcessingJob')) return undefined;
  try {
    const value = JSON.parse(details.parameters ?? '{}') as { ProcessingJobName?: unknown };
    return typeof value.ProcessingJobName === 'string' ? value.ProcessingJobName : undefined;
  } catch {
    return undefined;
  }
}

/** The newest job an execution created (for `stop` of a job name and `status` of an execution). */
export async function latestProcessingJobName(clients: Pick<AwsClients, 'sfn'>, executionArn: string): Promise<string | undefined> {
  return (await readHistory(clients, executionArn)).jobName;
}
