import type { CreateProcessingJobRequest } from '../api/api-request';
import { Stack, Token, Tokenization, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checks } from '../api/checks';
import { IMAGE_FIT_WARNING, ImageInstanceFit, imageFitProblem, imageFitUnknownWarning } from '../api/image-instance-fit';
import { MESSAGES } from '../api/messages';
import { renderProcessingJobRequest } from '../api/render';
import { RUN_RULES, scheduledTimeProblem, utcScheduledTime } from '../api/run-rules';
import { ProcessingJobSpec } from '../api/spec';
import { isDynamic } from '../api/tokens';
import { JobRunOverrides } from '../definition/job-run-overrides';
import { runSpecView } from '../definition/run-spec-view';
import { applyRunValues, checkOverrideNames, RUN_ID_VARIABLE, RunJob, SCHEDULED_TIME_VARIABLE, theJobFor, withoutRunName } from '../definition/run-values';
import { OutputPartitioning } from './options';
import { RunnerJobData } from './runner-run-state';
import { STATE_RUN_VALUES } from './state-run-values';

export { RUN_ID_VARIABLE, SCHEDULED_TIME_VARIABLE };

/** The values of a run that come from the job's props unless the run overrides them. */
export interface RunDefaults {
  /** The job's own arguments (empty: the job has none, and runs cannot set them). */
  readonly arguments: string[];
  /** The job's environment (the processor's and the job's own variables). */
  readonly environment: { [key: string]: string };
  /** The instance type; undefined when the job gives instance preferences. */
  readonly instanceType?: string;
  /** The instance count; undefined when it is set per instance preference. */
  readonly instanceCount?: number;
  /** S3 URI of each S3 input the job declares. */
  readonly inputs: { [name: string]: string };
  /** S3 URI of each S3 output the job declares (a prefix ending in `/` when partitioned). */
  readonly outputs: { [name: string]: string };
}

/**
 * A job bound once (its request with the defaults), and the ways a run fills in its values:
 * from a runner's execution input (`$.run`), as a step of a larger state machine, as the run
 * form a schedule sends, or as a direct CreateProcessingJob request. The values themselves are
 * applied by `applyRunValues` (lib/definition/run-values.ts), the one place every run path uses.
 */
export class JobRunTemplate {
  public readonly defaults: RunDefaults;
  /** What runs may override and how outputs are partitioned, for `applyRunValues`. */
  public readonly runJob: RunJob;
  /** The job's rendered request (named by the job's prefix), without run values. */
  private readonly request: CreateProcessingJobRequest;
  /** The job's own spec as JSON, once asked for ('' when JSON cannot write it). */
  private baseText?: string;

  /**
   * @param jobBucketOutputs the outputs declared with `ProcessingOutput.toJobBucket`: their request
   * URI is the bucket's, and each run writes them to its own folder there (`RunJob.jobBucketOutputs`)
   */
  constructor(private readonly path: string, private readonly base: ProcessingJobSpec,
    overridableInputs: string[], overridableOutputs: string[], public readonly partitioning: OutputPartitioning, jobBucketOutputs: string[] = []) {
    const s3Inputs = new Map(base.inputs.filter((i) => i.s3 && overridableInputs.includes(i.inputName)).map((i) => [i.inputName, i.s3!.s3Uri]));
    const s3Outputs = new Map(base.outputs.filter((o) => o.s3 && overridableOutputs.includes(o.outputName)).map((o) => [o.outputName, o.s3!.s3Uri]));
    if (partitioning !== OutputPartitioning.NONE) this.checkPartitionedOutputs(s3Outputs);
    const perRun = [...s3Outputs.keys()].filter((name) => jobBucketOutputs.includes(name));
    this.defaults = {
      arguments: base.arguments ?? [],
      environment: base.environment ?? {},
      instanceType: base.instanceType,
      instanceCount: base.instanceCount,
      inputs: Object.fromEntries(s3Inputs),
      // A job-bucket output has no default URI: each run writes it to its own folder.
      outputs: Object.fromEntries([...s3Outputs].filter(([name]) => !perRun.includes(name))),
    };
    this.runJob = {
      path, partitioning, inputs: [...s3Inputs.keys()], outputs: [...s3Outputs.keys()], ...(perRun.length > 0 ? { jobBucketOutputs: perRun } : {}),
    };
    this.request = renderProcessingJobRequest(base);
  }

  /** The instance types a run may use with the job's image (a managed image chosen by the job's instance types); undefined: any. */
  public get imageFit(): ImageInstanceFit | undefined {
    return this.base.imageFit;
  }

