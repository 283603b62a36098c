/**
 * The statuses in SageMaker's job state change events (`ProcessingJobStatus`,
 * `TrainingJobStatus`). Source: SageMaker API reference, ProcessingJobSummary / TrainingJobSummary
 * (valid values InProgress | Completed | Failed | Stopping | Stopped).
 */
export enum SageMakerJobStatus {
  /** The job is running. */
  IN_PROGRESS = 'InProgress',
  /** The job finished successfully. */
  COMPLETED = 'Completed',
  /** The job failed. */
  FAILED = 'Failed',
  /** The job is being stopped. */
  STOPPING = 'Stopping',
  /** The job was stopped. */
  STOPPED = 'Stopped',
}

/**
 * The final states of a Glue job run in "Glue Job State Change" events. Source: AWS Glue Developer
 * Guide, "Automating AWS Glue with EventBridge" (job state change events for SUCCEEDED, FAILED,
 * TIMEOUT and STOPPED).
 */
export enum GlueJobState {
  /** The job run succeeded. */
  SUCCEEDED = 'SUCCEEDED',
  /** The job run failed. */
  FAILED = 'FAILED',
  /** The job run exceeded its timeout. */
  TIMEOUT = 'TIMEOUT',
  /** The job run was stopped. */
  STOPPED = 'STOPPED',
}

/**
 * The events triggers listen to: source, detail-type and the detail fields read.
 *
 * - S3: Amazon S3 User Guide, "EventBridge event message structure" (source `aws.s3`, detail-type
 *   `Object Created`, `detail.bucket.name`, `detail.object.key`); S3 sends them only for buckets
 *   with EventBridge notifications on ("Enabling Amazon EventBridge").
 * - SageMaker: SageMaker Developer Guide, "Events that Amazon SageMaker AI sends to Amazon
 *   EventBridge" (source `aws.sagemaker`, detail-types `SageMaker Processing Job State Change` and
 *   `SageMaker Training Job State Change`; the detail is the Describe*Job response, so the name
 *   and status are `ProcessingJobName`/`ProcessingJobStatus` and `TrainingJobName`/`TrainingJobStatus`).
 * - Glue: AWS Glue Developer Guide, "Automating AWS Glue with EventBridge" (source `aws.glue`,
 *   detail-type `Glue Job State Change`, detail `jobName`, `state`, `jobRunId`).
 */
export const EVENT_SOURCES = {
  s3ObjectCreated: { source: 'aws.s3', detailType: 'Object Created', bucketNamePath: '$.detail.bucket.name', objectKeyPath: '$.detail.object.key' },
  processingJob: { source: 'aws.sagemaker', detailType: 'SageMaker Processing Job State Change', nameField: 'ProcessingJobName', statusField: 'ProcessingJobStatus' },
  trainingJob: { source: 'aws.sagemaker', detailType: 'SageMaker Training Job State Change', nameField: 'TrainingJobName', statusField: 'TrainingJobStatus' },
  glueJob: { source: 'aws.glue', detailType: 'Glue Job State Change', nameField: 'jobName', stateField: 'state', runIdField: 'jobRunId' },
} as const;

/** The environment variables triggers set on the runs they start. */
export const TRIGGER_VARIABLES = {
  /** The key of the object whose creation started the run (S3 triggers). */
  objectKey: 'PROCESSING_TRIGGER_OBJECT_KEY',
  /** The name of the upstream job (SageMaker and Glue triggers). */
  upstreamJobName: 'PROCESSING_TRIGGER_JOB_NAME',
  /** The id of the upstream Glue job run (Glue triggers). */
  upstreamJobRunId: 'PROCESSING_TRIGGER_JOB_RUN_ID',
} as const;
