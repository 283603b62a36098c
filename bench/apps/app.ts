// One measured synth: the app of BENCH_SIDE with BENCH_N jobs (see bench/apps/build.ts and bench/lib/runs.ts).
import { buildApp } from './build';
import { jobCountFromEnv, sideFromEnv, synthChild } from './child';

synthChild((app) => buildApp(app, sideFromEnv(), jobCountFromEnv(), {
  oneStack: process.env.BENCH_ONE_STACK === 'true',
  direct: process.env.BENCH_MODE === 'direct',
}));
