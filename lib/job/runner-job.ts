import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { jsonPathRunName } from '../api/naming';
import { ProcessingJobSpecTask } from '../task/processing-job-spec-task';
import { RunGuardData } from '../api/run-rules';
import { defaultsState, runRulesData } from './input-validation';
import { JobRetryOptions, OutputPartitioning } from './options';
import { JobRunTemplate } from './run-template';

/** The keys of `ProcessingJobRunnerOptions`, which a job of a shared runner cannot set (its runner's apply). */
export const RUNNER_OPTION_KEYS = ['notificationTopic', 'retry', 'logGroup', 'tracingEnabled', 'outputExpiration'] as const;

/** What a runner needs to know of a job it runs. */
export interface RunnerJob {
  /** The job construct: its states are created under it. */
  readonly scope: Construct;
  readonly path: string;
  /** The job's id in the runner (the `job` key of a shared runner's input). */
  readonly jobId: string;
  /** The full prefix of the job's names. */
  readonly jobNamePrefix: string;
  readonly roleArn: string;
  /** The role was created under the runner's job-role path (the runner may pass it without naming it). */
  readonly roleUnderRunnerPath: boolean;
  readonly hasTags: boolean;
  readonly skipWhenRunning: boolean;
  readonly template: JobRunTemplate;
}

/** A job's states in a runner. */
export interface RunnerJobStates {
  /** Where a run-form input for the job enters (the overlap check, or the task). */
  readonly entry: sfn.State;
  /** Where an overrides-form input for the job enters (its defaults, then the shared checks). */
  readonly defaults: sfn.Pass;
}

/**
 * The errors of a `CreateProcessingJob` call worth retrying: throttling and account limits
 * (optimized integrations name errors `<service>.<API exception>`; SageMaker's limit exception
 * is `ResourceLimitExceeded`).
 */
export const RETRYABLE_START_ERRORS = ['SageMaker.ThrottlingException', 'SageMaker.ResourceLimitExceeded', 'SageMaker.ResourceLimitExceededException'];

/** Builds a job's states (under the job) for a runner. */
export function runnerJobStates(job: RunnerJob, options: {
  shared: boolean; retry: JobRetryOptions; onFailure: sfn.IChainable;
  /** The guardrails of the runs, once the Aspects have run (read when the definition is rendered). */
  guards: () => RunGuardData[];
}): RunnerJobStates {
  const name = (what: string) => `${what} ${job.jobId}`;
  const run = new ProcessingJobSpecTask(job.scope, 'Run', {
    stateName: name('Run'),
    comment: `Runs ${job.path} (names ${job.jobNamePrefix}-<yyyyMMdd>-<HHmmss>-<8 hex>)`,
    resultSelector: {
      'ProcessingJobName.$': '$.ProcessingJobName',
      'ProcessingJobArn.$': '$.ProcessingJobArn',
      'ProcessingJobStatus.$': '$.ProcessingJobStatus',
    },
    resultPath: '$.result',
  }, {
    request: job.template.requestFromRunInput(jsonPathRunName(job.jobNamePrefix)),
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    // The runner grants what its tasks need, once for all of its jobs.
    policies: [],
  });
  const retry = options.retry;
  if ((retry.maxAttempts ?? 4) > 0) {
    run.addRetry({
      errors: RETRYABLE_START_ERRORS,
      maxAttempts: retry.maxAttempts ?? 4,
      interval: retry.interval ?? Duration.seconds(30),
      backoffRate: retry.backoffRate ?? 2,
      maxDelay: retry.maxDelay ?? Duration.minutes(10),
      jitterStrategy: sfn.JitterType.FULL,
    });
  }
  run.addCatch(options.onFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

  const rules = runRulesData(options.shared ? job.jobId : null, job.template.defaults, job.template.partitioning !== OutputPartitioning.NONE, options.guards);
  const defaults = defaultsState(job.scope, name('Defaults'), rules);
  return { entry: job.skipWhenRunning ? overlapCheck(job, name, run) : run, defaults };
}

/** Lists the job's InProgress processing jobs and ends the run as skipped when there is one. */
function overlapCheck(job: RunnerJob, name: (what: string) => string, run: sfn.State): sfn.State {
  const check = new tasks.CallAwsService(job.scope, 'CheckRunning', {
    stateName: name('CheckRunning'),
    comment: 'OverlapPolicy.SKIP: is a run of this job in progress?',
    service: 'sagemaker',
    action: 'listProcessingJobs',
    // Names are `<prefix>-<yyyyMMdd>-…`: `<prefix>-2` does not match a longer prefix that merely starts with this one.
    parameters: { NameContains: `${job.jobNamePrefix}-2`, StatusEquals: 'InProgress', MaxResults: 10 },
    // ListProcessingJobs has no resource types; the runner grants (and acknowledges) exactly this statement.
    iamAction: 'sagemaker:ListProcessingJobs',
    iamResources: ['*'],
    resultSelector: { 'running.$': 'States.ArrayLength($.ProcessingJobSummaries)' },
    resultPath: '$.overlap',
  });
  const skipped = new sfn.Succeed(job.scope, 'Skipped', { stateName: name('Skipped'), comment: 'A run of this job was in progress.' });
  check.next(new sfn.Choice(job.scope, 'IsRunning', { stateName: name('IsRunning') })
    .when(sfn.Condition.numberGreaterThan('$.overlap.running', 0), skipped)
    .otherwise(run));
  return check;
}
