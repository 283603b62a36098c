import { IConstruct } from 'constructs';
import { ProcessingJobSpec } from '../api/spec';
import { ProcessingImageSource } from '../image/processing-image';
import { forwardOuterAspects } from './stage-aspects';

/** What kind of construct runs the job (for guardrail messages). */
export type ProcessingJobKind = 'step' | 'job' | 'deploy-time-run';

/** Where a job's runs get static overrides: a schedule, a trigger or a step (`job.asStep`). */
export type ProcessingJobVariantKind = 'schedule' | 'trigger' | 'step';

/**
 * A job as the runs of one schedule, trigger or step get it: the job's spec with the overrides
 * they set at synth (instance type and count, environment, arguments, input and output URIs).
 * Override values that are only known at run time (JSONPath, event or Scheduler placeholders)
 * stay as they are, as in a task's own spec.
 */
export interface ProcessingJobVariant {
  readonly kind: ProcessingJobVariantKind;
  /** The schedule, rule or task state that sets the overrides: reports about them go there. */
  readonly construct: IConstruct;
  readonly spec: ProcessingJobSpec;
}

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
  /** The job with the static overrides of each of its schedules, triggers and steps, in the order they were added. @default - none */
  readonly variants?: ProcessingJobVariant[];
  /**
   * The tags the job is deployed with, read when guardrails visit, after aws-cdk-lib's tag aspects: a deploy-time run's
   * `AWS::SageMaker::ProcessingJob` takes the tags `Tags.of(scope)` adds or removes, which its spec does not show.
   * @default - the spec's tags (a job started by a state machine or a schedule gets the request's tags only)
   */
  readonly deployedTags?: () => { [key: string]: string };
}

const inspections = new WeakMap<IConstruct, ProcessingJobInspection>();

/** Registers the bound job of a construct (last registration wins). */
export function registerProcessingJobInspection(construct: IConstruct, inspection: ProcessingJobInspection): void {
  inspections.set(construct, inspection);
  // Guardrails applied above the job's stage (the app of a CDK Pipelines app) reach it too.
  forwardOuterAspects(construct);
}

/** The bound job of a construct, if it registered one. */
export function processingJobInspectionOf(construct: IConstruct): ProcessingJobInspection | undefined {
  return inspections.get(construct);
}

/** Adds a variant to the registered job of a construct (its schedules, triggers and steps are added after it registered). */
export function addProcessingJobVariant(construct: IConstruct, variant: ProcessingJobVariant): void {
  const inspection = inspections.get(construct);
  if (inspection === undefined) throw new Error(`${construct.node.path}: no processing job registered to add a ${variant.kind} variant to`);
  inspections.set(construct, { ...inspection, variants: [...(inspection.variants ?? []), variant] });
}
