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
import type { CreateProcessingJobRequest } from '../../../lib/api/api-request';

/** `/opt/ml/config/processingjobconfig.json` of a run: the request as run, with the job's name and ARN. */
export function processingJobConfig(request: CreateProcessingJobRequest, jobArn: string): { [key: string]: unknown } {
  return {
    ProcessingJobArn: jobArn,
    ProcessingJobName: request.ProcessingJobName,
    AppSpecification: {
      ImageUri: request.AppSpecification?.ImageUri,
      ContainerEntrypoint: request.AppSpecification?.ContainerEntrypoint ?? null,
      ContainerArguments: request.AppSpecification?.ContainerArguments ?? null,
    },
    Environment: request.Environment ?? {},
    ProcessingInputs: request.ProcessingInputs ?? [],
    ProcessingOutputConfig: request.ProcessingOutputConfig ?? { Outputs: [] },
    ProcessingResources: request.ProcessingResources,
    NetworkConfig: request.NetworkConfig,
    RoleArn: request.RoleArn,
    StoppingCondition: request.StoppingCondition,
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
