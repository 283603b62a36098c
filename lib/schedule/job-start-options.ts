import { Duration, aws_sqs as sqs } from 'aws-cdk-lib';
import { JobRunOverrides } from '../definition/job-run-overrides';

/** What every schedule and trigger accepts: how its runs start and what they override. */
export interface JobStartOptions {
  /**
   * Whether the schedule or rule is enabled; `false` deploys it in state `DISABLED` (for staging
   * environments). @default true
   */
  readonly enabled?: boolean;
  /** A description of the schedule or rule (up to 512 characters). @default - none */
  readonly description?: string;
  /**
   * Run-time overrides applied to every run this schedule or trigger starts (arguments,
   * environment, instance type/count, input/output S3 URIs). @default - the job's own values
   */
  readonly overrides?: JobRunOverrides;
  /**
   * How often EventBridge retries starting a run when the start call fails (0–185). This retries
   * the call (`StartExecution`, or `CreateProcessingJob` in direct mode), not a failed job.
   * @default 185 (the EventBridge default)
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps retrying the start call (60 seconds to 24 hours).
   * @default Duration.hours(24) (the EventBridge default)
   */
  readonly maxEventAge?: Duration;
  /**
   * An SQS queue that receives the start calls that failed after all retries.
   * @default - no dead-letter queue: a start that keeps failing is dropped (see the
   * `InvocationDroppedCount` / `FailedInvocations` metrics)
   */
  readonly deadLetterQueue?: sqs.IQueue;
}
