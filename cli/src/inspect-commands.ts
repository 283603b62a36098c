/** `status`, `logs`, `stop` and `list`: look at and act on the runs of deployed jobs. */
import { DescribeProcessingJobResponse } from '@aws-sdk/client-sagemaker';
import { ListExecutionsCommand, ListExecutionsCommandOutput } from '@aws-sdk/client-sfn';
import { AssemblyJob, assemblyJobs, findAssemblyJob } from './assembly';
import { AwsClients, checkAwsAccess, createClients } from './aws';
import { CliError, EXIT_COMPLETED, EXIT_NOT_COMPLETED } from './errors';
import { latestProcessingJobName, stateMachineArn } from './execution';
import { arnName, duration, table, timestamp } from './format';
import { LogFollower } from './logs';
import { describeJob, stopRun, waitForRun } from './run';
import type { GlobalOptions } from './run-command';
import { recentRuns, resolveRunTarget, RunTarget, unknownTarget } from './targets';
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

/** The assembly job a target names, if any (for the stack's region), without failing on run names. */
function targetJob(global: GlobalOptions, target: string): AssemblyJob | undefined {
  try {
    return findAssemblyJob(global.cdkOut, target);
  } catch {
    return undefined;
  }
}

async function describeTarget(global: GlobalOptions, target: string): Promise<{ s: Session; run: RunTarget; described: DescribeProcessingJobResponse }> {
  const s = await session(global, targetJob(global, target));
  const run = await resolveRunTarget(s.clients.sageMaker, global.cdkOut, target, s.region);
  const described = await describeJob(s.clients, run.jobName);
  if (!described) throw unknownTarget(global.cdkOut, target, s.region);
  return { s, run, described };
}

