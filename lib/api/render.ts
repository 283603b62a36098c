import type {
  CreateProcessingJobRequest, DatasetDefinition, ProcessingClusterConfig, ProcessingInput as ApiInput, ProcessingOutput as ApiOutput,
} from './api-request';
import { DataDistributionType, ProcessingInputMode, S3DataType, S3UploadMode } from './enums';
import { DatasetDefinitionConfig, ProcessingInputConfig, ProcessingOutputConfig, S3InputConfig } from './io-config';
import { ProcessingJobSpec } from './spec';
import { isDynamic } from './tokens';

/**
 * Renders the CreateProcessingJob request from a bound job spec. The one renderer of the
 * project: the Step Functions task, the deploy-time run and the CLI all call it.
 *
 * Values may be tokens (JSONPath, JSONata, CloudFormation); they pass through unchanged.
 * Optional fields that are not set are left out, so the request is what the SDK would send.
 */
export function renderProcessingJobRequest(spec: ProcessingJobSpec): CreateProcessingJobRequest {
  return {
    ProcessingJobName: spec.jobName,
    RoleArn: spec.roleArn,
    AppSpecification: compact({
      ImageUri: spec.imageUri,
      ContainerEntrypoint: spec.entrypoint,
      ContainerArguments: spec.arguments,
    }),
    ProcessingResources: {
      ClusterConfig: compact({
        InstanceType: spec.instanceType as ProcessingClusterConfig['InstanceType'],
        InstancePreferences: spec.instancePreferences?.map((p) => compact({ InstanceType: p.instanceType as ProcessingClusterConfig['InstanceType'], InstanceCount: p.instanceCount })),
        InstanceCount: spec.instanceCount,
        VolumeSizeInGB: spec.volumeSizeInGb,
        VolumeKmsKeyId: spec.volumeKmsKeyId,
      }),
    },
    ...optional('ProcessingInputs', spec.inputs.length > 0 ? spec.inputs.map(renderInput) : undefined),
    ...optional('ProcessingOutputConfig', spec.outputs.length > 0
      ? compact({ Outputs: spec.outputs.map(renderOutput), KmsKeyId: spec.outputKmsKeyId })
      : undefined),
    ...optional('StoppingCondition', spec.maxRuntimeInSeconds !== undefined ? { MaxRuntimeInSeconds: spec.maxRuntimeInSeconds } : undefined),
    ...optional('Environment', renderEnvironment(spec.environment)),
    ...optional('NetworkConfig', renderNetworkConfig(spec)),
    ...optional('ExperimentConfig', spec.experimentConfig ? compact({
      ExperimentName: spec.experimentConfig.experimentName,
      TrialName: spec.experimentConfig.trialName,
      TrialComponentDisplayName: spec.experimentConfig.trialComponentDisplayName,
      RunName: spec.experimentConfig.runName,
    }) : undefined),
    ...optional('Tags', spec.tags && Object.keys(spec.tags).length > 0
      ? Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }))
      : undefined),
  };
}

/** A map with entries, or a whole-object token from the execution (e.g. a `States.JsonMerge(...)` of the run's values). */
function renderEnvironment(environment: ProcessingJobSpec['environment']): ProcessingJobSpec['environment'] {
  if (environment === undefined) return undefined;
  if (isDynamic(environment)) return environment;
  return Object.keys(environment).length > 0 ? environment : undefined;
}

function renderInput(input: ProcessingInputConfig): ApiInput {
  return compact({
    InputName: input.inputName,
    AppManaged: input.appManaged,
    S3Input: input.s3 ? renderS3Input(input.s3) : undefined,
    DatasetDefinition: input.datasetDefinition ? renderDatasetDefinition(input.datasetDefinition) : undefined,
  });
}

function renderS3Input(s3: S3InputConfig): NonNullable<ApiInput['S3Input']> {
  return compact({
    S3Uri: s3.s3Uri,
    LocalPath: s3.localPath,
    S3DataType: s3.s3DataType ?? S3DataType.S3_PREFIX,
    S3InputMode: s3.inputMode ?? ProcessingInputMode.FILE,
    S3DataDistributionType: s3.distributionType ?? DataDistributionType.FULLY_REPLICATED,
    S3CompressionType: s3.compressionType,
  });
}

function renderDatasetDefinition(def: DatasetDefinitionConfig): DatasetDefinition {
  return compact({
    AthenaDatasetDefinition: def.athena ? compact({
      Catalog: def.athena.catalog,
      Database: def.athena.database,
      QueryString: def.athena.queryString,
      WorkGroup: def.athena.workGroup,
      OutputS3Uri: def.athena.outputS3Uri,
      KmsKeyId: def.athena.kmsKeyId,
      OutputFormat: def.athena.outputFormat,
      OutputCompression: def.athena.outputCompression,
    }) : undefined,
    RedshiftDatasetDefinition: def.redshift ? compact({
      ClusterId: def.redshift.clusterId,
      Database: def.redshift.database,
      DbUser: def.redshift.dbUser,
      QueryString: def.redshift.queryString,
      ClusterRoleArn: def.redshift.clusterRoleArn,
      OutputS3Uri: def.redshift.outputS3Uri,
      KmsKeyId: def.redshift.kmsKeyId,
      OutputFormat: def.redshift.outputFormat,
      OutputCompression: def.redshift.outputCompression,
    }) : undefined,
    LocalPath: def.localPath,
    DataDistributionType: def.distributionType,
    InputMode: def.inputMode,
  });
}

function renderOutput(output: ProcessingOutputConfig): ApiOutput {
  return compact({
    OutputName: output.outputName,
    AppManaged: output.appManaged,
    S3Output: output.s3 ? compact({
      S3Uri: output.s3.s3Uri,
      LocalPath: output.s3.localPath,
      S3UploadMode: output.s3.uploadMode ?? S3UploadMode.END_OF_JOB,
    }) : undefined,
    FeatureStoreOutput: output.featureGroupName !== undefined ? { FeatureGroupName: output.featureGroupName } : undefined,
  });
}

function renderNetworkConfig(spec: ProcessingJobSpec): CreateProcessingJobRequest['NetworkConfig'] {
  const config = compact({
    EnableInterContainerTrafficEncryption: spec.enableInterContainerTrafficEncryption,
    EnableNetworkIsolation: spec.enableNetworkIsolation,
    VpcConfig: spec.subnetIds ? { SecurityGroupIds: spec.securityGroupIds ?? [], Subnets: spec.subnetIds } : undefined,
  });
  return Object.keys(config).length > 0 ? config : undefined;
}

/** Drops keys whose value is undefined, so absent options are absent from the request. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
