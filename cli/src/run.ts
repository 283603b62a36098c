/**
 * `runProcessingJob(...)`: start a deployed job (through its state machine, or directly) and wait
 * for it with progress and logs. The `run` command is this function with a terminal around it.
 */
import { DescribeProcessingJobResponse, StopProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { runName } from '../../lib/api/run-name';
import { AssemblyJob, findAssemblyJob } from './assembly';
import { AwsClients, checkAwsAccess, createClients } from './aws';
import { startDirectRun } from './direct';
import { refuseIfCancelled } from './errors';
import { stateMachineArn } from './execution';
import { LogOrder } from './log-order';
import { LogFollower, LogLine } from './logs';
import { checkOverrides, normalizeOverrides, RunOverrides } from './overrides';
import { observeRun, RetryWait, RunSnapshot, RunStatus, StartedRun } from './run-state';

export { describeJob } from './run-state';
export type { RetryWait, RunStatus, StartedRun } from './run-state';

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
  /** Called with each line of the job's CloudWatch Logs while waiting, in timestamp order across instances. @default - logs are not read */
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
  /** Cancels the start: aborted before the run is created, nothing is created; aborted while it is, it is stopped at once. @default - none */
  readonly cancel?: AbortSignal;
  /** The clock (for reproducible names and elapsed times in tests). @default - the system clock */
  readonly clock?: () => Date;
  /** How the wait between polls is spent; resolves true when `signal` ended it (tests and simulations). @default - a timer */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
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
  /** The container's exit message on failure (the end of its error output, e.g. `KeyError: 'date'`). */
  readonly exitMessage?: string;
  /** Where each S3 output went. */
  readonly outputs?: { [outputName: string]: string };
  /** Seconds from the start to the end of the wait. */
  readonly elapsedSeconds?: number;
  /** Seconds from the job's creation to its end, from the job's own times. */
  readonly durationSeconds?: number;
  /** Seconds the instances ran (ProcessingStartTime to ProcessingEndTime) times their count. */
  readonly instanceSeconds?: number;
  readonly instanceType?: string;
  readonly instanceCount?: number;
  /** True when the wait was abandoned (`signal`) while the job still ran. */
  readonly detached?: boolean;
  /** True when `cancel` stopped the run while it was being started. */
  readonly cancelled?: boolean;
}

/** What a run is doing, as a person would say it. */
export type RunPhase = 'creating-job' | 'provisioning' | 'downloading' | 'running' | 'waiting-to-retry' | 'finishing' | 'stopping' | 'ended';

/** One poll's view of a run. */
export interface RunProgress {
  readonly executionArn?: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE. */
  readonly executionStatus?: string;
  readonly jobName?: string;
  /** The job's status, `Pending` until the job exists. */
  readonly jobStatus?: string;
  /** The job's instance count and type, once the job exists. */
  readonly instanceCount?: number;
  readonly instanceType?: string;
  /** Seconds since the run began (the execution's start, or the job's creation). */
  readonly elapsedSeconds: number;
  /** When the run began. */
  readonly startedAt?: Date;
  readonly phase: RunPhase;
  /** Set while the runner waits to start the run again (after a capacity error, a throttled start). */
  readonly retryWait?: RetryWait;
  /** The newest job's description (its resolved inputs and outputs). */
  readonly job?: DescribeProcessingJobResponse;
}

/** CloudWatch Logs receives the last lines a little after the job ends: one more read after this pause (the SDK pauses one poll). */
const FINAL_LOG_DELAY_MS = 2000;
/** Polls a direct run's job (or a run's execution) may be "not found" before the wait gives up on it. */
const MAX_MISSING_POLLS = 3;

/** A run that was started, with what it runs and where. */
export interface Start {
  readonly run: StartedRun;
  readonly job: AssemblyJob;
  readonly clients: AwsClients;
  readonly region: string;
  /** `cancel` was aborted while the run was created: it was stopped at once. */
  readonly cancelled: boolean;
}

