import { aws_iam as iam, aws_sns as sns } from 'aws-cdk-lib';
import { grantKeyForMessages } from './kms-permissions';

/**
 * Lets a principal publish to a topic: `sns:Publish` on the topic, and for a topic encrypted with a
 * KMS key the two key actions Amazon SNS uses for a publisher's message, `kms:GenerateDataKey` and
 * `kms:Decrypt` (Amazon SNS Developer Guide, "Encryption at rest": key permissions for publishers),
 * by name and through SNS only (`grantKeyForMessages`). aws-cdk-lib's `topic.grantPublish` grants
 * `kms:GenerateDataKey*`, which also allows the GenerateDataKeyPair actions, on the key directly.
 */
export function grantTopicPublish(grantee: iam.IGrantable, topic: sns.ITopic): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
  if (topic.masterKey) grantKeyForMessages(grantee, topic.masterKey, 'sns');
}
