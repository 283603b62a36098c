import { RunDefaults } from './run-template';

/** The error of an execution whose input is refused. */
export const INVALID_INPUT_ERROR = 'InvalidExecutionInput';

/**
 * The keys of the overrides form (docs/CONTRACTS.md) a job takes, without a shared runner's `job`
 * (the runner's `Run` state derives the same keys from the job's request: lib/job/runner-run-state.ts).
 */
export function acceptedKeys(defaults: RunDefaults): string[] {
  return [
    ...(defaults.arguments.length > 0 ? ['arguments'] : []),
    'environment',
    ...(defaults.instanceType !== undefined ? ['instanceType'] : []),
    ...(defaults.instanceCount !== undefined ? ['instanceCount'] : []),
    'inputs', 'outputs', 'scheduledTime',
  ];
}