/** Checks the overrides offline, then starts the run (an execution of the job's runner, or the job itself with `direct`). */
export async function startRun(options: RunProcessingJobOptions): Promise<Start> {
  const job = findAssemblyJob(options.cdkOut ?? 'cdk.out', options.job);
  const overrides = normalizeOverrides(options.overrides ?? {});
  checkOverrides(overrides, job.metadata);
  const clients = createClients({ region: options.region ?? job.region, profile: options.profile, clients: options.clients });
  const region = await checkAwsAccess(clients, options.profile);
  const now = (options.clock ?? (() => new Date()))();
  let run: StartedRun;
  if (options.direct) {
    run = { jobName: (await startDirectRun(clients, job, region, overrides, now, options.cancel)).jobName };
  } else {
    const arn = await stateMachineArn(clients.cloudFormation, job, region);
    refuseIfCancelled(options.cancel);
    const started = await clients.sfn.send(new StartExecutionCommand({
      stateMachineArn: arn,
      // The execution name is the run id (PROCESSING_RUN_ID); named like the jobs, so a run reads the same in both consoles.
      name: runName(job.metadata.jobNamePrefix, now),
      input: JSON.stringify({ ...job.metadata.executionInput, ...overrides }),
    }));
    run = { executionArn: started?.executionArn };
  }
  const cancelled = Boolean(options.cancel?.aborted);
  if (cancelled) await stopRun(clients, run, 'cancelled with Ctrl-C while it was started by cdk-sagemaker-processing');
  return { run, job, clients, region, cancelled };
}

/** Starts a deployed job and, unless `wait: false`, waits for it. */
export async function runProcessingJob(options: RunProcessingJobOptions): Promise<RunResult> {
  const { run, clients, cancelled } = await startRun(options);
  if (cancelled) return { ...run, status: 'Stopped', cancelled };
  if (options.wait === false) {
    options.onProgress?.({ ...run, elapsedSeconds: 0, phase: 'creating-job' });
    return { ...run, status: 'InProgress' };
  }
  return waitForRun(clients, run, options);
}

/** Options of `waitForRun`. */
export type WaitOptions = Pick<RunProcessingJobOptions, 'onLog' | 'onProgress' | 'pollIntervalMs' | 'signal' | 'clock' | 'sleep'>;

/**
 * Waits until a run ends: the execution (if any) has ended and its newest job has ended. Reads
 * the job's logs at every poll and follows the newest job when the state machine retries.
 */
export async function waitForRun(clients: AwsClients, run: StartedRun, options: WaitOptions = {}): Promise<RunResult> {
  const clock = options.clock ?? (() => new Date());
  const interval = options.pollIntervalMs ?? 5000;
  const sleep = options.sleep ?? timerSleep;
  const start = clock().getTime();
  const order = new LogOrder(interval);
  const logged = new Set<string>();
  let snapshot: RunSnapshot | undefined;
  let follower: LogFollower | undefined;
  let missingPolls = 0;

  const readLogs = async (final: boolean) => {
    const job = snapshot?.job;
    if (!options.onLog || !job || !snapshot?.jobName) return;
    if (follower?.jobName !== snapshot.jobName) {
      for (const line of order.flush()) options.onLog(line);
      follower = new LogFollower(clients.logs, snapshot.jobName);
    }
    const instances = job.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1;
    // The run has ended: its log is read to the end, however long (a poll stops at a page limit).
    const lines = await (final ? follower.drain(instances) : follower.poll(instances));
    if (lines.length > 0) logged.add(snapshot.jobName);
    order.add(lines, clock().getTime());
    for (const line of final ? order.flush() : order.take(clock().getTime())) options.onLog(line);
  };
  const since = () => Math.round((clock().getTime() - (snapshot?.startedAt?.getTime() ?? start)) / 1000);

  for (;;) {
    snapshot = await observeRun(clients, run, snapshot);
    const phase = snapshot.ended ? 'ended' : phaseOf(snapshot, options.onLog ? logged : undefined);
    const cluster = snapshot.job?.ProcessingResources?.ClusterConfig;
    options.onProgress?.({
      executionArn: run.executionArn, executionStatus: snapshot.execution?.status,
      jobName: snapshot.jobName, jobStatus: snapshot.jobName ? snapshot.job?.ProcessingJobStatus ?? 'Pending' : undefined,
      instanceCount: cluster?.InstanceCount, instanceType: cluster?.InstanceType,
      elapsedSeconds: since(), startedAt: snapshot.startedAt, phase, retryWait: snapshot.retryWait, job: snapshot.job,
    });
    if (snapshot.ended) break;
    await readLogs(false);
    // A direct run's job, or an execution, still not found after a few polls does not exist (read-after-create may lag briefly).
    if ((run.executionArn ? !snapshot.execution : !snapshot.job) && ++missingPolls > MAX_MISSING_POLLS) {
      const what = run.executionArn ? `execution ${run.executionArn} was not found` : `job ${snapshot.jobName} was not created`;
      return { jobName: snapshot.jobName, executionArn: run.executionArn, status: 'Failed', failureReason: what, elapsedSeconds: since() };
    }
    if (await sleep(interval, options.signal)) {
      // A job name the runner scheduled but SageMaker did not create (a throttled or refused start) names no job.
      const jobName = snapshot.job || !run.executionArn ? snapshot.jobName : undefined;
      return { jobName, executionArn: run.executionArn, status: snapshot.status, elapsedSeconds: since(), detached: true };
    }
  }
  if (options.onLog && snapshot.job) {
    await sleep(Math.min(FINAL_LOG_DELAY_MS, interval), options.signal);
    await readLogs(true);
  }
  return result(snapshot, since());
}

