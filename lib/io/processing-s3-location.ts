import { aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { grantS3Prefix, S3PrefixAccess } from '../iam/s3-permissions';
import { grantS3Uri, s3UriOf } from './s3-location';

/**
 * An S3 location a job writes or reads besides its inputs and outputs: Spark's event logs, the
 * result of an Athena or Redshift query input. Like `ProcessingInput.fromBucket` and
 * `ProcessingOutput.toBucket`, a location in a bucket is granted to the job role: what SageMaker
 * does there, under that prefix only.
 */
export abstract class ProcessingS3Location {
  /**
   * Objects under `keyPrefix` in a bucket. The job role gets exactly what the field needs there
   * (e.g. put for event logs; put, get and list for a query result) and the bucket's key through S3.
   * @param keyPrefix @default - the whole bucket
   */
  public static fromBucket(bucket: s3.IBucket, keyPrefix: string = ''): ProcessingS3Location {
    return new BucketLocation(bucket, keyPrefix);
  }

  /**
   * An `s3://bucket/prefix` URI, granted on its prefix (also with deploy-time values in its bucket
   * or prefix, `bucket.s3UrlForObject('athena/')`); one known only at run time (JSONPath/JSONata),
   * or that is one deploy-time value as a whole (a parameter), is not, so give the job a role that can use it.
   */
  public static fromS3Uri(s3Uri: string): ProcessingS3Location {
    return new UriLocation(s3Uri);
  }

  /** The location as an `s3://` URI. */
  public abstract readonly s3Uri: string;

  /** @internal grants `grantee` the access under the location; `where` names the field in errors */
  public abstract _grant(grantee: iam.IGrantable, access: S3PrefixAccess, where: string): void;
}

class BucketLocation extends ProcessingS3Location {
  public readonly s3Uri: string;

  constructor(private readonly bucket: s3.IBucket, private readonly keyPrefix: string) {
    super();
    this.s3Uri = s3UriOf(bucket.bucketName, keyPrefix);
  }

  public _grant(grantee: iam.IGrantable, access: S3PrefixAccess, _where: string): void {
    grantS3Prefix(grantee, { bucketArn: this.bucket.bucketArn, keyPrefix: this.keyPrefix, encryptionKey: this.bucket.encryptionKey, bucket: this.bucket }, access);
  }
}

class UriLocation extends ProcessingS3Location {
  constructor(public readonly s3Uri: string) {
    super();
  }

  public _grant(grantee: iam.IGrantable, access: S3PrefixAccess, where: string): void {
    grantS3Uri(grantee, this.s3Uri, access, where);
  }
}
