import { aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';

/** Where a job keeps the outputs that name no location of their own (`ProcessingOutput.toJobBucket`). */
export interface ProcessingJobStorage {
  /** The bucket. */
  readonly bucket: s3.IBucket;
  /**
   * The start of the keys of the job's runs in it: `<job name prefix>-` (a run writes under
   * `<job name>/output/<output name>`, and every job name starts with the prefix and a dash).
   */
  readonly keyPrefix: string;
}

/** What a piece of a job (image, code, input, output, processor) gets when it is bound to a job. */
export interface ProcessingBindOptions {
  /** The job role: inputs, outputs and images grant it what they need. */
  readonly grantee: iam.IGrantable;
  /** The job's own storage, when it has one (a `ProcessingJob`). @default - none */
  readonly jobStorage?: ProcessingJobStorage;
  /**
   * The instance types the job runs on: its `instanceType`, or its `instancePreferences` in order.
   * A SageMaker-managed image with CPU and GPU variants picks by them, as the SDK's `image_uris.retrieve`.
   * @default - not known (the image's default processor type)
   */
  readonly instanceTypes?: string[];
}
