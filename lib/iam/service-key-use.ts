import { Annotations, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** How a service is let use a KMS key, and what to say when the key's policy is not the app's. */
export interface ServiceKeyUse {
  /** The service principal, e.g. `events.amazonaws.com`. */
  readonly service: string;
  /** The statement's Sid: one statement for every use of the key alike. @default - none */
  readonly sid?: string;
  /** Conditions of the statement (e.g. `aws:SourceArn`). @default - none */
  readonly conditions?: Record<string, unknown>;
  /** The warning's id for a key imported into the app. */
  readonly warningId: string;
  /** The warning's text for a key imported into the app: what the key's own policy must allow. */
  readonly warning: string;
}

/**
 * Lets an AWS service encrypt with and decrypt by `key` (`kms:Decrypt`, `kms:GenerateDataKey`): what
 * a service that writes to an encrypted queue or topic needs from the key's policy (EventBridge to a
 * dead-letter queue, CloudWatch alarms to an SNS topic). The statement goes into the policy of a key
 * defined in the app; a key imported into the app keeps the policy it has, and `on` gets the
 * warning instead.
 */
export function allowServiceKeyUse(on: IConstruct, key: kms.IKey, use: ServiceKeyUse): void {
  // In a key policy, Resource "*" is the key itself (AWS KMS Developer Guide, "Key policies").
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: use.sid,
    principals: [new iam.ServicePrincipal(use.service)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: use.conditions,
  }), true);
  if (!statementAdded) Annotations.of(on).addWarningV2(use.warningId, use.warning);
}
