/**
 * What a scenario of the stand-in's world says a run does (test/cli/stand-in/world.ts): each
 * attempt's outcome and times, and the runner's waits between attempts.
 */

/** What one processing job does, in seconds of the world's clock. */
export interface JobPlan {
  /** Creation → instances running (ProcessingStartTime), or → the CapacityError. */
  readonly provisionSeconds: number;
  /** Instances running → the container's first line (inputs are downloaded). @default 0 */
  readonly downloadSeconds?: number;
  /** The container's run. @default 0 */
  readonly runSeconds?: number;
  /** The container exited → the job ended (outputs are uploaded). @default 0 */
  readonly uploadSeconds?: number;
  /**
   * `Throttled`: CreateProcessingJob was throttled, no job was created (its name is scheduled, never described);
   * `LimitExceeded`: it answered ResourceLimitExceeded, and the task's Retrier calls it again with the same name.
   */
  readonly outcome: 'Completed' | 'CapacityError' | 'Throttled' | 'LimitExceeded' | { readonly failureReason: string; readonly exitMessage?: string };
  /** Lines each instance (1, 2, …) writes, at seconds after the container started. */
  readonly logs?: ReadonlyArray<{ readonly instance: number; readonly at: number; readonly message: string }>;
  /** CloudWatch Logs returns an instance's lines this many seconds after they were written. @default - at once */
  readonly ingestionDelay?: { readonly [instance: number]: number };
}

/** What the next run (an execution of a runner, or a direct CreateProcessingJob) does. */
export interface RunPlan {
  /** StartExecution → the task creates the job. @default 1 */
  readonly startSeconds?: number;
  /** The job's request as the state machine renders it (CreateProcessingJob shape, without the name). Direct runs use the request they send. */
  readonly request?: { [key: string]: unknown };
  /** One job per attempt: capacity errors start the next after the runner's wait. None: the execution ends without a job. */
  readonly attempts: JobPlan[];
  /** With no attempts: the execution fails with this error (its input refused), else it succeeds (OverlapPolicy.SKIP). */
  readonly refused?: { readonly error: string; readonly cause: string };
  /** The runner's first wait after a CapacityError (it doubles after each). @default 300 */
  readonly capacityWaitSeconds?: number;
  /** The runner's first wait after a throttled start (it doubles after each). @default 30 */
  readonly throttleWaitSeconds?: number;
  /** The Run task's Retrier's first interval after ResourceLimitExceeded (it doubles after each; no jitter here). @default 30 */
  readonly taskRetrySeconds?: number;
  /** The job ended → the execution ended. @default 1 */
  readonly endSeconds?: number;
}

export const CAPACITY_REASON = 'CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.';
/** A throttled CreateProcessingJob as the optimized integration raises it (lib/job/failure-handling.ts). */
export const THROTTLED = { Error: 'SageMaker.AmazonSageMakerException',
  Cause: 'Rate exceeded (Service: AmazonSageMaker; Status Code: 400; Error Code: ThrottlingException; Request ID: 0f0f0f0f-1111-2222-3333-444455556666; Proxy: null)' };
/** An account quota as CreateProcessingJob answers it through the optimized integration (a modelled error: `SageMaker.<code>`). */
export const LIMIT_EXCEEDED = { Error: 'SageMaker.ResourceLimitExceeded',
  Cause: 'The account-level service limit \'ml.m5.xlarge for processing job usage\' is 4 Instances, with current utilization of 4 Instances and a request delta of 2 Instances.' };
/** Outcomes of a call that created no job. */
export const NOT_CREATED = new Set(['Throttled', 'LimitExceeded']);

/** When an attempt's job ends (a call that created no job: at once). */
export function jobEnd(p: JobPlan, created: number): number {
  if (p.outcome === 'Throttled' || p.outcome === 'LimitExceeded') return created;
  if (p.outcome === 'CapacityError') return created + p.provisionSeconds * 1000;
  return created + (p.provisionSeconds + (p.downloadSeconds ?? 0) + (p.runSeconds ?? 0) + (p.uploadSeconds ?? 0)) * 1000;
}

/** How many attempts before attempt `i` (0-based) ended as it did (the retries of its kind so far). */
export function sameBefore(plan: RunPlan, i: number): number {
  return plan.attempts.slice(0, i).filter((a) => a.outcome === plan.attempts[i].outcome).length;
}

/** The runner's wait after attempt `i` (0-based) of a capacity error or a throttled start: its kind's interval, doubled after each. */
export function retryWait(plan: RunPlan, i: number): number {
  const outcome = plan.attempts[i].outcome;
  if (outcome === 'CapacityError') return (plan.capacityWaitSeconds ?? 300) * 2 ** sameBefore(plan, i);
  if (outcome === 'Throttled') return (plan.throttleWaitSeconds ?? 30) * 2 ** sameBefore(plan, i);
  if (outcome === 'LimitExceeded') return (plan.taskRetrySeconds ?? 30) * 2 ** sameBefore(plan, i);
  return 0;
}
