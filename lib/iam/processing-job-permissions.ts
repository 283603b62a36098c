import { Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { RUN_NAME_SUFFIX_IAM_PATTERN } from '../api/run-name';
import { recordInherentStatements } from './nag-acknowledgements';

/** The service principal job roles are passed to, and the only one they may be passed to. */
export const SAGEMAKER_SERVICE_PRINCIPAL = 'sagemaker.amazonaws.com';

/**
 * The ARN pattern of the processing jobs whose names start with `jobNamePrefix`, or of every
 * processing job when the prefix is unknown at synth (a run-time name). SageMaker puts job names
 * into ARNs in lower case (Service Authorization Reference, Amazon SageMaker AI: the
 * `processing-job` resource type), so the pattern is lower-cased.
 */
export function processingJobArnPattern(stack: Stack, jobNamePrefix?: string, runNamesOnly = false): string {
  const known = jobNamePrefix !== undefined && !Token.isUnresolved(jobNamePrefix);
  const rest = runNamesOnly ? RUN_NAME_SUFFIX_IAM_PATTERN : '*';
  return stack.formatArn({ service: 'sagemaker', resource: 'processing-job', resourceName: known ? `${jobNamePrefix.toLowerCase()}${rest}` : '*' });
}

/** What a principal may do with the processing jobs under one name prefix. */
export interface ProcessingJobAccess {
  /** The prefix of the job names. @default - any job name (a name known only at run time) */
  readonly jobNamePrefix?: string;
  /** `sagemaker:CreateProcessingJob`, with `iam:PassRole` of `passRoleArns`. @default false */
  readonly create?: boolean;
  /** `sagemaker:DescribeProcessingJob`. @default false */
  readonly describe?: boolean;
  /** `sagemaker:StopProcessingJob` (a stopped execution stops its job). @default false */
  readonly stop?: boolean;
  /**
   * The names are exactly `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` (the run names of lib/api/run-name.ts): the job actions are on
   * those names only, not on every name that starts with the prefix. @default false
   */
  readonly runNamesOnly?: boolean;
  /** `sagemaker:ListTags` (the Step Functions integration reads the job's tags). @default false */
  readonly listTags?: boolean;
  /** `sagemaker:AddTags`, needed by CreateProcessingJob when the request has tags. @default false */
  readonly addTags?: boolean;
  /** The job roles the principal may pass to SageMaker (role ARNs or patterns such as `arn:…:role/path/*`). @default - none */
  readonly passRoleArns?: string[];
}

/**
 * The statements for starting, watching and stopping processing jobs, used by every part that
 * starts jobs (the Step Functions task, a runner, direct Scheduler mode, the deploy-time run's
 * handlers): the job actions on the name prefix only, and `iam:PassRole` of the job roles with
 * `iam:PassedToService` = SageMaker, so a role can never be handed to another service.
 */
export function processingJobStatements(stack: Stack, access: ProcessingJobAccess): iam.PolicyStatement[] {
  const jobArn = processingJobArnPattern(stack, access.jobNamePrefix, access.runNamesOnly);
  const jobActions = [
    ...(access.create ? ['sagemaker:CreateProcessingJob'] : []),
    ...(access.describe ? ['sagemaker:DescribeProcessingJob'] : []),
    ...(access.stop ? ['sagemaker:StopProcessingJob'] : []),
  ];
  const statements: iam.PolicyStatement[] = [];
  if (jobActions.length > 0) statements.push(new iam.PolicyStatement({ actions: jobActions, resources: [jobArn] }));
  if (access.listTags) statements.push(new iam.PolicyStatement({ actions: ['sagemaker:ListTags'], resources: [jobArn] }));
  if (access.addTags) statements.push(new iam.PolicyStatement({ actions: ['sagemaker:AddTags'], resources: [jobArn] }));
  // Each run creates a new job named at run time: the job actions are on the name prefix (or, for a name known only at run time, every job).
  recordInherentStatements(stack, statements, 'Each run creates a new processing job named <prefix>-<time>-<id> at run time; the role may create, '
    + 'describe, tag and stop only the jobs of its name prefix (processing-job/<prefix>*).');
  if (access.create && (access.passRoleArns ?? []).length > 0) {
    const passRole = passJobRoleStatement(access.passRoleArns!);
    // A shared runner passes the roles under its IAM path (`role/<path>/*`).
    recordInherentStatements(stack, [passRole], "A shared runner passes the roles of its jobs, which live under the runner's own IAM path, so its policy "
      + 'does not grow with each job; iam:PassedToService allows SageMaker only.');
    statements.push(passRole);
  }
  return statements;
}

/** `iam:PassRole` of job roles, to SageMaker only (the condition keeps them from any other service). */
export function passJobRoleStatement(roleArns: string[]): iam.PolicyStatement {
  return passRoleStatement(roleArns, SAGEMAKER_SERVICE_PRINCIPAL);
}

/** `iam:PassRole` of the given roles to one service only (`iam:PassedToService`). */
export function passRoleStatement(roleArns: string[], servicePrincipal: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: roleArns,
    conditions: { StringEquals: { 'iam:PassedToService': servicePrincipal } },
  });
}
