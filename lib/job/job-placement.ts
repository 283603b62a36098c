/**
 * Where a `ProcessingJob` may be, and with which props: checks of its construction (a shared
 * runner's jobs in the runner's stack, runner options only where the job has a runner of its own,
 * none with `stepOnly`) and of `asStep` (the step's state machine in the job's account and Region).
 * Each throws naming the construct path and what to do instead.
 */
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { knownAndDifferent } from '../iam/environment';
import type { ProcessingJobRunner, ProcessingJobRunnerOptions } from './processing-job-runner';
import { RUNNER_OPTION_KEYS } from './runner-job';

/** The props of a `ProcessingJob` these checks read: its runner, `stepOnly`, and what only a runner uses. */
export interface JobPlacementProps extends ProcessingJobRunnerOptions {
  readonly runner?: ProcessingJobRunner;
  readonly stepOnly?: boolean;
  readonly schedule?: unknown;
  readonly triggers?: unknown;
  readonly overlap?: unknown;
}

/** A `stepOnly` job has no runner: the props that need one are refused. */
export function checkStepOnlyProps(job: Construct, props: JobPlacementProps): void {
  if (!props.stepOnly) return;
  const runnerOnly = [...RUNNER_OPTION_KEYS, 'runner' as const, 'schedule' as const, 'triggers' as const, 'overlap' as const]
    .filter((k) => props[k] !== undefined && props[k] !== false).sort();
  if (runnerOnly.length > 0) {
    throw new Error(`${job.node.path}: ${runnerOnly.join(', ')} ${runnerOnly.length > 1 ? 'need' : 'needs'} a runner, and the job is stepOnly ` +
      '(it runs only as steps of other state machines, with asStep); leave stepOnly out to give the job a runner');
  }
}

/** A job on a shared runner: in the runner's stack, and without the options that belong to the runner. */
export function checkOwnRunnerProps(job: Construct, props: JobPlacementProps): void {
  if (!props.runner) return;
  checkRunnerStack(job, props.runner);
  const ownOnly = RUNNER_OPTION_KEYS.filter((k) => props[k] !== undefined).sort();
  if (ownOnly.length > 0) {
    throw new Error(`${job.node.path}: ${ownOnly.join(', ')} ${ownOnly.length > 1 ? 'are' : 'is'} set on the runner when the job shares one ` +
      `(runner ${props.runner.node.path}); give ${ownOnly.length > 1 ? 'them' : 'it'} in ProcessingJobRunnerProps`);
  }
}

/** A shared runner's jobs are in its stack. */
function checkRunnerStack(job: Construct, runner: ProcessingJobRunner): void {
  // The runner's definition holds each job's role and data, and the job's starters the runner's
  // state machine: across two stacks (a nested stack included) the references run both ways, a
  // cycle CloudFormation refuses.
  const jobStack = Stack.of(job);
  const runnerStack = Stack.of(runner);
  if (jobStack !== runnerStack) {
    throw new Error(`${job.node.path}: the job is in stack ${jobStack.node.path} and its runner ${runner.node.path} in stack ${runnerStack.node.path}; ` +
      'a shared runner\'s jobs must be in the runner\'s stack (their references run both ways, a cycle CloudFormation refuses): ' +
      'give each stack its own ProcessingJobRunner, or put the jobs on a ProcessingJobFleet');
  }
}

/**
 * A step creates the job in its state machine's account and Region (the integration ARN
 * `arn:<partition>:states:::sagemaker:createProcessingJob` names neither: Step Functions calls
 * SageMaker where the state machine runs), while the job's image, KMS keys and role were resolved
 * for the job's stack: a managed image of another Region's registry, a role SageMaker cannot take.
 */
export function checkStepEnvironment(job: Construct, scope: Construct, id: string): void {
  const jobStack = Stack.of(job);
  const stepStack = Stack.of(scope);
  const region = knownAndDifferent(jobStack.region, stepStack.region);
  if (!region && !knownAndDifferent(jobStack.account, stepStack.account)) return;
  const where = (s: Stack) => `${region ? `region ${s.region}` : `account ${s.account}`} (stack ${s.node.path})`;
  throw new Error(`${scope.node.path}/${id}: asStep of ${job.node.path}: the step's state machine runs in ${where(stepStack)} and the job is defined ` +
    `in ${where(jobStack)}; a step creates the job where its state machine runs, so the job's image, keys and role must be of that ` +
    `${region ? 'region' : 'account'}: define the job (stepOnly: true) in a stack of the step's account and region`);
}
