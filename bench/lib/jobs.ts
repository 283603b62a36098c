/**
 * What a benchmark job is on every side: its name, its container and which jobs a stack holds.
 * Kept apart from the apps' stack modules and free of aws-cdk-lib imports, so that an app loads
 * only its own side's modules: the library's apps do not load the hand-written side's (its
 * EventBridge, targets and TypeScript compile would count against the library's synth time).
 */

/**
 * The container every benchmark job runs, on both sides (the scikit-learn 1.2-1 processing image
 * in us-east-1, as people paste it from the SageMaker docs' image table).
 */
export const BENCH_IMAGE_URI = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';

/** Which jobs a stack of the bench holds, when the N jobs are split over several stacks. */
export interface JobRange {
  /** The number of the stack's first job (job names run on from stack to stack). @default 1 */
  readonly firstJob?: number;
}

/** The name every benchmark job gets: `bench-job-007`. Same ids on both sides. */
export function benchJobName(index: number): string {
  return `bench-job-${String(index).padStart(3, '0')}`;
}
