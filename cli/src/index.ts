/**
 * Programmatic use of the `run` command, for notebooks and scripts
 * (`import { runProcessingJob } from 'cdk-sagemaker-processing-cli'`).
 */
export { runProcessingJob, startRun, waitForRun, stopRun } from './run';
export type { RunProcessingJobOptions, RunResult, RunProgress, RunPhase, RunStatus, StartedRun, WaitOptions, Start, RetryWait } from './run';
export type { RunOverrides } from './overrides';
export { LogFollower, PROCESSING_LOG_GROUP } from './logs';
export type { LogLine } from './logs';
export type { AwsClients } from './aws';
export { assemblyJobs, findAssemblyJob } from './assembly';
export type { AssemblyJob } from './assembly';
export { main } from './program';
export type { CliIo } from './view';
export { CliError, EXIT_COMPLETED, EXIT_NOT_COMPLETED, EXIT_ERROR, EXIT_IN_PROGRESS, EXIT_INTERRUPTED, exitCodeOf } from './errors';
export { runLocally } from './local/run-locally';
export type { RunLocallyOptions, LocalRunResult, LocalRunOutput } from './local/run-locally';
