/**
 * The run values of a `ProcessingJob` run, applied in one place: the overrides (arguments,
 * environment, instance type and count, S3 input and output URIs by name), the output partition,
 * the run identity variables and the run name, over the rendered CreateProcessingJob request.
 *
 * Every run path calls `applyRunValues`: the runner's task state and `job.asStep` (values are
 * JSONPath, written with the state machine's syntax, lib/job), Scheduler direct mode (values are
 * Scheduler placeholders), the deploy-time run (the attributes of its name resource, lib/run) and
 * the CLI's `run --direct` (plain values, over the request of the job's discovery metadata). It
 * imports no aws-cdk-lib, so the CLI can use it as it is.
 */
import type { CreateProcessingJobRequest } from '../api/api-request';
import { RUN_VARIABLES } from '../api/run-rules';
import type { JobRunOverrides } from './job-run-overrides';

/** The environment variable that tells the container which run it is: the execution name (the job name in direct runs). */
export const RUN_ID_VARIABLE = RUN_VARIABLES.runId;
/** The environment variable with the run's scheduled time (ISO 8601). */
export const SCHEDULED_TIME_VARIABLE = RUN_VARIABLES.scheduledTime;

/** How a job partitions its S3 outputs per run: the values of `OutputPartitioning` (lib/job/options.ts). */
export type RunPartitioning = 'none' | 'scheduled-date' | 'run-id';

/**
 * What a job says about its runs (the discovery metadata carries the same): which S3 inputs and
 * outputs a run may override, and how the outputs are partitioned. Only the outputs named here
 * are partitioned: the outputs a processor adds (a PySpark job's event logs) and Feature Store
 * outputs are written where the job's request says.
 */
export interface RunJob {
  /** The construct path, for messages. */
  readonly path: string;
  readonly partitioning: RunPartitioning;
  /** Names of the S3 inputs the job declares. */
  readonly inputs: readonly string[];
  /** Names of the S3 outputs the job declares: they take overrides and partitions. */
  readonly outputs: readonly string[];
  /**
   * Those of `outputs` with no location of their own (`ProcessingOutput.toJobBucket`): the request
   * holds their bucket (`s3://<bucket>/`), and a run that does not override them writes them to
   * `s3://<bucket>/<run folder>/output/<output name>`, as the SageMaker Python SDK writes an output
   * without a destination under the job's unique name (sagemaker-core 3.20 `Processor._normalize_outputs`:
   * `s3://<default bucket>/<job name>/output/<output name>`); no partition is added, the folder is the run's.
   * @default - none
   */
  readonly jobBucketOutputs?: readonly string[];
}

/** The values of one run. Each may be a plain value or a run-time value of the syntax. */
export interface RunValues {
  /** `ProcessingJobName`. */
  readonly jobName: string;
  /** `PROCESSING_RUN_ID`, and the `run=` partition. */
  readonly runId: string;
  /**
   * The folder of the run's job-bucket outputs (`RunJob.jobBucketOutputs`). @default - `jobName`.
   * Only a path that cannot use one run-time job name twice gives another (a JSONPath step's name
   * has a fresh UUID each time it is evaluated: `job.asStep` gives `<prefix>-<execution name>`).
   */
  readonly runFolder?: string;
  /** `PROCESSING_SCHEDULED_TIME`, and the `dt=` partition (its date as written: UTC for the times schedules, triggers and the CLI give). */
  readonly scheduledTime: string;
  /** The run's overrides; its `scheduledTime` is ignored here (give `scheduledTime`). */
  readonly overrides: JobRunOverrides;
}

/** How run values are written into a request: as plain text, or as a state machine's run-time expressions. */
export interface RunValueSyntax {
  /** The run's environment: `identity` over `overrides` over the job's own variables. */
  environment(own: { [key: string]: string } | undefined, overrides: { [key: string]: string } | undefined,
    identity: { [key: string]: string }): { [key: string]: string };
  /** An output URI (ending with '/') with the run's partition `<key>=<value>/` under it. */
  partition(uri: string, key: 'dt' | 'run', value: string): string;
  /** The date `yyyy-MM-dd` of a scheduled time: its text before `T`. */
  dateOf(scheduledTime: string): string;
  /** `<root><folder>/output/<name>`: the URI of a job-bucket output in a run's folder (`root` ends with '/'). */
  runFolderUri(root: string, folder: string, name: string): string;
}

/** Plain values (the CLI), and Scheduler placeholders (direct mode), which are plain text to the request. */
export const PLAIN_RUN_VALUES: RunValueSyntax = {
  environment: (own, overrides, identity) => ({ ...own, ...overrides, ...identity }),
  partition: (uri, key, value) => `${uri}${key}=${value}/`,
  dateOf: (scheduledTime) => scheduledTime.split('T')[0],
  runFolderUri: (root, folder, name) => `${root}${folder}/output/${name}`,
};

