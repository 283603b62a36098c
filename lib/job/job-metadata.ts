import { CfnResource, Stack } from 'aws-cdk-lib';
import { ProcessingJob } from './processing-job';
import { acceptedKeys } from './input-validation';
import { PROCESSING_JOB_METADATA_TYPE, ProcessingJobMetadata } from './metadata';
import { JobRunTemplate } from './run-template';

/** The construct metadata entry the `run` command finds a deployed job by (docs/CONTRACTS.md, "Discovery"). */
export function jobMetadata(job: ProcessingJob, template: JobRunTemplate, shared: boolean): [string, ProcessingJobMetadata] {
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
    overridableKeys: acceptedKeys(template.defaults, shared),
    overridableInputs: Object.keys(template.defaults.inputs),
    overridableOutputs: Object.keys(template.defaults.outputs),
  }];
}
