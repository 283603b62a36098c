import { Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Checks } from '../api/checks';
import { renderProcessingJobRequest } from '../api/render';
import { RUN_MESSAGES, RUN_RULES, RUN_VARIABLES } from '../api/run-rules';
import { ProcessingJobSpec } from '../api/spec';
import { isDynamic } from '../api/tokens';
import { JobRunOverrides } from '../definition/job-run-overrides';
import { OutputPartitioning } from './options';

/** The environment variable that tells the container which run it is: the execution name (the job name in direct mode). */
export const RUN_ID_VARIABLE = RUN_VARIABLES.runId;
/** The environment variable with the run's scheduled time (ISO 8601). */
export const SCHEDULED_TIME_VARIABLE = RUN_VARIABLES.scheduledTime;

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

/** A run's values as the request gets them: JSONPath, placeholders or plain strings. */
interface RunValues {
  readonly arguments?: string[];
  readonly environment: { [key: string]: string };
  readonly instanceType?: string;
  readonly instanceCount?: number;
  readonly inputUri: (name: string) => string;
  readonly outputUri: (name: string) => string;
}

/**
 * A job bound once (its request with the defaults), and the ways a run fills in its values:
 * from a runner's execution input (`$.run`), as a step of a larger state machine, as the run
 * form a schedule sends, or as a direct CreateProcessingJob request.
 */
export class JobRunTemplate {
  public readonly defaults: RunDefaults;

  constructor(private readonly path: string, private readonly base: ProcessingJobSpec,
    overridableInputs: string[], overridableOutputs: string[], public readonly partitioning: OutputPartitioning) {
    const s3Inputs = new Map(base.inputs.filter((i) => i.s3 && overridableInputs.includes(i.inputName)).map((i) => [i.inputName, i.s3!.s3Uri]));
    const s3Outputs = new Map(base.outputs.filter((o) => o.s3 && overridableOutputs.includes(o.outputName)).map((o) => [o.outputName, o.s3!.s3Uri]));
    if (partitioning !== OutputPartitioning.NONE) this.checkPartitionedOutputs(s3Outputs);
    this.defaults = {
      arguments: base.arguments ?? [],
      environment: base.environment ?? {},
      instanceType: base.instanceType,
      instanceCount: base.instanceCount,
      inputs: Object.fromEntries(s3Inputs),
      outputs: Object.fromEntries(s3Outputs),
    };
  }

  /** The request of a run in a runner: every overridable value read from the execution's `$.run`. */
  public specFromRunInput(jobName: string): ProcessingJobSpec {
    const J = sfn.JsonPath;
    const scheduledTime = J.stringAt('$.run.scheduledTime');
    return this.withValues(jobName, {
      arguments: this.defaults.arguments.length > 0 ? J.listAt('$.run.arguments') : undefined,
      // A whole object, checked, with the run's variables already in it (the runner's CheckInput state).
      environment: J.objectAt('$.run.environment') as unknown as { [key: string]: string },
      instanceType: this.defaults.instanceType !== undefined ? J.stringAt('$.run.instanceType') : undefined,
      instanceCount: this.defaults.instanceCount !== undefined ? J.numberAt('$.run.instanceCount') : undefined,
      inputUri: (name) => J.stringAt(runPath('inputs', name)),
      outputUri: (name) => this.partitionedValue(J.stringAt(runPath('outputs', name)), scheduledTime, J.executionName, true),
    });
  }

  /**
   * The request of a step in a larger state machine: the defaults, with the overrides given
   * (plain values or JSONPath). The run id is the execution name; the scheduled time defaults
   * to the execution's start time.
   */
  public specForStep(jobName: string, overrides: JobRunOverrides): ProcessingJobSpec {
    const J = sfn.JsonPath;
    const scheduledTime = overrides.scheduledTime ?? J.executionStartTime;
    const run = this.merged(overrides);
    return this.withValues(jobName, {
      arguments: run.arguments.length > 0 ? run.arguments : undefined,
      environment: { ...run.environment, [RUN_ID_VARIABLE]: J.executionName, [SCHEDULED_TIME_VARIABLE]: scheduledTime },
      instanceType: run.instanceType,
      instanceCount: run.instanceCount,
      inputUri: (name) => run.inputs[name],
      outputUri: (name) => this.partitionedValue(run.outputs[name], scheduledTime, J.executionName, true),
    });
  }

