/**
 * One look at a run: its Step Functions execution (if a runner runs it), what the execution's
 * history says (the newest job it created, a wait before a capacity retry) and the newest job's
 * description. `run`, `status`, `logs` and `stop` all read a run through this one function.
 */
import { DescribeProcessingJobCommand, DescribeProcessingJobResponse } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, DescribeExecutionOutput, GetExecutionHistoryCommand, GetExecutionHistoryCommandOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { AwsClients } from './aws';
import { isSageMakerNotFound } from './errors';

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

/** The runner waits before it starts the job again after a capacity error. */
export interface CapacityRetry {
  /** The retry's number (1 for the first). */
  readonly attempt: number;
  /** When the runner starts the job again. */
  readonly at: Date;
  /** The failed job's FailureReason (`CapacityError: …`). */
  readonly reason: string;
  /** The job that found no capacity. */
  readonly jobName: string;
}

/** What a run is doing now. */
export interface RunSnapshot extends StartedRun {
  readonly execution?: DescribeExecutionOutput;
  /** The newest job's description; undefined before it exists. */
  readonly job?: DescribeProcessingJobResponse;
  /** Set while the runner waits to retry after a capacity error. */
  readonly capacityRetry?: CapacityRetry;
  /** The run's status, the execution's and the job's together. */
  readonly status: RunStatus;
  /** The execution (if any) and its newest job (if any) have ended. */
  readonly ended: boolean;
  /** When the run began: the execution's start, else the job's creation. */
  readonly startedAt?: Date;
}

const TERMINAL_JOB = new Set(['Completed', 'Failed', 'Stopped']);
/** The wait state of a runner's capacity retries (lib/job/failure-handling.ts). */
export const CAPACITY_WAIT_STATE = 'WaitForCapacity';

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
 * the history is read until the execution's job is known, and again while that job has ended and
 * the execution still runs (a capacity retry creates the next job).
 */
export async function observeRun(clients: Pick<AwsClients, 'sfn' | 'sageMaker'>, run: StartedRun, previous?: RunSnapshot): Promise<RunSnapshot> {
  let jobName = previous?.jobName ?? run.jobName;
  let execution: DescribeExecutionOutput | undefined;
  let capacityRetry: CapacityRetry | undefined;
  let job = jobName ? await describeJob(clients, jobName) : undefined;
  if (run.executionArn) execution = await describeExecution(clients, run.executionArn, previous);
  if (run.executionArn && execution) {
    const jobEnded = job !== undefined && TERMINAL_JOB.has(job.ProcessingJobStatus ?? '');
    if (!jobName || jobEnded || !previous) {
      const history = await readHistory(clients, run.executionArn);
      if (history.jobName && history.jobName !== jobName) {
        jobName = history.jobName;
        job = await describeJob(clients, jobName);
      }
      if (execution.status === 'RUNNING' && history.capacityWait && jobName && job) {
        capacityRetry = { ...history.capacityWait, jobName, reason: job.FailureReason ?? '' };
      }
    }
  }
  return { ...snapshotStatus(run, execution, jobName, job), executionArn: run.executionArn, execution, jobName, job, capacityRetry };
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

/** The newest job the execution created, and the capacity wait it is in if it waits after that job. */
async function readHistory(clients: Pick<AwsClients, 'sfn'>, executionArn: string): Promise<{ jobName?: string; capacityWait?: { attempt: number; at: Date } }> {
  let capacityWait: { attempt: number; at: Date } | undefined;
  let nextToken: string | undefined;
  let waitSeen = false;
  do {
    const page: GetExecutionHistoryCommandOutput = await clients.sfn.send(new GetExecutionHistoryCommand({
      executionArn, reverseOrder: true, maxResults: 100, includeExecutionData: true, nextToken,
    }));
    for (const event of page.events ?? []) {
      if (!waitSeen && event.type === 'WaitStateEntered' && event.stateEnteredEventDetails?.name === CAPACITY_WAIT_STATE) {
        waitSeen = true;
        capacityWait = capacityWaitOf(event);
      }
      // A state the execution entered after the wait ended it (WaitStateExited, the next task).
      if (!waitSeen && (event.type === 'WaitStateExited' || event.type === 'ExecutionAborted')) waitSeen = true;
      const jobName = scheduledJobName(event);
      if (jobName) return { jobName, capacityWait };
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return { capacityWait };
}

/** `{ capacity: { attempt, wait } }` is the wait state's input (lib/job/failure-handling.ts): the retry starts `wait` seconds after it entered. */
function capacityWaitOf(event: HistoryEvent): { attempt: number; at: Date } | undefined {
  try {
    const capacity = (JSON.parse(event.stateEnteredEventDetails?.input ?? '{}') as { capacity?: { attempt?: number; wait?: number } }).capacity;
    if (!event.timestamp || typeof capacity?.wait !== 'number') return undefined;
    return { attempt: capacity.attempt ?? 1, at: new Date(event.timestamp.getTime() + capacity.wait * 1000) };
  } catch {
    return undefined;
  }
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
