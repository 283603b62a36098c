/**
 * Run-time overrides: parsed from the command line, checked against what the job allows, and
 * given to the state machine as the execution input's *overrides form* (docs/CONTRACTS.md).
 */
import { imageFitProblem } from '../../lib/api/image-instance-fit';
import { instanceTypeProblem } from '../../lib/api/instance-type-check';
import { characters, FIELD, LIMITS } from '../../lib/api/limits';
import { MESSAGES } from '../../lib/api/messages';
import { RUN_MESSAGES, RUN_VARIABLES } from '../../lib/api/run-rules';
import type { ProcessingJobMetadata, RunGuardMetadata } from '../../lib/job/metadata';
import type { JobRunOverrides } from '../../lib/definition/job-run-overrides';
import { CliError } from './errors';
import { parseScheduledTime } from './scheduled-time';

/** The overrides of one run: the keys of the execution input's overrides form. */
export type RunOverrides = JobRunOverrides;

/** The override options of the `run` command, as commander hands them over. */
export interface OverrideOptions {
  readonly arg?: string[];
  readonly env?: string[];
  readonly instanceType?: string;
  readonly instanceCount?: string;
  readonly input?: string[];
  readonly output?: string[];
  readonly scheduledTime?: string;
}


/** Parses the command-line overrides; a bad one is a one-line error that names the option and the value. */
export function parseOverrideOptions(options: OverrideOptions): RunOverrides {
  const overrides: { -readonly [K in keyof RunOverrides]: RunOverrides[K] } = {};
  if (options.arg && options.arg.length > 0) overrides.arguments = [...options.arg];
  if (options.env && options.env.length > 0) {
    overrides.environment = pairs('--env', options.env, 'KEY=VALUE');
  }
  if (options.instanceType !== undefined) overrides.instanceType = options.instanceType;
  if (options.instanceCount !== undefined) {
    if (!/^\d+$/.test(options.instanceCount)) {
      throw new CliError(`--instance-count '${options.instanceCount}': expected a whole number ${LIMITS.instanceCount.min}–${LIMITS.instanceCount.max}`);
    }
    overrides.instanceCount = Number(options.instanceCount);
  }
  if (options.input && options.input.length > 0) overrides.inputs = pairs('--input', options.input, 'NAME=s3://bucket/prefix');
  if (options.output && options.output.length > 0) overrides.outputs = pairs('--output', options.output, 'NAME=s3://bucket/prefix');
  if (options.scheduledTime !== undefined) overrides.scheduledTime = parseScheduledTime(options.scheduledTime);
  return overrides;
}

/** `NAME=VALUE` words as an object; a word without a name is a one-line error naming the option and the shape. */
export function pairs(option: string, values: string[], shape: string): { [key: string]: string } {
  const result: { [key: string]: string } = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw new CliError(`${option} '${value}': expected ${shape}`);
    result[value.slice(0, at)] = value.slice(at + 1);
  }
  return result;
}

/**
 * The overrides with the scheduled time in UTC (`2026-11-20T02:00:00Z`): the state machine cuts the
 * `dt=` date out of the text, so a time with an offset would name another day than its UTC date.
 * A time without a zone or a date that does not exist is refused (`parseScheduledTime`).
 */
export function normalizeOverrides(overrides: RunOverrides): RunOverrides {
  if (overrides.scheduledTime === undefined) return overrides;
  return { ...overrides, scheduledTime: parseScheduledTime(overrides.scheduledTime, 'scheduledTime') };
}

/**
 * Checks overrides against the job (the same rules the state machine applies, so a mistake is
 * reported before anything starts): names of S3 inputs and outputs, environment keys and values,
 * instance type and count, S3 URIs, argument count and length. Each problem is the runner's cause
 * (lib/api/run-rules.ts, from the kit's `MESSAGES`) after the option that gave the value, so a
 * value the runner refuses is refused here in its words, and one it takes is taken; values of the
 * wrong type (`runProcessingJob` called from JavaScript) are refused as the runner refuses them.
 */
