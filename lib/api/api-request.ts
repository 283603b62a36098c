/**
 * The CreateProcessingJob request as the SageMaker API model shapes it (`service-2.json`,
 * `CreateProcessingJobRequest` and the shapes under it; member names as the API spells them). The
 * library's own declaration of it, so that the package's type declarations need no AWS SDK: a
 * CDK app compiles against them with only aws-cdk-lib and constructs installed. Values the API
 * types as enums are plain strings here (the renderer writes the library's enums, and a run-time
 * value may stand in for any field); the CLI hands the request to the AWS SDK as it is.
 */

/** `CreateProcessingJobRequest`. */
export interface CreateProcessingJobRequest {
  ProcessingInputs?: ProcessingInput[];
  ProcessingOutputConfig?: ProcessingOutputConfig;
  ProcessingJobName: string | undefined;
  ProcessingResources: ProcessingResources | undefined;
  StoppingCondition?: ProcessingStoppingCondition;
  AppSpecification: AppSpecification | undefined;
  Environment?: Record<string, string>;
  NetworkConfig?: NetworkConfig;
  RoleArn: string | undefined;
  Tags?: Tag[];
  ExperimentConfig?: ExperimentConfig;
}

/** `ProcessingInput`: an S3 location, a dataset definition, or an input the application fetches itself. */
export interface ProcessingInput {
  InputName: string | undefined;
  AppManaged?: boolean;
  S3Input?: ProcessingS3Input;
  DatasetDefinition?: DatasetDefinition;
}

/** `ProcessingS3Input`. */
export interface ProcessingS3Input {
  S3Uri: string | undefined;
  LocalPath?: string;
  S3DataType: string | undefined;
  S3InputMode?: string;
  S3DataDistributionType?: string;
  S3CompressionType?: string;
}

/** `DatasetDefinition`: the result of an Athena or Redshift query. */
export interface DatasetDefinition {
  AthenaDatasetDefinition?: AthenaDatasetDefinition;
  RedshiftDatasetDefinition?: RedshiftDatasetDefinition;
  LocalPath?: string;
  DataDistributionType?: string;
  InputMode?: string;
}

/** `AthenaDatasetDefinition`. */
export interface AthenaDatasetDefinition {
  Catalog: string | undefined;
  Database: string | undefined;
  QueryString: string | undefined;
  WorkGroup?: string;
  OutputS3Uri: string | undefined;
  KmsKeyId?: string;
  OutputFormat: string | undefined;
  OutputCompression?: string;
}

/** `RedshiftDatasetDefinition`. */
export interface RedshiftDatasetDefinition {
  ClusterId: string | undefined;
  Database: string | undefined;
  DbUser: string | undefined;
  QueryString: string | undefined;
  ClusterRoleArn: string | undefined;
  OutputS3Uri: string | undefined;
  KmsKeyId?: string;
  OutputFormat: string | undefined;
  OutputCompression?: string;
}

/** `ProcessingOutputConfig`. */
export interface ProcessingOutputConfig {
  Outputs: ProcessingOutput[] | undefined;
  KmsKeyId?: string;
}

/** `ProcessingOutput`: an S3 location, a Feature Store feature group, or an output the application writes itself. */
export interface ProcessingOutput {
  OutputName: string | undefined;
  S3Output?: ProcessingS3Output;
  FeatureStoreOutput?: ProcessingFeatureStoreOutput;
  AppManaged?: boolean;
}

/** `ProcessingS3Output`. */
export interface ProcessingS3Output {
  S3Uri: string | undefined;
  LocalPath?: string;
  S3UploadMode: string | undefined;
}

/** `ProcessingFeatureStoreOutput`. */
export interface ProcessingFeatureStoreOutput {
  FeatureGroupName: string | undefined;
}

/** `ProcessingResources`. */
export interface ProcessingResources {
  ClusterConfig: ProcessingClusterConfig | undefined;
}

/** `ProcessingClusterConfig`. */
export interface ProcessingClusterConfig {
  InstanceCount?: number;
  InstanceType?: string;
  VolumeSizeInGB: number | undefined;
  VolumeKmsKeyId?: string;
  InstancePreferences?: ProcessingInstancePreference[];
}

/** `ProcessingInstancePreference`: an instance type SageMaker may choose, in order. */
export interface ProcessingInstancePreference {
  InstanceType: string | undefined;
  InstanceCount?: number;
}

/** `ProcessingStoppingCondition`. */
export interface ProcessingStoppingCondition {
  MaxRuntimeInSeconds: number | undefined;
}

/** `AppSpecification`: the image and how it is started. */
export interface AppSpecification {
  ImageUri: string | undefined;
  ContainerEntrypoint?: string[];
  ContainerArguments?: string[];
}

/** `NetworkConfig`. */
export interface NetworkConfig {
  EnableInterContainerTrafficEncryption?: boolean;
  EnableNetworkIsolation?: boolean;
  VpcConfig?: VpcConfig;
}

/** `VpcConfig`. */
export interface VpcConfig {
  SecurityGroupIds: string[] | undefined;
  Subnets: string[] | undefined;
}

/** `Tag`. */
export interface Tag {
  Key: string | undefined;
  Value: string | undefined;
}

/** `ExperimentConfig`. */
export interface ExperimentConfig {
  ExperimentName?: string;
  TrialName?: string;
  TrialComponentDisplayName?: string;
  RunName?: string;
}
