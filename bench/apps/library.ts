// One measured synth of the library app with BENCH_N jobs (BENCH_MODE=direct: direct-mode schedules).
import { LibraryJobsStack } from '../library/library-stack';
import { jobCountFromEnv, synthChild } from './child';

synthChild((app) => {
  const stack = new LibraryJobsStack(app, 'BenchLibrary', jobCountFromEnv(), { direct: process.env.BENCH_MODE === 'direct' });
  return { templateFile: stack.templateFile };
});
