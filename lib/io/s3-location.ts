import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { isDynamic } from '../api/tokens';

/**
 * Grants on an `s3://bucket/prefix` URI given as a string (no `IBucket`): object actions on
 * `bucket/prefix*` and `s3:ListBucket` on the bucket, limited to the prefix. Does nothing for
 * URIs only known at run time; the caller documents that the role must then be granted by hand.
 */
export function grantS3Uri(grantee: iam.IGrantable, s3Uri: string, objectActions: string[], where: string = 'an S3 location'): boolean {
  if (isDynamic(s3Uri) || Token.isUnresolved(s3Uri)) return false;
  const location = bucketAndPrefix(s3Uri);
  if (!location) {
    if (!/^https:\/\//.test(s3Uri)) return false;
    throw new Error(`${where} '${s3Uri}' is an https:// URI whose bucket cannot be read from it, so the job role cannot be granted access ` +
      "(S3Uri); give it as s3://<bucket>/<key prefix>, or use ProcessingInput.fromBucket / ProcessingOutput.toBucket");
  }
  const { bucket, prefix } = location;
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

/**
 * The bucket and key prefix of `s3://bucket/prefix`, or of an https:// URI in S3's
 * virtual-hosted style (`https://bucket.s3.region.amazonaws.com/prefix`) or path style
 * (`https://s3.region.amazonaws.com/bucket/prefix`) (Amazon S3 User Guide, "Methods for accessing a bucket").
 */
function bucketAndPrefix(uri: string): { bucket: string; prefix: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) return { bucket: s3[1], prefix: s3[2] };
  const virtual = /^https:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9])\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?\/?(.*)$/.exec(uri);
  if (virtual) return { bucket: virtual[1], prefix: virtual[2] };
  const pathStyle = /^https:\/\/s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?\/([^/]+)\/?(.*)$/.exec(uri);
  if (pathStyle) return { bucket: pathStyle[1], prefix: pathStyle[2] };
  return undefined;
}