export function checkOverrides(overrides: RunOverrides, metadata: ProcessingJobMetadata): void {
  const job = metadata.path;
  checkTakenKeys(overrides, metadata);
  const refuse = (option: string, problem: string | undefined) => {
    if (problem !== undefined) throw new CliError(`${option}: ${problem}`);
  };
  if (overrides.arguments !== undefined) refuse('--arg', argumentsProblem(overrides.arguments));
  const environment: unknown = overrides.environment;
  if (environment !== undefined) {
    if (typeOf(environment) !== 'object') refuse('--env', RUN_MESSAGES.notMap('environment', 'variable names to string values', typeOf(environment)));
    for (const [key, value] of Object.entries(environment as { [key: string]: unknown })) {
      if ((Object.values(RUN_VARIABLES) as string[]).includes(key)) refuse(`--env ${key}`, RUN_MESSAGES.reservedVariable(key));
      refuse('--env', environmentVariableProblem(key, value));
    }
    // CreateProcessingJob takes at most 100 variables: the job's, the run's and the two every run adds, as the runner counts them.
    // Only the job's plain values count here: one from a condition (`Fn::If` with `AWS::NoValue`) may be absent when deployed.
    const own = Object.entries((metadata.request as { Environment?: { [key: string]: unknown } }).Environment ?? {}).filter(([, v]) => typeof v === 'string').map(([k]) => k);
    const count = new Set([...own, ...Object.keys(environment as object), ...Object.values(RUN_VARIABLES)]).size;
    if (count > LIMITS.environment.maxEntries) throw new CliError(`--env: ${MESSAGES.environmentCount(count, 2, LIMITS.environment.maxEntries)} (job ${job})`);
  }
  const instanceType: unknown = overrides.instanceType;
  if (instanceType !== undefined) {
    // The runner's shape (lib/api/run-rules.ts): a type it refuses is refused here, before an execution starts and fails.
    refuse('--instance-type', typeof instanceType !== 'string' ? MESSAGES.notString('instanceType', FIELD.instanceType)
      : instanceTypeProblem('instanceType', instanceType, FIELD.instanceType));
  }
  if (overrides.instanceType !== undefined && metadata.imageFit) {
    // The runner refuses it with the same words; a direct run would start a job that cannot use its instances.
    const problem = imageFitProblem('--instance-type', overrides.instanceType, metadata.imageFit);
    if (problem) throw new CliError(`${problem} (job ${job})`);
  }
  const count: unknown = overrides.instanceCount;
  if (count !== undefined) {
    const { min, max } = LIMITS.instanceCount;
    refuse('--instance-count', typeof count !== 'number' ? RUN_MESSAGES.notNumber('instanceCount', typeOf(count), FIELD.instanceCount)
      : !Number.isInteger(count) || count < min || count > max ? MESSAGES.range('instanceCount', String(count), LIMITS.instanceCount, '', FIELD.instanceCount) : undefined);
  }
  // The runner's guardrails, in its words (lib/api/run-rules.ts): `--direct` starts no runner, so they are held here.
  for (const guard of metadata.guards ?? []) {
    const problem = guardProblem(guard, overrides);
    if (problem) throw new CliError(`${problem} (job ${job})`);
  }
  checkChannels('--input', 'input', overrides.inputs, metadata.overridableInputs, job);
  checkChannels('--output', 'output', overrides.outputs, metadata.overridableOutputs, job);
  if (metadata.outputPartitioning !== 'none') {
    // The state machine appends dt=<date>/ or run=<id>/ to the URI as it is (the job's own URIs are checked at synth).
    const loose = Object.entries(overrides.outputs ?? {}).find(([, uri]) => !uri.endsWith('/'));
    if (loose) {
      throw new CliError(`--output ${loose[0]}='${loose[1]}': the job writes each run under ${metadata.outputPartitioning === 'run-id' ? 'run=<id>/' : 'dt=<date>/'} ` +
        `of its output URIs, so the URI must end with '/'`);
    }
  }
  const time: unknown = overrides.scheduledTime;
  if (time !== undefined) {
    if (typeof time !== 'string') refuse('--scheduled-time', RUN_MESSAGES.timestamp('scheduledTime', String(time)));
    parseScheduledTime(time as string);
  }
}

/** The runner's type of a JSON value (`$type`): `array` and `null` are not objects. */
function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** The first problem the runner finds in a run's arguments, in its words; undefined when they hold. */
function argumentsProblem(args: unknown): string | undefined {
  const limit = LIMITS.arguments;
  if (!Array.isArray(args)) return RUN_MESSAGES.notList('arguments', typeOf(args), FIELD.arguments);
  if (args.length < limit.min || args.length > limit.max) return MESSAGES.count('arguments', args.length, limit, FIELD.arguments);
  for (const [i, arg] of args.entries()) {
    if (typeof arg !== 'string') return MESSAGES.notString(`arguments[${i}]`, FIELD.arguments);
    // Lengths in code points, as the API model and the runner's JSONata $length count them; `--arg ''` is an argument.
    const length = characters(arg);
    if (length < limit.minItemLength || length > limit.maxItemLength) return MESSAGES.itemLength(`arguments[${i}]`, length, limit, FIELD.arguments);
    if (/[\n\r\u2028\u2029]/.test(arg)) return MESSAGES.lineBreak(`arguments[${i}]`, FIELD.arguments);
  }
  return undefined;
}

