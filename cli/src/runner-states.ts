/**
 * Every state a runner's definition can hold (lib/job: `runner-states.ts`, `failure-handling.ts`,
 * `processing-job-runner.ts`, `mapped-definition.ts`), by name, with what a run in it is doing. The
 * command reads an execution's history by these names only (it cannot import lib/job: aws-cdk-lib),
 * and test/cli/runner-contract.test.ts fails when a synthesized runner has a state this table lacks,
 * or a Wait state that is not one of `RUNNER_WAITS`: a new wait cannot go unseen by `run` and `status`.
 */

/** What a runner waits out before it starts a run again, and how the command tells it. */
export interface RunnerWaitState {
  /** The key of the wait state's input that holds `{ attempt, wait }` (`wait`: the seconds it waits). */
  readonly counter: string;
  /** What it waits for, after "waiting": `for capacity`. */
  readonly waitsFor: string;
  /** What ended the attempt before the wait, after the attempt's job name (or the run id): `found no capacity`. */
  readonly happened: string;
  /** The attempt before the wait created a processing job (its FailureReason is the reason). */
  readonly jobCreated: boolean;
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
