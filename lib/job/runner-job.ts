import { aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { JobRunTemplate } from './run-template';

/** The keys of `ProcessingJobRunnerOptions`, which a job of a shared runner cannot set (its runner's apply). */
export const RUNNER_OPTION_KEYS = ['notificationTopic', 'retry', 'logGroup', 'tracingEnabled', 'outputExpiration', 'failureAlarm'] as const;

/** What a runner needs to know of a job it runs. */
export interface RunnerJob {
  /** The job construct. */
  readonly scope: Construct;
  readonly path: string;
  /** The job's id in the runner (the `job` key of a shared runner's input). */
  readonly jobId: string;
  /** The full prefix of the job's names. */
  readonly jobNamePrefix: string;
  /** The job's role. */
  readonly role: iam.IRole;
  /** The role was created under the runner's job-role path (the runner may pass it without naming it). */
  readonly roleUnderRunnerPath: boolean;
  readonly hasTags: boolean;
  readonly skipWhenRunning: boolean;
  readonly template: JobRunTemplate;
}

/**
 * The errors of a `CreateProcessingJob` call worth retrying: throttling and account limits
 * (optimized integrations name errors `<service>.<API exception>`; SageMaker's limit exception
 * is `ResourceLimitExceeded`).
 */
export const RETRYABLE_START_ERRORS = ['SageMaker.ThrottlingException', 'SageMaker.ResourceLimitExceeded', 'SageMaker.ResourceLimitExceededException'];
