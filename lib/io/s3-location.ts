import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { isDynamic } from '../api/tokens';
import { grantS3Prefix, S3PrefixAccess } from '../iam/s3-permissions';

/**
 * Grants on an `s3://bucket/prefix` URI given as a string (no `IBucket`), as `grantS3Prefix` does
 * for a bucket: object actions on `bucket/prefix*`, for reads `s3:ListBucket` limited to the prefix. Does nothing for
 * URIs only known at run time; the caller documents that the role must then be granted by hand.
 */
export function grantS3Uri(grantee: iam.IGrantable, s3Uri: string, access: S3PrefixAccess): boolean {
  if (isDynamic(s3Uri) || Token.isUnresolved(s3Uri)) return false;
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(s3Uri);
  if (!match) return false;
  const [, bucketName, keyPrefix] = match;
  grantS3Prefix(grantee, { bucketArn: `arn:${Aws.PARTITION}:s3:::${bucketName}`, keyPrefix }, access);
  return true;
}

/** `s3://<bucket>/<prefix>` for a bucket name (possibly a token) and an optional key prefix. */
export function s3UriOf(bucketName: string, keyPrefix: string = ''): string {
  return `s3://${bucketName}/${keyPrefix.replace(/^\/+/, '')}`;
}
