import { IConstruct } from 'constructs';
import { ProcessingJobSpec } from '../api/spec';
import { ProcessingImageSource } from '../image/processing-image';

/** What kind of construct runs the job (for guardrail messages). */
export type ProcessingJobKind = 'step' | 'job' | 'deploy-time-run';

/**
 * The bound job of a construct, as guardrails see it. Internal: not exported from the package.
 * Every construct that binds a job definition (the task, `ProcessingJob`, `ProcessingJobRun`)
 * registers one; a guardrail reports on the outermost registered construct of a subtree only,
 * so a `ProcessingJob` and the task inside it count once.
 */
export interface ProcessingJobInspection {
  readonly kind: ProcessingJobKind;
  readonly spec: ProcessingJobSpec;
  readonly imageSource: ProcessingImageSource;
  /** ECR repository ARN of the image, when it comes from a repository. */
  readonly imageRepositoryArn?: string;
}

const inspections = new WeakMap<IConstruct, ProcessingJobInspection>();

/** Registers the bound job of a construct (last registration wins). */
export function registerProcessingJobInspection(construct: IConstruct, inspection: ProcessingJobInspection): void {
  inspections.set(construct, inspection);
}

/** The bound job of a construct, if it registered one. */
export function processingJobInspectionOf(construct: IConstruct): ProcessingJobInspection | undefined {
  return inspections.get(construct);
}
