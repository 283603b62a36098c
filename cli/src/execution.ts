/** Step Functions side of a run: the state machine of a deployed job, and the processing job an execution started. */
import { DescribeStackResourceCommand, CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetExecutionHistoryCommand, GetExecutionHistoryCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import type { AssemblyJob } from './assembly';
import { CliError } from './errors';

/** The ARN of the state machine that runs `job`, from its stack (the logical id is in the job's metadata). */
export async function stateMachineArn(cloudFormation: CloudFormationClient, job: AssemblyJob, region: string): Promise<string> {
  const logicalId = job.metadata.stateMachineLogicalId;
  try {
    const result = await cloudFormation.send(new DescribeStackResourceCommand({ StackName: job.stackName, LogicalResourceId: logicalId }));
    const arn = result.StackResourceDetail?.PhysicalResourceId;
    if (!arn) throw new CliError(`stack ${job.stackName} has no physical id for ${logicalId} yet (is a deployment still running?)`);
    return arn;
  } catch (e) {
    throw stackError(e, job, region, logicalId);
  }
}

/** CloudFormation's "does not exist" answers as one line that says what to deploy. */
export function stackError(e: unknown, job: AssemblyJob, region: string, logicalId?: string): unknown {
  const message = (e as { message?: string }).message ?? '';
  if ((e as { name?: string }).name === 'ValidationException') {
    if (/Stack .* does not exist/i.test(message)) {
      return new CliError(`stack ${job.stackName} is not deployed in ${region}: run \`cdk deploy ${job.stackName}\` (or pass --region)`);
    }
    if (logicalId && /Resource .* does not exist/i.test(message)) {
      return new CliError(`stack ${job.stackName} in ${region} has no resource ${logicalId} for ${job.metadata.path}: deploy the current app (\`cdk deploy ${job.stackName}\`)`);
    }
  }
  return e;
}

/**
 * The processing job an execution started last: the newest `TaskScheduled` event of a SageMaker
 * `createProcessingJob` task holds the rendered request (its `ProcessingJobName` included). A
 * state machine that retries starts one job per attempt; the newest is the one that matters.
 */
export async function latestProcessingJobName(sfn: SFNClient, executionArn: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page: GetExecutionHistoryCommandOutput = await sfn.send(new GetExecutionHistoryCommand({
      executionArn, reverseOrder: true, maxResults: 100, includeExecutionData: true, nextToken,
    }));
    for (const event of page.events ?? []) {
      const details = event.taskScheduledEventDetails;
      if (event.type !== 'TaskScheduled' || details?.resourceType !== 'sagemaker' || !details.resource?.startsWith('createProcessingJob')) continue;
      const name = parseJobName(details.parameters);
      if (name) return name;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

function parseJobName(parameters: string | undefined): string | undefined {
  try {
    const value = JSON.parse(parameters ?? '{}') as { ProcessingJobName?: unknown };
    return typeof value.ProcessingJobName === 'string' ? value.ProcessingJobName : undefined;
  } catch {
    return undefined;
  }
}
