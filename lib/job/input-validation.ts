import { Lazy } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RunGuardData, runInputCheckExpression, RunRulesData, RUN_VARIABLES } from '../api/run-rules';
import { RunDefaults } from './run-template';

/** The error of an execution whose input is refused. */
export const INVALID_INPUT_ERROR = 'InvalidExecutionInput';

/** The variable a job's `Defaults` state assigns and the shared `CheckInput` state reads. */
export const RUN_RULES_VARIABLE = 'runRules';

/** The keys of the overrides form (docs/CONTRACTS.md) a job takes, without a shared runner's `job`. */
export function acceptedKeys(defaults: RunDefaults): string[] {
  return [
    ...(defaults.arguments.length > 0 ? ['arguments'] : []),
    'environment',
    ...(defaults.instanceType !== undefined ? ['instanceType'] : []),
    ...(defaults.instanceCount !== undefined ? ['instanceCount'] : []),
    'inputs', 'outputs', 'scheduledTime',
  ];
}

/**
 * What the runner's checks know of a job (`lib/api/run-rules.ts`); `guards` are read when the
 * definition is rendered, after the guardrails (Aspects) have set it.
 */
export function runRulesData(jobId: string | null, defaults: RunDefaults, partitioned: boolean, guards: () => RunGuardData[]): RunRulesData {
  return {
    job: jobId,
    keys: acceptedKeys(defaults),
    defaults: {
      arguments: defaults.arguments,
      environment: defaults.environment,
      instanceType: defaults.instanceType ?? null,
      instanceCount: defaults.instanceCount ?? null,
      inputs: defaults.inputs,
      outputs: defaults.outputs,
    },
    partitioned,
    runVariables: [RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime],
    guards: Lazy.any({ produce: () => guards() }, { omitEmptyArray: false }) as unknown as RunGuardData[],
  };
}

/**
 * A job's entry for every input (both forms): assigns the job's rules to `$runRules` and passes
 * the input on unchanged, so the state data holds the input once (an input of Step Functions'
 * full 256 KB reaches the checks).
 */
export function defaultsState(scope: Construct, stateName: string, data: RunRulesData): sfn.Pass {
  return new sfn.Pass(scope, 'Defaults', {
    stateName,
    comment: 'The job\'s values and rules, for the checks',
    assign: { [RUN_RULES_VARIABLE]: data },
  });
}

/**
 * The shared states that check an execution input of either form (the overrides form people
 * send, the run form schedules and triggers send) by the rules of `lib/api/run-rules.ts` and
 * turn it into the run form the job's task reads: `CheckInput` (one JSONata expression: types,
 * counts, patterns, ranges, URIs, names, guardrails; the defaults and the run's variables merged
 * in as JSON values, never pasted into JSON text), then `Checked`, which refuses a problem with
 * `InvalidExecutionInput` and its cause, or goes on to `next`.
 */
export function inputValidationStates(scope: Construct, next: sfn.IChainable): sfn.State {
  const check = sfn.Pass.jsonata(scope, 'CheckInput', {
    stateName: 'CheckInput',
    comment: 'Checks the input against the job\'s rules; gives { problem } or the complete run form { job, run }',
    outputs: runInputCheckExpression(),
  });
  const refused = new sfn.Fail(scope, 'InvalidInput', { stateName: 'InvalidInput', error: INVALID_INPUT_ERROR, causePath: '$.problem' });
  check.next(new sfn.Choice(scope, 'Checked', { stateName: 'Checked' })
    .when(sfn.Condition.isPresent('$.problem'), refused)
    .otherwise(next));
  return check;
}
