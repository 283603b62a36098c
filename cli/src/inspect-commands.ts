/** `status`, `logs`, `stop` and `list`: look at and act on the runs of deployed jobs. */
import type { DescribeProcessingJobResponse } from '@aws-sdk/client-sagemaker';
import { AssemblyJob, assemblyJobs, findAssemblyJob } from './assembly';
import { AwsClients, checkAwsAccess, createClients } from './aws';
import { CliError, EXIT_COMPLETED, EXIT_INTERRUPTED, exitCodeOf, watchLost } from './errors';
import { clip, duration, table, timestamp } from './format';
import { LogFollower, LogLine } from './logs';
import { stopRun, waitForRun } from './run';
import { GlobalOptions, timing } from './run-command';
import { observeRun, RunSnapshot } from './run-state';
import { BACKOFF, exitMessageRows, links, waitText } from './summary';
import { runsWithoutJob } from './runs-without-job';
import { jobOfRunName, recentRuns, resolveRunTarget, RunTarget, unknownTarget } from './targets';
import { CliIo, RunView } from './view';

interface Session {
  readonly clients: AwsClients;
  readonly region: string;
}

/** Clients for the target's stack region (when the assembly pins it) and a checked region and credentials. */
async function session(global: GlobalOptions, job?: AssemblyJob): Promise<Session> {
  const clients = createClients({ region: global.region ?? job?.region, profile: global.profile });
  return { clients, region: await checkAwsAccess(clients, global.profile) };
}

/**
 * The assembly job a target names, if any (for the stack's region), without failing on run names:
 * the job itself, or the job whose run names a run's execution or job name follows, so that the
 * run id `run` prints (`logs <run id>`) is looked up in its stack's region.
 */
function targetJob(global: GlobalOptions, target: string): AssemblyJob | undefined {
  try {
    return findAssemblyJob(global.cdkOut, target);
  } catch {
    try {
      return jobOfRunName(assemblyJobs(global.cdkOut), target);
    } catch {
      return undefined;
    }
  }
}

/** The run a target names (a job, an execution name or a job name) and one look at it. */
async function lookAt(global: GlobalOptions, target: string): Promise<{ s: Session; run: RunTarget; snapshot: RunSnapshot }> {
  const s = await session(global, targetJob(global, target));
  const run = await resolveRunTarget(s.clients, global.cdkOut, target, s.region);
  const snapshot = await observeRun(s.clients, run);
  if (!snapshot.job && !snapshot.execution) throw unknownTarget(global.cdkOut, target, s.region);
  return { s, run, snapshot };
}

/**
 * `status <job|run>`: the run's status, times, instances, outputs, failure reason and exit message,
 * the execution and the runner's wait to start it again (what for, until when). Exit code: the contract's (errors.ts).
 */
