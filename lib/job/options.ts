import { Duration } from 'aws-cdk-lib';
import { Checks } from '../api/checks';

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

/** `JobRetryOptions` with every default filled in (the defaults its docs name). */
export function retryWithDefaults(retry: JobRetryOptions): Required<JobRetryOptions> {
  return {
    maxAttempts: retry.maxAttempts ?? 4,
    interval: retry.interval ?? Duration.seconds(30),
    backoffRate: retry.backoffRate ?? 2,
    maxDelay: retry.maxDelay ?? Duration.minutes(10),
    capacityAttempts: retry.capacityAttempts ?? 2,
    capacityInterval: retry.capacityInterval ?? Duration.minutes(5),
  };
}

/**
 * The waits (seconds) of the start retries, and before a throttled run starts again: `maxAttempts` of them, from
 * `interval`, times `backoffRate` after each, at most `maxDelay` (Step Functions Retry, without its jitter).
 */
export function throttleWaits(retry: JobRetryOptions): number[] {
  const r = retryWithDefaults(retry);
  const interval = r.interval.toSeconds();
  const maxDelay = r.maxDelay.toSeconds();
  return Array.from({ length: Math.max(r.maxAttempts, 0) }, (_, i) => Math.max(1, Math.min(maxDelay, Math.round(interval * r.backoffRate ** i))));
}

/** The waits (seconds) before each start again of a run that found no capacity: `capacityAttempts` of them, from `capacityInterval`, doubling. */
export function capacityWaits(retry: JobRetryOptions): number[] {
  const r = retryWithDefaults(retry);
  return Array.from({ length: Math.max(r.capacityAttempts, 0) }, (_, i) => r.capacityInterval.toSeconds() * 2 ** i);
}

/**
 * The longest a Standard workflow's execution runs: one year, after which it fails with States.Timeout (Step
 * Functions Developer Guide, "Step Functions service quotas": maximum execution time, 1 year). Taken as 365 days.
 */
const MAX_EXECUTION_SECONDS = 365 * 86_400;

/** The Retry fields of Step Functions (ASL: MaxAttempts 0–99, BackoffRate ≥ 1, intervals in whole seconds), through the validation kit. */
export function checkRetry(v: Checks, retry: JobRetryOptions): void {
  const field = 'Step Functions Retry';
  const use = "the runner's retry states are written with it";
  const before = v.messages.length;
  for (const key of ['maxAttempts', 'capacityAttempts', 'backoffRate', 'interval', 'maxDelay', 'capacityInterval'] as const) {
    v.knownAtSynth(`retry.${key}`, field, retry[key], use);
  }
  v.integer('retry.maxAttempts', field, retry.maxAttempts, { min: 0, max: 99 });
  v.integer('retry.capacityAttempts', field, retry.capacityAttempts, { min: 0, max: 10 });
  v.real('retry.backoffRate', field, retry.backoffRate, { min: 1, max: 10 });
  v.duration('retry.interval', field, retry.interval, 'seconds', { min: 1, max: 86400 });
  v.duration('retry.maxDelay', field, retry.maxDelay, 'seconds', { min: 1, max: 86400 });
  v.duration('retry.capacityInterval', field, retry.capacityInterval, 'seconds', { min: 1, max: 86400 });
  if (v.messages.length === before) checkRetryPlan(v, retry);
}

/**
 * Every wait of a run happens in one execution, which ends after a year: a capacity retry whose waits before it add up
 * to more could never start. Refused, as a plan that cannot be carried out.
 */
function checkRetryPlan(v: Checks, retry: JobRetryOptions): void {
  const r = retryWithDefaults(retry);
  const capacity = capacityWaits(retry);
  let waited = 0;
  let reachable = 0;
  for (const wait of capacity) {
    waited += wait;
    if (waited <= MAX_EXECUTION_SECONDS) reachable++;
  }
  if (reachable === capacity.length) return;
  const days = Math.round(waited / 86_400);
  v.add(`retry.capacityAttempts ${r.capacityAttempts} with retry.capacityInterval ${r.capacityInterval.toHumanString()} waits ${days} days in all ` +
    `(the interval doubles after each attempt), over the 1 year (365 days) an execution may run: attempts after the ${ordinal(reachable)} could never ` +
    `start; give at most ${reachable} capacity attempts with this interval, or a shorter interval (Step Functions maximum execution time)`);
}

/** 1st, 2nd, 3rd, 4th, … (up to 10 here). */
function ordinal(n: number): string {
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as { [k: number]: string })[n] ?? 'th'}`;
}
