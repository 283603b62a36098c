/**
 * `runProcessingJob(...)`: start a deployed job (through its state machine, or directly) and wait
 * for it with progress and logs. The `run` command is this function with a terminal around it.
 */
import { DescribeProcessingJobCommand, DescribeProcessingJobResponse, StopProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, DescribeExecutionOutput, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { runName } from '../../lib/api/run-name';
import { findAssemblyJob } from './assembly';
import { AwsClients, checkAwsAccess, createClients } from './aws';
import { startDirectRun } from './direct';
import { isSageMakerNotFound } from './errors';
import { latestProcessingJobName, stateMachineArn } from './execution';
import { LogFollower, LogLine } from './logs';
import { checkOverrides, normalizeOverrides, RunOverrides } from './overrides';

/**
 * A processing job's status (DescribeProcessingJob `ProcessingJobStatus`), or `Skipped`: the
 * execution succeeded without starting a job (`OverlapPolicy.SKIP` found a run in progress).
 */
export type RunStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped' | 'Skipped';

/** Options of `runProcessingJob`. */
export interface RunProcessingJobOptions {
  /** The job: its construct path (`DataLake/NightlyFeatures`) or id (`NightlyFeatures`). */
  readonly job: string;
  /** The cloud assembly the job was synthesized into. @default 'cdk.out' */
  readonly cdkOut?: string;
  /** Run-time overrides (arguments, environment, instance type and count, S3 inputs and outputs by name, scheduled time). @default - none */
  readonly overrides?: RunOverrides;
  /** Create the processing job from the synthesized request instead of starting the state machine. @default false */
  readonly direct?: boolean;
  /** Wait until the job ends. @default true */
  readonly wait?: boolean;
  /** Called with each line of the job's CloudWatch Logs while waiting. @default - logs are not read */
  readonly onLog?: (line: LogLine) => void;
  /** Called at each poll while waiting. @default - none */
  readonly onProgress?: (progress: RunProgress) => void;
  /** AWS clients to use. @default - new clients for the region and profile */
  readonly clients?: Partial<AwsClients>;
  /** The region. @default - the stack's region when it is pinned to one, else the SDK's (AWS_REGION, the profile) */
  readonly region?: string;
  /** A named AWS profile. @default - the SDK's default credentials */
  readonly profile?: string;
  /** Time between polls, in milliseconds. @default 5000 */
  readonly pollIntervalMs?: number;
  /** Stops waiting (the job keeps running) when aborted. @default - waits until the job ends */
  readonly signal?: AbortSignal;
  /** The clock (for reproducible names and elapsed times in tests). @default - the system clock */
  readonly clock?: () => Date;
}

/** What a run ended as. */
export interface RunResult {
  /** The processing job's name; undefined when the execution failed before it created a job. */
  readonly jobName?: string;
  /** The Step Functions execution; undefined for a direct run. */
  readonly executionArn?: string;
  /** The job's status; `Failed` when the execution failed before it created a job. */
  readonly status: RunStatus;
  /** Why the job (or the execution) failed or stopped. */
  readonly failureReason?: string;
  /** Where each S3 output went. */
  readonly outputs?: { [outputName: string]: string };
  /** Seconds from the start to the end of the wait. */
  readonly elapsedSeconds?: number;
  /** True when the wait was abandoned (`signal`) while the job still ran. */
  readonly detached?: boolean;
}

/** One poll's view of a run. */
export interface RunProgress {
  readonly executionArn?: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE. */
  readonly executionStatus?: string;
  readonly jobName?: string;
  /** The job's status, `Pending` until the job exists. */
  readonly jobStatus?: string;
  /** The job's instance count, once the job exists. */
  readonly instanceCount?: number;
  readonly elapsedSeconds: number;
}

/** A started run. */
export interface StartedRun {
  readonly jobName?: string;
  readonly executionArn?: string;
}

const TERMINAL_JOB = new Set(['Completed', 'Failed', 'Stopped']);
/** CloudWatch Logs receives the last lines a little after the job ends: one more read after this pause (the SDK pauses one poll). */
const FINAL_LOG_DELAY_MS = 2000;
/** Polls a direct run's job may be "not found" before the wait gives up on it. */
const MAX_MISSING_POLLS = 3;

/** Starts a deployed job and, unless `wait: false`, waits for it. */
export async function runProcessingJob(options: RunProcessingJobOptions): Promise<RunResult> {
  const job = findAssemblyJob(options.cdkOut ?? 'cdk.out', options.job);
  const overrides = normalizeOverrides(options.overrides ?? {});
  checkOverrides(overrides, job.metadata);
  const clients = createClients({ region: options.region ?? job.region, profile: options.profile, clients: options.clients });
  const region = await checkAwsAccess(clients, options.profile);
  const now = (options.clock ?? (() => new Date()))();
  let run: StartedRun;
  if (options.direct) {
    run = { jobName: (await startDirectRun(clients, job, region, overrides, now)).jobName };
  } else {
    const arn = await stateMachineArn(clients.cloudFormation, job, region);
    const started = await clients.sfn.send(new StartExecutionCommand({
      stateMachineArn: arn,
      // The execution name is the run id (PROCESSING_RUN_ID); named like the jobs, so a run reads the same in both consoles.
      name: runName(job.metadata.jobNamePrefix, now),
      input: JSON.stringify({ ...job.metadata.executionInput, ...overrides }),
    }));
    run = { executionArn: started?.executionArn };
  }
  if (options.wait === false) {
    options.onProgress?.({ ...run, elapsedSeconds: 0 });
    return { ...run, status: 'InProgress' };
  }
  return waitForRun(clients, run, options);
}

/** Options of `waitForRun`. */
export type WaitOptions = Pick<RunProcessingJobOptions, 'onLog' | 'onProgress' | 'pollIntervalMs' | 'signal' | 'clock'>;

/**
 * Waits until a run ends: the execution (if any) has ended and its newest job has ended. Reads
 * the job's logs at every poll and follows the newest job when the state machine retries.
 */
export async function waitForRun(clients: AwsClients, run: StartedRun, options: WaitOptions = {}): Promise<RunResult> {
  const clock = options.clock ?? (() => new Date());
  const interval = options.pollIntervalMs ?? 5000;
  const start = clock().getTime();
  const elapsed = () => Math.round((clock().getTime() - start) / 1000);
  let jobName = run.jobName;
  let execution: DescribeExecutionOutput | undefined;
  let job: DescribeProcessingJobResponse | undefined;
  let follower: LogFollower | undefined;
  let missingPolls = 0;

  const readLogs = async () => {
    if (!options.onLog || !job || !jobName) return;
    if (follower?.jobName !== jobName) follower = new LogFollower(clients.logs, jobName);
    for (const line of await follower.poll(job.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1)) options.onLog(line);
  };

  for (;;) {
    if (run.executionArn) {
      execution = await clients.sfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
      // The history is read until the job is known, and again when a job ended (a retry may start the next one).
      if (!jobName || (job && TERMINAL_JOB.has(job.ProcessingJobStatus ?? ''))) {
        const latest = await latestProcessingJobName(clients.sfn, run.executionArn);
        if (latest && latest !== jobName) {
          jobName = latest;
          job = undefined;
        }
      }
    }
    if (jobName) job = await describeJob(clients, jobName);
    options.onProgress?.({
      executionArn: run.executionArn, executionStatus: execution?.status,
      jobName, jobStatus: jobName ? job?.ProcessingJobStatus ?? 'Pending' : undefined,
      instanceCount: job?.ProcessingResources?.ClusterConfig?.InstanceCount, elapsedSeconds: elapsed(),
    });
    await readLogs();
    const executionEnded = !run.executionArn || (execution?.status !== 'RUNNING' && execution?.status !== 'PENDING_REDRIVE');
    // An execution that ended without a job (bad input, CreateProcessingJob refused) ends the run too.
    const jobEnded = job ? TERMINAL_JOB.has(job.ProcessingJobStatus ?? '') : Boolean(run.executionArn);
    if (executionEnded && (jobEnded || !jobName)) break;
    // A direct run's job that is still not found after a few polls does not exist (read-after-create may lag briefly).
    if (!run.executionArn && !job && ++missingPolls > MAX_MISSING_POLLS) break;
    if (await sleep(interval, options.signal)) {
      return { jobName, executionArn: run.executionArn, status: (job?.ProcessingJobStatus as RunStatus | undefined) ?? 'InProgress', elapsedSeconds: elapsed(), detached: true };
    }
  }
  if (follower || (options.onLog && job)) {
    await sleep(Math.min(FINAL_LOG_DELAY_MS, interval), options.signal);
    await readLogs();
  }
  return result(jobName, run.executionArn, execution, job, elapsed());
}

function result(
  jobName: string | undefined, executionArn: string | undefined, execution: DescribeExecutionOutput | undefined,
  job: DescribeProcessingJobResponse | undefined, elapsedSeconds: number,
): RunResult {
  const outputs = Object.fromEntries((job?.ProcessingOutputConfig?.Outputs ?? [])
    .filter((o) => o.OutputName && o.S3Output?.S3Uri).map((o) => [o.OutputName!, o.S3Output!.S3Uri!]));
  const executionReason = execution?.error ? `${execution.error}${execution.cause ? `: ${execution.cause}` : ''}` : undefined;
  if (job?.ProcessingJobStatus && TERMINAL_JOB.has(job.ProcessingJobStatus)) {
    const status = job.ProcessingJobStatus as RunStatus;
    // A job that completed inside an execution that then failed (a later state) did not complete the run.
    if (status === 'Completed' && execution && execution.status !== 'SUCCEEDED') {
      return { jobName, executionArn, status: 'Failed', failureReason: executionReason ?? `execution ${execution.status}`, outputs, elapsedSeconds };
    }
    return { jobName, executionArn, status, failureReason: job.FailureReason ?? (status === 'Completed' ? undefined : executionReason), outputs, elapsedSeconds };
  }
  if (execution?.status === 'SUCCEEDED' && !jobName) {
    return { executionArn, status: 'Skipped', failureReason: 'the execution started no job: another run of the job was in progress (OverlapPolicy.SKIP)', elapsedSeconds };
  }
  const status: RunStatus = execution?.status === 'ABORTED' ? 'Stopped' : 'Failed';
  return { jobName, executionArn, status, failureReason: executionReason ?? (jobName ? `job ${jobName} was not created` : undefined), elapsedSeconds };
}

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
 * Stops a run: StopExecution when a state machine runs it (the `.sync` integration then stops
 * the job), StopProcessingJob for a direct run.
 */
export async function stopRun(clients: AwsClients, run: StartedRun, cause = 'stopped with cdk-sagemaker-processing'): Promise<void> {
  if (run.executionArn) {
    await clients.sfn.send(new StopExecutionCommand({ executionArn: run.executionArn, cause }));
  } else if (run.jobName) {
    await clients.sageMaker.send(new StopProcessingJobCommand({ ProcessingJobName: run.jobName }));
  }
}

/** Sleeps; resolves true when `signal` aborted the sleep (or had aborted before). */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
