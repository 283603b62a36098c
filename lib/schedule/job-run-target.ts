import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * Run-time overrides of one run, the typed form of the execution input keys that `ProcessingJob`
 * accepts. Values may be EventBridge/Scheduler placeholders (`EventField.fromPath(...)`,
 * `<aws.scheduler.scheduled-time>`).
 */
export interface JobRunOverrides {
  /** Container arguments, replacing the job's run-time arguments. @default - the job's */
  readonly arguments?: string[];
  /** Environment values, merged over the job's. @default - the job's */
  readonly environment?: { [key: string]: string };
  /** Instance type name, e.g. `ml.m5.2xlarge`. @default - the job's */
  readonly instanceType?: string;
  /** Instance count. @default - the job's */
  readonly instanceCount?: number;
  /** S3 URI per input name. @default - the job's */
  readonly inputs?: { [inputName: string]: string };
  /** S3 URI per output name. @default - the job's */
  readonly outputs?: { [outputName: string]: string };
  /** The run's scheduled time (ISO 8601), for per-date outputs and backfills. @default - the execution's start time */
  readonly scheduledTime?: string;
}

/**
 * What a schedule or trigger starts; implemented by `ProcessingJob`. Internal contract between
 * `lib/job` and `lib/schedule` (schedules do not import the job layer; the job imports them).
 */
export interface JobRunTarget {
  /** The construct the schedule's resources are created in (the job). */
  readonly scope: Construct;
  /** The prefix of the job's run names. */
  readonly jobNamePrefix: string;
  /** The state machine that runs the job (its own, or a shared runner). */
  readonly stateMachine: sfn.IStateMachine;
  /** The execution input of a run with these overrides (the job part plus the overrides). */
  executionInput(overrides: JobRunOverrides): { [key: string]: unknown };
  /** For direct mode: the CreateProcessingJob request without `ProcessingJobName`. */
  readonly request: { [key: string]: unknown };
  /** For direct mode: the role SageMaker runs the job as (the scheduler role may pass it). */
  readonly jobRole: iam.IRole;
}
