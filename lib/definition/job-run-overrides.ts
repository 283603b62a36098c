/**
 * Run-time overrides of one run, the typed form of the execution input keys that `ProcessingJob`
 * accepts. Values may be EventBridge/Scheduler placeholders (`EventField.fromPath(...)`,
 * `<aws.scheduler.scheduled-time>`).
 */
export interface JobRunOverrides {
  /** Container arguments, replacing the job's own arguments. @default - the job's */
  readonly arguments?: string[];
  /**
   * Environment values, merged over the job's. In a step each value may be JSONPath, but not the
   * whole object (`JsonPath.objectAt`), which a step refuses. @default - the job's
   */
  readonly environment?: { [key: string]: string };
  /** Instance type name, e.g. `ml.m5.2xlarge`. @default - the job's */
  readonly instanceType?: string;
  /** Instance count. @default - the job's */
  readonly instanceCount?: number;
  /** S3 URI per input name, merged over the job's S3 inputs. @default - the job's */
  readonly inputs?: { [inputName: string]: string };
  /** S3 URI per output name, merged over the job's S3 outputs. @default - the job's */
  readonly outputs?: { [outputName: string]: string };
  /** The run's scheduled time (ISO 8601), for per-date outputs and backfills. @default - the execution's start time */
  readonly scheduledTime?: string;
}
