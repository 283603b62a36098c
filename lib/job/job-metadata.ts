import { CfnResource, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { IConstruct } from 'constructs';
import { acceptedKeys } from './input-validation';
import { PROCESSING_JOB_METADATA_TYPE, ProcessingJobMetadata } from './metadata';
import { JobRunTemplate } from './run-template';

/** What the metadata says of a job (the job construct's own fields; taking them, not the class, keeps the imports one way). */
export interface MetadataJob extends IConstruct {
  readonly jobId: string;
  readonly jobNamePrefix: string;
  readonly stateMachine: sfn.IStateMachine;
}

/** The construct metadata entry the `run` command finds a deployed job by (docs/CONTRACTS.md, "Discovery"). */
export function jobMetadata(job: MetadataJob, template: JobRunTemplate, shared: boolean): [string, ProcessingJobMetadata] {
  const stateMachine = job.stateMachine.node.defaultChild as CfnResource;
  return [PROCESSING_JOB_METADATA_TYPE, {
    version: 1,
    path: job.node.path,
    id: job.node.id,
    jobId: job.jobId,
    jobNamePrefix: job.jobNamePrefix,
    stateMachineLogicalId: Stack.of(stateMachine).getLogicalId(stateMachine),
    executionInput: shared ? { job: job.jobId } : {},
    request: template.request(),
    outputPartitioning: template.partitioning,
    overridableKeys: [...(shared ? ['job'] : []), ...acceptedKeys(template.defaults)],
    overridableInputs: Object.keys(template.defaults.inputs),
    overridableOutputs: Object.keys(template.defaults.outputs),
  }];
}
