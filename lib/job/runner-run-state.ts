import { aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ImageInstanceFit } from '../api/image-instance-fit';
import { jsonataRunNameOf } from '../api/naming';
import { compactJsonata, RunGuardData, runInputCheck, RUN_VARIABLES } from '../api/run-rules';
import { RunPartitioning } from '../definition/run-values';
import { jsonataRunValues } from '../definition/run-values-jsonata';
import { processingJobTaskResource } from '../task/task-rendering';

/** The variable that holds the data of the job a run is for (assigned by the runner's first state). */
export const JOB_VARIABLE = 'job';

/**
 * What a runner's fixed states need of a job, as data: the first state assigns it to `$job`, the
 * `Run` state checks the input by the rules it implies and applies the run's values to its request.
 */
export interface RunnerJobData {
  /** The job's id in a shared runner (the `job` key of its input); absent in a job's own runner. */
  readonly id?: string;
  /** The prefix of the job's names. */
  readonly prefix: string;
  /** The job's rendered CreateProcessingJob request, without a name. */
  readonly request: { [key: string]: unknown };
  /** The S3 inputs a run may override. */
  readonly inputs: string[];
  /** The S3 outputs a run may override (and that are partitioned). */
  readonly outputs: string[];
  readonly partitioning: RunPartitioning;
  /** Those of `outputs` written to the run's folder in the job bucket unless a run overrides them (absent: none). */
  readonly jobBucketOutputs?: string[];
  /** The instance types the job's image runs on, when a managed image was chosen by its instance types (absent: any). */
  readonly image?: ImageInstanceFit;
}

/**
 * The character that marks the problem in the error the `Run` state raises for a refused input:
 * Step Functions puts the `$error` message into the cause of `States.QueryEvaluationError` among
 * its own words, and `InvalidInput` cuts the problem out between two of these. Written as a
 * JSONata escape, so the expression text (which the cause may quote) never holds it.
 */
const PROBLEM_MARK = '\\u241F';

/**
 * The rules of `lib/api/run-rules.ts` for the job in `$job`: the keys it takes and its defaults,
 * read from its request (so the data holds each value once). The same keys for the metadata the
 * CLI reads are `acceptedKeys` (lib/job/input-validation.ts): one rule, written for each side.
 */
function jobRulesExpression(guards: RunGuardData[]): string {
  const defaultsOf = (list: string, name: string, location: string, names: string) =>
    `$merge($append([{}], ${list}[${name} in $job.${names} and $exists(${location}) and $not(${name} in $job.jobBucketOutputs)].{ ${name}: ${location}.S3Uri }))`;
  return `{
    'job': $job.id,
    'keys': $append($append($append($count($jargs) > 0 ? ['arguments'] : [], ['environment']),
      $append($exists($jcc.InstanceType) ? ['instanceType'] : [], $exists($jcc.InstanceCount) ? ['instanceCount'] : [])), ['inputs', 'outputs', 'scheduledTime']),
    'defaults': {
      'arguments': $jargs,
      'environment': $merge([{}, $jq.Environment]),
      'instanceType': $exists($jcc.InstanceType) ? $jcc.InstanceType : null,
      'instanceCount': $exists($jcc.InstanceCount) ? $jcc.InstanceCount : null,
      'inputs': ${defaultsOf('$jq.ProcessingInputs', 'InputName', 'S3Input', 'inputs')},
      'outputs': ${defaultsOf('$jq.ProcessingOutputConfig.Outputs', 'OutputName', 'S3Output', 'outputs')}
    },
    'names': { 'inputs': $job.inputs, 'outputs': $job.outputs },
    'partitioned': $job.partitioning != 'none',
    'runVariables': ${JSON.stringify([RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime])},
    'guards': ${JSON.stringify(guards)},
    'image': $exists($job.image) ? $job.image : null
  }`;
}

/**
 * The `Arguments` of the `Run` state: one JSONata expression that checks the execution input
 * against the job's rules (an input it refuses raises `States.QueryEvaluationError` with the
 * problem, which the state's catcher turns into `InvalidExecutionInput`), names the run once, and
 * applies the run's values to the job's request.
 */
export function runArgumentsExpression(guards: RunGuardData[]): string {
  // The text depends on the guards only: every runner without guardrails (each standalone job has one) shares one rendering.
  const key = JSON.stringify(guards);
  let expression = RUN_ARGUMENTS.get(key);
  if (expression === undefined) {
    expression = renderRunArguments(guards);
    RUN_ARGUMENTS.set(key, expression);
  }
  return expression;
}

/** `runArgumentsExpression` by the guards' JSON: a few distinct guard sets per app at most. */
const RUN_ARGUMENTS = new Map<string, string>();

function renderRunArguments(guards: RunGuardData[]): string {
  return `{% ${compactJsonata(runArgumentsSource(guards))} %}`;
}

/** The run-arguments expression as written, before `compactJsonata`. */
export function runArgumentsSource(guards: RunGuardData[]): string {
  return `(
  $jq := $${JOB_VARIABLE}.request;
  $jcc := $jq.ProcessingResources.ClusterConfig;
  $jargs := $exists($jq.AppSpecification.ContainerArguments) ? $jq.AppSpecification.ContainerArguments : [];
  $checked := ${runInputCheck('$states.context.Execution.Input', jobRulesExpression(guards))};
  $exists($checked.problem) ? $error('${PROBLEM_MARK}' & $checked.problem & '${PROBLEM_MARK}') : (
    $name := ${jsonataRunNameOf(`$${JOB_VARIABLE}.prefix`)};
    ${jsonataRunValues({ request: '$jq', job: `$${JOB_VARIABLE}`, run: '$checked.run', jobName: '$name', runId: '$states.context.Execution.Name' })}
  )
)`;
}

/** The cause of a refused input: the problem between the marks of the `Run` state's error, or its whole cause. */
export const INVALID_INPUT_CAUSE = `{% ($parts := $split($states.input.Cause, '${PROBLEM_MARK}'); $count($parts) >= 3 ? $parts[1] : $states.input.Cause) %}`;

/**
 * The runner's one task state (JSONata): `sagemaker:createProcessingJob.sync` with the request
 * of the job in `$job` and the run's values. Its output is its input with the job's name, ARN and
 * status under `result`.
 */
export class RunnerRunState extends sfn.TaskStateBase {
  protected readonly taskPolicies?: iam.PolicyStatement[] = [];
  protected readonly taskMetrics?: sfn.TaskMetricsConfig;

  constructor(scope: Construct, id: string, comment: string, private readonly guards: () => RunGuardData[]) {
    super(scope, id, {
      stateName: id,
      comment,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      outputs: "{% $merge([$states.input, { 'result': { 'ProcessingJobName': $states.result.ProcessingJobName, " +
        "'ProcessingJobArn': $states.result.ProcessingJobArn, 'ProcessingJobStatus': $states.result.ProcessingJobStatus } }]) %}",
    });
  }

  /** @internal */
  protected _renderTask(): object {
    return {
      Resource: processingJobTaskResource(this, sfn.IntegrationPattern.RUN_JOB),
      // Rendered with the definition, once the Aspects have run: the guardrails are known then. Plain text (not a
      // Lazy per runner), so that the fixed states of the stack's standalone runners render alike (mappedDefinitionString).
      Arguments: runArgumentsExpression(this.guards()),
    };
  }
}
