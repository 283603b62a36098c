import { Lazy, Token, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { warnCrossAccount } from './cross-account';
import { grantKeyForS3Reads, grantKeyForS3Writes } from './kms-permissions';
import { addInherentStatement } from './nag-acknowledgements';

/** The object actions SageMaker uses to download inputs (and code) with the job role. */
export const S3_READ_ACTIONS = ['s3:GetObject'];
/**
 * The object actions SageMaker uses to upload outputs: `s3:PutObject` also authorizes the parts of a
 * multipart upload (Amazon S3 User Guide, "Multipart upload API and permissions"); no legal hold,
 * retention or tagging, which an upload never sets.
 */
export const S3_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];

/** Objects under a key prefix of a bucket. */
export interface S3PrefixLocation {
  /** The bucket's ARN (may be a token). */
  readonly bucketArn: string;
  /** The key prefix; '' is the whole bucket. */
  readonly keyPrefix: string;
  /** The prefix is the key of one object (code, an asset): exactly that object, listed by its own key. @default false */
  readonly isObjectKey?: boolean;
  /** The bucket's default encryption key, when it has one. @default - none */
  readonly encryptionKey?: kms.IKey;
  /** The bucket, when it is a construct (its account is checked against the grantee's). @default - given by name */
  readonly bucket?: s3.IBucket;
}

/** What is done under the prefix. */
export interface S3PrefixAccess {
  /** Get and list the objects under the prefix. @default false */
  readonly read?: boolean;
  /** Put objects under the prefix. @default false */
  readonly write?: boolean;
  /**
   * Get the bucket's region (`s3:GetBucketLocation` on the bucket): Athena checks its query result
   * location's bucket with it before it runs a query. @default false
   */
  readonly bucketLocation?: boolean;
}

/**
 * Grants access to the objects under one prefix of a bucket, and nothing else of it: the object
 * actions on `bucket/prefix*`; for reads `s3:ListBucket` on the bucket only for listings of that
 * prefix (the `s3:prefix` condition; an input of S3 prefix type is listed before it is copied);
 * the bucket's key through S3 only. Every S3 grant of the library goes through here.
 */
export function grantS3Prefix(grantee: iam.IGrantable, location: S3PrefixLocation, access: S3PrefixAccess): void {
  const bucketArn = location.bucketArn;
  if (location.bucket) warnCrossAccount(grantee, location.bucket, 'bucket', 'bucket policy');
  const prefix = location.keyPrefix.replace(/^\/+/, '');
  const objectActions = [...(access.read ? S3_READ_ACTIONS : []), ...(access.write ? S3_WRITE_ACTIONS : [])];
  const objects = location.isObjectKey ? `${bucketArn}/${iamLiteral(prefix)}` : `${bucketArn}/${iamLiteral(prefix)}*`;
  if (objectActions.length > 0) {
    // `prefix*` is the narrowest resource S3 has for the objects under a prefix (their keys are written at run time).
    addInherentStatement(grantee, new iam.PolicyStatement({ actions: objectActions, resources: [objects] }),
      'The objects under one input, output or code prefix of the job (or one folder of staged files): the narrowest resource S3 has for a prefix, whose objects are named at run time.');
  }
  if (access.read) grantListing(grantee.grantPrincipal, bucketArn, prefix, location.isObjectKey ?? false);
  if (access.bucketLocation) grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucketArn] }));
  if (location.encryptionKey) {
    if (access.write) grantKeyForS3Writes(grantee, location.encryptionKey);
    else if (access.read) grantKeyForS3Reads(grantee, location.encryptionKey);
  }
}

/**
 * The `s3:prefix` patterns of the one `s3:ListBucket` statement of each principal and bucket
 * (`StringLike`, so one statement holds both listings of a prefix and of an object key).
 */
const listings = new WeakMap<iam.IPrincipal, Map<string, string[]>>();

/**
 * Lets `principal` list the bucket for `prefix` only: `prefix*`, or for an object key the key
 * itself. Every listing of one bucket by one principal is a value of one statement's `StringLike`
 * `s3:prefix` condition (the condition allows when any value matches; IAM User Guide, "Creating a
 * condition with multiple context keys or values"), not one statement each. The key's own `*`, `?`
 * and `$` are written as IAM literals (`iamLiteral`), so an object key matches itself alone; a key
 * known only at deploy time keeps a `StringEquals` statement of its own. The empty prefix is the
 * whole bucket: no condition.
 */
function grantListing(principal: iam.IPrincipal, bucketArn: string, prefix: string, isObjectKey: boolean): void {
  const list = (conditions?: iam.Conditions) => principal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn], conditions }));
  if (!prefix) {
    list();
    return;
  }
  if (isObjectKey && Token.isUnresolved(prefix)) {
    list({ StringEquals: { 's3:prefix': [prefix] } });
    return;
  }
  const pattern = isObjectKey ? iamLiteral(prefix) : `${iamLiteral(prefix)}*`;
  const byBucket = listings.get(principal) ?? new Map<string, string[]>();
  listings.set(principal, byBucket);
  const patterns = byBucket.get(bucketArn);
  if (patterns) {
    if (!patterns.includes(pattern)) patterns.push(pattern);
    return;
  }
  const first = [pattern];
  byBucket.set(bucketArn, first);
  // Uncached: the statement may be resolved (compared, deduplicated) before the principal's last listing of the bucket.
  list({ StringLike: { 's3:prefix': Lazy.uncachedList({ produce: () => first }) } });
}

/**
 * An S3 key (or key prefix) as IAM reads it literally in a resource ARN or a `StringLike` value:
 * `*` and `?` are IAM's wildcards and `${` starts a policy variable, so each of `*`, `?` and `$` is
 * written as the special character IAM gives for it, `${*}`, `${?}`, `${$}` (IAM User Guide, "IAM
 * policy elements: Variables and tags", "Special characters"). SageMaker reads an S3 URI's key
 * literally: `raw/*` is the prefix `raw/*`, not every folder of `raw/`. A key known only at deploy
 * time is left as it is.
 */
function iamLiteral(key: string): string {
  return Token.isUnresolved(key) ? key : key.replace(/[*?$]/g, (c) => `\${${c}}`);
}
