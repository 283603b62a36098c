/**
 * The three apps `npm run bench` compares, and how each spreads N jobs over stacks: what a user
 * who writes N scheduled jobs that way deploys.
 */

/**
 * - `baseline`: the hand-written jobs (bench/baseline): per job a `CustomState` state machine, its
 *   IAM and an EventBridge rule;
 * - `standalone`: the README's first example N times: a `ProcessingJob` with a runner of its own
 *   and a `JobSchedule` (bench/library/standalone-stack.ts);
 * - `shared`: `ProcessingJob`s on one shared `ProcessingJobRunner` (bench/library/library-stack.ts).
 */
export type Side = 'baseline' | 'standalone' | 'shared';

export const SIDES: readonly Side[] = ['baseline', 'standalone', 'shared'];

/**
 * Jobs per stack. The baseline fits 82 jobs in a stack (6 resources each, 500 per stack), so above
 * 80 its jobs go into stacks of 80, as someone writing them by hand would split them; the
 * standalone jobs are split the same way, so that both sides deploy the same stacks. The shared
 * side keeps every job in one stack: up to 240 on one runner, above in a `ProcessingJobFleet`
 * (nested stacks, issue 19 item 3); without it in the library, that synth fails and the bench
 * says the 1,000-job case is not available.
 */
export const JOBS_PER_STACK: Record<Side, number> = { baseline: 80, standalone: 80, shared: Infinity };

/**
 * Above this N the shared side puts its jobs into a `ProcessingJobFleet` (nested stacks, a runner
 * each, in one stack) instead of on one runner: one runner's definition holds about 245 jobs.
 */
export const SHARED_ONE_RUNNER_MAX = 240;

/**
 * The stacks of an app with `n` jobs: each stack's first job (1-based) and job count. `oneStack`
 * puts them all in one stack (the bench's check of the largest N a stack holds).
 */
export function stackSplit(side: Side, n: number, oneStack = false): Array<{ firstJob: number; jobCount: number }> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`the job count must be a positive integer, got ${n}`);
  const per = oneStack ? Infinity : JOBS_PER_STACK[side];
  const out: Array<{ firstJob: number; jobCount: number }> = [];
  for (let first = 1; first <= n; first += per) out.push({ firstJob: first, jobCount: Math.min(per, n - first + 1) });
  return out;
}
