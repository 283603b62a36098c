import * as fs from 'fs';
import { Annotations, ArnFormat, Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';
import {
  AthenaOutputCompression, AthenaOutputFormat, DataDistributionType, ProcessingInputMode,
  RedshiftOutputCompression, RedshiftOutputFormat, S3CompressionType, S3DataType,
} from '../api/enums';
import { ProcessingInputConfig } from '../api/io-config';
import { runTimeExpressionOf } from '../api/tokens';
import { manifestUriNamesFolder } from '../api/validate';
import { grantKeyForS3Writes } from '../iam/kms-permissions';
import { addInherentStatement } from '../iam/nag-acknowledgements';
import { passRoleStatement } from '../iam/processing-job-permissions';
import { grantS3Prefix, S3PrefixAccess } from '../iam/s3-permissions';
import { folderContents, stageNamedFiles } from '../staging/named-files';
import { ProcessingS3Location } from './processing-s3-location';
import { grantS3Uri, refuseRunTimeKeyPrefix, s3UriOf } from './s3-location';

/** The folder inputs land in by default: `/opt/ml/processing/input/<name>`. */
export const DEFAULT_INPUT_ROOT = '/opt/ml/processing/input';

/**
 * What the SageMaker Python SDK 2.257.6 sends for a dataset input that does not say
 * (sagemaker/dataset_definition/inputs.py `DatasetDefinition.__init__`: `data_distribution_type="ShardedByS3Key"`,
 * `input_mode="File"`), so a multi-instance job splits a query result as it would with the SDK.
 */
const DATASET_DISTRIBUTION_DEFAULT = DataDistributionType.SHARDED_BY_S3_KEY;
const DATASET_INPUT_MODE_DEFAULT = ProcessingInputMode.FILE;

/** Options of an S3 input. */
export interface S3InputOptions {
  /** Where the data lands in the container. @default `/opt/ml/processing/input/<name>` */
  readonly localPath?: string;
  /**
   * Prefix or manifest file. The job role may read what the URI names: for a manifest file, the
   * manifest only; the objects it lists (under the manifest's own `prefix`) are yours to grant, and
   * synth warns (`cdk-sagemaker-processing:manifest-objects-not-granted`).
   * @default S3DataType.S3_PREFIX
   */
  readonly s3DataType?: S3DataType;
  /** File (copied before start) or Pipe (streamed). @default ProcessingInputMode.FILE */
  readonly inputMode?: ProcessingInputMode;
  /** How the data is split across instances. @default DataDistributionType.FULLY_REPLICATED */
  readonly distributionType?: DataDistributionType;
  /** Compression of the data; Gzip needs Pipe mode. @default - not sent (None) */
  readonly compressionType?: S3CompressionType;
}

/** Options shared by Athena and Redshift dataset inputs. */
export interface DatasetInputOptions {
  /** Where the query result lands in the container. @default `/opt/ml/processing/input/<name>` */
  readonly localPath?: string;
  /** How the result is split across instances. @default DataDistributionType.SHARDED_BY_S3_KEY (the SageMaker Python SDK's) */
  readonly distributionType?: DataDistributionType;
  /** File or Pipe. @default ProcessingInputMode.FILE (the SageMaker Python SDK's) */
  readonly inputMode?: ProcessingInputMode;
  /**
   * Where the query result is written, as `s3://bucket/prefix/`; the job role may write and read
   * it. Give this or `outputLocation`. @default - `outputLocation`
   */
  readonly outputS3Uri?: string;
  /**
   * Where the query result is written: `ProcessingS3Location.fromBucket(bucket, 'athena/')` grants
   * the job role put, get and list under that prefix only. Give this or `outputS3Uri`. @default - `outputS3Uri`
   */
  readonly outputLocation?: ProcessingS3Location;
  /** KMS key that encrypts the query result; the job role may use it. @default - no key */
  readonly kmsKey?: kms.IKey;
}

/** An Athena query as a job input. */
export interface AthenaInputOptions extends DatasetInputOptions {
  /** Data catalog. @default 'AwsDataCatalog' */
  readonly catalog?: string;
  /** Database (a run-time value is not granted: the job role then needs Glue reads of it by hand). */
  readonly database: string;
  /** The SQL query (1–4096 characters). */
  readonly queryString: string;
  /** Workgroup the query runs in (a run-time value is not granted, as `database`). @default 'primary' */
  readonly workGroup?: string;
  /** Result format. @default AthenaOutputFormat.PARQUET */
  readonly outputFormat?: AthenaOutputFormat;
  /** Result compression. @default - none */
  readonly outputCompression?: AthenaOutputCompression;
}

/** A Redshift query as a job input. */
export interface RedshiftInputOptions extends DatasetInputOptions {
  /** Cluster identifier. A run-time cluster, database or user is not granted: the job role then needs those Redshift grants by hand. */
  readonly clusterId: string;
  /** Database. */
  readonly database: string;
  /** Database user the query runs as. */
  readonly dbUser: string;
  /** The SQL query (1–4096 characters). */
  readonly queryString: string;
  /** The role the cluster uses to UNLOAD to S3. */
  readonly clusterRole: iam.IRole;
  /** Result format. @default RedshiftOutputFormat.PARQUET */
  readonly outputFormat?: RedshiftOutputFormat;
  /** Result compression. @default - none */
  readonly outputCompression?: RedshiftOutputCompression;
}

/**
 * A processing job input (`ProcessingInputs[]`): S3 data, a local asset, an Athena or Redshift
 * query, or data the application fetches itself. Binding grants the job role read access.
 */
export abstract class ProcessingInput {
  /**
   * Data at an S3 URI. An `s3://bucket/prefix` URI is granted to the job role (`s3:GetObject` on
   * `prefix*`, `s3:ListBucket` on the prefix), also with deploy-time values in its bucket or prefix
   * (`bucket.s3UrlForObject('raw/')`); a URI known only at run time (JSONPath/JSONata), or that is
   * one deploy-time value as a whole (a parameter), is not, so give the job a role that can read it.
   */
  public static fromS3Uri(name: string, s3Uri: string, options: S3InputOptions = {}): ProcessingInput {
    return new S3UriInput(name, s3Uri, options);
  }

  /** Objects under `keyPrefix` in a bucket; the job role may read them. @param keyPrefix @default - the whole bucket */
  public static fromBucket(name: string, bucket: s3.IBucket, keyPrefix: string = '', options: S3InputOptions = {}): ProcessingInput {
    return new BucketInput(name, bucket, keyPrefix, options);
  }

  /**
   * A local file or folder, uploaded by `cdk deploy` as file assets under their own names, as the
   * SDK uploads a local input: a file arrives as `<localPath>/<its name>`, a folder as its files
   * and subfolders under `<localPath>/` (not as one archive). The job role may read exactly these objects.
   */
  public static fromAsset(name: string, path: string, options: S3InputOptions = {}): ProcessingInput {
    return new AssetInput(name, path, options);
  }

  /** The result of an Athena query (`DatasetDefinition.AthenaDatasetDefinition`). */
  public static fromAthena(name: string, options: AthenaInputOptions): ProcessingInput {
    return new AthenaInput(name, options);
  }

  /** The result of a Redshift query (`DatasetDefinition.RedshiftDatasetDefinition`). */
  public static fromRedshift(name: string, options: RedshiftInputOptions): ProcessingInput {
    return new RedshiftInput(name, options);
  }

  /** An input the application fetches itself (`AppManaged: true`); nothing is granted. */
  public static appManaged(name: string): ProcessingInput {
    return new AppManagedInput(name);
  }

  /** @param name the input name, unique within the job */
  protected constructor(public readonly name: string) {}

  /** Binds the input to a job: returns its request entry and grants the job role access. */
  public abstract bind(scope: Construct, options: ProcessingBindOptions): ProcessingInputConfig;
}

function s3Config(name: string, s3Uri: string, options: S3InputOptions): ProcessingInputConfig {
  return {
    inputName: name,
    s3: {
      s3Uri,
      // In Pipe mode too: "LocalPath is a required parameter when AppManaged is False" (service-2.json, ProcessingS3Input.LocalPath).
      localPath: options.localPath ?? `${DEFAULT_INPUT_ROOT}/${name}`,
      s3DataType: options.s3DataType,
      inputMode: options.inputMode,
      distributionType: options.distributionType,
      compressionType: options.compressionType,
    },
  };
}

/** The warning for a manifest-file input: the objects the manifest lists are not granted. */
export const MANIFEST_OBJECTS_WARNING = 'cdk-sagemaker-processing:manifest-objects-not-granted';

/**
 * Warns when an S3 input is a manifest file: a manifest lists its objects under a `prefix` of its
 * own, in its first entry (SageMaker API reference, `ProcessingS3Input.S3DataType` and
 * `S3DataSource.S3Uri`), which synth cannot read, so the job role may read the manifest only.
 */
function warnManifestObjects(scope: Construct, name: string, options: S3InputOptions, uri: string): void {
  // A URI that names a folder names no manifest object: the warning manifest-folder (lib/api/validate.ts) says so.
  if (options.s3DataType !== S3DataType.MANIFEST_FILE || manifestUriNamesFolder(uri)) return;
  Annotations.of(scope).addWarningV2(MANIFEST_OBJECTS_WARNING, `input '${name}' is a manifest file: the job role may read the manifest, but not the objects it `
    + 'lists (under the manifest\'s own "prefix"), which synth cannot read; grant their read to the job\'s role (bucket.grantRead(job.role, \'<prefix>*\')), '
    + 'or every run fails to download them');
}

/**
 * Whether an S3 input names one manifest object: SageMaker reads that object (and lists the
 * objects it names under its own prefix), so the manifest itself is granted as one object, not as
 * every key that starts with its name (`lists/objects.manifest.bak`).
 */
function namesManifestObject(options: S3InputOptions, uri: string): boolean {
  return options.s3DataType === S3DataType.MANIFEST_FILE && !manifestUriNamesFolder(uri);
}

class S3UriInput extends ProcessingInput {
  constructor(name: string, private readonly s3Uri: string, private readonly options: S3InputOptions) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingInputConfig {
    grantS3Uri(options.grantee, this.s3Uri, { read: true }, `${scope.node.path}: input '${this.name}'`, namesManifestObject(this.options, this.s3Uri));
    warnManifestObjects(scope, this.name, this.options, this.s3Uri);
    return s3Config(this.name, this.s3Uri, this.options);
  }
}

class BucketInput extends ProcessingInput {
  constructor(name: string, private readonly bucket: s3.IBucket, private readonly keyPrefix: string, private readonly options: S3InputOptions) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingInputConfig {
    refuseRunTimeKeyPrefix(`${scope.node.path}: input '${this.name}'`, 'ProcessingInput.fromBucket', this.keyPrefix,
      'give the run\'s URI in its overrides.inputs (a schedule\'s, trigger\'s or step\'s), or use ProcessingInput.fromS3Uri with a job role that can read it');
    const uri = s3UriOf(this.bucket.bucketName, this.keyPrefix);
    grantS3Prefix(options.grantee, {
      bucketArn: this.bucket.bucketArn, keyPrefix: this.keyPrefix, encryptionKey: this.bucket.encryptionKey, bucket: this.bucket,
      isObjectKey: this.keyPrefix !== '' && namesManifestObject(this.options, uri),
    }, { read: true });
    warnManifestObjects(scope, this.name, this.options, uri);
    return s3Config(this.name, uri, this.options);
  }
}

class AssetInput extends ProcessingInput {
  constructor(name: string, private readonly path: string, private readonly options: S3InputOptions) {
    super(name);
    if (!fs.existsSync(path)) throw new Error(`ProcessingInput.fromAsset('${name}'): '${path}' does not exist`);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingInputConfig {
    const { files, emptyFolders } = folderContents(this.path, `${scope.node.path}: input '${this.name}'`);
    if (files.length === 0) throw new Error(`${scope.node.path}: input '${this.name}' folder '${this.path}' has no files`);
    const staged = stageNamedFiles(scope, `Input-${this.name}`, files, options.grantee, emptyFolders);
    // sagemaker/session.py upload_data: a file's URI is its object (`<prefix>/<name>`), a folder's is the prefix.
    const isFile = !fs.statSync(this.path).isDirectory();
    const uri = isFile ? staged.objectUris[files[0].name] : staged.prefixUri;
    warnManifestObjects(scope, this.name, this.options, uri);
    return s3Config(this.name, uri, this.options);
  }
}

abstract class DatasetInput extends ProcessingInput {
  /**
   * Grants the result location (and `extra` there) and the key; returns the location's URI (`OutputS3Uri`).
   */
  protected grantCommon(scope: Construct, options: ProcessingBindOptions, dataset: DatasetInputOptions, extra: S3PrefixAccess = {}): string {
    const location = resultLocation(scope, this.name, dataset);
    // SageMaker has the query write its result there, then reads and lists it into the container.
    location._grant(options.grantee, { ...extra, read: true, write: true }, `${scope.node.path}: input '${this.name}' outputS3Uri`);
    // The query result is encrypted with the key through S3 (SSE-KMS), and read back the same way.
    if (dataset.kmsKey) grantKeyForS3Writes(options.grantee, dataset.kmsKey);
    return location.s3Uri;
  }
}

class AthenaInput extends DatasetInput {
  constructor(name: string, private readonly options: AthenaInputOptions) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingInputConfig {
    const o = this.options;
    const stack = Stack.of(scope);
    const catalog = o.catalog ?? 'AwsDataCatalog';
    const workGroup = o.workGroup ?? 'primary';
    // Athena checks the result location's bucket (s3:GetBucketLocation) before it runs the query.
    const outputS3Uri = this.grantCommon(scope, options, o, { bucketLocation: true });
    // SageMaker runs the query with the job role: Athena on the workgroup (and the workgroup's settings),
    // Glue reads of the database's tables and partitions. The tables' data in S3 is the caller's to grant.
    if (knownAtSynth(workGroup)) {
      iam.Grant.addToPrincipal({
        grantee: options.grantee,
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup'],
        resourceArns: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workGroup })],
      });
    }
    if (knownAtSynth(o.database)) addInherentStatement(options.grantee, new iam.PolicyStatement({
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
      resources: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: o.database }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${o.database}/*` }),
      ],
    }), 'An Athena input reads the tables of its one Glue database; the query names the tables, the construct does not.');
    return {
      inputName: this.name,
      // SageMaker runs the query and downloads its result to localPath (as the SageMaker Python SDK, which always sends AppManaged).
      appManaged: false,
      datasetDefinition: {
        athena: {
          catalog,
          database: o.database,
          queryString: o.queryString,
          workGroup: o.workGroup,
          outputS3Uri,
          kmsKeyId: o.kmsKey?.keyArn,
          outputFormat: o.outputFormat ?? AthenaOutputFormat.PARQUET,
          outputCompression: o.outputCompression,
        },
        localPath: o.localPath ?? `${DEFAULT_INPUT_ROOT}/${this.name}`,
        distributionType: o.distributionType ?? DATASET_DISTRIBUTION_DEFAULT,
        inputMode: o.inputMode ?? DATASET_INPUT_MODE_DEFAULT,
      },
    };
  }
}

class RedshiftInput extends DatasetInput {
  constructor(name: string, private readonly options: RedshiftInputOptions) {
    super(name);
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingInputConfig {
    const o = this.options;
    const stack = Stack.of(scope);
    const outputS3Uri = this.grantCommon(scope, options, o);
    // SageMaker runs the query through the Redshift Data API with temporary credentials of the job role.
    if (knownAtSynth(o.clusterId, o.dbUser, o.database)) {
      iam.Grant.addToPrincipal({
        grantee: options.grantee,
        actions: ['redshift:GetClusterCredentials'],
        resourceArns: [
          stack.formatArn({ service: 'redshift', resource: 'dbuser', resourceName: `${o.clusterId}/${o.dbUser}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          stack.formatArn({ service: 'redshift', resource: 'dbname', resourceName: `${o.clusterId}/${o.database}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        ],
      });
    }
    if (knownAtSynth(o.clusterId)) {
      iam.Grant.addToPrincipal({
        grantee: options.grantee,
        actions: ['redshift-data:ExecuteStatement'],
        resourceArns: [stack.formatArn({ service: 'redshift', resource: 'cluster', resourceName: o.clusterId, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      });
    }
    // DescribeStatement/GetStatementResult/CancelStatement have no resource types; the condition limits them to
    // the statements this role's session ran (as the AmazonRedshiftDataFullAccess managed policy does).
    addInherentStatement(options.grantee, new iam.PolicyStatement({
      actions: ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult', 'redshift-data:CancelStatement'],
      resources: ['*'],
      conditions: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
    }), 'The Redshift Data statement reads have no resource types (Service Authorization Reference); the statement-owner condition limits them to the role\'s own statements.');
    options.grantee.grantPrincipal.addToPrincipalPolicy(passRoleStatement([o.clusterRole.roleArn], 'redshift.amazonaws.com'));
    return {
      inputName: this.name,
      // SageMaker runs the query and downloads its result to localPath (as the SageMaker Python SDK, which always sends AppManaged).
      appManaged: false,
      datasetDefinition: {
        redshift: {
          clusterId: o.clusterId,
          database: o.database,
          dbUser: o.dbUser,
          queryString: o.queryString,
          clusterRoleArn: o.clusterRole.roleArn,
          outputS3Uri,
          kmsKeyId: o.kmsKey?.keyArn,
          outputFormat: o.outputFormat ?? RedshiftOutputFormat.PARQUET,
          outputCompression: o.outputCompression,
        },
        localPath: o.localPath ?? `${DEFAULT_INPUT_ROOT}/${this.name}`,
        distributionType: o.distributionType ?? DATASET_DISTRIBUTION_DEFAULT,
        inputMode: o.inputMode ?? DATASET_INPUT_MODE_DEFAULT,
      },
    };
  }
}

class AppManagedInput extends ProcessingInput {
  public bind(): ProcessingInputConfig {
    return { inputName: this.name, appManaged: true };
  }
}

/**
 * Whether names that scope a grant are known at synth or deployment: a JSONPath or JSONata value
 * has no ARN then (its text, `$.db` or `{% … %}`, would name no resource), so it is not granted,
 * as a run-time S3 URI is not.
 */
function knownAtSynth(...names: string[]): boolean {
  return names.every((name) => runTimeExpressionOf(name) === undefined);
}

/** A dataset input's result location: `outputLocation` or `outputS3Uri`, exactly one. */
function resultLocation(scope: Construct, name: string, dataset: DatasetInputOptions): ProcessingS3Location {
  if ((dataset.outputLocation === undefined) === (dataset.outputS3Uri === undefined)) {
    throw new Error(`${scope.node.path}: input '${name}' needs exactly one of outputLocation and outputS3Uri ` +
      `(DatasetDefinition OutputS3Uri, where the query result is written); got ${dataset.outputLocation ? 'both' : 'neither'}`);
  }
  return dataset.outputLocation ?? ProcessingS3Location.fromS3Uri(dataset.outputS3Uri!);
}
