/** The state machine of a deployed job, and CloudFormation's answers when the job's stack is not deployed. */
import { DescribeStackResourceCommand, CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { AssemblyJob } from './assembly';
import { CliError } from './errors';

/** The ARN of the state machine that runs `job`, from its stack (the logical id is in the job's metadata). */
export async function stateMachineArn(cloudFormation: CloudFormationClient, job: AssemblyJob, region: string): Promise<string> {
  const stacks = await jobStacks(cloudFormation, job, region);
  return physicalId(cloudFormation, job, region, stacks[stacks.length - 1], job.metadata.stateMachineLogicalId);
}

/**
 * The stacks from the job's top-level stack down to the one that holds its resources: for a job
 * of a `ProcessingJobFleet`, the nested stack it is in, found through each parent's
 * `AWS::CloudFormation::Stack` resource, whose physical id is the nested stack's ARN.
 */
export async function jobStacks(cloudFormation: CloudFormationClient, job: AssemblyJob, region: string): Promise<string[]> {
  const stacks = [job.stackName];
  for (const nested of job.nestedStacks) stacks.push(await physicalId(cloudFormation, job, region, stacks[stacks.length - 1], nested.logicalId));
  return stacks;
}

async function physicalId(cloudFormation: CloudFormationClient, job: AssemblyJob, region: string, stackName: string, logicalId: string): Promise<string> {
  try {
    const result = await cloudFormation.send(new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }));
    const id = result.StackResourceDetail?.PhysicalResourceId;
    if (!id) throw new CliError(`stack ${stackName} has no physical id for ${logicalId} yet (is a deployment still running?)`);
    return id;
  } catch (e) {
    throw stackError(e, job, region, logicalId);
  }
}

/**
 * CloudFormation's "does not exist" answers as one line that says what to deploy. CloudFormation
 * speaks the query protocol, whose error code here is `ValidationError` (CloudFormation API
 * reference, "Common errors"), not the JSON protocols' `ValidationException`.
 */
export function stackError(e: unknown, job: AssemblyJob, region: string, logicalId?: string): unknown {
  const message = (e as { message?: string }).message ?? '';
  if ((e as { name?: string }).name === 'ValidationError') {
    if (/Stack .* does not exist/i.test(message)) {
      return new CliError(`stack ${job.stackName} is not deployed in ${region}: run \`cdk deploy ${job.stackName}\` (or pass --region)`);
    }
    if (logicalId && /Resource .* does not exist/i.test(message)) {
      return new CliError(`stack ${job.stackName} in ${region} has no resource ${logicalId} for ${job.metadata.path}: deploy the current app (\`cdk deploy ${job.stackName}\`)`);
    }
  }
  return e;
}
