/**
 * The text blocks of a run: the job it waits for (as the SageMaker Python SDK prints a job before
 * it waits: name, instances, inputs and outputs as SageMaker resolved them, partition included),
 * what it is doing, and how it ended (times from the job's own clock, instance-seconds, the
 * container's exit message, links, what to do next).
 */
import type { DescribeProcessingJobResponse } from '@aws-sdk/client-sagemaker';
import { arnName, duration, timestamp } from './format';
import type { RetryWait, RunPhase, RunProgress, RunResult } from './run';

/** The job block: its name and what it reads and writes. */
export function jobBlock(job: DescribeProcessingJobResponse, retry?: number): string[] {
  const cluster = job.ProcessingResources?.ClusterConfig;
  const rows: [string, string, string][] = [];
  if (cluster) rows.push(['instances', `${cluster.InstanceCount} × ${cluster.InstanceType}`, '']);
  for (const input of job.ProcessingInputs ?? []) {
    const source = input.S3Input?.S3Uri ?? (input.DatasetDefinition ? 'dataset definition' : '');
    rows.push(['input', input.InputName ?? '', `${source} → ${input.S3Input?.LocalPath ?? input.DatasetDefinition?.LocalPath ?? ''}`]);
  }
  for (const output of job.ProcessingOutputConfig?.Outputs ?? []) {
    const target = output.S3Output?.S3Uri ?? (output.FeatureStoreOutput ? `feature group ${output.FeatureStoreOutput.FeatureGroupName}` : '');
    rows.push(['output', output.OutputName ?? '', `${output.S3Output?.LocalPath ?? ''} → ${target}`]);
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(0, ...rows.filter((r) => r[2]).map((r) => r[1].length));
  return [
    `job ${job.ProcessingJobName}${retry ? ` (capacity retry ${retry})` : ''}`,
    ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${c ? `${b.padEnd(w1)}  ${c}` : b}`),
  ];
}

/** What the run does now, in words: `starting 2 × ml.m5.xlarge`, `waiting for capacity: retry 1 in 4m 12s`. */
export function phaseText(p: RunProgress, now: Date): string {
  const instances = p.instanceCount ? `${p.instanceCount} × ${p.instanceType}` : 'the instances';
  const texts: { [phase in RunPhase]: () => string } = {
    'creating-job': () => (p.executionArn ? 'the state machine is creating the job' : 'creating the job'),
    'provisioning': () => `starting ${instances}`,
    'downloading': () => 'downloading inputs',
    'running': () => 'running',
    'waiting-to-retry': () => waitText(p.retryWait!, now),
    'finishing': () => `job ${p.jobStatus}, the execution is finishing`,
    'stopping': () => 'stopping',
    'ended': () => 'ended',
  };
  return texts[p.phase]();
}

/** A wait of the runner in words: `waiting for capacity: retry 1 in 4m 12s`. */
export function waitText(wait: RetryWait, now: Date): string {
  return `waiting ${wait.waitsFor}: retry ${wait.attempt} ${wait.at ? `in ${duration((wait.at.getTime() - now.getTime()) / 1000)}` : BACKOFF}`;
}

/**
 * A time of the run as a clock shows it in UTC, `09:07:01Z`, with its date when that is not today's
 * (a capacity wait doubles: the tenth is over 42 hours), `2026-11-25 09:07:01Z`.
 */
export function clockTime(at: Date, now: Date): string {
  const text = timestamp(at);
  return text.slice(0, 10) === timestamp(now).slice(0, 10) ? text.slice(11) : text;
}

/** When a task's Retrier calls again: Step Functions' backoff, with jitter (no fixed time). */
export const BACKOFF = 'after Step Functions\' backoff';

/** The lines of a failed attempt the runner waits to start again: what failed, and when the runner starts the run again. */
export function retryWaitLines(wait: RetryWait, now: Date): string[] {
  const when = wait.at
    ? `the runner starts the ${wait.jobCreated ? 'job' : 'run'} again at ${clockTime(wait.at, now)} (in ${duration((wait.at.getTime() - now.getTime()) / 1000)}, retry ${wait.attempt})`
    : `Step Functions calls it again ${BACKOFF} (retry ${wait.attempt})`;
  return [`✖ ${wait.jobName} ${wait.happened}${wait.reason ? `: ${wait.reason}` : ''}`, `  ${when}; \`stop\` ends the run`];
}

/** The container's exit message as rows (its last 5 lines: the end of a traceback says what failed). */
export function exitMessageRows(exitMessage: string | undefined): [string, string][] {
  return (exitMessage ?? '').trim().split('\n').filter((l) => l.trim()).slice(-5).map((l, i) => [i === 0 ? 'exit message' : '', l]);
}

/** Console links for a run (the AWS partition's console for the region). */
export function links(region: string, result: Pick<RunResult, 'jobName' | 'executionArn'>): [string, string][] {
  const console = region.startsWith('cn-') ? 'https://console.amazonaws.cn'
    : region.startsWith('us-gov-') ? 'https://console.amazonaws-us-gov.com' : `https://${region}.console.aws.amazon.com`;
  const rows: [string, string][] = [];
  if (result.jobName) {
    rows.push(['job console', `${console}/sagemaker/home?region=${region}#/processing-jobs/${result.jobName}`]);
    // The log group /aws/sagemaker/ProcessingJobs with the job's streams, in the console's escaped path form.
    rows.push(['logs console', `${console}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/$252Faws$252Fsagemaker$252FProcessingJobs$3FlogStreamNameFilter$3D${result.jobName}`]);
  }
  if (result.executionArn) rows.push(['execution console', `${console}/states/home?region=${region}#/v2/executions/details/${result.executionArn}`]);
  return rows;
}

/** How the run ended: the result line, outputs, exit message, links and next steps. */
export function resultLines(result: RunResult, label: string, region: string | undefined, jobPath: string | undefined): string[] {
  const name = result.jobName ?? (result.executionArn ? arnName(result.executionArn) : label);
  const runId = result.executionArn ? arnName(result.executionArn) : result.jobName;
  const took = result.durationSeconds ?? result.elapsedSeconds;
  const cost = result.instanceSeconds !== undefined && result.instanceCount
    ? ` (${result.instanceCount} × ${result.instanceType}, ${result.instanceSeconds} instance-seconds)` : '';
  const lines: string[] = [];
  const rows: [string, string][] = [];
  if (result.cancelled) {
    lines.push(`✖ cancelled: ${runId} was stopped as soon as it was created`);
  } else if (result.detached) {
    lines.push(`${name} is still ${result.status}; follow it with: cdk-sagemaker-processing logs --follow ${runId}`);
    lines.push(`  stop it with: cdk-sagemaker-processing stop ${runId}`);
  } else if (result.status === 'InProgress') {
    lines.push(`${runId} started; follow it with: cdk-sagemaker-processing logs --follow ${runId}`);
    lines.push(`  stop it with: cdk-sagemaker-processing stop ${runId}`);
  } else if (result.status === 'Completed') {
    lines.push(`✔ ${name} Completed${took !== undefined ? ` in ${duration(took)}` : ''}${cost}`);
    rows.push(...Object.entries(result.outputs ?? {}));
  } else if (result.status === 'Skipped') {
    lines.push(`– ${name} skipped: ${result.failureReason}`);
  } else {
    lines.push(`✖ ${name} ${result.status}${took !== undefined ? ` after ${duration(took)}` : ''}${result.failureReason ? `: ${result.failureReason}` : ''}`);
    rows.push(...exitMessageRows(result.exitMessage));
  }
  if (region && !result.cancelled && result.status !== 'InProgress') rows.push(...links(region, result));
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  lines.push(...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`));
  if ((result.status === 'Failed' || result.status === 'Stopped') && !result.cancelled && runId) {
    lines.push(`  next: the whole log: cdk-sagemaker-processing logs ${runId}`);
    if (jobPath) lines.push(`        run it again: cdk-sagemaker-processing run ${jobPath}`);
  }
  return lines;
}
