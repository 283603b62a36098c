import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ProcessingImage, ProcessingJob } from '../../lib';
import { IMAGE_URI } from '../task/helpers';

const image = ProcessingImage.fromRegistry(IMAGE_URI);

describe('a failure alarm notifying a KMS-encrypted topic', () => {
  test('lets CloudWatch use the topic key in its key policy, once for several jobs', () => {
    const stack = new Stack(new App(), 'S');
    const key = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Alerts', { masterKey: key });
    new ProcessingJob(stack, 'A', { image, failureAlarm: true, notificationTopic: topic });
    new ProcessingJob(stack, 'B', { image, failureAlarm: true, notificationTopic: topic });
    const statements = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(key.node.defaultChild as kms.CfnKey)]
      .Properties.KeyPolicy.Statement.filter((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(statements).toEqual([{
      Sid: 'AllowCloudWatchAlarmsToNotifyEncryptedTopics',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
    }]);
  });

  test('warns for an imported topic key, whose policy must allow CloudWatch where it is defined', () => {
    const stack = new Stack(new App(), 'S');
    const key = kms.Key.fromKeyArn(stack, 'TopicKey', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const topic = new sns.Topic(stack, 'Alerts', { masterKey: key });
    new ProcessingJob(stack, 'Job', { image, failureAlarm: true, notificationTopic: topic });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cloudwatch.amazonaws.com'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      'S/Job/FailureAlarm: the alarm notifies S/Alerts, which is encrypted with the imported KMS key S/TopicKey; CloudWatch publishes to it only if '
      + 'that key\'s policy allows the service principal cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey: add that statement where the '
      + 'key is defined, or the alarm\'s notifications are dropped [ack: cdk-sagemaker-processing:alarm-topic-key]',
    ]);
  });
});
