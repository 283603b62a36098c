import { Stack, aws_iam as iam, aws_kms as kms, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { RUN_NAME_SUFFIX_IAM_PATTERN } from '../api/run-name';
import { LISTED_ARN_OVERHEAD, arnLongest, longestLength, roleArnLongest, stateMachineArnLongest } from '../iam/policy-size';

/*
 * What the library's grants to a stack's shared runner and start roles (`StandaloneRunners`) can
 * write, in characters of ARNs at their longest: the seats they take in those roles (`RoleShards`).
 */

/** The longest ARN of a job role the job creates: `role/<name>`, no path, a name CloudFormation generates (at most 64 characters). */
function jobRoleArnLongest(stack: Stack, role?: iam.IRole): number {
  return role === undefined ? arnLongest('iam', 'role/'.length + 64, false) : roleArnLongest(stack, role);
}

/**
 * A job's own runner: its run names (`<prefix>-????????-??????-????????`, one resource for the
 * create, describe, stop and tag actions) and its job role (`iam:PassRole`). `role` is the job's
 * given role; `undefined` when the job creates its own.
 */
export function runnerSeatCharacters(stack: Stack, jobNamePrefix: string, role?: iam.IRole): number {
  return jobsAndRoleCharacters(stack, jobNamePrefix + RUN_NAME_SUFFIX_IAM_PATTERN, role);
}

/** A start role's grant to start a job's own runner: its state machine's ARN. */
export function startSeatCharacters(stack: Stack): number {
  // A job's own runner's state machine is named by CloudFormation.
  return stateMachineArnLongest(stack) + LISTED_ARN_OVERHEAD;
}

/** A direct schedule's grants: create and tag the jobs named `<prefix>-*`, pass the job role. */
export function directRunCharacters(stack: Stack, jobNamePrefix: string, role?: iam.IRole): number {
  return jobsAndRoleCharacters(stack, `${jobNamePrefix}-*`, role);
}

/** Processing jobs named by `jobNamePattern` and a job role, each listed once. */
function jobsAndRoleCharacters(stack: Stack, jobNamePattern: string, role?: iam.IRole): number {
  return arnLongest('sagemaker', 'processing-job/'.length + jobNamePattern.length) + jobRoleArnLongest(stack, role) + 2 * LISTED_ARN_OVERHEAD;
}

/** A listed ARN of the library's grants: `arn` as long as the stack lets it be, else as the service's longest with a resource of `resourceLength`. */
function listedArnCharacters(stack: Stack, arn: string, service: string, resourceLength: number): number {
  return longestLength(stack, arn, arnLongest(service, resourceLength)) + LISTED_ARN_OVERHEAD;
}

/** The grant to use `key` for messages (`grantKeyForMessages`): its ARN, keyed by it. */
export function keyGrant(stack: Stack, key: kms.IKey): { [key: string]: number } {
  // A key's ARN: `key/<36-character id>`.
  return { [`key:${key.node.path}`]: listedArnCharacters(stack, key.keyArn, 'kms', 'key/'.length + 36) };
}

/** The grants to publish to `topic` (`grantTopicPublish`): its ARN and its key's, keyed by them. */
export function topicGrant(stack: Stack, topic: sns.ITopic): { [key: string]: number } {
  // SNS topic names: up to 256 characters (SNS API reference, CreateTopic).
  return {
    [`topic:${topic.node.path}`]: listedArnCharacters(stack, topic.topicArn, 'sns', 256),
    ...(topic.masterKey ? keyGrant(stack, topic.masterKey) : {}),
  };
}

/** A schedule's grant to send to its dead-letter queue (aws-cdk-lib's scheduler targets: `sqs:SendMessage`), and to its key. */
export function deadLetterGrant(stack: Stack, queue: sqs.IQueue): { [key: string]: number } {
  // SQS queue names: up to 80 characters (SQS API reference, CreateQueue).
  return {
    [`queue:${queue.node.path}`]: listedArnCharacters(stack, queue.queueArn, 'sqs', 80),
    ...(queue.encryptionMasterKey ? keyGrant(stack, queue.encryptionMasterKey) : {}),
  };
}