  /**
   * The job as a runner's data (`$job` of its fixed states): its request without a name and what
   * runs may override; the runner's `Run` state applies each run's values to it.
   */
  public runnerData(jobNamePrefix: string, id?: string): RunnerJobData {
    return {
      ...(id !== undefined ? { id } : {}),
      prefix: jobNamePrefix,
      request: withoutRunName(this.request),
      inputs: [...this.runJob.inputs],
      outputs: [...this.runJob.outputs],
      partitioning: this.runJob.partitioning,
      ...(this.runJob.jobBucketOutputs ? { jobBucketOutputs: [...this.runJob.jobBucketOutputs] } : {}),
      ...(this.imageFit ? { image: this.imageFit } : {}),
    };
  }

  /**
   * The request of a step in a larger state machine: the defaults, with the overrides given
   * (plain values or JSONPath). The run id is the execution name; the scheduled time defaults
   * to the execution's start time.
   */
  public requestForStep(jobName: string, overrides: JobRunOverrides, sender: string = this.path): CreateProcessingJobRequest {
    this.refuseOverrides(overrides, sender);
    if (overrides.environment !== undefined && Token.isUnresolved(overrides.environment)) {
      // A JSONPath task cannot merge a whole object from its input with the job's variables and the run's identity:
      // taken as it is, it would drop them without a word.
      throw new Error(`${sender}: overrides.environment is one object from the state's input (${new Stack().resolve(overrides.environment)}); ` +
        `a step would replace the job's own variables and ${RUN_ID_VARIABLE} / ${SCHEDULED_TIME_VARIABLE} with it (Environment); ` +
        'give each variable its own key, e.g. { LOG_LEVEL: JsonPath.stringAt(\'$.logLevel\') }');
    }
    const J = sfn.JsonPath;
    const time = overrides.scheduledTime;
    return applyRunValues(this.request, this.runJob, {
      jobName, runId: J.executionName, overrides,
      // A plain time with an offset runs at that time in UTC, as the runner's check takes it (the dt= partition is the UTC
      // date); a JSONPath value is written as the state's input has it.
      scheduledTime: time === undefined ? J.executionStartTime : isDynamic(time) ? time : utcScheduledTime(time),
      // The step's name has a fresh UUID each time it is evaluated: its job-bucket outputs go to `<prefix>-<execution name>`.
      runFolder: J.format(`${this.base.jobName}-{}`, J.executionName),
    }, STATE_RUN_VALUES);
  }

  /**
   * The job's spec with the values of `overrides` as given (plain values, JSONPath or event and
   * Scheduler placeholders), without run name, run identity variables or partitions: what
   * guardrails check for the runs of a schedule, trigger or step. The overrides are applied by
   * `applyRunValues`, as for the runs themselves; the spec is a view of the request it gives.
   */
  public specWithOverrides(overrides: JobRunOverrides, sender: string = this.path): ProcessingJobSpec {
    this.refuseOverrides(overrides, sender);
    const request = applyRunValues(this.request, { ...this.runJob, partitioning: OutputPartitioning.NONE },
      { jobName: this.base.jobName, runId: '', scheduledTime: '', overrides }, STATE_RUN_VALUES);
    return runSpecView(this.base, this.runJob, request);
  }

  /**
   * Whether `spec` is the job's own spec as it was checked (the variant's view of the request writes
   * an empty environment the job's props may leave out), compared as JSON: a token in a string or
   * number is the same text in both. A spec holding a token object (a whole environment from the
   * state's input) is never taken for the job's: JSON does not say what such a token stands for.
   */
  public isBaseSpec(spec: ProcessingJobSpec): boolean {
    const noTokenObjects = (_key: string, value: unknown) => {
      if (value !== null && typeof value === 'object' && Tokenization.isResolvable(value)) throw new Error('a token object');
      return value;
    };
    const text = (s: ProcessingJobSpec) => {
      try {
        return JSON.stringify(s.environment !== undefined && Object.keys(s.environment).length === 0 ? { ...s, environment: undefined } : s, noTokenObjects);
      } catch {
        return undefined; // checked again
      }
    };
    this.baseText ??= text(this.base) ?? '';
    return this.baseText !== '' && text(spec) === this.baseText;
  }