export async function statusCommand(target: string, global: GlobalOptions, io: CliIo): Promise<number> {
  const { s, run, snapshot } = await lookAt(global, target);
  const d: Partial<DescribeProcessingJobResponse> = snapshot.job ?? {};
  const now = (io.clock ?? (() => new Date()))();
  const execution = snapshot.execution;
  // From the job's creation, as `run` (RunResult.durationSeconds) and `list` count it: created → ended; a run
  // without a job (its input refused, its start refused or stopped) from its execution's start to its stop, as `list`.
  const created = d.CreationTime ?? execution?.startDate;
  const ended = d.ProcessingEndTime ?? (!snapshot.job && snapshot.ended ? execution?.stopDate : undefined);
  const seconds = created ? ((ended ?? now).getTime() - created.getTime()) / 1000 : undefined;
  const outputs = Object.fromEntries((d.ProcessingOutputConfig?.Outputs ?? []).filter((o) => o.S3Output).map((o) => [o.OutputName ?? '', o.S3Output!.S3Uri ?? '']));
  const cluster = d.ProcessingResources?.ClusterConfig;
  const wait = snapshot.retryWait;
  // A start that created no job (throttled) and waits to be started again has its error only in the wait.
  const failure = d.FailureReason ?? (execution?.error ? `${execution.error}${execution.cause ? `: ${execution.cause}` : ''}` : undefined)
    ?? (wait && !wait.jobCreated && wait.reason ? wait.reason : undefined);
  if (global.json) {
    io.stdout.write(`${JSON.stringify({
      job: run.job?.metadata.path, execution: execution?.name, executionStatus: execution?.status, jobName: d.ProcessingJobName,
      status: snapshot.status, jobStatus: d.ProcessingJobStatus, failureReason: failure, exitMessage: d.ExitMessage,
      creationTime: created?.toISOString(), startTime: d.ProcessingStartTime?.toISOString(), endTime: ended?.toISOString(),
      durationSeconds: seconds !== undefined ? Math.round(seconds) : undefined, instanceType: cluster?.InstanceType, instanceCount: cluster?.InstanceCount,
      retryWait: wait ? { state: wait.state, for: wait.waitsFor, attempt: wait.attempt, at: wait.at?.toISOString(), reason: wait.reason, jobName: wait.jobName } : undefined,
      outputs,
    }, null, 2)}\n`);
  } else {
    const rows: [string, string][] = [
      ['job', run.job?.metadata.path ?? '-'],
      ...(execution ? [['execution', `${execution.name} (${execution.status})`] as [string, string]] : []),
      ...(d.ProcessingJobName && execution ? [['processing job', `${d.ProcessingJobName} (${d.ProcessingJobStatus})`] as [string, string]] : []),
      ['status', snapshot.status],
      ...(wait ? [['waiting', `${wait.waitsFor}: retry ${wait.attempt} ${wait.at
        ? `at ${timestamp(wait.at)} (in ${duration((wait.at.getTime() - now.getTime()) / 1000)})` : `${BACKOFF} (with jitter: no fixed time)`}`] as [string, string]] : []),
      ['created', timestamp(created)],
      ['ended', ended ? timestamp(ended) : '-'],
      ['duration', seconds !== undefined ? duration(seconds) : '-'],
      ['instances', cluster ? `${cluster.InstanceCount} × ${cluster.InstanceType}` : '-'],
      ...Object.entries(outputs).map(([name, uri]): [string, string] => [`output ${name}`, uri]),
      ...(failure ? [['failure', failure] as [string, string]] : []),
      ...exitMessageRows(d.ExitMessage),
      ...links(s.region, { jobName: d.ProcessingJobName, executionArn: snapshot.executionArn }),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    io.stdout.write(`${execution?.name ?? d.ProcessingJobName}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  }
  return exitCodeOf(snapshot.status);
}

/** A log line as one JSON line (`logs --json`, `logs -f --json`). */
function jsonLine(line: LogLine): string {
  return `${JSON.stringify({ time: new Date(line.timestamp).toISOString(), instance: line.instance, stream: line.stream, message: line.message })}\n`;
}

/**
 * `logs <job|run> [--follow]`: the run's log lines (its newest job's); with --follow, until it
 * ends, or until Ctrl-C, which leaves the run going and says how to follow or stop it (exit 130).
 * Exit code: the contract's, from the run's status once the lines are printed.
 */
export async function logsCommand(target: string, options: { follow?: boolean; timestamps?: boolean }, global: GlobalOptions, io: CliIo): Promise<number> {
  const { s, run, snapshot } = await lookAt(global, target);
  const instances = snapshot.job?.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1;
  if (options.follow) {
    const { pollIntervalMs, heartbeatMs } = timing(global, io);
    const view = new RunView(io, run.job?.metadata.path ?? snapshot.jobName ?? target, { json: global.json, heartbeatMs, timestamps: options.timestamps, jobPath: run.job?.metadata.path });
    view.region = s.region;
    const detach = new AbortController();
    const interrupted = () => detach.abort();
    io.interrupts.on('SIGINT', interrupted);
    try {
      const result = await waitForRun(s.clients, run, {
        onLog: (line) => (global.json ? io.stdout.write(jsonLine(line)) : view.log(line)),
        onProgress: (p) => view.progress(p), clock: io.clock, pollIntervalMs, sleep: io.sleep, signal: detach.signal,
      }).catch((e: unknown) => {
        view.close();
        throw watchLost(e, snapshot.execution?.name ?? snapshot.jobName ?? target);
      });
      view.finish(result);
      return result.detached ? EXIT_INTERRUPTED : exitCodeOf(result.status);
    } finally {
      io.interrupts.removeListener('SIGINT', interrupted);
      view.close();
    }
  }
  const lines = snapshot.job && snapshot.jobName ? await new LogFollower(s.clients.logs, snapshot.jobName).drain(instances) : [];
  for (const line of lines) {
    if (global.json) io.stdout.write(jsonLine(line));
    else io.stdout.write(`${options.timestamps ? `${timestamp(new Date(line.timestamp))} ` : ''}${instances > 1 ? `${line.instance} | ` : ''}${line.message}\n`);
  }
  // Nothing printed is not nothing to say: on stderr (stdout stays the log), why there is no line and what to do.
  if (lines.length === 0) io.stderr.write(`${noLinesNote(snapshot, target, (io.clock ?? (() => new Date()))())}\n`);
  return exitCodeOf(snapshot.status);
}

/** Why a run has no log line, and what to do: follow it (it has not started), or look at its status (it ended). */
function noLinesNote(snapshot: RunSnapshot, target: string, now: Date): string {
  const name = snapshot.execution?.name ?? snapshot.jobName ?? target;
  const wait = snapshot.retryWait;
  let why = `its job ${snapshot.jobName} has written no line yet (${snapshot.job?.ProcessingJobStatus})`;
  if (wait) why = `no job runs: ${waitText(wait, now)}`;
  else if (!snapshot.job) why = 'it has no processing job yet';
  if (snapshot.ended) return `${name} ${snapshot.status}: no log lines (${snapshot.job ? `its job ${snapshot.jobName} wrote none` : 'it created no processing job'}); see: cdk-sagemaker-processing status ${name}`;
  return `${name}: no log lines: ${why}; follow it with: cdk-sagemaker-processing logs --follow ${name}`;
}

/**
 * `stop <job|run>`: stops the run in whatever state it is — its execution while a runner runs it
 * (the `.sync` integration then stops the job; while the runner waits to start the run again, no
 * new job starts), or the job itself when no execution runs it. A run that has already
 * ended is left as it is, with its exit code.
 */
export async function stopCommand(target: string, global: GlobalOptions, io: CliIo): Promise<number> {
  const { s, snapshot } = await lookAt(global, target);
  const executionRunning = snapshot.execution?.status === 'RUNNING';
  const jobRunning = snapshot.job?.ProcessingJobStatus === 'InProgress';
  const name = snapshot.execution?.name ?? snapshot.jobName ?? target;
  if (!executionRunning && !jobRunning) {
    // A run whose stop is under way (the job Stopping, its execution aborted) has not ended: exit 3, as `status`.
    let state = `is not running (${snapshot.status})`;
    if (snapshot.ended) state = `has ended (${snapshot.status})`;
    else if (snapshot.status === 'Stopping') state = 'is already stopping (Stopping)';
    io.stderr.write(`${name} ${state}: nothing to stop\n`);
    // --json prints the result on stdout whatever it is, so a script reads one shape.
    if (global.json) io.stdout.write(`${JSON.stringify({ execution: snapshot.execution?.name, jobName: snapshot.jobName, stopping: false, status: snapshot.status }, null, 2)}\n`);
    return exitCodeOf(snapshot.status);
  }
  const executionArn = executionRunning ? snapshot.executionArn : undefined;
  await stopRun(s.clients, { executionArn, jobName: snapshot.jobName }, 'stopped with cdk-sagemaker-processing stop');
  let message = `stopping ${snapshot.jobName}`;
  if (executionArn && snapshot.retryWait) message = `stopping execution ${name}: it was waiting ${snapshot.retryWait.waitsFor} (retry ${snapshot.retryWait.attempt}), no new job will start`;
  else if (executionArn && jobRunning) message = `stopping execution ${name} and its job ${snapshot.jobName}`;
  else if (executionArn) message = `stopping execution ${name}`;
  if (global.json) io.stdout.write(`${JSON.stringify({ execution: snapshot.execution?.name, jobName: snapshot.jobName, stopping: true }, null, 2)}\n`);
  else io.stdout.write(`${message}\n`);
  return EXIT_COMPLETED;
}

/** `list [job]`: without a job, the jobs of the assembly; with one, its recent runs with status and duration. */
/**
 * A row of `list <job>`: a processing job of the job, or a run of its runner that has no processing
 * job (named by its execution, the run id; its status says "(no job)").
 */
interface ListedRun {
  readonly jobName?: string;
  readonly executionName?: string;
  readonly status: string;
  readonly started?: Date;
  readonly ended?: Date;
  readonly failureReason?: string;
}

export async function listCommand(target: string | undefined, options: { max?: string }, global: GlobalOptions, io: CliIo): Promise<number> {
  if (target === undefined) {
    const jobs = assemblyJobs(global.cdkOut).sort((a, b) => a.metadata.path.localeCompare(b.metadata.path));
    if (global.json) {
      io.stdout.write(`${JSON.stringify(jobs.map((j) => ({ path: j.metadata.path, stack: j.stackName, jobNamePrefix: j.metadata.jobNamePrefix, region: j.region })), null, 2)}\n`);
    } else {
      io.stdout.write(table(['JOB', 'STACK', 'RUN NAMES'], jobs.map((j) => [j.metadata.path, j.stackName, `${j.metadata.jobNamePrefix}-…`])));
    }
    return EXIT_COMPLETED;
  }
  const max = Number(options.max ?? '10');
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new CliError(`--max '${options.max}': expected a whole number 1–100`);
  const job = findAssemblyJob(global.cdkOut, target);
  const s = await session(global, job);
  const jobs = await recentRuns(s.clients.sageMaker, job, max);
  const withoutJob = await runsWithoutJob(s.clients, job, s.region, jobs.length === max ? jobs[jobs.length - 1].CreationTime : undefined, max);
  const rows: ListedRun[] = [
    ...jobs.map((r): ListedRun => ({
      jobName: r.ProcessingJobName, status: r.ProcessingJobStatus ?? '', started: r.CreationTime, ended: r.ProcessingEndTime, failureReason: r.FailureReason,
    })),
    ...withoutJob.map((r): ListedRun => ({
      executionName: r.execution?.name, status: `${r.status} (no job)`, started: r.startedAt, ended: r.execution?.stopDate,
      failureReason: [r.execution?.error, r.execution?.cause].filter((t) => t).join(': ') || undefined,
    })),
  ].sort((a, b) => (b.started?.getTime() ?? 0) - (a.started?.getTime() ?? 0)).slice(0, max);
  const now = (io.clock ?? (() => new Date()))();
  const seconds = (r: ListedRun) => r.started ? ((r.ended ?? now).getTime() - r.started.getTime()) / 1000 : undefined;
  if (global.json) {
    io.stdout.write(`${JSON.stringify(rows.map((r) => ({
      jobName: r.jobName, executionName: r.executionName, status: r.status, creationTime: r.started?.toISOString(),
      endTime: r.ended?.toISOString(), durationSeconds: seconds(r) !== undefined ? Math.round(seconds(r)!) : undefined,
      failureReason: r.failureReason,
    })), null, 2)}\n`);
  } else if (rows.length === 0) {
    io.stdout.write(`${job.metadata.path} has no runs in ${s.region}\n`);
  } else {
    io.stdout.write(table(['RUN', 'STATUS', 'STARTED', 'DURATION', 'FAILURE'], rows.map((r) => [
      r.jobName ?? r.executionName ?? '', r.status, timestamp(r.started),
      seconds(r) !== undefined ? duration(seconds(r)!) : '-', clip(r.failureReason ?? '', 60),
    ])));
  }
  return EXIT_COMPLETED;
}
