import { AcceptedFinding } from './nag';

/** The region and account in an ARN: pseudo parameters in an env-agnostic stack, values otherwise. */
const ENV = '(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12})';

/**
 * A job role's grants: in its default policy (a task's role), inline in the role (a ProcessingJob's), or the base policy of the
 * job roles of a shared runner or of a stack's other jobs.
 */
const JOB_ROLE_POLICY = /\/(JobRole\/(DefaultPolicy\/)?|JobBasePolicy\/|ProcessingJobsShared\/(JobPolicy|EcrLoginPolicy)\/)Resource$/;
/**
 * A runner's role and start role (a shared runner's own, or the one the standalone jobs of a stack
 * share, one per permissions boundary: `StartRole<8 hex>`): their statements are inline in the role.
 */
const RUNNER_ROLE_POLICY = /\/(RunnerRole|StartRole([0-9a-f]{8})?|ProcessingJobsShared\/RunnerPolicy(Untraced)?)\/Resource$/;
const ANY_GRANT_POLICY = /\/DefaultPolicy\/Resource$/;
const RUN_PROVIDER = /\/ProcessingJobRunProvider\d+s\//;
const RUN_PROVIDER_WAITER_POLICY = /\/ProcessingJobRunProvider\d+s\/Provider\/waiter-state-machine\/Role\/DefaultPolicy\/Resource$/;
const RUN_PROVIDER_FUNCTION = /\/ProcessingJobRunProvider\d+s\/(OnEvent|IsComplete|Provider\/framework-(onEvent|isComplete|onTimeout))\/Resource$/;

/**
 * cdk-nag findings that come from the library's least-privilege design itself, so every app that
 * uses it has them: accepted in any stack, on the constructs the library creates. Each is as
 * narrow as IAM allows; test/platform/security.test.ts checks the statements behind them.
 */
