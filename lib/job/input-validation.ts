import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { copyOf } from './json-merge';
import { RunDefaults } from './run-template';

/** The error of an execution whose input is refused. */
export const INVALID_INPUT_ERROR = 'InvalidExecutionInput';

/** A key no input may carry: it makes the key counts below independent of what the input holds. */
const SENTINEL = '__sentinel__';

/** The keys of the overrides form (docs/CONTRACTS.md) a job takes. */
export function acceptedKeys(defaults: RunDefaults, shared: boolean): string[] {
  return [
    ...(shared ? ['job'] : []),
    ...(defaults.arguments.length > 0 ? ['arguments'] : []),
    'environment',
    ...(defaults.instanceType !== undefined ? ['instanceType'] : []),
    ...(defaults.instanceCount !== undefined ? ['instanceCount'] : []),
    'inputs', 'outputs', 'scheduledTime',
  ];
}

/**
 * The data a job's slow-path entry state (`Defaults <job>`) puts beside the given input: the
 * job's defaults, and the "zeros" objects whose key counts tell unknown keys apart.
 */
export function defaultsParameters(jobId: string, defaults: RunDefaults, shared: boolean): { [key: string]: unknown } {
  const zeros = (keys: string[]) => Object.fromEntries([...keys, SENTINEL].map((k) => [k, 0]));
  const topKeys = acceptedKeys(defaults, shared);
  return {
    'given.$': '$',
    'job': jobId,
    'defaults': {
      arguments: defaults.arguments,
      environment: defaults.environment,
      instanceType: defaults.instanceType ?? null,
      instanceCount: defaults.instanceCount ?? null,
      inputs: defaults.inputs,
      outputs: defaults.outputs,
      'scheduledTime.$': '$$.Execution.StartTime',
    },
    'zeros': { top: zeros(topKeys), inputs: zeros(Object.keys(defaults.inputs)), outputs: zeros(Object.keys(defaults.outputs)) },
    'expected': {
      top: topKeys.length + 1,
      inputs: Object.keys(defaults.inputs).length + 1,
      outputs: Object.keys(defaults.outputs).length + 1,
      keys: topKeys.join(', '),
      inputNames: Object.keys(defaults.inputs).join(', ') || '(none)',
      outputNames: Object.keys(defaults.outputs).join(', ') || '(none)',
    },
  };
}

/**
 * `States.ArrayLength(States.StringSplit(States.JsonToString(<merge>), ','))` of
 * zeros ⊕ (given ⊕ zeros): every accepted key holds 0 (no commas), so the count of
 * comma-separated parts is the number of accepted keys plus one for the sentinel, and more
 * when the given object has any other key — whatever the key order.
 */
function keyCount(given: string, zeros: string): string {
  const J = sfn.JsonPath;
  return J.arrayLength(J.stringSplit(J.jsonToString(J.jsonMerge(copyOf(zeros), J.jsonMerge(copyOf(given), J.objectAt(zeros)))), ','));
}


/**
 * The shared states that turn an overrides-form input into the run form: merge the defaults,
 * refuse unknown keys, unknown input/output names and wrong types with `InvalidExecutionInput`
 * and a cause that says which, then hand the run form back to `next` (the router).
 *
 * Prepare → CheckInput → Normalize → CheckNames → next
 */
