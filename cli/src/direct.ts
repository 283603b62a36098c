/**
 * `run --direct`: creates the processing job straight from the request in the job's metadata,
 * without the state machine — the same request, overrides, run identity variables and output
 * partitioning the state machine would produce (docs/CONTRACTS.md).
 */
import {
  CloudFormationClient, DescribeStacksCommand, ListExportsCommand, ListExportsCommandOutput,
  ListStackResourcesCommand, ListStackResourcesCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { CreateProcessingJobCommand, CreateProcessingJobCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CreateProcessingJobRequest } from '../../lib/api/api-request';
import { applyRunValues, RunJob, RunPartitioning } from '../../lib/definition/run-values';
import type { ProcessingJobMetadata } from '../../lib/job/metadata';
import { runName } from '../../lib/api/run-name';
import { AssemblyJob, readTemplate } from './assembly';
import { CliError, refuseIfCancelled } from './errors';
import { jobStacks, stackError } from './execution';
import { resolveIntrinsics, StackFacts } from './intrinsics';
import type { RunOverrides } from './overrides';

/** The stack facts intrinsics resolve against: the deployed resources and parameters, the template, account and partition from the stack ARN. */
export async function deployedStackFacts(cloudFormation: CloudFormationClient, job: AssemblyJob, region: string): Promise<StackFacts> {
  // A job of a nested stack resolves against that stack and its parents (see readTemplate).
  const stacks = await jobStacks(cloudFormation, job, region);
  const stackName = stacks[stacks.length - 1];
  try {
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    const stackId = stack?.StackId ?? '';
    // arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>
    const [, partition, , , account] = stackId.split(':');
    const physicalIds: { [logicalId: string]: string } = {};
    for (const name of stacks) {
      let nextToken: string | undefined;
      do {
        const page: ListStackResourcesCommandOutput = await cloudFormation.send(new ListStackResourcesCommand({ StackName: name, NextToken: nextToken }));
        for (const r of page.StackResourceSummaries ?? []) {
          if (r.LogicalResourceId && r.PhysicalResourceId) physicalIds[r.LogicalResourceId] = r.PhysicalResourceId;
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    let exports: Map<string, string> | undefined;
    return {
      stackName: stack?.StackName ?? stackName, stackId, region, account, partition,
      template: readTemplate(job),
      physicalIds,
      parameters: Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ResolvedValue ?? p.ParameterValue ?? ''])),
      exportValue: async (name) => {
        exports ??= await listExports(cloudFormation);
        return exports.get(name);
      },
      stackOutput: stackOutputReader(cloudFormation, region),
    };
  } catch (e) {
    throw stackError(e, job, region);
  }
}

/**
 * Reads the outputs of deployed stacks (DescribeStacks, once per stack and region), for
 * `Fn::GetStackOutput`: a stack of another region is read with a client of that region.
 */
export function stackOutputReader(cloudFormation: CloudFormationClient, region: string): StackFacts['stackOutput'] {
  const outputs = new Map<string, Promise<Map<string, string>>>();
  return async (stackName, outputName, outputRegion) => {
    const key = `${outputRegion}/${stackName}`;
    let read = outputs.get(key);
    if (read === undefined) {
      const client = outputRegion === region ? cloudFormation : new CloudFormationClient({ region: outputRegion, credentials: cloudFormation.config.credentials });
      read = client.send(new DescribeStacksCommand({ StackName: stackName }))
        .then((r) => new Map((r.Stacks?.[0]?.Outputs ?? []).flatMap((o) => (o.OutputKey && o.OutputValue !== undefined ? [[o.OutputKey, o.OutputValue] as const] : []))));
      outputs.set(key, read);
    }
    return (await read).get(outputName);
  };
}

async function listExports(cloudFormation: CloudFormationClient): Promise<Map<string, string>> {
  const exports = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page: ListExportsCommandOutput = await cloudFormation.send(new ListExportsCommand({ NextToken: nextToken }));
    for (const e of page.Exports ?? []) if (e.Name && e.Value !== undefined) exports.set(e.Name, e.Value);
    nextToken = page.NextToken;
  } while (nextToken);
  return exports;
}

/**
 * The request of a direct run: the job's resolved request with the run values applied as every
 * run path applies them (lib/definition/run-values.ts): the overrides by input and output name,
 * `PROCESSING_RUN_ID` (the job name) and `PROCESSING_SCHEDULED_TIME`, and the S3 outputs the job
 * declares under `dt=<yyyy-MM-dd>/` or `run=<job name>/` when it partitions them.
 */
export function directRequest(
  resolved: { [key: string]: unknown }, metadata: ProcessingJobMetadata, overrides: RunOverrides, jobName: string, scheduledTime: string,
): CreateProcessingJobRequest {
  if (!(PARTITIONINGS as readonly string[]).includes(metadata.outputPartitioning)) {
    throw new CliError(`unknown outputPartitioning '${metadata.outputPartitioning}' in the job's metadata (a newer cdk-sagemaker-processing synthesized it?)`);
  }
  const job: RunJob = {
    path: metadata.path,
    partitioning: metadata.outputPartitioning as RunPartitioning,
    inputs: metadata.overridableInputs,
    outputs: metadata.overridableOutputs,
    jobBucketOutputs: metadata.jobBucketOutputs ?? [],
  };
  try {
    return applyRunValues(resolved as unknown as CreateProcessingJobRequest, job, { jobName, runId: jobName, scheduledTime, overrides });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

const PARTITIONINGS = ['none', 'scheduled-date', 'run-id'] as const satisfies readonly RunPartitioning[];

/** Resolves the job's request against its deployed stack and creates the job; returns its name. */
export async function startDirectRun(
  clients: { cloudFormation: CloudFormationClient; sageMaker: SageMakerClient }, job: AssemblyJob, region: string,
  overrides: RunOverrides, now: Date, cancel?: AbortSignal,
): Promise<{ jobName: string; request: CreateProcessingJobRequest }> {
  const facts = await deployedStackFacts(clients.cloudFormation, job, region);
  const resolved = await resolveIntrinsics(job.metadata.request, facts) as { [key: string]: unknown };
  const jobName = runName(job.metadata.jobNamePrefix, now);
  const scheduledTime = overrides.scheduledTime ?? now.toISOString().replace('.000Z', 'Z');
  const request = directRequest(resolved, job.metadata, overrides, jobName, scheduledTime);
  refuseIfCancelled(cancel);
  // The library's declaration of the API's request (lib/api/api-request.ts) types the API's enums as strings.
  await clients.sageMaker.send(new CreateProcessingJobCommand(request as CreateProcessingJobCommandInput));
  return { jobName, request };
}