export const LIBRARY_FINDINGS: AcceptedFinding[] = [
  {
    rule: 'AwsSolutions-IAM5[Resource::*]', path: JOB_ROLE_POLICY,
    reason: 'Only actions IAM cannot scope: ecr:GetAuthorizationToken, cloudwatch:PutMetricData (with its namespace condition), the EC2 Describe actions and DeleteNetworkInterfacePermission (with the VPC condition) of a job in a VPC, '
      + 'the Redshift Data statement reads (with the statement-owner condition); security.test.ts fails on any other action on "*".',
  },
  {
    rule: new RegExp(`^AwsSolutions-IAM5\\[Resource::arn:<AWS::Partition>:logs:${ENV}:log-group:/aws/sagemaker/ProcessingJobs:\\*\\]$`), path: JOB_ROLE_POLICY,
    reason: 'SageMaker writes one log stream per job and instance into /aws/sagemaker/ProcessingJobs; the streams are named at run time.',
  },
  {
    rule: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', path: JOB_ROLE_POLICY,
    reason: 'The data keys of SSE-KMS uploads (GenerateDataKey and GenerateDataKeyWithoutPlaintext), through S3 or SageMaker only (kms:ViaService), on the job\'s own keys only.',
  },
  {
    rule: new RegExp(`^AwsSolutions-IAM5\\[Resource::arn:<AWS::Partition>:ec2:${ENV}:network-interface/\\*\\]$`), path: JOB_ROLE_POLICY,
    reason: 'The network interfaces SageMaker creates for a job in a VPC are named at run time: created only in the job\'s subnets with its security groups, '
      + 'given permissions and deleted only in its VPC and subnets (ec2:Vpc, ec2:Subnet).',
  },
  {
    // A non-empty key prefix, then "*": never a whole bucket.
    rule: /^AwsSolutions-IAM5\[Resource::(<[A-Za-z0-9]+\.Arn>|arn:<AWS::Partition>:s3:::[^/\]]+)\/[^*\]]+\*\]$/, path: JOB_ROLE_POLICY,
    reason: 'The objects under one input or output prefix of the job (or one folder of staged files): the narrowest resource S3 has for a prefix.',
  },
  {
    rule: new RegExp(`^AwsSolutions-IAM5\\[Resource::arn:<AWS::Partition>:glue:${ENV}:table/[^/*\\]]+/\\*\\]$`), path: JOB_ROLE_POLICY,
    reason: 'An Athena input reads the tables of its one Glue database; the query names the tables, the construct does not.',
  },
  {
    rule: new RegExp(`^AwsSolutions-IAM5\\[Resource::arn:<AWS::Partition>:sagemaker:${ENV}:processing-job/[a-z0-9-]+\\*\\]$`), path: new RegExp(`${ANY_GRANT_POLICY.source}|${RUNNER_ROLE_POLICY.source}`),
    reason: 'Each run creates a new job named <prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>; the role may create, describe and stop only the jobs of its prefix.',
  },
  {
    rule: 'NIST.800.53.R5-IAMNoInlinePolicy', path: ANY_GRANT_POLICY,
    reason: 'aws-cdk-lib writes grants as one AWS::IAM::Policy per role, attached to that role and deployed with it; no users or groups.',
  },
  {
    rule: 'NIST.800.53.R5-IAMNoInlinePolicy', path: /\/(JobRole|RunnerRole|StartRole([0-9a-f]{8})?)\/Resource$/,
    reason: "ProcessingJob and its runner keep each role's statements in the role's own inline policy, deployed with it (one IAM resource a role); no users or groups.",
  },
  // ProcessingJob runners.
  {
    rule: 'AwsSolutions-IAM5[Resource::*]', path: RUNNER_ROLE_POLICY,
    reason: 'Only actions IAM cannot scope: CloudWatch Logs vended-log delivery and X-Ray (aws-cdk-lib StateMachine logs/tracing), sagemaker:ListProcessingJobs '
      + '(OverlapPolicy.SKIP); security.test.ts fails on any other action on "*".',
  },
  {
    rule: /^AwsSolutions-IAM5\[Action::kms:(ReEncrypt|GenerateDataKey)\*\]$/, path: RUNNER_ROLE_POLICY,
    reason: "aws-cdk-lib's grant action groups for the notification topic's key (topic.grantPublish).",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:iam::(<AWS::AccountId>|\d{12}):role\/processing-jobs\/[a-zA-Z0-9-]+\/\*\]$/, path: RUNNER_ROLE_POLICY,
    reason: "A shared runner passes the roles of its jobs, which live under the runner's own IAM path, so its policy does not grow with each job (iam:PassedToService applies).",
  },
  {
    rule: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', path: /\/(Runner\/Logs|ProcessingJobsShared\/Logs\d*)\/Resource$/,
    reason: "A runner's log group (a shared runner's own, or the one the standalone jobs of a stack share, one per retention) holds execution events without execution data (includeExecutionData: false); give logGroup with a KMS key to encrypt it with your own.",
  },
  // JobTrigger.onObjectCreated turns on EventBridge notifications of the bucket: aws-cdk-lib's BucketNotificationsHandler.
  {
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', path: /\/BucketNotificationsHandler[0-9a-f]+\/Role\/Resource$/,
    reason: "aws-cdk-lib's bucket-notifications handler (bucket.enableEventBridgeNotification) writes its own logs.",
  },
  {
    rule: 'NIST.800.53.R5-IAMNoInlinePolicy', path: /\/Notifications\/HandlerPolicy\/Resource$/,
    reason: "aws-cdk-lib's bucket-notifications handler gets a policy for exactly that bucket's notification configuration.",
  },
  // ProcessingJobRun: the handlers and aws-cdk-lib's custom-resources Provider framework.
  {
    rule: /^AwsSolutions-IAM5\[Resource::<ProcessingJobRunProvider\w+\.Arn>:\*\]$/, path: RUN_PROVIDER,
    reason: "The Provider framework may invoke any version of the run's own handler functions.",
  },
  {
    rule: /^NIST\.800\.53\.R5-Lambda(Concurrency|DLQ|InsideVPC)$/, path: RUN_PROVIDER_FUNCTION,
    reason: 'Custom-resource handlers, called synchronously by CloudFormation during a deployment: failures go back to the deployment (no '
      + 'asynchronous event to dead-letter), deployments bound the concurrency, and they call only the SageMaker API, not resources in a VPC.',
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::*]', path: RUN_PROVIDER_WAITER_POLICY,
    reason: "aws-cdk-lib's WaiterStateMachine, once its logging is on, grants its own role the Step Functions log-delivery actions and "
      + 'logs:CreateLogStream/PutLogEvents on "*"; the Provider takes no role for it. security.test.ts allows exactly these on this policy.',
  },
  {
    rule: 'AwsSolutions-SF2', path: /\/ProcessingJobRunProvider\d+s\/Provider\/waiter-state-machine\/Resource$/,
    reason: "aws-cdk-lib 2.276's Provider has no X-Ray option for its waiter state machine (ProviderProps offers waiterStateMachineLogOptions, "
      + 'not tracing). The waiter only calls the isComplete handler every 30 s; it logs every event (level ALL) to the WaiterLogs group.',
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
