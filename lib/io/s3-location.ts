import { Aws, Token, aws_iam as iam } from 'aws-cdk-lib';
import { DOMAIN_PATTERN, STRING_TOKEN_PATTERN } from '../api/partitions';
import { runTimeExpressionOf } from '../api/tokens';
import { grantS3Prefix, S3PrefixAccess } from '../iam/s3-permissions';

/**
 * Grants on an `s3://bucket/prefix` URI given as a string (no `IBucket`), as `grantS3Prefix` does
 * for a bucket: object actions on `bucket/prefix*`, for reads `s3:ListBucket` limited to the prefix. Does nothing for
 * URIs only known at run time (JSONPath, JSONata) or that are one deploy-time value as a whole; the caller documents
 * that the role must then be granted by hand. Returns whether it granted.
 * With `isObjectKey` the URI names one object: exactly that object is granted (and listed by its own key).
 */
export function grantS3Uri(grantee: iam.IGrantable, s3Uri: string, access: S3PrefixAccess, where: string = 'an S3 location', isObjectKey: boolean = false): boolean {
  if (runTimeExpressionOf(s3Uri)) return false;
  // A URI with deploy-time values in it (`bucket.s3UrlForObject('raw/')`, `s3://${bucket.bucketName}/raw/`, a
  // parameter for the bucket) is split as written: its bucket and key prefix keep their tokens, which CloudFormation
  // resolves in the policy as in the request. A URI that is one deploy-time value as a whole cannot be split.
  const location = bucketAndPrefix(s3Uri);
  if (!location) {
    if (Token.isUnresolved(s3Uri) || !/^https:\/\//.test(s3Uri)) return false;
    throw new Error(`${where} '${s3Uri}' is an https:// URI whose bucket cannot be read from it, so the job role cannot be granted access ` +
      "(S3Uri); give it as s3://<bucket>/<key prefix>, or use ProcessingInput.fromBucket / ProcessingOutput.toBucket");
  }
  grantS3Prefix(grantee, { bucketArn: `arn:${Aws.PARTITION}:s3:::${location.bucket}`, keyPrefix: location.prefix, isObjectKey: isObjectKey && location.prefix !== '' }, access);
  return true;
}

/**
 * Refuses a bucket location's key prefix known only at run time (`sfn.JsonPath.*`, JSONata): it
 * scopes the job role's grant, and aws-cdk-lib cannot join a run-time value into the S3 URI (it
 * fails with "Field references must be the entire string").
 */
export function refuseRunTimeKeyPrefix(where: string, factory: string, keyPrefix: string, alternative: string): void {
  const runTime = runTimeExpressionOf(keyPrefix);
  if (!runTime) return;
  throw new Error(`${where}: the key prefix of ${factory} is a run-time value (${runTime.text}); it must be known at synth, where it scopes the job role's `
    + `grant (S3Uri). For a location chosen per run, ${alternative}`);
}

/** `s3://<bucket>/<prefix>` for a bucket name (possibly a token) and an optional key prefix. */
export function s3UriOf(bucketName: string, keyPrefix: string = ''): string {
  return `s3://${bucketName}/${keyPrefix.replace(/^\/+/, '')}`;
}

/** A bucket name, or a token for one; a region, or a token for one (`bucket.urlForObject()` in an env-agnostic stack). */
const BUCKET = String.raw`[a-z0-9][a-z0-9.-]*[a-z0-9]|${STRING_TOKEN_PATTERN}`;
const S3_HOST = String.raw`s3(?:[.-](?:[a-z0-9-]+|${STRING_TOKEN_PATTERN}))?\.(?:${DOMAIN_PATTERN})`;
const VIRTUAL_HOSTED = new RegExp(String.raw`^https:\/\/(${BUCKET})\.${S3_HOST}(?:\/(.*))?$`);
const PATH_STYLE = new RegExp(String.raw`^https:\/\/${S3_HOST}\/([^/]+)(?:\/(.*))?$`);

/**
 * The bucket and key prefix of `s3://bucket/prefix`, or of an https:// URI in S3's
 * virtual-hosted style (`https://bucket.s3.region.amazonaws.com/prefix`) or path style
 * (`https://s3.region.amazonaws.com/bucket/prefix`) (Amazon S3 User Guide, "Methods for accessing a bucket"),
 * in the domain of any partition (`amazonaws.com.cn`, `c2s.ic.gov`, ...) or `${AWS::URLSuffix}`, as
 * `bucket.urlForObject()` and `bucket.virtualHostedUrlForObject()` write it.
 */
function bucketAndPrefix(uri: string): { bucket: string; prefix: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) return { bucket: s3[1], prefix: s3[2] };
  const virtual = VIRTUAL_HOSTED.exec(uri);
  if (virtual) return { bucket: virtual[1], prefix: virtual[2] ?? '' };
  const pathStyle = PATH_STYLE.exec(uri);
  if (pathStyle) return { bucket: pathStyle[1], prefix: pathStyle[2] ?? '' };
  return undefined;
}
