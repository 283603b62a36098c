import { Duration, aws_sns as sns, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RunGuardData } from '../api/run-rules';
import { failureHandlingStates } from './failure-handling';
import { INVALID_INPUT_ERROR } from './input-validation';
import { JobRetryOptions } from './options';
import { capacityWaits, retryWithDefaults, throttleWaits } from './retry-plan';
import { RETRYABLE_START_ERRORS } from './runner-job';
import { INVALID_INPUT_CAUSE, JOB_VARIABLE, RunnerRunState } from './runner-run-state';

/** The state every run of every job goes through. */
export const RUN_STATE = 'Run';
/** The first state of a run of a job with OverlapPolicy.SKIP. */
export const CHECK_RUNNING_STATE = 'CheckRunning';

/** Everything a runner's fixed states depend on (so two runners with equal options have the same states). */
export interface RunnerStatesOptions {
  /** The runner's retries. */
  readonly retry: JobRetryOptions;
  /** Where failures are published. */
  readonly topic?: sns.ITopic;
  /** The guardrails every input is held to (known when the definition is rendered). */
  readonly guards: () => RunGuardData[];
}

/**
 * What makes two `RunnerStatesOptions` render the same states: every field of the options, the
 * durations in seconds, the topic by its construct (one topic, one key), the guards as they are now.
 */
export function runnerStatesKey(options: RunnerStatesOptions): string {
  const r = options.retry;
  const seconds = (d?: Duration) => d?.toSeconds();
  return JSON.stringify({
    retry: [r.maxAttempts, seconds(r.interval), r.backoffRate, seconds(r.maxDelay), r.capacityAttempts, seconds(r.capacityInterval)],
    topic: options.topic?.node.path,
    guards: options.guards(),
  });
}

/**
 * A runner's fixed states: a job's data is assigned to `$job` by the first state (`Job`, or
 * `Route` in a shared runner), and `Run` checks the input, names the run and applies its values
 * (2 transitions); its retries, the refused input (`InvalidInput`) and the failure handling; and,
 * made on first use, the overlap check of OverlapPolicy.SKIP.
 */
export class RunnerStates {
  public readonly run: RunnerRunState;
  private overlapCheck?: sfn.State;

  constructor(private readonly scope: Construct, options: RunnerStatesOptions) {
    const retry = options.retry;
    this.run = new RunnerRunState(scope, RUN_STATE, 'Checks the input against $job\'s rules and runs $job\'s request with the run\'s values ' +
      '(names <job prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>)', options.guards);
    const start = retryWithDefaults(retry);
    if (start.maxAttempts > 0) {
      this.run.addRetry({
        errors: RETRYABLE_START_ERRORS,
        maxAttempts: start.maxAttempts,
        interval: start.interval,
        backoffRate: start.backoffRate,
        maxDelay: start.maxDelay,
        jitterStrategy: sfn.JitterType.FULL,
      });
    }
    // A refused input: the Run state's expression raised the problem with $error (no job was created).
    this.run.addCatch(sfn.Fail.jsonata(scope, 'InvalidInput', { stateName: 'InvalidInput', error: INVALID_INPUT_ERROR, cause: INVALID_INPUT_CAUSE }),
      { errors: ['States.QueryEvaluationError'], outputs: '{% $states.errorOutput %}' });
    // A run started again (capacity, throttling) is already checked; Run checks it again, with a new job name.
    // Made only when a retry loop goes to it: Step Functions refuses a definition with a state no transition reaches.
    let runAgain: sfn.Pass | undefined;
    const router = () => {
      if (!runAgain) {
        runAgain = new sfn.Pass(scope, 'RunAgain', { stateName: 'RunAgain', comment: 'Starts the run again (after a capacity or throttling wait)' });
        runAgain.next(this.run);
      }
      return runAgain;
    };
    this.run.addCatch(failureHandlingStates(scope, router, {
      topic: options.topic,
      capacityWaits: capacityWaits(retry),
      throttleWaits: throttleWaits(retry),
    }), { errors: [sfn.Errors.ALL], outputs: "{% $merge([$states.input, { 'error': $states.errorOutput }]) %}" });
  }

  /** The state a job's runs enter: the overlap check (OverlapPolicy.SKIP) or Run. */
  public entry(skipWhenRunning: boolean): sfn.State {
    return skipWhenRunning ? this.overlapStates() : this.run;
  }

  /**
   * OverlapPolicy.SKIP (once for all of the runner's jobs): lists the running jobs of `$job`'s
   * prefix and ends the run as skipped when there is one, else goes on to Run.
   */
  private overlapStates(): sfn.State {
    if (!this.overlapCheck) {
      const check = tasks.CallAwsService.jsonata(this.scope, CHECK_RUNNING_STATE, {
        stateName: CHECK_RUNNING_STATE,
        comment: 'OverlapPolicy.SKIP: is a run of this job in progress?',
        service: 'sagemaker',
        action: 'listProcessingJobs',
        // NameContains matches anywhere in a name (SageMaker API Reference, ListProcessingJobs: "returns only processing
        // jobs whose name contains the specified string"): `old-<prefix>-2…` and `<prefix>-2nd-…` match too. The result
        // is held to this job's run names, `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`, out of the most the call returns (100).
        parameters: { NameContains: `{% $${JOB_VARIABLE}.prefix & '-2' %}`, StatusEquals: 'InProgress', MaxResults: 100 },
        // ListProcessingJobs has no resource types; the runner grants (and acknowledges) exactly this statement.
        iamAction: 'sagemaker:ListProcessingJobs',
        iamResources: ['*'],
        outputs: '{% $states.input %}',
        assign: {
          running: `{% ($p := $${JOB_VARIABLE}.prefix & '-'; $count($states.result.ProcessingJobSummaries[$substring(ProcessingJobName, 0, $length($p)) = $p and ` +
            "$contains($substring(ProcessingJobName, $length($p)), /^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$/)])) %}",
        },
      });
      check.next(sfn.Choice.jsonata(this.scope, 'IsRunning', { stateName: 'IsRunning' })
        .when(sfn.Condition.jsonata('{% $running > 0 %}'), new sfn.Succeed(this.scope, 'Skipped', { stateName: 'Skipped', comment: 'A run of this job was in progress.' }))
        .otherwise(this.run));
      this.overlapCheck = check;
    }
    return this.overlapCheck;
  }
}