/** The phase; `logged` (the jobs that wrote a line) is undefined when logs are not read, and then downloading is not told from running. */
function phaseOf(s: RunSnapshot, logged: Set<string> | undefined): RunPhase {
  if (s.retryWait) return 'waiting-to-retry';
  const job = s.job;
  if (!job) return 'creating-job';
  if (job.ProcessingJobStatus === 'Stopping' || s.execution?.status === 'ABORTED') return 'stopping';
  if (job.ProcessingJobStatus !== 'InProgress') return 'finishing';
  // DescribeProcessingJob has no secondary status: ProcessingStartTime is set once the instances run,
  // the first log line comes when the container starts, after the inputs were downloaded.
  if (!job.ProcessingStartTime) return 'provisioning';
  return !logged || logged.has(job.ProcessingJobName ?? '') ? 'running' : 'downloading';
}

function result(s: RunSnapshot, elapsedSeconds: number): RunResult {
  const job = s.job;
  const outputs = Object.fromEntries((job?.ProcessingOutputConfig?.Outputs ?? [])
    .filter((o) => o.OutputName && o.S3Output?.S3Uri).map((o) => [o.OutputName!, o.S3Output!.S3Uri!]));
  const execution = s.execution;
  const executionReason = execution?.error ? `${execution.error}${execution.cause ? `: ${execution.cause}` : ''}` : undefined;
  const cluster = job?.ProcessingResources?.ClusterConfig;
  const time = (d?: Date) => d?.getTime();
  const created = time(job?.CreationTime);
  const started = time(job?.ProcessingStartTime);
  const ended = time(job?.ProcessingEndTime);
  const facts = {
    // A job the execution scheduled but SageMaker refused (a quota, a bad request) does not exist: no name, no links to it.
    jobName: job || !s.executionArn ? s.jobName : undefined, executionArn: s.executionArn, outputs, elapsedSeconds,
    durationSeconds: created !== undefined && ended !== undefined ? Math.round((ended - created) / 1000) : undefined,
    instanceSeconds: started !== undefined && ended !== undefined && cluster?.InstanceCount ? Math.round((ended - started) / 1000) * cluster.InstanceCount : undefined,
    instanceType: cluster?.InstanceType, instanceCount: cluster?.InstanceCount,
  };
  let failureReason: string | undefined;
  if (s.status === 'Skipped') failureReason = 'the execution started no job: another run of the job was in progress (OverlapPolicy.SKIP)';
  else if (s.status !== 'Completed') failureReason = job?.FailureReason ?? executionReason ?? (s.jobName && !job ? `job ${s.jobName} was not created` : undefined);
  // A job that completed inside an execution that then failed (a later state) did not complete the run.
  if (job?.ProcessingJobStatus === 'Completed' && s.status === 'Failed') failureReason = executionReason ?? `execution ${execution?.status}`;
  return { ...facts, status: s.status, failureReason, exitMessage: s.status === 'Completed' ? undefined : job?.ExitMessage };
}

/**
 * Stops a run in whatever state it is: StopExecution while a state machine runs it (the `.sync`
 * integration then stops the job, and no retry after a wait starts another), and StopProcessingJob
 * for its job while that job runs (a direct run's, or one whose execution has ended).
 */
export async function stopRun(clients: AwsClients, run: StartedRun, cause = 'stopped with cdk-sagemaker-processing'): Promise<void> {
  if (run.executionArn) {
    await clients.sfn.send(new StopExecutionCommand({ executionArn: run.executionArn, cause }));
  } else if (run.jobName) {
    await clients.sageMaker.send(new StopProcessingJobCommand({ ProcessingJobName: run.jobName }));
  }
}

/** Sleeps; resolves true when `signal` aborted the sleep (or had aborted before). */
function timerSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
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
