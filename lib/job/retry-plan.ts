import { Duration } from 'aws-cdk-lib';
import { Checks } from '../api/checks';
import { JobRetryOptions } from './options';

// A runner's retry plan: its defaults, the waits its states are written with, and the checks of both (one place for each).

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
