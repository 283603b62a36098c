/**
 * What `status`, `logs` and `stop` act on: a job of the cloud assembly (its newest run) or one
 * run, named by its execution name or its processing job name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ListProcessingJobsCommand, ListProcessingJobsCommandOutput, ProcessingJobSummary, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { LIMITS } from '../../lib/api/limits';
import { DescribeExecutionCommand, ListExecutionsCommand, ListExecutionsCommandOutput } from '@aws-sdk/client-sfn';
import { AssemblyJob, assemblyJobs, findAssemblyJob, knownJobs } from './assembly';
import type { AwsClients } from './aws';
import { CliError } from './errors';
import { stateMachineArn } from './execution';
import { describeJob, latestProcessingJobName, StartedRun } from './run-state';

/**
 * A run to act on: the execution that runs it (when a runner does), its job, and the job of the
 * cloud assembly it belongs to. One run has two names when a runner runs it — the execution's
 * (the run id, `PROCESSING_RUN_ID`, the `run=` folder) and its job's — and both name it here.
 */
export interface RunTarget extends StartedRun {
  readonly job?: AssemblyJob;
}

const RUN_SUFFIX = '-\\d{8}-\\d{6}-[0-9a-f]{8}';

/** The job of the assembly whose run names `jobName` follows (`<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`). */
export function jobOfRunName(jobs: AssemblyJob[], jobName: string): AssemblyJob | undefined {
  return jobs.find((j) => new RegExp(`^${escape(j.metadata.jobNamePrefix)}${RUN_SUFFIX}$`, 'i').test(jobName));
}

/** The job `target` names in the assembly, or undefined when it names none (it may be a run's name). */
export function assemblyJobOrUndefined(cdkOut: string, target: string): { job?: AssemblyJob; jobs: AssemblyJob[] } {
  if (!fs.existsSync(path.join(cdkOut, 'manifest.json'))) return { jobs: [] };
  const jobs = assemblyJobs(cdkOut);
  try {
    return { job: findAssemblyJob(cdkOut, target), jobs };
  } catch (e) {
    if (e instanceof CliError && e.message.startsWith('job ')) throw e; // ambiguous
    return { jobs };
  }
}

/** The newest runs of a job (ListProcessingJobs by creation time, filtered to the job's exact prefix). */
export async function recentRuns(sageMaker: SageMakerClient, job: AssemblyJob, max: number): Promise<ProcessingJobSummary[]> {
  const prefix = job.metadata.jobNamePrefix;
  const ours = new RegExp(`^${escape(prefix)}${RUN_SUFFIX}$`, 'i');
  const runs: ProcessingJobSummary[] = [];
  let nextToken: string | undefined;
  // NameContains also matches other jobs whose prefix contains this one; a few pages find enough of ours.
  for (let page = 0; page < 10 && runs.length < max; page++) {
    const result: ListProcessingJobsCommandOutput = await sageMaker.send(new ListProcessingJobsCommand({
      NameContains: prefix, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100, NextToken: nextToken,
    }));
    runs.push(...(result.ProcessingJobSummaries ?? []).filter((s) => ours.test(s.ProcessingJobName ?? '')));
    nextToken = result.NextToken;
    if (!nextToken) break;
  }
  return runs.slice(0, max);
}

/**
 * Resolves a `status`/`logs`/`stop` target to one run: a job of the assembly (its newest run), an
 * execution name of a job's runner, or a processing job name (with the execution that created it,
 * if a runner did).
 */
export async function resolveRunTarget(clients: AwsClients, cdkOut: string, target: string, region: string): Promise<RunTarget> {
  const { job, jobs } = assemblyJobOrUndefined(cdkOut, target);
  if (job) {
    const [newest] = await recentRuns(clients.sageMaker, job, 1);
    const machine = await stateMachineArn(clients.cloudFormation, job, region);
    const newer = await executionWithoutJob(clients, machine, job, newest?.CreationTime);
    if (newer) return { job, executionArn: newer };
    if (!newest?.ProcessingJobName) throw new CliError(`${job.metadata.path} has no runs in ${region} yet (start one with: cdk-sagemaker-processing run ${job.metadata.path})`);
    return { job, jobName: newest.ProcessingJobName, executionArn: await executionOf(clients, machine, newest.ProcessingJobName, newest.CreationTime) };
  }
  if (!LIMITS.jobName.pattern.test(target)) throw unknownTarget(cdkOut, target, region);
  const owner = jobOfRunName(jobs, target);
  if (owner) {
    const executionArn = await executionNamed(clients, owner, target, region);
    if (executionArn) return { job: owner, executionArn };
  }
  const described = await describeJob(clients, target);
  if (!described) throw unknownTarget(cdkOut, target, region);
  const executionArn = owner ? await executionOf(clients, await stateMachineArn(clients.cloudFormation, owner, region), target, described.CreationTime) : undefined;
  return { job: owner, jobName: target, executionArn };
}

