import { Annotations, Duration, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { resolveProcessingDefaults } from '../definition/scope-defaults';

/**
 * The bucket of job outputs that name no location of their own: encrypted (the scope's
 * `bucketKmsKey`, else S3-managed keys), SSL only, public access blocked, versioned, kept when
 * the stack is deleted; server access logs and expiration as configured.
 */
export function createJobBucket(scope: Construct, id: string, expiration?: Duration): s3.Bucket {
  const d = resolveProcessingDefaults(scope);
  return new s3.Bucket(scope, id, {
    encryption: d.bucketKmsKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: d.bucketKmsKey,
    bucketKeyEnabled: d.bucketKmsKey ? true : undefined,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    serverAccessLogsBucket: d.serverAccessLogsBucket,
    serverAccessLogsPrefix: d.serverAccessLogsPrefix,
    lifecycleRules: expiration ? [{ expiration, noncurrentVersionExpiration: expiration }] : undefined,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** Warning id for two jobs writing one job bucket whose name prefixes start one another. */
export const JOB_BUCKET_PREFIX_WARNING = 'cdk-sagemaker-processing:job-bucket-prefix-overlap';

/** The jobs that write each job bucket: their name prefixes and paths. */
const WRITERS = new WeakMap<s3.IBucket, Array<{ prefix: string; path: string }>>();

/**
 * Records that `job` writes its runs' folders (`<prefix>-<run>/`) to `bucket`, and warns when another job of the bucket
 * has a prefix that starts this one's with a dash, or the reverse (`rep`, `rep-eu`): the job role of the shorter may
 * write `<bucket>/<shorter>-*`, which holds the other's run folders too.
 */
export function recordJobBucketWriter(job: Construct, bucket: s3.IBucket, prefix: string): void {
  const writers = WRITERS.get(bucket) ?? [];
  WRITERS.set(bucket, writers);
  const starts = (a: string, b: string) => b.startsWith(`${a}-`);
  for (const other of writers) {
    const [shorter, longer] = starts(prefix, other.prefix) ? [{ prefix, path: job.node.path }, other] : starts(other.prefix, prefix) ? [other, { prefix, path: job.node.path }] : [];
    if (!shorter || !longer) continue;
    Annotations.of(job).addWarningV2(JOB_BUCKET_PREFIX_WARNING, `jobNamePrefix '${prefix}' and '${other.prefix}' of ${other.path} write outputs ` +
      `to the same job bucket (${bucket.node.path}), and '${longer.prefix}' starts with '${shorter.prefix}-': the job role of ${shorter.path} may write ` +
      `${shorter.prefix}-*, which holds the run folders of ${longer.path} too; give the jobs prefixes neither of which starts the other's with a dash ` +
      `(e.g. '${shorter.prefix}-main' and '${longer.prefix}'), or each job a bucket of its own`);
  }
  writers.push({ prefix, path: job.node.path });
}
