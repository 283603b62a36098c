import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { keyGrantTarget } from './kms-key-target';

/** Through which services a key's data keys are used. */
function viaServices(stack: Stack, services: string[]): { [operator: string]: { [key: string]: string[] } } {
  return { StringEquals: { 'kms:ViaService': services.map((s) => `${s}.${stack.region}.${stack.urlSuffix}`) } };
}

/**
 * The storage volume key (`ProcessingResources.ClusterConfig.VolumeKmsKeyId`): SageMaker creates the
 * job's encrypted volumes with it, for which the execution role needs `kms:CreateGrant` (SageMaker
 * Developer Guide, CreateProcessingJob execution-role permissions), and the key's description. `kms:CreateGrant` holds only for grants an AWS service creates for its resources
 * (`kms:GrantIsForAWSResource`, AWS KMS Developer Guide), never for a grant the container asks for.
 */
export function grantVolumeKey(grantee: iam.IGrantable, key: kms.IKey): void {
  const create = keyGrantTarget(key, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  iam.Grant.addToPrincipal({ grantee, actions: ['kms:CreateGrant'], resourceArns: [create.resourceArn], conditions: create.conditions });
  const describe = keyGrantTarget(key);
  iam.Grant.addToPrincipal({ grantee, actions: ['kms:DescribeKey'], resourceArns: [describe.resourceArn], conditions: describe.conditions });
}

/**
 * A key that encrypts objects the job writes to S3 (`ProcessingOutputConfig.KmsKeyId`, an output
 * bucket's default key): `kms:Encrypt` (SageMaker Developer Guide, CreateProcessingJob execution-role
 * permissions), the data keys of SSE-KMS uploads and the decrypt multipart uploads need (Amazon S3
 * User Guide, "Using server-side encryption with AWS KMS keys"), through S3 or SageMaker only. No `kms:ReEncrypt*`: nothing re-encrypts under another key.
 */
export function grantKeyForS3Writes(grantee: iam.IGrantable, key: kms.IKey): void {
  const target = keyGrantTarget(key, viaServices(Stack.of(key), ['s3', 'sagemaker']));
  iam.Grant.addToPrincipal({ grantee, actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], resourceArns: [target.resourceArn], conditions: target.conditions });
}

/** A key that encrypts objects the job reads from S3: decrypt through S3 only. */
export function grantKeyForS3Reads(grantee: iam.IGrantable, key: kms.IKey): void {
  const target = keyGrantTarget(key, viaServices(Stack.of(key), ['s3']));
  iam.Grant.addToPrincipal({ grantee, actions: ['kms:Decrypt'], resourceArns: [target.resourceArn], conditions: target.conditions });
}