  /**
   * Checks static overrides where they differ from the job's props: arguments are not an empty list, a partitioned output's URI
   * must end with '/', a plain scheduled time must be a timestamp, the environment may not set
   * the run's identity (`applyRunValues` writes it over), an instance type must fit the job's image
   * (one known only at run time gets a warning on `on`, the construct that sends the overrides).
   * (The merged spec then passes the job's own checks.)
   */
  public checkOverrides(v: Checks, overrides: JobRunOverrides, on: IConstruct): void {
    v.reservedVariables(overrides.environment, [RUN_ID_VARIABLE, SCHEDULED_TIME_VARIABLE]);
    // The runner refuses an empty list as every run's input (the API takes 1–100 ContainerArguments).
    const args = overrides.arguments;
    if (args !== undefined && !Token.isUnresolved(args) && args.length === 0) {
      v.add(MESSAGES.count('arguments', 0, RUN_RULES.arguments, RUN_RULES.arguments.field));
    }
    const instanceType = overrides.instanceType;
    if (instanceType !== undefined && this.imageFit) {
      if (!isDynamic(instanceType)) {
        const problem = imageFitProblem('overrides.instanceType', instanceType, this.imageFit);
        if (problem) v.add(problem);
      } else {
        // A step's or trigger's instance type from the state's input or the event: the runner's check does not run for it.
        v.warn(on, IMAGE_FIT_WARNING, imageFitUnknownWarning('overrides.instanceType', this.imageFit));
      }
    }
    if (this.partitioning !== OutputPartitioning.NONE) {
      for (const [name, uri] of Object.entries(overrides.outputs ?? {})) {
        if (!isDynamic(uri) && !uri.endsWith('/')) {
          v.add(`overrides.outputs.${name} '${uri}' must end with '/' when outputs are partitioned (runs write under <uri>dt=…/ or run=…/) (ProcessingOutputs[].S3Output.S3Uri)`);
        }
      }
    }
    const time = overrides.scheduledTime;
    const timeProblem = time === undefined || isDynamic(time) || time.startsWith('<aws.') ? undefined : scheduledTimeProblem('overrides.scheduledTime', time);
    if (timeProblem) v.add(timeProblem);
  }

  /**
   * The execution input of a run that schedules and triggers send, in the overrides form (see
   * docs/CONTRACTS.md): only what the run overrides and its scheduled time. The runner completes
   * it with the job's values (its `Job` state's data): one copy of the job's values per template,
   * not one more in each schedule or trigger (the run form, which carried them all, is still taken).
   */
  public overridesForm(overrides: JobRunOverrides & { readonly scheduledTime: string }, sender: string = this.path): { [key: string]: unknown } {
    this.refuseOverrides(overrides, sender);
    const { arguments: args, environment, instanceType, instanceCount, inputs, outputs, scheduledTime } = overrides;
    const given = { arguments: args, environment, instanceType, instanceCount, inputs, outputs, scheduledTime };
    return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  }

  /**
   * The CreateProcessingJob request of a direct run named `jobName` (the run id too): plain
   * values and Scheduler placeholders.
   */
  public directRequest(overrides: JobRunOverrides, jobName: string, sender: string = this.path): CreateProcessingJobRequest {
    if (this.partitioning === OutputPartitioning.SCHEDULED_DATE) {
      throw new Error(`${sender}: the job's outputPartitioning SCHEDULED_DATE needs the state machine (it cuts the date out of the scheduled time); ` +
        'a direct run can partition by RUN_ID, or run through the state machine');
    }
    this.refuseOverrides(overrides, sender);
    return applyRunValues(this.request, this.runJob, { jobName, runId: jobName, scheduledTime: overrides.scheduledTime ?? '', overrides });
  }

  /** The request with the job's defaults and no run values, without a name (for the CLI's direct runs). */
  public requestWithoutName(): { [key: string]: unknown } {
    return withoutRunName(this.request);
  }

  /**
   * Overrides the job cannot take: names it does not declare, arguments it has none of, an
   * instance type beside preferences. The errors name `sender`, the schedule, trigger or step that
   * gives the overrides (else the job).
   */
  private refuseOverrides(overrides: JobRunOverrides, sender: string = this.path): void {
    checkOverrideNames(this.runJob, overrides, sender);
    const theJob = theJobFor(sender, this.path);
    if (overrides.arguments !== undefined && this.defaults.arguments.length === 0) {
      throw new Error(`${sender}: overrides give arguments, but ${theJob} has none to replace; give the job default arguments to make them overridable`);
    }
    if (overrides.instanceType !== undefined && this.defaults.instanceType === undefined) {
      throw new Error(`${sender}: overrides give instanceType, but ${theJob} uses instancePreferences`);
    }
  }

  private checkPartitionedOutputs(outputs: Map<string, string>): void {
    for (const [name, uri] of outputs) {
      if (!isDynamic(uri) && !uri.endsWith('/')) {
        throw new Error(`${this.path}: output '${name}' URI '${uri}' must end with '/' when outputs are partitioned ` +
          `(runs write under ${uri}/dt=…/ or run=…/); give a key prefix ending in '/'`);
      }
    }
  }
}
