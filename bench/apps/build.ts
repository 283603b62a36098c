/**
 * The bench's three apps (bench/lib/sides.ts), built into an App: N jobs split over stacks as a
 * user writing them that way would split them. Each side's stack module is loaded only when that
 * side is built, so that the baseline's synth does not load the library.
 */
import { App } from 'aws-cdk-lib';
import { SHARED_ONE_RUNNER_MAX, Side, stackSplit } from '../lib/sides';

export interface BuildOptions {
  /** Every job in one stack (the check of the largest N a stack holds). @default false */
  readonly oneStack?: boolean;
  /** Shared runner only: direct-mode schedules (EventBridge Scheduler calls CreateProcessingJob). @default false */
  readonly direct?: boolean;
}

export function buildApp(app: App, side: Side, n: number, options: BuildOptions = {}): void {
  const split = stackSplit(side, n, options.oneStack);
  const id = (base: string, i: number) => (split.length === 1 ? base : `${base}${i + 1}`);
  switch (side) {
    case 'baseline': {
      const { HandWrittenJobsStack } = require('../baseline/hand-written-stack') as typeof import('../baseline/hand-written-stack');
      split.forEach(({ firstJob, jobCount }, i) => new HandWrittenJobsStack(app, id('BenchBaseline', i), jobCount, { firstJob }));
      return;
    }
    case 'standalone': {
      const { StandaloneJobsStack } = require('../library/standalone-stack') as typeof import('../library/standalone-stack');
      split.forEach(({ firstJob, jobCount }, i) => new StandaloneJobsStack(app, id('BenchStandalone', i), jobCount, { firstJob }));
      return;
    }
    case 'shared': {
      const { LibraryJobsStack } = require('../library/library-stack') as typeof import('../library/library-stack');
      split.forEach(({ firstJob, jobCount }, i) => new LibraryJobsStack(app, id('BenchLibrary', i), jobCount, {
        firstJob, direct: options.direct, fleet: jobCount > SHARED_ONE_RUNNER_MAX && !options.oneStack,
      }));
      return;
    }
  }
}
