/**
 * `run --direct`: creates the processing job straight from the request in the job's metadata,
 * without the state machine — the same request, overrides, run identity variables and output
 * partitioning the state machine would produce (docs/CONTRACTS.md).
 */
import {
  CloudFormationClient, DescribeStacksCommand, ListExportsCommand, ListExportsCommandOutput,
  ListStackResourcesCommand, ListStackResourcesCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { CreateProcessingJobCommand, CreateProcessingJobRequest, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ProcessingJobMetadata } from '../../lib/job/metadata';
import { runName } from '../../lib/api/run-name';
import { AssemblyJob, readTemplate } from './assembly';
import { CliError, refuseIfCancelled } from './errors';
import { stackError } from './execution';
import { resolveIntrinsics, StackFacts } from './intrinsics';
import type { RunOverrides } from './overrides';

/** The stack facts intrinsics resolve against: the deployed resources and parameters, the template, account and partition from the stack ARN. */
export async function deployedStackFacts(cloudFormation: CloudFormationClient, job: AssemblyJob, region: string): Promise<StackFacts> {
  try {
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: job.stackName }))).Stacks?.[0];
    const stackId = stack?.StackId ?? '';
    // arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>
    const [, partition, , , account] = stackId.split(':');
    const physicalIds: { [logicalId: string]: string } = {};
    let nextToken: string | undefined;
    do {
      const page: ListStackResourcesCommandOutput = await cloudFormation.send(new ListStackResourcesCommand({ StackName: job.stackName, NextToken: nextToken }));
      for (const r of page.StackResourceSummaries ?? []) {
        if (r.LogicalResourceId && r.PhysicalResourceId) physicalIds[r.LogicalResourceId] = r.PhysicalResourceId;
      }
      nextToken = page.NextToken;
    } while (nextToken);
    let exports: Map<string, string> | undefined;
    return {
      stackName: job.stackName, stackId, region, account, partition,
      template: readTemplate(job),
      physicalIds,
      parameters: Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ResolvedValue ?? p.ParameterValue ?? ''])),
      exportValue: async (name) => {
        exports ??= await listExports(cloudFormation);
        return exports.get(name);
      },
    };
  } catch (e) {
    throw stackError(e, job, region);
  }
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
 * The request of a direct run: the job's resolved request with the overrides applied by input and
 * output name, `PROCESSING_RUN_ID` (the job name) and `PROCESSING_SCHEDULED_TIME`, and the S3
 * outputs under `dt=<yyyy-MM-dd>/` or `run=<job name>/` when the job partitions its outputs.
 */
export function directRequest(
  resolved: { [key: string]: unknown }, metadata: ProcessingJobMetadata, overrides: RunOverrides, jobName: string, scheduledTime: string,
): CreateProcessingJobRequest {
  const request = structuredClone(resolved) as unknown as CreateProcessingJobRequest & { ProcessingJobName?: string };
  request.ProcessingJobName = jobName;
  if (overrides.arguments) request.AppSpecification = { ...request.AppSpecification!, ContainerArguments: [...overrides.arguments] };
  const cluster = request.ProcessingResources?.ClusterConfig;
  if (cluster && overrides.instanceType) cluster.InstanceType = overrides.instanceType as typeof cluster.InstanceType;
  if (cluster && overrides.instanceCount !== undefined) cluster.InstanceCount = overrides.instanceCount;
  for (const [name, uri] of Object.entries(overrides.inputs ?? {})) {
    const input = request.ProcessingInputs?.find((i) => i.InputName === name && i.S3Input);
    if (!input) throw new CliError(`--input ${name}: the request of ${metadata.path} has no S3 input named '${name}'`);
    input.S3Input!.S3Uri = uri;
  }
  for (const [name, uri] of Object.entries(overrides.outputs ?? {})) {
    const output = request.ProcessingOutputConfig?.Outputs?.find((o) => o.OutputName === name && o.S3Output);
    if (!output) throw new CliError(`--output ${name}: the request of ${metadata.path} has no S3 output named '${name}'`);
    output.S3Output!.S3Uri = uri;
  }
  const partition = partitionOf(metadata.outputPartitioning, jobName, scheduledTime);
  if (partition) {
    for (const output of request.ProcessingOutputConfig?.Outputs ?? []) {
      // Appended as the state machine appends it: the URIs end with '/' (checked at synth and for overrides).
      if (output.S3Output?.S3Uri) output.S3Output.S3Uri = `${output.S3Output.S3Uri}${partition}`;
    }
  }
  request.Environment = {
    ...request.Environment,
    ...overrides.environment,
    PROCESSING_RUN_ID: jobName,
    PROCESSING_SCHEDULED_TIME: scheduledTime,
  };
  return request;
}

function partitionOf(mode: string, jobName: string, scheduledTime: string): string | undefined {
  switch (mode) {
    case 'none': return undefined;
    case 'scheduled-date': return `dt=${new Date(scheduledTime).toISOString().slice(0, 10)}/`;
    case 'run-id': return `run=${jobName}/`;
    default: throw new CliError(`unknown outputPartitioning '${mode}' in the job's metadata (a newer cdk-sagemaker-processing synthesized it?)`);
  }
}

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
  await clients.sageMaker.send(new CreateProcessingJobCommand(request));
  return { jobName, request };
}
