/**
 * The run values of `applyRunValues` (run-values.ts) as a JSONata block, for the runner's one `Run`
 * state, which applies them at run time to the job's request that travels as data. The rules are
 * those of `applyRunValues` with plain values, rule by rule (test/definition/run-values-jsonata.test.ts
 * holds the two equal over generated jobs and runs):
 *
 * - the run's arguments replace the request's (an empty list leaves `ContainerArguments` out);
 * - its instance type and count replace the cluster's when given (a string, a number);
 * - its S3 input and output URIs replace those of the inputs and outputs the job declares;
 * - the declared S3 outputs are written under `dt=<date>/` or `run=<run id>/` with partitioning,
 *   except job-bucket outputs the run does not override: `<bucket>/<job name>/output/<output name>`;
 * - the environment is the request's, then the run's, then the run identity (`PROCESSING_RUN_ID`,
 *   `PROCESSING_SCHEDULED_TIME`), written here once;
 * - `ProcessingJobName` is the run's name.
 *
 * JSONata compares undefined with anything as false (`undefined != 'array'` is false too): every
 * test of a value that may be absent is written with `$type(...) = …` or `$exists`, under `$not`
 * where needed. No aws-cdk-lib: text only.
 */
import { RUN_VARIABLES } from '../api/run-rules';
import type { RunPartitioning } from './run-values';

const BY_DATE: RunPartitioning = 'scheduled-date';
const BY_RUN: RunPartitioning = 'run-id';

/** The names the block reads: JSONata expressions (usually variables) bound by the caller. */
export interface JsonataRunValueNames {
  /** The job's rendered request, without a name. */
  readonly request: string;
  /** What the job says of its runs: `{ inputs: [names], outputs: [names], partitioning, jobBucketOutputs? }` (a `RunJob`). */
  readonly job: string;
  /** The run's values: `{ arguments?, environment?, instanceType?, instanceCount?, inputs?, outputs?, scheduledTime }`. */
  readonly run: string;
  readonly jobName: string;
  readonly runId: string;
}

/** The JSONata block that evaluates to the request of a run (see the rules above). */
export function jsonataRunValues(n: JsonataRunValueNames): string {
  const partition = `$p = '${BY_DATE}' ? 'dt=' & $substringBefore($o.scheduledTime, 'T') & '/' : ` +
    `$p = '${BY_RUN}' ? 'run=' & ${n.runId} & '/' : ''`;
  return `(
  $q := ${n.request}; $j := ${n.job}; $o := ${n.run}; $p := $j.partitioning;
  $part := ${partition};
  $app := $q.AppSpecification;
  $cc := $q.ProcessingResources.ClusterConfig;
  $merge([$q, {
    'ProcessingJobName': ${n.jobName},
    'AppSpecification': $not($type($o.arguments) = 'array') ? $app : $count($o.arguments) = 0
      ? $sift($app, function($v, $k) { $k != 'ContainerArguments' }) : $merge([$app, { 'ContainerArguments': $o.arguments }]),
    'ProcessingResources': $exists($cc) ? $merge([$q.ProcessingResources, { 'ClusterConfig': $merge([$cc,
      $type($o.instanceType) = 'string' ? { 'InstanceType': $o.instanceType } : {},
      $type($o.instanceCount) = 'number' ? { 'InstanceCount': $o.instanceCount } : {}]) }]) : undefined,
    'ProcessingInputs': $exists($q.ProcessingInputs) ? $append([], $map($q.ProcessingInputs, function($i) {
      ($u := $lookup($o.inputs, $i.InputName);
       $exists($i.S3Input) and $i.InputName in $j.inputs and $type($u) = 'string' ? $merge([$i, { 'S3Input': $merge([$i.S3Input, { 'S3Uri': $u }]) }]) : $i)
    })) : undefined,
    'ProcessingOutputConfig': $exists($q.ProcessingOutputConfig.Outputs) ? $merge([$q.ProcessingOutputConfig, { 'Outputs': $append([], $map($q.ProcessingOutputConfig.Outputs, function($out) {
      ($given := $lookup($o.outputs, $out.OutputName);
       $exists($out.S3Output) and $out.OutputName in $j.outputs ? $merge([$out, { 'S3Output': $merge([$out.S3Output, { 'S3Uri':
         $not($type($given) = 'string') and $out.OutputName in $j.jobBucketOutputs ? $out.S3Output.S3Uri & ${n.jobName} & '/output/' & $out.OutputName
         : ($type($given) = 'string' ? $given : $out.S3Output.S3Uri) & $part }]) }]) : $out)
    })) }]) : undefined,
    'Environment': $merge([{}, $q.Environment, $o.environment,
      { '${RUN_VARIABLES.runId}': ${n.runId}, '${RUN_VARIABLES.scheduledTime}': $o.scheduledTime }])
  }])
)`;
}