  /**
   * The job's request with the values of `overrides` as given (plain values, JSONPath or event and
   * Scheduler placeholders), without run name, run identity variables or partitions: what
   * guardrails check for the runs of a schedule, trigger or step.
   */
  public specWithOverrides(overrides: JobRunOverrides): ProcessingJobSpec {
    const run = this.merged(overrides);
    return this.withValues(this.base.jobName, {
      arguments: run.arguments.length > 0 ? run.arguments : undefined,
      environment: run.environment,
      instanceType: run.instanceType,
      instanceCount: run.instanceCount,
      inputUri: (name) => run.inputs[name],
      outputUri: (name) => run.outputs[name],
    });
  }

  /**
   * Checks static overrides where they differ from the job's props: a partitioned output's URI
   * must end with '/', a plain scheduled time must be a timestamp. (The merged spec then passes
   * the job's own checks.)
   */
  public checkOverrides(v: Checks, overrides: JobRunOverrides): void {
    if (this.partitioning !== OutputPartitioning.NONE) {
      for (const [name, uri] of Object.entries(overrides.outputs ?? {})) {
        if (!isDynamic(uri) && !uri.endsWith('/')) {
          v.add(`overrides.outputs.${name} '${uri}' must end with '/' when outputs are partitioned (runs write under <uri>dt=…/ or run=…/) (ProcessingOutputs[].S3Output.S3Uri)`);
        }
      }
    }
    const time = overrides.scheduledTime;
    if (time !== undefined && !isDynamic(time) && !time.startsWith('<aws.') && !RUN_RULES.scheduledTime.pattern.test(time)) {
      v.add(RUN_MESSAGES.timestamp('overrides.scheduledTime', time));
    }
  }

  /** The run form of the execution input (see docs/CONTRACTS.md): every value complete; the overrides carry the scheduled time. */
  public runForm(overrides: JobRunOverrides & { readonly scheduledTime: string }): { [key: string]: unknown } {
    const run = this.merged(overrides);
    return {
      arguments: run.arguments,
      environment: run.environment,
      instanceType: run.instanceType ?? null,
      instanceCount: run.instanceCount ?? null,
      inputs: run.inputs,
      outputs: run.outputs,
      scheduledTime: overrides.scheduledTime,
    };
  }

  /** A CreateProcessingJob request without a name, for direct runs: plain values and placeholders. */
  public directRequest(overrides: JobRunOverrides, runId: string): { [key: string]: unknown } {
    if (this.partitioning === OutputPartitioning.SCHEDULED_DATE) {
      throw new Error(`${this.path}: outputPartitioning SCHEDULED_DATE needs the state machine (it cuts the date out of the scheduled time); ` +
        'a direct run can partition by RUN_ID, or run through the state machine');
    }
    const scheduledTime = overrides.scheduledTime ?? '';
    const run = this.merged(overrides);
    const spec = this.withValues('', {
      arguments: run.arguments.length > 0 ? run.arguments : undefined,
      environment: { ...run.environment, [RUN_ID_VARIABLE]: runId, [SCHEDULED_TIME_VARIABLE]: scheduledTime },
      instanceType: run.instanceType,
      instanceCount: run.instanceCount,
      inputUri: (name) => run.inputs[name],
      outputUri: (name) => this.partitionedValue(run.outputs[name], scheduledTime, runId, false),
    });
    return withoutName(spec);
  }

  /** The run-form paths of the outputs a run writes under a partition (empty without partitioning). */
  public partitionedOutputPaths(): string[] {
    return this.partitioning === OutputPartitioning.NONE ? [] : Object.keys(this.defaults.outputs).map((name) => runPath('outputs', name));
  }

  /** The request with the job's defaults and no run values, without a name (for the CLI's direct runs). */
  public request(): { [key: string]: unknown } {
    return withoutName(this.base);
  }

