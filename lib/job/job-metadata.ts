import { CfnResource, Lazy, Stack, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { RunGuardData } from '../api/run-rules';
import { IConstruct } from 'constructs';
import { acceptedKeys } from './input-validation';
import { NestedStackLocation, PROCESSING_JOB_METADATA_TYPE, ProcessingJobMetadata, RunGuardMetadata } from './metadata';
import { JobRunTemplate } from './run-template';

/** What the metadata says of a job (the job construct's own fields; taking them, not the class, keeps the imports one way). */
export interface MetadataJob extends IConstruct {
  readonly jobId: string;
  readonly jobNamePrefix: string;
  readonly stateMachine: sfn.IStateMachine;
}

/** The construct metadata entry the `run` command finds a deployed job by (docs/CONTRACTS.md, "Discovery"). */
export function jobMetadata(job: MetadataJob, template: JobRunTemplate, shared: boolean, guards: () => RunGuardData[]): [string, ProcessingJobMetadata] {
  const stateMachine = job.stateMachine.node.defaultChild as CfnResource;
  return [PROCESSING_JOB_METADATA_TYPE, {
    version: 1,
    path: job.node.path,
    id: job.node.id,
    jobId: job.jobId,
    jobNamePrefix: job.jobNamePrefix,
    // A token, resolved with the manifest: the logical id as synthesized, after any overrideLogicalId.
    stateMachineLogicalId: stateMachine.logicalId,
    executionInput: shared ? { job: job.jobId } : {},
    request: template.requestWithoutName(),
    outputPartitioning: template.partitioning,
    overridableKeys: [...(shared ? ['job'] : []), ...acceptedKeys(template.defaults)],
    ...nestedStacksOf(stateMachine),
    overridableInputs: Object.keys(template.defaults.inputs),
    overridableOutputs: [...template.runJob.outputs],
    ...(template.runJob.jobBucketOutputs ? { jobBucketOutputs: [...template.runJob.jobBucketOutputs] } : {}),
    ...(template.imageFit ? { imageFit: template.imageFit } : {}),
    // Guardrails reach the runner when aspects run, after this entry is made: read when the manifest is written (undefined: left out).
    guards: Lazy.any({ produce: () => (guards().length > 0 ? guards().map(guardMetadata) : undefined) }) as unknown as RunGuardMetadata[],
  }];
}

/** The nested stacks around `scope`, outermost first (none for a top-level stack), as the `run` command finds them. */
function nestedStacksOf(scope: IConstruct): { nestedStacks?: NestedStackLocation[] } {
  const chain: NestedStackLocation[] = [];
  for (let stack = Stack.of(scope); stack.nestedStackParent && stack.nestedStackResource; stack = stack.nestedStackParent) {
    const resource = stack.nestedStackResource;
    chain.unshift({ logicalId: (resource as CfnResource).logicalId, templateFile: stack.templateFile });
  }
  return chain.length > 0 ? { nestedStacks: chain } : {};
}

/** A guardrail without its `null`s: aws-cdk-lib 2.224's manifest writer fails on a `null` ("Cannot convert undefined or null to object"). */
function guardMetadata(guard: RunGuardData): RunGuardMetadata {
  return Object.fromEntries(Object.entries(guard).filter(([, value]) => value !== null)) as unknown as RunGuardMetadata;
}
