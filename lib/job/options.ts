import { Duration } from 'aws-cdk-lib';

/** Where the S3 outputs of each run are written, under the output's URI. */
export enum OutputPartitioning {
  /** Straight to the output's URI: every run writes to the same place. */
  NONE = 'none',
  /** Under `dt=<yyyy-MM-dd>/`, the UTC date of the run's scheduled time: a rerun or backfill of a date replaces that date only. */
  SCHEDULED_DATE = 'scheduled-date',
  /** Under `run=<run id>/` (the execution name): no two runs share a prefix. */
  RUN_ID = 'run-id',
}

/** What a run does when the job is already running. */
export enum OverlapPolicy {
  /** Runs start whatever else is running. */
  ALLOW = 'ALLOW',
  /**
   * A run first lists the job's processing jobs that are InProgress (SageMaker
   * ListProcessingJobs on the job's name prefix) and ends as skipped when there is one.
   * Two runs that start in the same second can both see none.
   */
  SKIP = 'SKIP',
}

/** Retries of a run whose job could not start (API throttling, account limits) or found no capacity. */
export interface JobRetryOptions {
  /** Attempts after the first for throttled or limited `CreateProcessingJob` calls, 0–99 (0 turns retries off). @default 4 */
  readonly maxAttempts?: number;
  /** Wait before the first retry, in whole seconds from 1 second to 24 hours. @default Duration.seconds(30) */
  readonly interval?: Duration;
  /** Multiplier of the wait after each retry, 1–10. @default 2 */
  readonly backoffRate?: number;
  /** Longest wait between two retries, in whole seconds from 1 second to 24 hours. @default Duration.minutes(10) */
  readonly maxDelay?: Duration;
  /**
   * Runs started again after the job failed for lack of instance capacity (FailureReason
   * `CapacityError: …`), each with a new job name, 0–10 (0 turns them off). Their waits (`capacityInterval`,
   * doubling) must add up to at most a year, the longest a run's execution may take: more is refused at synth.
   * @default 2
   */
  readonly capacityAttempts?: number;
  /** Wait before the first capacity retry, in whole seconds from 1 second to 24 hours; doubles after each. @default Duration.minutes(5) */
  readonly capacityInterval?: Duration;
}
