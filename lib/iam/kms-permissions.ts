import { Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { warnCrossAccount } from './cross-account';
import { keyGrantTarget } from './kms-key-target';
import { addInherentStatement } from './nag-acknowledgements';

/** Why a key given as an alias is granted on the account's keys (`key/*`). */
const ALIAS_REASON = 'A KMS key given by its alias: KMS authorizes against the key, which the alias names only at run time, so the grant is on the '
  + "account's keys with the kms:ResourceAliases condition (AWS KMS Developer Guide, \"Using aliases to control access to KMS keys\").";

/** The services that encrypt a principal's messages with a queue's or topic's key. */
export type MessageService = 'sqs' | 'sns';

/**
 * A key that encrypts a queue or topic the principal sends to (an encrypted dead-letter queue, a
 * notification topic): the data key and the decrypt a producer needs (Amazon SQS Developer Guide,
 * "Key management": permissions of producers; Amazon SNS Developer Guide, "Encryption at rest": key
 * permissions for publishers), by name, through that service only (`kms:ViaService`: SQS and SNS
 * call KMS on the sender's behalf, AWS KMS Developer Guide, "kms:ViaService"), so the principal
 * cannot decrypt with the key directly what others encrypted under it.
 */
export function grantKeyForMessages(grantee: iam.IGrantable, key: kms.IKey, service: MessageService): void {
  grantKey(grantee, ['kms:Decrypt', 'kms:GenerateDataKey'], keyGrantTarget(key, viaServices(Stack.of(key), [service])), key);
}

/** Adds a key statement; one on an alias's keys (`key/*`, narrowed by `kms:ResourceAliases`) is recorded as an inherent wildcard. */
function grantKey(grantee: iam.IGrantable, actions: string[], target: { resourceArn: string; conditions: { [operator: string]: { [key: string]: unknown } } }, key: kms.IKey): void {
  warnCrossAccount(grantee, key, 'KMS key', 'key policy');
  const statement = new iam.PolicyStatement({ actions, resources: [target.resourceArn], conditions: target.conditions });
  if (target.resourceArn.endsWith('key/*')) addInherentStatement(grantee, statement, ALIAS_REASON);
  else grantee.grantPrincipal.addToPrincipalPolicy(statement);
}

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
  grantKey(grantee, ['kms:CreateGrant'], create, key);
  const describe = keyGrantTarget(key);
  grantKey(grantee, ['kms:DescribeKey'], describe, key);
}

/**
 * A key that encrypts objects the job writes to S3 (`ProcessingOutputConfig.KmsKeyId`, an output
 * bucket's default key): `kms:Encrypt` (SageMaker Developer Guide, CreateProcessingJob execution-role
 * permissions), the data keys of SSE-KMS uploads and the decrypt multipart uploads need (Amazon S3
 * User Guide, "Using server-side encryption with AWS KMS keys"), through S3 or SageMaker only. No `kms:ReEncrypt*`: nothing re-encrypts under another key.
 */
export function grantKeyForS3Writes(grantee: iam.IGrantable, key: kms.IKey): void {
  const target = keyGrantTarget(key, viaServices(Stack.of(key), ['s3', 'sagemaker']));
  // The data-key actions by name (`kms:GenerateDataKey*` would also allow the GenerateDataKeyPair actions, which S3 never calls).
  grantKey(grantee, ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'], target, key);
}

/** A key that encrypts objects the job reads from S3: decrypt through S3 only. */
export function grantKeyForS3Reads(grantee: iam.IGrantable, key: kms.IKey): void {
  const target = keyGrantTarget(key, viaServices(Stack.of(key), ['s3']));
  grantKey(grantee, ['kms:Decrypt'], target, key);
}