/** `status <job|run>`: the run's status, times, instances, outputs and failure reason. Exit code 0 only when it Completed. */
export async function statusCommand(target: string, global: GlobalOptions, io: CliIo): Promise<number> {
  const { run, described: d } = await describeTarget(global, target);
  const started = d.ProcessingStartTime ?? d.CreationTime;
  const end = d.ProcessingEndTime ?? (io.clock ?? (() => new Date()))();
  const seconds = started ? (end.getTime() - started.getTime()) / 1000 : undefined;
  const outputs = Object.fromEntries((d.ProcessingOutputConfig?.Outputs ?? []).filter((o) => o.S3Output).map((o) => [o.OutputName ?? '', o.S3Output!.S3Uri ?? '']));
  const cluster = d.ProcessingResources?.ClusterConfig;
  if (global.json) {
    io.stdout.write(`${JSON.stringify({
      job: run.job?.metadata.path, jobName: d.ProcessingJobName, status: d.ProcessingJobStatus, failureReason: d.FailureReason,
      exitMessage: d.ExitMessage, creationTime: d.CreationTime?.toISOString(), startTime: d.ProcessingStartTime?.toISOString(),
      endTime: d.ProcessingEndTime?.toISOString(), durationSeconds: seconds !== undefined ? Math.round(seconds) : undefined,
      instanceType: cluster?.InstanceType, instanceCount: cluster?.InstanceCount, outputs,
    }, null, 2)}\n`);
  } else {
    const rows: [string, string][] = [
      ['job', run.job?.metadata.path ?? '-'],
      ['status', d.ProcessingJobStatus ?? '-'],
      ['created', timestamp(d.CreationTime)],
      ['ended', d.ProcessingEndTime ? timestamp(d.ProcessingEndTime) : '-'],
      ['duration', seconds !== undefined ? duration(seconds) : '-'],
      ['instances', cluster ? `${cluster.InstanceCount} × ${cluster.InstanceType}` : '-'],
      ...Object.entries(outputs).map(([name, uri]): [string, string] => [`output ${name}`, uri]),
      ...(d.FailureReason ? [['failure', d.FailureReason] as [string, string]] : []),
      ...(d.ExitMessage ? [['exit message', d.ExitMessage] as [string, string]] : []),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    io.stdout.write(`${d.ProcessingJobName}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  }
  return d.ProcessingJobStatus === 'Completed' ? EXIT_COMPLETED : EXIT_NOT_COMPLETED;
}

/** `logs <job|run> [--follow]`: the run's log lines; with --follow, until it ends (exit code as `run`). */
export async function logsCommand(target: string, options: { follow?: boolean }, global: GlobalOptions, io: CliIo): Promise<number> {
  const { s, run, described } = await describeTarget(global, target);
  const multi = (described.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1) > 1;
  if (options.follow) {
    const view = new RunView(io, Boolean(global.json), run.job?.metadata.path ?? run.jobName);
    try {
      const result = await waitForRun(s.clients, { jobName: run.jobName }, {
        onLog: (line) => view.log(line), onProgress: (p) => view.progress(p), clock: io.clock, pollIntervalMs: io.pollIntervalMs,
      });
      view.finish(result);
      return result.status === 'Completed' ? EXIT_COMPLETED : EXIT_NOT_COMPLETED;
    } finally {
      view.close();
    }
  }
  const lines = await new LogFollower(s.clients.logs, run.jobName).poll(described.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1);
  if (global.json) {
    io.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
  } else {
    for (const line of lines) io.stdout.write(`${multi ? `${line.instance} | ` : ''}${line.message}\n`);
  }
  return EXIT_COMPLETED;
}

/**
 * `stop <job|run>`: stops the Step Functions execution that runs the job (the `.sync` integration
 * then stops the job, and no retry starts another), or the job itself when no execution runs it.
 */
export async function stopCommand(target: string, global: GlobalOptions, io: CliIo): Promise<number> {
  const { s, run, described } = await describeTarget(global, target);
  const status = described.ProcessingJobStatus;
  if (status !== 'InProgress') throw new CliError(`${run.jobName} is ${status}: nothing to stop`);
  const executionArn = run.job ? await executionOf(s, run.job, run.jobName) : undefined;
  await stopRun(s.clients, { executionArn, jobName: run.jobName }, 'stopped with cdk-sagemaker-processing stop');
  const message = executionArn
    ? `stopping execution ${arnName(executionArn)} and its job ${run.jobName}`
    : `stopping ${run.jobName}`;
  if (global.json) io.stdout.write(`${JSON.stringify({ jobName: run.jobName, executionArn, stopping: true }, null, 2)}\n`);
  else io.stdout.write(`${message}\n`);
  return EXIT_COMPLETED;
}

/** The running execution of the job's state machine whose newest job is `jobName`, if any. */
async function executionOf(s: Session, job: AssemblyJob, jobName: string): Promise<string | undefined> {
  const machine = await stateMachineArn(s.clients.cloudFormation, job, s.region);
  let nextToken: string | undefined;
  do {
    const page: ListExecutionsCommandOutput = await s.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING', nextToken }));
    for (const execution of page.executions ?? []) {
      if (execution.executionArn && await latestProcessingJobName(s.clients.sfn, execution.executionArn) === jobName) return execution.executionArn;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

/** `list [job]`: without a job, the jobs of the assembly; with one, its recent runs with status and duration. */
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
  const runs = await recentRuns(s.clients.sageMaker, job, max);
  const now = (io.clock ?? (() => new Date()))();
  const seconds = (r: (typeof runs)[number]) => r.CreationTime ? ((r.ProcessingEndTime ?? now).getTime() - r.CreationTime.getTime()) / 1000 : undefined;
  if (global.json) {
    io.stdout.write(`${JSON.stringify(runs.map((r) => ({
      jobName: r.ProcessingJobName, status: r.ProcessingJobStatus, creationTime: r.CreationTime?.toISOString(),
      endTime: r.ProcessingEndTime?.toISOString(), durationSeconds: seconds(r) !== undefined ? Math.round(seconds(r)!) : undefined,
      failureReason: r.FailureReason,
    })), null, 2)}\n`);
  } else if (runs.length === 0) {
    io.stdout.write(`${job.metadata.path} has no runs in ${s.region}\n`);
  } else {
    io.stdout.write(table(['RUN', 'STATUS', 'STARTED', 'DURATION', 'FAILURE'], runs.map((r) => [
      r.ProcessingJobName ?? '', r.ProcessingJobStatus ?? '', timestamp(r.CreationTime),
      seconds(r) !== undefined ? duration(seconds(r)!) : '-', (r.FailureReason ?? '').split('\n')[0].slice(0, 60),
    ])));
  }
  return EXIT_COMPLETED;
}
