import { Stack, Token, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';
import { S3UploadMode } from '../api/enums';
import { ProcessingOutputConfig } from '../api/io-config';
import { runTimeExpressionOf } from '../api/tokens';
import { grantS3Prefix } from '../iam/s3-permissions';
import { grantS3Uri, refuseRunTimeKeyPrefix, s3UriOf } from './s3-location';

/** The folder outputs are read from by default: `/opt/ml/processing/output/<name>`. */
export const DEFAULT_OUTPUT_ROOT = '/opt/ml/processing/output';

/** Options of an S3 output. */
export interface S3OutputOptions {
  /** The container folder that is uploaded. @default `/opt/ml/processing/output/<name>` */
  readonly localPath?: string;
  /** When the files are uploaded. @default S3UploadMode.END_OF_JOB */
  readonly uploadMode?: S3UploadMode;
}

/**
 * A processing job output (`ProcessingOutputConfig.Outputs[]`): an S3 location, a Feature Store
 * feature group, or data the application uploads itself. Binding grants the job role write access.
 */
export abstract class ProcessingOutput {
  /**
   * Upload to an S3 URI. An `s3://bucket/prefix` URI is granted to the job role (`s3:PutObject` on
   * `prefix*`), also with deploy-time values in its bucket or prefix (`bucket.s3UrlForObject('out/')`);
   * a URI known only at run time, or that is one deploy-time value as a whole (a parameter), is not.
   */
  public static toS3Uri(name: string, s3Uri: string, options: S3OutputOptions = {}): ProcessingOutput {
    return new S3UriOutput(name, s3Uri, options);
  }

  /** Upload under `keyPrefix` in a bucket; the job role may write there. @param keyPrefix @default - the bucket root */
  public static toBucket(name: string, bucket: s3.IBucket, keyPrefix: string = '', options: S3OutputOptions = {}): ProcessingOutput {
    return new BucketOutput(name, bucket, keyPrefix, options);
  }

  /**
   * Upload to the job's own bucket, each run to its own folder: `s3://<bucket>/<job name>/output/<name>`,
   * where the SageMaker Python SDK puts an output without a destination (`Processor._normalize_outputs`).
   * The bucket is the one given to the `ProcessingJob` (or its runner), else one the runner creates
   * (encrypted, SSL only, public access blocked). Only a `ProcessingJob` has such a bucket; a run
   * may still send the output elsewhere (`outputs` of its overrides).
   */
  public static toJobBucket(name: string, options: S3OutputOptions = {}): ProcessingOutput {
    return new JobBucketOutput(name, options);
  }

  /**
   * Ingest into a SageMaker Feature Store feature group; the job role may `sagemaker:PutRecord` into
   * it. A name known only at run time (JSONPath, JSONata) is not granted: give such a job a `role`
   * that may put records into the groups it is run with.
   */
  public static toFeatureGroup(name: string, featureGroupName: string): ProcessingOutput {
    return new FeatureGroupOutput(name, featureGroupName);
  }

  /** An output the application uploads itself (`AppManaged: true`); nothing is granted. */
  public static appManaged(name: string): ProcessingOutput {
    return new AppManagedOutput(name);
  }

  /** @param name the output name, unique within the job */
  protected constructor(public readonly name: string) {}

  /** Whether the output is written to the job's own bucket (`toJobBucket`). */
  public get needsJobStorage(): boolean {
    return false;
  }

  /** Binds the output to a job: returns its request entry and grants the job role access. */
  public abstract bind(scope: Construct, options: ProcessingBindOptions): ProcessingOutputConfig;
}

function s3Config(name: string, s3Uri: string, options: S3OutputOptions): ProcessingOutputConfig {
  return {
    outputName: name,
    s3: { s3Uri, localPath: options.localPath ?? `${DEFAULT_OUTPUT_ROOT}/${name}`, uploadMode: options.uploadMode },
  };
}

class S3UriOutput extends ProcessingOutput {
  constructor(name: string, private readonly s3Uri: string, private readonly options: S3OutputOptions) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingOutputConfig {
    grantS3Uri(options.grantee, this.s3Uri, { write: true }, `${scope.node.path}: output '${this.name}'`);
    return s3Config(this.name, this.s3Uri, this.options);
  }
}

class BucketOutput extends ProcessingOutput {
  constructor(name: string, private readonly bucket: s3.IBucket, private readonly keyPrefix: string, private readonly options: S3OutputOptions) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingOutputConfig {
    refuseRunTimeKeyPrefix(`${scope.node.path}: output '${this.name}'`, 'ProcessingOutput.toBucket', this.keyPrefix,
      'give the run\'s URI in its overrides.outputs (a schedule\'s, trigger\'s or step\'s), or use ProcessingOutput.toS3Uri with a job role that can write it');
    grantS3Prefix(options.grantee, { bucketArn: this.bucket.bucketArn, keyPrefix: this.keyPrefix, encryptionKey: this.bucket.encryptionKey, bucket: this.bucket }, { write: true });
    return s3Config(this.name, s3UriOf(this.bucket.bucketName, this.keyPrefix), this.options);
  }
}

class JobBucketOutput extends ProcessingOutput {
  constructor(name: string, private readonly options: S3OutputOptions) {
    super(name);
  }

  public get needsJobStorage(): boolean {
    return true;
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingOutputConfig {
    if (!options.jobStorage) {
      throw new Error(`${scope.node.path}: output '${this.name}' goes to the job's bucket (ProcessingOutput.toJobBucket), ` +
        'which only a ProcessingJob has; give a location with ProcessingOutput.toBucket or toS3Uri');
    }
    // The job may write under its runs' folders only (`<job name prefix>-*`); the URI is the bucket's: each run adds its folder (RunJob.jobBucketOutputs).
    const bucket = options.jobStorage.bucket;
    grantS3Prefix(options.grantee, { bucketArn: bucket.bucketArn, keyPrefix: options.jobStorage.keyPrefix, encryptionKey: bucket.encryptionKey, bucket }, { write: true });
    return s3Config(this.name, s3UriOf(bucket.bucketName), this.options);
  }
}

class FeatureGroupOutput extends ProcessingOutput {
  constructor(name: string, private readonly featureGroupName: string) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingOutputConfig {
    // A run-time name has no ARN at synth (its text, `$.group` or `{% … %}`, would name no group); a deploy-time one
    // (a CfnFeatureGroup's ref) is granted as given: lower-casing a token's text would break the token.
    if (runTimeExpressionOf(this.featureGroupName) === undefined) {
      const resourceName = Token.isUnresolved(this.featureGroupName) ? this.featureGroupName : this.featureGroupName.toLowerCase();
      iam.Grant.addToPrincipal({
        grantee: options.grantee,
        actions: ['sagemaker:PutRecord', 'sagemaker:DescribeFeatureGroup'],
        resourceArns: [Stack.of(scope).formatArn({ service: 'sagemaker', resource: 'feature-group', resourceName })],
      });
    }
    // "This processing output type is only supported when AppManaged is specified" (CreateProcessingJob API reference,
    // ProcessingOutput.FeatureStoreOutput): the script puts the records into the feature group itself.
    return { outputName: this.name, appManaged: true, featureGroupName: this.featureGroupName };
  }
}

class AppManagedOutput extends ProcessingOutput {
  public bind(): ProcessingOutputConfig {
    return { outputName: this.name, appManaged: true };
  }
}
