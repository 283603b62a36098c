import { ImageInstanceFit } from '../api/image-instance-fit';

/**
 * How the `run` command finds deployed jobs: every `ProcessingJob` adds one construct metadata
 * entry of this type (it lands in `cdk.out/manifest.json` under the job's construct path). No
 * stack outputs: a stack has at most 200 outputs, and a platform stack holds more jobs than that.
 */
export const PROCESSING_JOB_METADATA_TYPE = 'cdk-sagemaker-processing:job';

/**
 * The metadata entry's data (resolved by CDK at synth: tokens become CloudFormation intrinsics
 * such as `{ "Ref": "..." }` / `{ "Fn::GetAtt": [...] }` / `{ "Fn::Join": [...] }` /
 * `{ "Fn::FindInMap": [...] }`, which the CLI resolves against the deployed stack).
 */
export interface ProcessingJobMetadata {
  /** Format version of this entry. */
  readonly version: number;
  /** The construct path, e.g. `DataLake/NightlyFeatures`. */
  readonly path: string;
  /** The construct id, e.g. `NightlyFeatures`. */
  readonly id: string;
  /** The job's id within its runner (the `job` key of a shared runner's input). */
  readonly jobId: string;
  /** The prefix of the job's run names. */
  readonly jobNamePrefix: string;
  /** Logical id (in the job's stack) of the state machine that runs the job: its own or a shared runner's. */
  readonly stateMachineLogicalId: string;
  /**
   * The execution input every run starts from, in the overrides form (`{}`, or `{ "job": id }`
   * for a shared runner); the CLI adds the user's overrides (`arguments`, `environment`,
   * `instanceType`, `instanceCount`, `inputs`, `outputs`, `scheduledTime`) to it.
   */
  readonly executionInput: { [key: string]: unknown };
  /** The CreateProcessingJob request without `ProcessingJobName` and without run values, for `run --direct`. */
  readonly request: { [key: string]: unknown };
  /** How S3 outputs are partitioned per run: `none`, `scheduled-date` (`dt=<yyyy-MM-dd>/`) or `run-id` (`run=<id>/`). */
  readonly outputPartitioning: string;
  /**
   * The keys of the overrides form the job's runner takes (`acceptedKeys`: no `arguments` for a job
   * without arguments, no `instanceType`/`instanceCount` with instance preferences). Absent in
   * assemblies of versions before it (the runner still refuses such keys).
   */
  readonly overridableKeys?: string[];
  /**
   * The nested stacks the job is in, outermost first (a `ProcessingJobFleet` puts its jobs in
   * nested stacks): the logical id of each one's `AWS::CloudFormation::Stack` resource in its
   * parent, and its template file in the cloud assembly. `stateMachineLogicalId` and the
   * request's intrinsics then belong to the innermost one. Absent for a job of a top-level stack.
   */
  readonly nestedStacks?: NestedStackLocation[];
  /** Names of the S3 inputs and outputs whose URIs a run may override. */
  readonly overridableInputs: string[];
  readonly overridableOutputs: string[];
  /**
   * Those of `overridableOutputs` declared with `ProcessingOutput.toJobBucket`: the request holds
   * their bucket, and a run writes them to `<job name>/output/<output name>` there unless it
   * overrides them (`RunJob.jobBucketOutputs`). Absent: none (and in assemblies of versions before it).
   */
  readonly jobBucketOutputs?: string[];
  /**
   * The instance types the job's image runs on, when a SageMaker-managed image was chosen (CPU or
   * GPU) by the job's instance types: the CLI refuses `--instance-type` outside them, as the runner
   * does. Absent: any (and in assemblies of versions before it).
   */
  readonly imageFit?: ImageInstanceFit;
  /**
   * The guardrails the job's runner holds each run's overrides to (`ProcessingGuardrails`): the CLI
   * refuses what they refuse, for `--direct` too, which starts no runner. Absent: none (and in
   * assemblies of versions before it).
   */
  readonly guards?: RunGuardMetadata[];
}

/**
 * A guardrail of the runner as the metadata holds it: `RunGuardData` without its `null`s (a field
 * left out: any), since aws-cdk-lib 2.224's manifest writer fails on a `null`.
 */
export interface RunGuardMetadata {
  /** Instance types a run may use. Absent: any. */
  readonly instanceTypes?: string[];
  /** Instance families a run may use. Absent: any. */
  readonly families?: string[];
  /** The rule and its allowed values, as messages name them. */
  readonly instanceRule: string;
  readonly allowedText: string;
  /** The most instances a run may use. Absent: the API's. */
  readonly maxInstanceCount?: number;
  /** Environment variables a run may not set. */
  readonly lockedEnvironment: string[];
}

/** Where a nested stack is: its resource in the parent stack, and its template in the cloud assembly. */
export interface NestedStackLocation {
  /** Logical id of the `AWS::CloudFormation::Stack` resource in the parent stack. */
  readonly logicalId: string;
  /** The nested stack's template file, relative to the cloud assembly's directory. */
  readonly templateFile: string;
}