  private merged(overrides: JobRunOverrides) {
    const d = this.defaults;
    for (const [kind, given, known] of [['input', overrides.inputs, d.inputs], ['output', overrides.outputs, d.outputs]] as const) {
      for (const name of Object.keys(given ?? {})) {
        if (!(name in known)) {
          throw new Error(`${this.path}: overrides name the ${kind} '${name}', which is not one of the job's S3 ${kind}s (${Object.keys(known).join(', ') || 'none'})`);
        }
      }
    }
    if (overrides.arguments !== undefined && d.arguments.length === 0) {
      throw new Error(`${this.path}: overrides give arguments, but the job has none to replace; give the job default arguments to make them overridable`);
    }
    if (overrides.instanceType !== undefined && d.instanceType === undefined) {
      throw new Error(`${this.path}: overrides give instanceType, but the job uses instancePreferences`);
    }
    // The run's own variables in the job's or the overrides' environment are refused by the spec checks (lib/api/checks.ts).
    const environment = { ...d.environment, ...overrides.environment };
    return {
      arguments: overrides.arguments ?? d.arguments,
      environment,
      instanceType: overrides.instanceType ?? d.instanceType,
      instanceCount: overrides.instanceCount ?? d.instanceCount,
      inputs: { ...d.inputs, ...overrides.inputs },
      outputs: { ...d.outputs, ...overrides.outputs },
    };
  }

  private withValues(jobName: string, v: RunValues): ProcessingJobSpec {
    const d = this.defaults;
    return {
      ...this.base,
      jobName,
      arguments: v.arguments,
      environment: v.environment,
      instanceType: v.instanceType ?? this.base.instanceType,
      instanceCount: v.instanceCount ?? this.base.instanceCount,
      inputs: this.base.inputs.map((i) => (i.s3 && i.inputName in d.inputs ? { ...i, s3: { ...i.s3, s3Uri: v.inputUri(i.inputName) } } : i)),
      outputs: this.base.outputs.map((o) => (o.s3 && o.outputName in d.outputs ? { ...o, s3: { ...o.s3, s3Uri: v.outputUri(o.outputName) } } : o)),
    };
  }

  /**
   * An output URI with the run's partition appended: in a state (`inState`), with intrinsic
   * functions (the URI and the scheduled time may be JSONPath values); in a direct run, as plain
   * text with Scheduler placeholders (only the run id partition exists there).
   */
  private partitionedValue(uri: string, scheduledTime: string, runId: string, inState: boolean): string {
    if (this.partitioning === OutputPartitioning.NONE) return uri;
    if (!inState) return `${uri}run=${runId}/`;
    const J = sfn.JsonPath;
    const [suffix, value] = this.partitioning === OutputPartitioning.SCHEDULED_DATE
      ? ['dt={}/', J.arrayGetItem(J.stringSplit(scheduledTime, 'T'), 0)]
      : ['run={}/', runId];
    return J.isEncodedJsonPath(uri) ? J.format(`{}${suffix}`, uri, value) : J.format(`${escapeIntrinsicLiteral(uri)}${suffix}`, value);
  }

  private checkPartitionedOutputs(outputs: Map<string, string>): void {
    for (const [name, uri] of outputs) {
      if (!SIMPLE_NAME.test(name)) {
        throw new Error(`${this.path}: output '${name}' cannot be partitioned: with outputPartitioning its name goes into a JSONPath ` +
          `inside an intrinsic function and must match ${SIMPLE_NAME.source}; rename it or use OutputPartitioning.NONE`);
      }
      if (!isDynamic(uri) && !uri.endsWith('/')) {
        throw new Error(`${this.path}: output '${name}' URI '${uri}' must end with '/' when outputs are partitioned ` +
          `(runs write under ${uri}/dt=…/ or run=…/); give a key prefix ending in '/'`);
      }
    }
  }
}

/**
 * Input/output names safe in dot notation anywhere, including inside intrinsic functions (whose
 * reserved characters are `' { } \`, AWS docs "Intrinsic functions"). Hyphens are allowed: the SDK
 * names unnamed outputs `output-1`, `output-2`, … (sagemaker/processing.py `_normalize_outputs`).
 */
const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The JSONPath of a run value: dot notation for simple names, bracket notation otherwise (AWS docs, "Using JSONPath paths"). */
function runPath(map: 'inputs' | 'outputs', name: string): string {
  return SIMPLE_NAME.test(name) ? `$.run.${map}.${name}` : `$.run.${map}['${name.replace(/'/g, "\\'")}']`;
}

/** Escapes the characters that intrinsic function literals reserve (AWS docs, "Intrinsic functions": `' { } \`). */
function escapeIntrinsicLiteral(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}

function withoutName(spec: ProcessingJobSpec): { [key: string]: unknown } {
  const request: { [key: string]: unknown } = { ...renderProcessingJobRequest(spec) };
  delete request.ProcessingJobName;
  return request;
}
