import { aws_sns as sns } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { allowServiceKeyUse } from './service-key-use';

/** The id of the warning, for `Annotations.of(scope).acknowledgeWarning(...)`. */
export const ALARM_TOPIC_KEY_WARNING = 'cdk-sagemaker-processing:alarm-topic-key';

/**
 * A CloudWatch alarm that notifies a topic encrypted with a customer managed KMS key publishes
 * only when the key policy lets CloudWatch use the key (AWS Knowledge Center, "How do I configure a
 * CloudWatch alarm to deliver notifications to an encrypted Amazon SNS topic?": the key policy must
 * allow the service principal `cloudwatch.amazonaws.com` `kms:Decrypt` and `kms:GenerateDataKey`);
 * otherwise the alarm's history shows the action failed and no one is notified. Adds that
 * statement to a key defined in the app, and warns for an imported key, whose policy is not written here.
 */
export function allowAlarmToUseTopicKey(alarm: IConstruct, topic: sns.ITopic): void {
  const key = topic.masterKey;
  if (!key) return;
  allowServiceKeyUse(alarm, key, {
    service: 'cloudwatch.amazonaws.com',
    sid: 'AllowCloudWatchAlarmsToNotifyEncryptedTopics',
    warningId: ALARM_TOPIC_KEY_WARNING,
    warning: `${alarm.node.path}: the alarm notifies ${topic.node.path}, which is encrypted with the imported KMS key ${key.node.path}; CloudWatch ` +
      'publishes to it only if that key\'s policy allows the service principal cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey: ' +
      'add that statement where the key is defined, or the alarm\'s notifications are dropped',
  });
}