/** The runner's problem with one environment variable of a run (its name, type and length); undefined when it holds. */
function environmentVariableProblem(key: string, value: unknown): string | undefined {
  const env = LIMITS.environment;
  if (!env.keyPattern.test(key) || characters(key) > env.maxKeyLength) return MESSAGES.environmentKey(key);
  if (typeof value !== 'string') return MESSAGES.notString(`environment variable ${key}`, FIELD.environment);
  if (characters(value) > env.maxValueLength) return MESSAGES.environmentValue(key, characters(value));
  return undefined;
}

const OPTION_OF: { [key: string]: string } = { arguments: '--arg', instanceType: '--instance-type', instanceCount: '--instance-count' };

/**
 * The keys a job's runner takes are those of `acceptedKeys` (lib/job/input-validation.ts), which the
 * job's metadata carries: a job without arguments takes no `arguments` (its container gets none),
 * one with instance preferences no `instanceType`/`instanceCount`. The same refusal for every
 * path — through the runner, `--no-wait` and `--direct` — before anything starts.
 */
function checkTakenKeys(overrides: RunOverrides, metadata: ProcessingJobMetadata): void {
  const taken = metadata.overridableKeys;
  if (!taken) return; // an assembly synthesized before the field existed: the runner checks
  for (const key of Object.keys(overrides)) {
    if (taken.includes(key)) continue;
    const option = OPTION_OF[key] ?? key;
    const why = key === 'arguments'
      ? 'takes no arguments (its processor passes none to the container), so a run cannot set them'
      : `does not take ${option} (it takes ${taken.filter((k) => k !== 'job').map((k) => OPTION_OF[k] ?? k).join(', ')})`;
    throw new CliError(`${option}: the job ${metadata.path} ${why}`);
  }
}

function checkChannels(option: string, what: 'input' | 'output', given: unknown, known: string[], job: string): void {
  if (given === undefined) return;
  const field = what === 'input' ? 'ProcessingInputs[].S3Input.S3Uri' : 'ProcessingOutputs[].S3Output.S3Uri';
  if (typeOf(given) !== 'object') throw new CliError(`${option}: ${RUN_MESSAGES.notMap(`${what}s`, `${what} names to S3 URIs`, typeOf(given))}`);
  for (const [name, uri] of Object.entries(given as { [name: string]: unknown })) {
    if (!known.includes(name)) {
      throw new CliError(`${option} ${name}: the job ${job} has no S3 ${what} named '${name}' (S3 ${what}s: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    // The runner's words (lib/api/run-rules.ts): the S3Uri shape, at most 1024 characters (code points), a bucket name S3 can have.
    const prop = `${what} '${name}' s3Uri`;
    const problem = typeof uri !== 'string' ? MESSAGES.notString(prop, field) : MESSAGES.s3UriProblem(prop, uri, field);
    if (problem) throw new CliError(`${option}: ${problem}`);
  }
}

/** What a `ProcessingGuardrails` policy refuses in a run's overrides, as the runner says it; undefined when it holds. */
function guardProblem(guard: RunGuardMetadata, overrides: RunOverrides): string | undefined {
  const locked = Object.keys(overrides.environment ?? {}).find((k) => guard.lockedEnvironment.includes(k));
  if (locked !== undefined) return `guardrail lockedEnvironmentKeys: environment variable ${locked} may not be set by a run`;
  const type = overrides.instanceType;
  if (type !== undefined && (guard.instanceTypes !== undefined || guard.families !== undefined)
    && !((guard.instanceTypes ?? []).includes(type) || (guard.families ?? []).includes(type.split('.')[1]))) {
    return `guardrail ${guard.instanceRule}: instanceType ${type} is not allowed (allowed: ${guard.allowedText})`;
  }
  const count = overrides.instanceCount;
  if (count !== undefined && guard.maxInstanceCount !== undefined && count > guard.maxInstanceCount) {
    return `guardrail maxInstanceCount: instanceCount ${count} is above the limit ${guard.maxInstanceCount}`;
  }
  return undefined;
}
