/**
 * Every state a runner's definition can hold (lib/job: `runner-states.ts`, `failure-handling.ts`,
 * `processing-job-runner.ts`, `mapped-definition.ts`), by name, with what a run in it is doing. The
 * command reads an execution's history by these names only (it cannot import lib/job: aws-cdk-lib),
 * and test/cli/runner-contract.test.ts fails when a synthesized runner has a state this table lacks,
 * a Wait state that is not one of `RUNNER_WAITS` or a Retrier that is not one of `RUNNER_TASK_RETRIES`:
 * a new wait cannot go unseen by `run` and `status`.
 */

/** A wait of the runner before it tries again, and how the command tells it. */
export interface RunnerRetry {
  /** What it waits for, after "waiting": `for capacity`. */
  readonly waitsFor: string;
  /** What ended the attempt before the wait, after the attempt's job name (or the run id): `found no capacity`. */
  readonly happened: string;
  /** The attempt before the wait created a processing job (its FailureReason is the reason). */
  readonly jobCreated: boolean;
}

/** A Wait state of the runner before it starts a run again. */
export interface RunnerWaitState extends RunnerRetry {
  /** The key of the wait state's input that holds `{ attempt, wait }` (`wait`: the seconds it waits). */
  readonly counter: string;
}

/** A task state's Retrier: the state calls again after Step Functions' backoff (with jitter: no fixed time), entering no state. */
export interface RunnerTaskRetry extends RunnerRetry {
  /** The errors it retries (the Retrier's `ErrorEquals`). */
  readonly errors: readonly string[];
}

/**
 * The runner's wait states. The wait's input is the run's state: the execution input, `error` (the
 * failed attempt's `{ Error, Cause }`) and the counter of each kind of retry so far.
 */
export const RUNNER_WAITS: { readonly [state: string]: RunnerWaitState } = {
  // A job whose FailureReason is a CapacityError (SageMaker docs, "Retry policy for pipeline steps": CAPACITY_ERROR).
  WaitForCapacity: { counter: 'capacity', waitsFor: 'for capacity', happened: 'found no capacity', jobCreated: true },
  // CreateProcessingJob answered ThrottlingException: SageMaker created no job.
  WaitForThrottle: {
    counter: 'throttle', waitsFor: 'for SageMaker throttling to pass', happened: 'was not created: CreateProcessingJob was throttled', jobCreated: false,
  },
};

/**
 * The runner's task states with a Retrier: between a failed call and the next, the history's newest
 * event is the task's failure (lib/job/runner-states.ts, `RETRYABLE_START_ERRORS` of runner-job.ts).
 */
export const RUNNER_TASK_RETRIES: { readonly [state: string]: RunnerTaskRetry } = {
  // CreateProcessingJob throttled, or over an account quota (instances of the type, jobs at once): SageMaker created no job.
  Run: {
    errors: ['SageMaker.ThrottlingException', 'SageMaker.ResourceLimitExceeded', 'SageMaker.ResourceLimitExceededException'],
    waitsFor: 'for Step Functions to call CreateProcessingJob again', happened: 'was not created', jobCreated: false,
  },
};

/** The runner's other states (none of them waits: a run passes through, or ends in one). */
const RUNNER_STEPS: readonly string[] = [
  'Job', 'Route', 'UnknownJob', // the job's data: a job's own runner, a shared runner, an input naming no job of it
  'CheckRunning', 'IsRunning', 'Skipped', // OverlapPolicy.SKIP
  'Run', 'InvalidInput', 'RunAgain', // the run (its task retries ThrottlingException and ResourceLimitExceeded), a refused input, a start again after a wait
  'IsCapacityError', 'CountCapacityRetry', 'FirstCapacityRetry', 'NextCapacityRetry', 'CapacityRetriesLeft',
  'CountThrottleRetry', 'FirstThrottleRetry', 'NextThrottleRetry', 'ThrottleRetriesLeft',
  'IsJobFailure', 'DescribeFailure', 'NotifyJobFailure', 'NotifyStartFailure', 'Failed',
];

/** Every state a runner can have: its steps and its waits. */
export const RUNNER_STATE_NAMES: readonly string[] = [...RUNNER_STEPS, ...Object.keys(RUNNER_WAITS)];
