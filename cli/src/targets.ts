/**
 * What `status`, `logs` and `stop` act on: a job of the cloud assembly (its newest run) or one
 * run, named by its processing job name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ListProcessingJobsCommand, ListProcessingJobsCommandOutput, ProcessingJobSummary, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { LIMITS } from '../../lib/api/limits';
import { AssemblyJob, assemblyJobs, findAssemblyJob, knownJobs } from './assembly';
import { CliError } from './errors';

/** A run to act on, and its job when the cloud assembly knows it. */
export interface RunTarget {
  readonly jobName: string;
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

/** Resolves a `status`/`logs`/`stop` target to one run. */
export async function resolveRunTarget(sageMaker: SageMakerClient, cdkOut: string, target: string, region: string): Promise<RunTarget> {
  const { job, jobs } = assemblyJobOrUndefined(cdkOut, target);
  if (job) {
    const [newest] = await recentRuns(sageMaker, job, 1);
    if (!newest?.ProcessingJobName) throw new CliError(`${job.metadata.path} has no runs in ${region} yet (start one with: cdk-sagemaker-processing run ${job.metadata.path})`);
    return { jobName: newest.ProcessingJobName, job };
  }
  if (!LIMITS.jobName.pattern.test(target)) throw unknownTarget(cdkOut, target, region);
  return { jobName: target, job: jobOfRunName(jobs, target) };
}

/** The error for a target that is neither a job of the assembly nor a processing job. */
export function unknownTarget(cdkOut: string, target: string, region: string): CliError {
  if (!fs.existsSync(path.join(cdkOut, 'manifest.json'))) {
    return new CliError(`no processing job '${target}' in ${region}, and no cloud assembly at ${cdkOut} to look up job names in (pass --cdk-out)`);
  }
  return new CliError(`no processing job '${target}' in ${region} and no job '${target}' in ${cdkOut}; ${knownJobs(assemblyJobs(cdkOut))}`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
