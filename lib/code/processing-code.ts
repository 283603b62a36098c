import * as path from 'path';
import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';
import { grantS3Prefix } from '../iam/s3-permissions';
import { s3UriOf } from '../io/s3-location';

/**
 * Where code lands in the container, as the SageMaker Python SDK puts it
 * (sagemaker/processing.py: `_CODE_CONTAINER_BASE_PATH` + `_CODE_CONTAINER_INPUT_NAME`).
 */
export const CODE_CONTAINER_PATH = '/opt/ml/processing/input/code';
/** The input name the SDK gives the code input (sagemaker/processing.py `_CODE_CONTAINER_INPUT_NAME`). */
export const CODE_INPUT_NAME = 'code';

/** Options of code from a local path. */
export interface ProcessingCodeAssetOptions {
  /** For a folder: the file inside it that runs, e.g. `train.py`. @default - required for a folder; the file itself for a file */
  readonly entryPoint?: string;
}

/** Bound code. */
export interface ProcessingCodeConfig {
  /** The S3 URI of the uploaded object (a file, or a .zip of a folder). */
  readonly s3Uri: string;
  /** The object's file name as it lands in `/opt/ml/processing/input/code/`. */
  readonly fileName: string;
  /** True when the object is a .zip of a folder. */
  readonly isArchive: boolean;
  /** The entry point: the file that runs (for a folder, its path inside the folder). */
  readonly entryPoint: string;
}

/**
 * User code for a job: a script file or a source folder, uploaded as a CDK asset, or an object
 * already in S3. Processors put it where the SDK does (`/opt/ml/processing/input/code/`).
 */
export abstract class ProcessingCode {
  /** A local file, or a folder with `entryPoint` (zipped by CDK at synth, uploaded by `cdk deploy`). */
  public static fromAsset(assetPath: string, options: ProcessingCodeAssetOptions = {}): ProcessingCode {
    return new AssetCode(assetPath, options);
  }

  /**
   * An object in S3: a script, or a .zip of a source folder (then give `entryPoint`).
   * The job role may read it.
   */
  public static fromBucket(bucket: s3.IBucket, key: string, options: ProcessingCodeAssetOptions = {}): ProcessingCode {
    return new BucketCode(bucket, key, options);
  }

  /** Binds the code to a job: uploads or locates it and grants the job role read access. */
  public abstract bind(scope: Construct, options: ProcessingBindOptions): ProcessingCodeConfig;
}

class AssetCode extends ProcessingCode {
  private readonly assets = new Map<Stack, s3Assets.Asset>();
  private readonly isDirectory: boolean;

  constructor(private readonly assetPath: string, private readonly options: ProcessingCodeAssetOptions) {
    super();
    if (!fs.existsSync(assetPath)) {
      throw new Error(`ProcessingCode.fromAsset: '${assetPath}' does not exist`);
    }
    this.isDirectory = fs.statSync(assetPath).isDirectory();
    if (this.isDirectory) {
      if (!options.entryPoint) throw new Error(`ProcessingCode.fromAsset: '${assetPath}' is a folder; give entryPoint (the file in it that runs)`);
      if (!fs.existsSync(path.join(assetPath, options.entryPoint))) {
        throw new Error(`ProcessingCode.fromAsset: entryPoint '${options.entryPoint}' is not in '${assetPath}'`);
      }
    }
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingCodeConfig {
    const stack = Stack.of(scope);
    let asset = this.assets.get(stack);
    if (!asset) {
      asset = new s3Assets.Asset(scope, 'CodeAsset', { path: this.assetPath });
      this.assets.set(stack, asset);
    }
    // Only this object: Asset.grantRead would allow every object of the bootstrap bucket (all the account's assets).
    grantS3Prefix(options.grantee, { bucketArn: asset.bucket.bucketArn, keyPrefix: asset.s3ObjectKey, isObjectKey: true }, { read: true });
    return {
      s3Uri: asset.s3ObjectUrl,
      fileName: asset.s3ObjectKey,
      isArchive: this.isDirectory,
      entryPoint: this.isDirectory ? this.options.entryPoint! : asset.s3ObjectKey,
    };
  }
}

class BucketCode extends ProcessingCode {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string, private readonly options: ProcessingCodeAssetOptions) {
    super();
  }

  public bind(_scope: Construct, options: ProcessingBindOptions): ProcessingCodeConfig {
    grantS3Prefix(options.grantee, { bucketArn: this.bucket.bucketArn, keyPrefix: this.key, isObjectKey: true, encryptionKey: this.bucket.encryptionKey }, { read: true });
    const fileName = this.key.split('/').pop() ?? this.key;
    const isArchive = fileName.endsWith('.zip') || fileName.endsWith('.tar.gz');
    return { s3Uri: s3UriOf(this.bucket.bucketName, this.key), fileName, isArchive, entryPoint: this.options.entryPoint ?? fileName };
  }
}
