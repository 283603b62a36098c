import { Duration, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
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
