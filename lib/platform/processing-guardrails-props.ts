import { Duration, Size } from 'aws-cdk-lib';
import { ProcessingInstanceType } from '../api/processing-instance-type';
import { ProcessingImageSource } from '../image/processing-image';

/** How guardrail violations are reported. */
export enum GuardrailMode {
  /** As errors: `cdk synth` fails, listing every violation of every job. */
  ERROR = 'ERROR',
  /** As warnings (acknowledgeable by id `cdk-sagemaker-processing:guardrail:<rule>`); synth fails only with `--strict`. */
  WARNING = 'WARNING',
}

/** The policy a `ProcessingGuardrails` Aspect checks. Every rule is off unless set. */
export interface ProcessingGuardrailsProps {
  /** Instance types jobs may use (with `allowedInstanceFamilies`: either list allows). @default - any type */
  readonly allowedInstanceTypes?: ProcessingInstanceType[];
  /** Instance families jobs may use, e.g. `['m5', 'c5']` for `ml.m5.*` and `ml.c5.*`. @default - any family */
  readonly allowedInstanceFamilies?: string[];
  /** The most instances a job may use. @default - up to the API's 100 */
  readonly maxInstanceCount?: number;
  /** The longest `MaxRuntimeInSeconds` a job may set. @default - up to the API's 9 days */
  readonly maxRuntime?: Duration;
  /** The largest ML storage volume per instance. @default - up to the API's 16384 GiB */
  readonly maxVolumeSize?: Size;
  /** Jobs must run in a VPC. @default false */
  readonly requireVpc?: boolean;
  /** Jobs must run with network isolation. @default false */
  readonly requireNetworkIsolation?: boolean;
  /** Jobs must encrypt traffic between their instances. @default false */
  readonly requireInterContainerTrafficEncryption?: boolean;
  /** Jobs must use customer KMS keys: for the volume, and for S3 outputs when they have any. @default false */
  readonly requireKmsKeys?: boolean;
  /** Tag keys every processing job must carry with a non-empty value (the job's own tags, `Tags`). @default - none */
  readonly requiredTags?: string[];
  /** Where images may come from, e.g. `[ProcessingImageSource.MANAGED, ProcessingImageSource.ECR_REPOSITORY]`. @default - any source */
  readonly allowedImageSources?: ProcessingImageSource[];
  /** Images must be in ECR repositories of the job's own account (not SageMaker-managed, not another registry). @default false */
  readonly requireImagesFromOwnAccount?: boolean;
  /**
   * Environment variables a run may not set: neither the static overrides of a `ProcessingJob`'s
   * schedules, triggers and steps, nor the input of an execution (e.g. `['PIP_INDEX_URL',
   * 'PYTHONPATH']`); the job's own props still may. @default - none
   */
  readonly lockedEnvironmentKeys?: string[];
  /** Errors (synth fails) or warnings. @default GuardrailMode.ERROR */
  readonly mode?: GuardrailMode;
}