/** The execution of the job's runner named `name`, if there is one. */
async function executionNamed(clients: AwsClients, job: AssemblyJob, name: string, region: string): Promise<string | undefined> {
  const machine = await stateMachineArn(clients.cloudFormation, job, region);
  // arn:<partition>:states:<region>:<account>:stateMachine:<machine> → …:execution:<machine>:<name>
  const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:${name}`;
  try {
    await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return executionArn;
  } catch (e) {
    if ((e as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
    throw e;
  }
}

/** How many of a runner's newest executions are read for a run that has not created its job yet. */
const NEWEST_EXECUTIONS = 20;

/**
 * The job's newest run when it has no processing job yet: the newest execution of the job's runner
 * started for the job after its newest job was created (`after`), which is running (checking its
 * input, about to create the job) or ended without a job (its input refused, or stopped). An
 * execution that succeeded without one skipped its run (`OverlapPolicy.SKIP`): the run it left
 * running is the one to look at. A shared runner's executions name their job in the input's `job`.
 */
async function executionWithoutJob(clients: AwsClients, machine: string, job: AssemblyJob, after: Date | undefined): Promise<string | undefined> {
  // ListExecutions answers the newest first (Step Functions API reference).
  const recent = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: NEWEST_EXECUTIONS }));
  const sharedJob = job.metadata.executionInput.job;
  for (const execution of recent?.executions ?? []) {
    if (!execution.executionArn || (after && (!execution.startDate || execution.startDate.getTime() <= after.getTime()))) return undefined;
    if (execution.status === 'SUCCEEDED') continue;
    if (sharedJob === undefined || jobOfInput((await clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }))).input) === sharedJob) {
      return execution.executionArn;
    }
  }
  return undefined;
}

/** The `job` of a shared runner's execution input, if it is one. */
export function jobOfInput(input: string | undefined): unknown {
  try {
    return (JSON.parse(input ?? '{}') as { job?: unknown }).job;
  } catch {
    return undefined;
  }
}

/** How many ended executions that started before a job are read to find the one that created it. */
const ENDED_CANDIDATES = 3;

/**
 * The execution of the job's runner (`machine`) that created `jobName` as its newest job: a running one (it
 * may wait to retry that job), else one of the newest ended executions that started before the
 * job was created. Undefined for a direct run.
 */
async function executionOf(clients: AwsClients, machine: string, jobName: string, createdAt: Date | undefined): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page: ListExecutionsCommandOutput = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING', nextToken }));
    for (const execution of page.executions ?? []) {
      if (execution.executionArn && await latestProcessingJobName(clients, execution.executionArn) === jobName) return execution.executionArn;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  if (!createdAt) return undefined;
  // ListExecutions answers the newest first (Step Functions API reference).
  const recent = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 20 }));
  const candidates = (recent?.executions ?? [])
    .filter((e) => e.status !== 'RUNNING' && e.startDate && e.startDate.getTime() <= createdAt.getTime())
    .slice(0, ENDED_CANDIDATES);
  for (const execution of candidates) {
    if (execution.executionArn && await latestProcessingJobName(clients, execution.executionArn) === jobName) return execution.executionArn;
  }
  return undefined;
}

/** The error for a target that is neither a job of the assembly nor a processing job. */
export function unknownTarget(cdkOut: string, target: string, region: string): CliError {
  if (!fs.existsSync(path.join(cdkOut, 'manifest.json'))) {
    return new CliError(`no processing job '${target}' in ${region} (ran elsewhere? pass --region), and no cloud assembly at ${cdkOut} to look up job names in (pass --cdk-out)`);
  }
  return new CliError(`no run '${target}' in ${region} (ran elsewhere? pass --region) and no job '${target}' in ${cdkOut}; ${knownJobs(assemblyJobs(cdkOut))}`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
