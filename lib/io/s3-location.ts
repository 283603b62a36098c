import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { isDynamic } from '../api/tokens';

/**
 * Grants on an `s3://bucket/prefix` URI given as a string (no `IBucket`): object actions on
 * `bucket/prefix*` and `s3:ListBucket` on the bucket, limited to the prefix. Does nothing for
 * URIs only known at run time; the caller documents that the role must then be granted by hand.
 */
export function grantS3Uri(grantee: iam.IGrantable, s3Uri: string, objectActions: string[]): boolean {
  if (isDynamic(s3Uri) || Token.isUnresolved(s3Uri)) return false;
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(s3Uri);
  if (!match) return false;
  const [, bucket, prefix] = match;
  iam.Grant.addToPrincipal({
    grantee,
    actions: objectActions,
    resourceArns: [`arn:${Aws.PARTITION}:s3:::${bucket}/${prefix}*`],
  });
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [`arn:${Aws.PARTITION}:s3:::${bucket}`],
    ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
  }));
  return true;
}

/** `s3://<bucket>/<prefix>` for a bucket name (possibly a token) and an optional key prefix. */
export function s3UriOf(bucketName: string, keyPrefix: string = ''): string {
  return `s3://${bucketName}/${keyPrefix.replace(/^\/+/, '')}`;
}

export const S3_READ_ACTIONS = ['s3:GetObject'];
export const S3_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];
