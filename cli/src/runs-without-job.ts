/**
 * `list <job>`'s runs that never created a processing job: ListProcessingJobs cannot show them, yet
 * a scheduled run whose input the runner refused, or that was stopped or timed out before its job,
 * is a run that did not happen (so is one whose CreateProcessingJob SageMaker refused or throttled
 * past its retries: its name was scheduled, no job exists), and one that has not created its job yet
 * is a run still to come.
 */
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { AssemblyJob } from './assembly';
import type { AwsClients } from './aws';
import { stateMachineArn } from './execution';
import { observeRun, RunSnapshot } from './run-state';
import { jobOfInput } from './targets';

/** How many of the runner's newest executions are listed (one ListExecutions page). */
const LISTED_EXECUTIONS = 100;
/** How many executions at most are looked at (DescribeExecution and history each): a bound on the calls one `list` makes. */
const LOOKED_AT = 20;

/**
 * The job's runs without a processing job, newest first, at most `max`, that started after `since`
 * (when given: older ones would not be among the `max` newest runs). Only executions that did not
 * succeed are looked at: one that succeeded either ran a job (which ListProcessingJobs shows) or
 * skipped its run (`OverlapPolicy.SKIP`), and telling which takes its history, for every run.
 * A shared runner's executions are the job's when their input names it (`job`).
 */
export async function runsWithoutJob(clients: AwsClients, job: AssemblyJob, region: string, since: Date | undefined, max: number): Promise<RunSnapshot[]> {
  const machine = await stateMachineArn(clients.cloudFormation, job, region);
  // ListExecutions answers the newest first (Step Functions API reference).
  const page = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: LISTED_EXECUTIONS }));
  const candidates = (page?.executions ?? []).filter((e) => e.executionArn && e.status !== 'SUCCEEDED'
    && !(since && e.startDate && e.startDate.getTime() <= since.getTime())).slice(0, LOOKED_AT);
  const sharedJob = job.metadata.executionInput.job;
  const runs: RunSnapshot[] = [];
  for (const execution of candidates) {
    const run = await observeRun(clients, { executionArn: execution.executionArn });
    if (sharedJob !== undefined && jobOfInput(run.execution?.input) !== sharedJob) continue;
    // No job exists: none was scheduled, or SageMaker refused the one scheduled (ListProcessingJobs has neither).
    if (run.job === undefined) runs.push(run);
    if (runs.length === max) break;
  }
  return runs;
}
