import type { CreateProcessingJobRequest } from '../api/api-request';
import { ProcessingJobSpec } from '../api/spec';
import { isDynamic } from '../api/tokens';
import { RUN_ID_VARIABLE, RunJob, SCHEDULED_TIME_VARIABLE } from './run-values';

/**
 * A run's request (what `applyRunValues` gave) seen as the job's spec, for what inspects specs
 * (guardrails, the spec checks): the job's spec with the values a run may change read back from
 * the request — the arguments, the environment (without the run identity variables, which every
 * run adds), the instance type and count, and the URIs of the S3 inputs and outputs the job
 * declares. Nothing is applied here: `applyRunValues` is the one place that applies run values.
 */
export function runSpecView(base: ProcessingJobSpec, job: RunJob, request: CreateProcessingJobRequest): ProcessingJobSpec {
  const cluster = request.ProcessingResources?.ClusterConfig;
  const inputUris = new Map((request.ProcessingInputs ?? []).map((i) => [i.InputName, i.S3Input?.S3Uri]));
  const outputUris = new Map((request.ProcessingOutputConfig?.Outputs ?? []).map((o) => [o.OutputName, o.S3Output?.S3Uri]));
  return {
    ...base,
    arguments: request.AppSpecification?.ContainerArguments,
    environment: withoutRunIdentity(request.Environment),
    instanceType: cluster?.InstanceType ?? base.instanceType,
    instanceCount: cluster?.InstanceCount ?? base.instanceCount,
    inputs: base.inputs.map((i) => (i.s3 && job.inputs.includes(i.inputName) ? { ...i, s3: { ...i.s3, s3Uri: inputUris.get(i.inputName)! } } : i)),
    outputs: base.outputs.map((o) => (o.s3 && job.outputs.includes(o.outputName) ? { ...o, s3: { ...o.s3, s3Uri: outputUris.get(o.outputName)! } } : o)),
  };
}

/** The environment without `PROCESSING_RUN_ID` and `PROCESSING_SCHEDULED_TIME`; a whole environment known only at run time as it is. */
function withoutRunIdentity(environment: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  if (environment === undefined || isDynamic(environment)) return environment;
  const rest = { ...environment };
  delete rest[RUN_ID_VARIABLE];
  delete rest[SCHEDULED_TIME_VARIABLE];
  return rest;
}
