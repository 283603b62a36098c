// One measured synth of the hand-written baseline with BENCH_N jobs (see bench/run.ts).
import { HandWrittenJobsStack } from '../baseline/hand-written-stack';
import { jobCountFromEnv, synthChild } from './child';

synthChild((app) => {
  const stack = new HandWrittenJobsStack(app, 'BenchBaseline', jobCountFromEnv());
  return { templateFile: stack.templateFile };
});
