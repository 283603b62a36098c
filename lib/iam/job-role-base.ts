import { ArnFormat, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { recordInherentStatements } from './nag-acknowledgements';

/** The log group every processing job writes to (SageMaker creates it on first use). */
export const PROCESSING_JOB_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';

/**
 * What every job role needs whatever the job does: its logs and its metrics (SageMaker Developer
 * Guide, "CreateProcessingJob API: Execution Role Permissions": `logs:CreateLogGroup`,
 * `logs:CreateLogStream`, `logs:DescribeLogStreams`, `logs:PutLogEvents`, `cloudwatch:PutMetricData`).
 *
 * The log actions are authorized on two resource types (Service Authorization Reference, Amazon
 * CloudWatch Logs): `CreateLogGroup` and `DescribeLogStreams` on the `log-group` type,
 * `arn:…:log-group:<name>` (no `:*`), and `CreateLogStream` and `PutLogEvents` on the `log-stream`
 * type, `arn:…:log-group:<name>:log-stream:<stream>`. So the statement names the group itself and
 * `<group>:*` (its streams): `<group>:*` alone does not match the group's ARN, and the group actions
 * would grant nothing; `<group>*` would also match every group whose name starts with it.
 */
export function jobRoleBaseStatements(stack: Stack): iam.PolicyStatement[] {
  const group = (resourceName: string) => stack.formatArn({ service: 'logs', resource: 'log-group', resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const logs = new iam.PolicyStatement({
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    resources: [group(PROCESSING_JOB_LOG_GROUP), group(`${PROCESSING_JOB_LOG_GROUP}:*`)],
  });
  // PutMetricData has no resource-level permissions; the namespace condition scopes it.
  const metrics = new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': PROCESSING_JOB_LOG_GROUP } },
  });
  recordInherentStatements(stack, [logs], 'SageMaker writes one log stream per job and instance into /aws/sagemaker/ProcessingJobs; the streams are named at run time.');
  recordInherentStatements(stack, [metrics], 'cloudwatch:PutMetricData has no resource types (Service Authorization Reference); the namespace condition scopes it to SageMaker Processing metrics.');
  return [logs, metrics];
}
