/**
 * The two files SageMaker Processing writes into every processing container, under
 * `/opt/ml/config/`. Shapes from the SageMaker Developer Guide, "How to Build Your Own Processing
 * Container" ("How Amazon SageMaker Processing Configures Your Processing Container"):
 * `processingjobconfig.json` is the job's CreateProcessingJob request with `ProcessingJobArn` and
 * `ProcessingJobName`; `resourceconfig.json` names the container's host and all hosts of the job
 * (`algo-1` … `algo-<InstanceCount>`). The SageMaker Python SDK's local mode writes the same two
 * files, with `network_interface_name` and `current_instance_type` in `resourceconfig.json`
 * (sagemaker-core `sagemaker/core/local/image.py`, `write_processing_config_files`).
 */
import type { CreateProcessingJobRequest, ProcessingInput } from '../../../lib/api/api-request';

/**
 * How long SageMaker lets a job run that sends no `StoppingCondition`: 24 hours (the SageMaker Python
 * SDK's processors, `max_runtime_in_seconds`: "If not specified, the default value is 24 hours",
 * sagemaker-core `sagemaker/core/processing.py`).
 */
export const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

/** The run's `StoppingCondition.MaxRuntimeInSeconds`, SageMaker's 24 hours when the request sends none. */
export function maxRuntimeSeconds(request: CreateProcessingJobRequest): number {
  return request.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS;
}

/**
 * `/opt/ml/config/processingjobconfig.json` of a run: the request as run, with the job's name and
 * ARN, and what SageMaker fills in where the request is silent (the Developer Guide's example file):
 * an S3 input's `S3InputMode` `File`, `S3DataDistributionType` `FullyReplicated`,
 * `S3CompressionType` `None` and `S3DownloadMode` `StartOfJob`; `null` for no output or volume KMS
 * key; the 24-hour `StoppingCondition`.
 */
export function processingJobConfig(request: CreateProcessingJobRequest, jobArn: string): { [key: string]: unknown } {
  const cluster = request.ProcessingResources?.ClusterConfig;
  return {
    ProcessingJobArn: jobArn,
    ProcessingJobName: request.ProcessingJobName,
    AppSpecification: {
      ImageUri: request.AppSpecification?.ImageUri,
      ContainerEntrypoint: request.AppSpecification?.ContainerEntrypoint ?? null,
      ContainerArguments: request.AppSpecification?.ContainerArguments ?? null,
    },
    Environment: request.Environment ?? {},
    ProcessingInputs: (request.ProcessingInputs ?? []).map(withServiceDefaults),
    ProcessingOutputConfig: { Outputs: request.ProcessingOutputConfig?.Outputs ?? [], KmsKeyId: request.ProcessingOutputConfig?.KmsKeyId ?? null },
    ProcessingResources: { ...request.ProcessingResources, ClusterConfig: cluster && { ...cluster, VolumeKmsKeyId: cluster.VolumeKmsKeyId ?? null } },
    NetworkConfig: request.NetworkConfig,
    RoleArn: request.RoleArn,
    StoppingCondition: { ...request.StoppingCondition, MaxRuntimeInSeconds: maxRuntimeSeconds(request) },
  };
}

function withServiceDefaults(input: ProcessingInput): ProcessingInput {
  if (!input.S3Input) return input;
  return {
    ...input,
    S3Input: {
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
      S3CompressionType: 'None',
      ...input.S3Input,
      S3DownloadMode: 'StartOfJob',
    } as ProcessingInput['S3Input'],
  };
}

/** `/opt/ml/config/resourceconfig.json` of the container on `host` (`algo-1` is the first). */
export function resourceConfig(request: CreateProcessingJobRequest, host = 'algo-1'): { [key: string]: unknown } {
  const count = request.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1;
  return {
    current_host: host,
    hosts: Array.from({ length: count }, (_, i) => `algo-${i + 1}`),
    network_interface_name: 'eth0',
    current_instance_type: request.ProcessingResources?.ClusterConfig?.InstanceType,
  };
}
