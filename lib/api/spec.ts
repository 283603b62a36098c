import { ProcessingInputConfig, ProcessingOutputConfig } from './io-config';
import { ImageInstanceFit } from './image-instance-fit';

/** One entry of `ProcessingResources.ClusterConfig.InstancePreferences`. */
export interface InstancePreferenceSpec {
  readonly instanceType: string;
  readonly instanceCount?: number;
}

/** The experiment a job run is recorded in (`ExperimentConfig`). */
export interface ExperimentConfig {
  /** Experiment name. @default - none */
  readonly experimentName?: string;
  /** Trial name. @default - none */
  readonly trialName?: string;
  /** Display name of the trial component. @default - none */
  readonly trialComponentDisplayName?: string;
  /** Run name in SageMaker Experiments. @default - none */
  readonly runName?: string;
}

/**
 * Everything one CreateProcessingJob request holds, as plain bound data (no constructs):
 * what `ProcessingImage`, `ProcessingCode`, the processors, inputs and outputs produced with
 * `bind()`. Internal: the task, the L3 job, the deploy-time run and the CLI all build one of
 * these and hand it to `renderProcessingJobRequest`.
 */
export interface ProcessingJobSpec {
  readonly jobName: string;
  readonly roleArn: string;
  readonly imageUri: string;
  readonly entrypoint?: string[];
  readonly arguments?: string[];
  /** The variables, or a whole-object token from the execution (rendered as `Environment.$`). */
  readonly environment?: { [key: string]: string };
  readonly instanceType?: string;
  readonly instancePreferences?: InstancePreferenceSpec[];
  readonly instanceCount?: number;
  readonly volumeSizeInGb: number;
  readonly volumeKmsKeyId?: string;
  readonly inputs: ProcessingInputConfig[];
  readonly outputs: ProcessingOutputConfig[];
  readonly outputKmsKeyId?: string;
  readonly maxRuntimeInSeconds?: number;
  readonly enableInterContainerTrafficEncryption?: boolean;
  readonly enableNetworkIsolation?: boolean;
  readonly securityGroupIds?: string[];
  readonly subnetIds?: string[];
  readonly experimentConfig?: ExperimentConfig;
  readonly tags?: { [key: string]: string };
  /**
   * The instance types a run may use with the job's image, when a managed image was chosen by the
   * job's instance types (not rendered: the run checks read it).
   */
  readonly imageFit?: ImageInstanceFit;
}
