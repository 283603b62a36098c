import type { CreateProcessingJobRequest } from '../api/api-request';
import { aws_iam as iam, aws_sqs as sqs, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { JobRunOverrides } from '../definition/job-run-overrides';

/**
 * What a schedule or trigger starts; implemented by `ProcessingJob`. Internal contract between
 * `lib/job` and `lib/schedule` (schedules do not import the job layer; the job imports them).
 * See docs/CONTRACTS.md for the execution input forms.
 */
export interface JobRunTarget {
  /** The construct the schedule's resources are created in (the job). */
  readonly scope: Construct;
  /** The job's id within its runner (the `job` key of a shared runner's input). */
  readonly jobId: string;
  /** The prefix of the job's run names. */
  readonly jobNamePrefix: string;
  /** Whether a run is skipped while another run of the job is in progress (`OverlapPolicy.SKIP`): the state machine checks it. @default false */
  readonly skipWhenRunning?: boolean;
  /** The state machine that runs the job (its own, or a shared runner). */
  readonly stateMachine: sfn.IStateMachine;
  /**
   * The role schedules and rules start runs with: shared by every job of the runner, trusted by
   * `scheduler.amazonaws.com` (the account's default schedule group) and `events.amazonaws.com`
   * (the rules named with `startRuleNamePrefix`), and allowed to
   * `states:StartExecution` the runner. Created on first use.
   */
  readonly startRole: iam.IRole;
  /**
   * The start of the names of the EventBridge rules that start runs (`[.-_A-Za-z0-9]`, at most 40
   * characters): the start role trusts EventBridge only for the rules of this account and region named so.
   */
  readonly startRuleNamePrefix: string;
  /**
   * The role an EventBridge Scheduler schedule runs with: `startRole`, or for a direct schedule
   * (`direct`: it creates the job itself) a role with room for the direct run's grants. The role
   * counts the grants the schedule gives it for `deadLetterQueue` (aws-cdk-lib's `sqs:SendMessage`,
   * the queue key's), so a role shared by many jobs stays within IAM's size limit.
   */
  scheduleRole(direct: boolean, deadLetterQueue?: sqs.IQueue): iam.IRole;
  /**
   * The execution input of a run with these overrides, in the overrides form (`{ job?, ...overrides,
   * scheduledTime }`): what the run overrides; the runner completes it with the job's values.
   */
  executionInput(overrides: JobRunOverrides): { [key: string]: unknown };
  /**
   * For direct mode (no state machine): the CreateProcessingJob request of a run named `jobName`,
   * with the run values applied (lib/definition/run-values.ts): the overrides, `PROCESSING_RUN_ID`
   * set to `jobName`, `PROCESSING_SCHEDULED_TIME` to the scheduled time, and the `run=` partition.
   * Throws when the job's options need the state machine (e.g. `OutputPartitioning.SCHEDULED_DATE`,
   * which needs the date cut out of the time).
   */
  directRequest(overrides: JobRunOverrides, jobName: string): CreateProcessingJobRequest;
  /**
   * Lets `grantee` create this job's runs directly (`sagemaker:CreateProcessingJob`/`AddTags` on
   * the runner's job-name prefix, `iam:PassRole` of the job roles with `iam:PassedToService`).
   * Idempotent: a shared role gets the runner-wide statements once.
   */
  grantDirectRun(grantee: iam.IGrantable): void;
  /** The role SageMaker runs the job as. */
  readonly jobRole: iam.IRole;
  /** The names of the job's S3 inputs, the inputs a run may give another URI (an object-created trigger's `input`). */
  readonly overridableInputs: readonly string[];
}
