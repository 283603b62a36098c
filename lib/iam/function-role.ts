import { aws_iam as iam, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The execution role of a Lambda function that logs to a log group of its own: it may write log
 * streams of that group only. It replaces the `AWSLambdaBasicExecutionRole` managed policy
 * aws-cdk-lib attaches by default, which allows every log group of the account
 * (`logs:CreateLogGroup` and writes on `*`); with `logGroup` set, Lambda never creates a group.
 */
export function functionRole(scope: Construct, id: string, logGroup: logs.ILogGroup, description: string): iam.Role {
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
  // `logGroupArn` ends with `:*`: the group's log streams (Service Authorization Reference, CloudWatch Logs: log-stream ARNs).
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  return role;
}