/**
 * The request of a run: `request` (the job's rendered request, not changed) with the run's values.
 * Overrides replace the arguments, the instance type and count, and the URIs of the S3 inputs and
 * outputs they name; their environment is merged over the job's. The S3 outputs the job declares
 * are written under `dt=<date>/` or `run=<run id>/` with partitioning; its job-bucket outputs a run
 * does not override go to the run's own folder (`RunJob.jobBucketOutputs`). Throws when the overrides
 * name an input or output the job does not declare.
 */
export function applyRunValues(request: CreateProcessingJobRequest, job: RunJob, run: RunValues,
  syntax: RunValueSyntax = PLAIN_RUN_VALUES): CreateProcessingJobRequest {
  const o = run.overrides;
  checkOverrideNames(job, o);
  const partition = partitionOf(job.partitioning, run, syntax);
  const cluster = request.ProcessingResources?.ClusterConfig;
  const outputs = request.ProcessingOutputConfig;
  const environment = syntax.environment(request.Environment, o.environment,
    { [RUN_ID_VARIABLE]: run.runId, [SCHEDULED_TIME_VARIABLE]: run.scheduledTime });
  return {
    ...request,
    ProcessingJobName: run.jobName,
    AppSpecification: o.arguments !== undefined ? withArguments(request.AppSpecification!, o.arguments) : request.AppSpecification,
    ProcessingResources: cluster ? {
      ...request.ProcessingResources,
      ClusterConfig: {
        ...cluster,
        ...(o.instanceType !== undefined ? { InstanceType: o.instanceType as typeof cluster.InstanceType } : {}),
        ...(o.instanceCount !== undefined ? { InstanceCount: o.instanceCount } : {}),
      },
    } : request.ProcessingResources,
    ...(request.ProcessingInputs ? {
      ProcessingInputs: request.ProcessingInputs.map((i) => (i.S3Input && job.inputs.includes(i.InputName!) && o.inputs?.[i.InputName!] !== undefined
        ? { ...i, S3Input: { ...i.S3Input, S3Uri: o.inputs[i.InputName!] } } : i)),
    } : {}),
    ...(outputs?.Outputs ? {
      ProcessingOutputConfig: {
        ...outputs,
        Outputs: outputs.Outputs.map((out) => {
          if (!out.S3Output || !job.outputs.includes(out.OutputName!)) return out;
          const given = o.outputs?.[out.OutputName!];
          if (given === undefined && job.jobBucketOutputs?.includes(out.OutputName!)) {
            return { ...out, S3Output: { ...out.S3Output, S3Uri: syntax.runFolderUri(out.S3Output.S3Uri!, run.runFolder ?? run.jobName, out.OutputName!) } };
          }
          const uri = given ?? out.S3Output.S3Uri!;
          return { ...out, S3Output: { ...out.S3Output, S3Uri: partition ? syntax.partition(uri, partition.key, partition.value) : uri } };
        }),
      },
    } : {}),
    Environment: environment,
  };
}

/** The request of a job as data, without a run's values: `applyRunValues` over it gives each run's. */
export function withoutRunName(request: CreateProcessingJobRequest): { [key: string]: unknown } {
  const rest: { [key: string]: unknown } = { ...request };
  delete rest.ProcessingJobName;
  return rest;
}

function partitionOf(partitioning: RunPartitioning, run: RunValues, syntax: RunValueSyntax): { key: 'dt' | 'run'; value: string } | undefined {
  switch (partitioning) {
    case 'none': return undefined;
    case 'scheduled-date': return { key: 'dt', value: syntax.dateOf(run.scheduledTime) };
    case 'run-id': return { key: 'run', value: run.runId };
    default: throw new Error(`unknown output partitioning '${partitioning as string}'`);
  }
}

/**
 * How an error about overrides given by `sender` (a schedule, trigger or step; else the job at
 * `jobPath` itself) names the job: 'the job', or 'the job <path>' when the error names the sender.
 */
export function theJobFor(sender: string, jobPath: string): string {
  return sender === jobPath ? 'the job' : `the job ${jobPath}`;
}

/** Throws when the overrides name an S3 input or output the job does not declare. */
export function checkOverrideNames(job: RunJob, overrides: JobRunOverrides, sender: string = job.path): void {
  for (const [kind, given, known] of [['input', overrides.inputs, job.inputs], ['output', overrides.outputs, job.outputs]] as const) {
    for (const name of Object.keys(given ?? {})) {
      if (!known.includes(name)) {
        throw new Error(`${sender}: overrides name the ${kind} '${name}', which is not one of ${theJobFor(sender, job.path)}'s S3 ${kind}s (${known.join(', ') || 'none'})`);
      }
    }
  }
}

/**
 * The container's arguments replaced by a run's. An empty list runs the container without arguments:
 * the API takes no empty `ContainerArguments` (1-100 items), so the member is left out, as the
 * SageMaker Python SDK does for `arguments=None`.
 */
function withArguments(app: NonNullable<CreateProcessingJobRequest['AppSpecification']>, args: string[]): NonNullable<CreateProcessingJobRequest['AppSpecification']> {
  if (Array.isArray(args) && args.length === 0) {
    const rest = { ...app };
    delete rest.ContainerArguments;
    return rest;
  }
  return { ...app, ContainerArguments: args };
}
