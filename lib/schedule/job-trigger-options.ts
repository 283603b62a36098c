import { GlueJobState, SageMakerJobStatus } from './job-events';
import { JobStartOptions } from './job-start-options';

/**
 * Options of every trigger. `overrides` values may be `events.EventField.fromPath(...)`
 * placeholders, filled from the event; `overrides.scheduledTime` defaults to the event's time.
 * (Its own type, so that trigger-only options can be added without changing the schedules'.)
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobTriggerOptions extends JobStartOptions {}

/** Options of an S3 "Object Created" trigger. */
export interface ObjectCreatedTriggerOptions extends JobTriggerOptions {
  /** Only objects whose key starts with this. @default - every key */
  readonly prefix?: string;
  /** Only objects whose key ends with this (e.g. `.csv`). @default - every key */
  readonly suffix?: string;
  /**
   * The job input (by name) that reads the new object: its S3 URI becomes
   * `s3://<bucket>/<object key>` for the run, and the job role may read the objects the trigger
   * matches (under `prefix`, or the whole bucket, and its key through S3).
   * @default - no input changes; the key reaches the job only as `PROCESSING_TRIGGER_OBJECT_KEY`
   */
  readonly input?: string;
}

/** Options of a SageMaker processing or training job state change trigger. */
export interface SageMakerJobStateChangeTriggerOptions extends JobTriggerOptions {
  /**
   * Only jobs whose name starts with this, e.g. the upstream `ProcessingJob`'s `jobNamePrefix`.
   * Required for processing jobs unless it would match this job's own runs (an endless loop).
   * @default - every job of the account and region
   */
  readonly jobNamePrefix?: string;
  /** The statuses that start a run. @default [SageMakerJobStatus.COMPLETED] */
  readonly statuses?: SageMakerJobStatus[];
}

/** Options of a Glue job state change trigger. */
export interface GlueJobStateChangeTriggerOptions extends JobTriggerOptions {
  /** The Glue job's name. */
  readonly jobName: string;
  /** The final states that start a run. @default [GlueJobState.SUCCEEDED] */
  readonly states?: GlueJobState[];
}