export function inputValidationStates(scope: Construct, next: sfn.IChainable): InputValidationStates {
  const J = sfn.JsonPath;
  const refuse = (id: string, cause: string) => new sfn.Fail(scope, id, { stateName: id, error: INVALID_INPUT_ERROR, cause });
  // Fail states cannot build a cause at run time in every runner (aws-local-stepfunctions takes a plain path), so each problem has its own.
  const unknownKey = new sfn.Fail(scope, 'UnknownKey', {
    stateName: 'UnknownKey', error: INVALID_INPUT_ERROR, causePath: '$.messages.unknownKey',
  });

  const prepare = new sfn.Pass(scope, 'Prepare', {
    stateName: 'Prepare',
    comment: 'Fills the job defaults in for the keys the input leaves out, and counts the keys the input gives.',
    parameters: {
      'job.$': '$.job',
      'given.$': '$.given',
      'defaults.$': '$.defaults',
      'zeros.$': '$.zeros',
      'expected.$': '$.expected',
      'top': J.jsonMerge(copyOf('$.defaults'), J.objectAt('$.given')),
      'topKeys': keyCount('$.given', '$.zeros.top'),
      'messages': {
        unknownKey: J.format('The execution input has a key this job does not take. It takes: {}. Input: {}', J.stringAt('$.expected.keys'), J.jsonToString(J.objectAt('$.given'))),
      },
    },
  });

  const notString = (path: string) => sfn.Condition.not(sfn.Condition.isString(path));
  const notObject = (path: string) => sfn.Condition.or(sfn.Condition.isString(path), sfn.Condition.isNumeric(path),
    sfn.Condition.isBoolean(path), sfn.Condition.isNull(path));
  const checkInput = new sfn.Choice(scope, 'CheckInput', { stateName: 'CheckInput' })
    .when(sfn.Condition.not(sfn.Condition.numberEqualsJsonPath('$.topKeys', '$.expected.top')), unknownKey)
    .when(sfn.Condition.and(sfn.Condition.isPresent('$.given.arguments'),
      sfn.Condition.or(sfn.Condition.isString('$.top.arguments'), sfn.Condition.not(sfn.Condition.isPresent('$.top.arguments[0]')))),
    refuse('BadArguments', 'arguments must be a non-empty list of strings, e.g. ["--date", "2026-11-24"]'))
    .when(sfn.Condition.and(sfn.Condition.isPresent('$.given.instanceType'), notString('$.top.instanceType')),
      refuse('BadInstanceType', 'instanceType must be a string, e.g. "ml.m5.2xlarge"'))
    .when(sfn.Condition.and(sfn.Condition.isPresent('$.given.instanceCount'), sfn.Condition.not(sfn.Condition.isNumeric('$.top.instanceCount'))),
      refuse('BadInstanceCount', 'instanceCount must be a number from 1 to 100'))
    .when(sfn.Condition.not(sfn.Condition.isTimestamp('$.top.scheduledTime')),
      refuse('BadScheduledTime', 'scheduledTime must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"'))
    .when(notObject('$.top.environment'), refuse('BadEnvironment', 'environment must be an object of variable names to string values'))
    .when(notObject('$.top.inputs'), refuse('BadInputs', 'inputs must be an object of input names to S3 URIs'))
    .when(notObject('$.top.outputs'), refuse('BadOutputs', 'outputs must be an object of output names to S3 URIs'));

  const normalize = new sfn.Pass(scope, 'Normalize', {
    stateName: 'Normalize',
    comment: 'The run form: every value complete (environment, inputs and outputs merged over the job\'s).',
    parameters: {
      'job.$': '$.job',
      'run': {
        'arguments.$': '$.top.arguments',
        'environment': J.jsonMerge(copyOf('$.defaults.environment'), J.objectAt('$.top.environment')),
        'instanceType.$': '$.top.instanceType',
        'instanceCount.$': '$.top.instanceCount',
        'inputs': J.jsonMerge(copyOf('$.defaults.inputs'), J.objectAt('$.top.inputs')),
        'outputs': J.jsonMerge(copyOf('$.defaults.outputs'), J.objectAt('$.top.outputs')),
        'scheduledTime.$': '$.top.scheduledTime',
      },
      'checks': {
        inputKeys: keyCount('$.top.inputs', '$.zeros.inputs'),
        outputKeys: keyCount('$.top.outputs', '$.zeros.outputs'),
        'expected.$': '$.expected',
      },
      'messages': {
        unknownInput: J.format('inputs names an input this job does not have; its S3 inputs: {}', J.stringAt('$.expected.inputNames')),
        unknownOutput: J.format('outputs names an output this job does not have; its S3 outputs: {}', J.stringAt('$.expected.outputNames')),
      },
    },
  });
  const checkNames = new sfn.Choice(scope, 'CheckNames', { stateName: 'CheckNames' })
    .when(sfn.Condition.not(sfn.Condition.numberEqualsJsonPath('$.checks.inputKeys', '$.checks.expected.inputs')),
      new sfn.Fail(scope, 'UnknownInput', { stateName: 'UnknownInput', error: INVALID_INPUT_ERROR, causePath: '$.messages.unknownInput' }))
    .when(sfn.Condition.not(sfn.Condition.numberEqualsJsonPath('$.checks.outputKeys', '$.checks.expected.outputs')),
      new sfn.Fail(scope, 'UnknownOutput', { stateName: 'UnknownOutput', error: INVALID_INPUT_ERROR, causePath: '$.messages.unknownOutput' }))
    .otherwise(next);
  prepare.next(checkInput.otherwise(normalize.next(checkNames)));
  const badPartitionedOutput = new sfn.Fail(scope, 'BadPartitionedOutput', {
    stateName: 'BadPartitionedOutput', error: INVALID_INPUT_ERROR,
    cause: 'outputs gives a URI that does not end with "/" for a job whose outputs are partitioned (runs write under <uri>dt=…/ or <uri>run=…/)',
  });
  return {
    entry: prepare,
    refusePartitionedOutputsWithoutSlash: (jobCondition, paths) => {
      for (const path of paths) {
        const noSlash = sfn.Condition.not(sfn.Condition.stringMatches(path, '*/'));
        checkNames.when(jobCondition ? sfn.Condition.and(jobCondition, noSlash) : noSlash, badPartitionedOutput);
      }
    },
  };
}

/** The shared input checks, and a way to add a job's own. */
export interface InputValidationStates {
  /** Where an overrides-form input enters, after its job's defaults. */
  readonly entry: sfn.IChainable;
  /** Refuses run-time output URIs without a trailing `/` at these paths of the run form (for the job the condition selects). */
  refusePartitionedOutputsWithoutSlash(jobCondition: sfn.Condition | undefined, paths: string[]): void;
}
