import {
  AthenaOutputCompression, AthenaOutputFormat, DataDistributionType, ProcessingInputMode,
  RedshiftOutputCompression, RedshiftOutputFormat, S3CompressionType, S3DataType, S3UploadMode,
} from './enums';

/** An S3 input as bound for one job (`ProcessingInput.S3Input`). */
export interface S3InputConfig {
  /** The S3 URI of the data (`s3://bucket/prefix` or `https://...`). */
  readonly s3Uri: string;
  /** Where the data lands in the container (required unless app-managed, in either input mode). @default - none (app-managed) */
  readonly localPath?: string;
  /** Prefix or manifest file. @default S3DataType.S3_PREFIX */
  readonly s3DataType?: S3DataType;
  /** File or Pipe. @default ProcessingInputMode.FILE */
  readonly inputMode?: ProcessingInputMode;
  /** How the data is split across instances. @default DataDistributionType.FULLY_REPLICATED */
  readonly distributionType?: DataDistributionType;
  /** Compression of the data (Pipe mode). @default - not sent (SageMaker uses None) */
  readonly compressionType?: S3CompressionType;
}

/** An Athena query whose result is the input (`DatasetDefinition.AthenaDatasetDefinition`). */
export interface AthenaDatasetConfig {
  /** Data catalog name, e.g. `AwsDataCatalog`. */
  readonly catalog: string;
  /** Database name. */
  readonly database: string;
  /** The SQL query. */
  readonly queryString: string;
  /** Athena workgroup. @default - the primary workgroup */
  readonly workGroup?: string;
  /** S3 location where Athena writes the query result. */
  readonly outputS3Uri: string;
  /** KMS key (ID, ARN or alias) for the query result. @default - no key */
  readonly kmsKeyId?: string;
  /** Result format. */
  readonly outputFormat: AthenaOutputFormat;
  /** Result compression. @default - none */
  readonly outputCompression?: AthenaOutputCompression;
}

/** A Redshift query whose result is the input (`DatasetDefinition.RedshiftDatasetDefinition`). */
export interface RedshiftDatasetConfig {
  /** Redshift cluster identifier. */
  readonly clusterId: string;
  /** Database name. */
  readonly database: string;
  /** Database user. */
  readonly dbUser: string;
  /** The SQL query. */
  readonly queryString: string;
  /** The role the cluster assumes to UNLOAD to S3. */
  readonly clusterRoleArn: string;
  /** S3 location where the result is unloaded. */
  readonly outputS3Uri: string;
  /** KMS key (ID, ARN or alias) for the result. @default - no key */
  readonly kmsKeyId?: string;
  /** Result format. */
  readonly outputFormat: RedshiftOutputFormat;
  /** Result compression. @default - none */
  readonly outputCompression?: RedshiftOutputCompression;
}

/** A dataset definition input (Athena or Redshift). */
export interface DatasetDefinitionConfig {
  /** The Athena query. @default - not an Athena dataset */
  readonly athena?: AthenaDatasetConfig;
  /** The Redshift query. @default - not a Redshift dataset */
  readonly redshift?: RedshiftDatasetConfig;
  /** Where the data lands in the container. @default - none (app-managed) */
  readonly localPath?: string;
  /** How the data is split across instances. @default - not sent (SageMaker's default: ShardedByS3Key) */
  readonly distributionType?: DataDistributionType;
  /** File or Pipe. @default - not sent (SageMaker's default: File) */
  readonly inputMode?: ProcessingInputMode;
}

/** A processing input as bound for one job: exactly one of `s3`, `datasetDefinition`, or `appManaged`. */
export interface ProcessingInputConfig {
  /** The input name, unique within the job. */
  readonly inputName: string;
  /** The application fetches the input itself. @default false */
  readonly appManaged?: boolean;
  /** An S3 input. @default - not an S3 input */
  readonly s3?: S3InputConfig;
  /** An Athena or Redshift dataset. @default - not a dataset definition */
  readonly datasetDefinition?: DatasetDefinitionConfig;
}

/** An S3 output as bound for one job (`ProcessingOutput.S3Output`). */
export interface S3OutputConfig {
  /** The S3 URI the files are uploaded to. */
  readonly s3Uri: string;
  /** The container folder that is uploaded. */
  readonly localPath: string;
  /** When the files are uploaded. @default S3UploadMode.END_OF_JOB */
  readonly uploadMode?: S3UploadMode;
}

/** A processing output as bound for one job: exactly one of `s3`, `featureGroupName`, or `appManaged`. */
export interface ProcessingOutputConfig {
  /** The output name, unique within the job. */
  readonly outputName: string;
  /** The application uploads the output itself. @default false */
  readonly appManaged?: boolean;
  /** An S3 output. @default - not an S3 output */
  readonly s3?: S3OutputConfig;
  /** A SageMaker Feature Store feature group the output is ingested into. @default - not a Feature Store output */
  readonly featureGroupName?: string;
}
