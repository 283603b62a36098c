import { AcceptedFinding } from './nag';

const ANY_GRANT_POLICY = /\/DefaultPolicy\/Resource$/;
const RUN_PROVIDER_FUNCTION = /\/ProcessingJobRunProvider\d+s\/(OnEvent|IsComplete|Provider\/framework-(onEvent|isComplete|onTimeout))\/Resource$/;

/**
 * NIST 800-53 rev 5 findings that come from the library's design itself, so every app that uses it
 * has them: accepted in any stack, on the constructs the library creates. (Its AwsSolutions
 * findings it acknowledges itself, in its code: lib/iam/nag-acknowledgements.ts.)
 */
export const LIBRARY_FINDINGS: AcceptedFinding[] = [
  {
    rule: 'NIST.800.53.R5-IAMNoInlinePolicy', path: ANY_GRANT_POLICY,
    reason: 'aws-cdk-lib writes grants as one AWS::IAM::Policy per role, attached to that role and deployed with it; no users or groups.',
  },
  {
    rule: 'NIST.800.53.R5-IAMNoInlinePolicy', path: /\/(JobRole|RunnerRole([0-9a-f]{8})?(Untraced)?\d*|StartRole([0-9a-f]{8})?\d*)\/Resource$/,
    reason: "ProcessingJob and its runner keep each role's statements in the role's own inline policy, deployed with it (one IAM resource a role); no users or groups.",
  },
  {
    rule: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', path: /\/(Runner\/Logs|ProcessingJobsShared\/Logs\d*)\/Resource$/,
    reason: "A runner's log group (a shared runner's own, or the one the standalone jobs of a stack share, one per retention) holds execution events without execution data (includeExecutionData: false); give logGroup with a KMS key to encrypt it with your own.",
  },
  {
    rule: 'NIST.800.53.R5-IAMNoInlinePolicy', path: /\/Notifications\/HandlerPolicy\/Resource$/,
    reason: "aws-cdk-lib's bucket-notifications handler gets a policy for exactly that bucket's notification configuration.",
  },
  {
    rule: /^NIST\.800\.53\.R5-Lambda(Concurrency|DLQ|InsideVPC)$/, path: RUN_PROVIDER_FUNCTION,
    reason: 'Custom-resource handlers, called synchronously by CloudFormation during a deployment: failures go back to the deployment (no '
      + 'asynchronous event to dead-letter), deployments bound the concurrency, and they call only the SageMaker API, not resources in a VPC.',
  },
  {
    rule: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', path: /\/ProcessingJobRunProvider\d+s\/(OnEvent|IsComplete|Framework|Waiter)Logs\/Resource$/,
    reason: "Open (lib/run): the log groups of the handlers, the Provider framework and its waiter (job names and states, no job data) use CloudWatch Logs' "
      + 'own encryption, not a customer key (no ProcessingDefaults field names a key for logs).',
  },
];

/** A minimal example's data bucket and state machine, kept short on purpose. */
const MINIMAL_EXAMPLE = 'A minimal example: its data bucket has no access logs, versioning, KMS key or replication, its state machine no logs or tracing. '
  + 'PlatformTemplateExample shows all of them.';

function minimalExample(stack: string, stateMachine: boolean): AcceptedFinding[] {
  const bucket = new RegExp(`^${stack}/Data/Resource$`);
  return [
    ...['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'NIST.800.53.R5-S3BucketVersioningEnabled', 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-S3BucketReplicationEnabled'].map((rule) => ({ rule, path: bucket, reason: MINIMAL_EXAMPLE })),
    ...(stateMachine ? ['AwsSolutions-SF1', 'AwsSolutions-SF2'].map((rule) => ({ rule, path: new RegExp(`^${stack}/StateMachine/Resource$`), reason: MINIMAL_EXAMPLE })) : []),
  ];
}

/**
 * Findings of the example app's own choices, stack by stack. A new stack gets none of these: it
 * fixes its findings or acknowledges them in its code (`Validations.of(construct).acknowledge`).
 */
export const EXAMPLE_FINDINGS: AcceptedFinding[] = [
  ...minimalExample('ProcessingTaskExample', true),
  ...minimalExample('ProcessorsExample', true),
  ...minimalExample('DeployTimeRunExample', false),
  {
    rule: /^AwsSolutions-IAM5\[Action::s3:(GetObject|GetBucket|List|Abort)\*\]$/,
    path: /^(ProcessorsExample\/(CountEventsWithPySpark|AggregateWithSparkJar)\/JobRole\/DefaultPolicy|DataLakeExample\/Features\/JobRole)\/Resource$/,
    reason: "The examples' own bucket.grantRead/grantWrite for the S3 locations their Spark jobs read and write themselves (arguments, jars).",
  },
  {
    rule: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', path: /^ProcessorsExample\/CountEventsWithPySpark\/JobRole\/DefaultPolicy\/Resource$/,
    reason: 'The example grants the Spark job data.grantWrite on its output and event-log prefixes, which includes deletes.',
  },
];
