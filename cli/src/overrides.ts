/**
 * Run-time overrides: parsed from the command line, checked against what the job allows, and
 * given to the state machine as the execution input's *overrides form* (docs/CONTRACTS.md).
 */
import { imageFitProblem } from '../../lib/api/image-instance-fit';
import { INSTANCE_TYPE_SHAPE } from '../../lib/api/instance-type-check';
import { characters, LIMITS } from '../../lib/api/limits';
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
 * instance type and count, S3 URIs, argument count and length.
 */
export function checkOverrides(overrides: RunOverrides, metadata: ProcessingJobMetadata): void {
  const job = metadata.path;
  checkTakenKeys(overrides, metadata);
  if (overrides.arguments) {
    const { min, max, maxItemLength } = LIMITS.arguments;
    if (overrides.arguments.length < min || overrides.arguments.length > max) {
      throw new CliError(`--arg: ${overrides.arguments.length} arguments is out of range ${min}–${max} (CreateProcessingJob AppSpecification.ContainerArguments)`);
    }
    const long = overrides.arguments.find((a) => characters(a) > maxItemLength);
    if (long !== undefined) throw new CliError(`--arg '${long.slice(0, 40)}…': longer than ${maxItemLength} characters`);
    // The runner refuses these too (lib/api/run-rules.ts): each argument is 0–256 characters of one line (`--arg ''` is one).
    const multiline = overrides.arguments.find((a) => /[\n\r\u2028\u2029]/.test(a));
    if (multiline !== undefined) throw new CliError(`--arg '${multiline.split(/[\n\r\u2028\u2029]/)[0].slice(0, 40)}…': has a line break; each argument must be one line`);
  }
  for (const [key, value] of Object.entries(overrides.environment ?? {})) {
    const env = LIMITS.environment;
    if (!env.keyPattern.test(key) || characters(key) > env.maxKeyLength) {
      throw new CliError(`--env '${key}': the key must match ${env.keyPatternText} and have at most ${env.maxKeyLength} characters`);
    }
    // Lengths in code points, as the API model and the runner's JSONata $length count them.
    if (characters(value) > env.maxValueLength) throw new CliError(`--env ${key}: the value is longer than ${env.maxValueLength} characters`);
    if ((Object.values(RUN_VARIABLES) as string[]).includes(key)) {
      throw new CliError(`--env ${key}: ${RUN_MESSAGES.reservedVariable(key)}`);
    }
  }
  if (overrides.environment) {
    // CreateProcessingJob takes at most 100 variables: the job's, the run's and the two every run adds, as the runner counts them.
    // Only the job's plain values count here: one from a condition (`Fn::If` with `AWS::NoValue`) may be absent when deployed.
    const own = Object.entries((metadata.request as { Environment?: { [key: string]: unknown } }).Environment ?? {}).filter(([, v]) => typeof v === 'string').map(([k]) => k);
    const count = new Set([...own, ...Object.keys(overrides.environment), ...Object.values(RUN_VARIABLES)]).size;
    if (count > LIMITS.environment.maxEntries) throw new CliError(`--env: ${MESSAGES.environmentCount(count, 2, LIMITS.environment.maxEntries)} (job ${job})`);
  }
  // The runner's shape (lib/api/run-rules.ts): a type it refuses is refused here, before an execution starts and fails.
  if (overrides.instanceType !== undefined && !INSTANCE_TYPE_SHAPE.test(overrides.instanceType)) {
    throw new CliError(`--instance-type '${overrides.instanceType}': expected a processing instance type such as ml.m5.xlarge`);
  }
  if (overrides.instanceType !== undefined && metadata.imageFit) {
    // The runner refuses it with the same words; a direct run would start a job that cannot use its instances.
    const problem = imageFitProblem('--instance-type', overrides.instanceType, metadata.imageFit);
    if (problem) throw new CliError(`${problem} (job ${job})`);
  }
  // The runner's guardrails, in its words (lib/api/run-rules.ts): `--direct` starts no runner, so they are held here.
  for (const guard of metadata.guards ?? []) {
    const problem = guardProblem(guard, overrides);
    if (problem) throw new CliError(`${problem} (job ${job})`);
  }
  if (overrides.instanceCount !== undefined) {
    const { min, max } = LIMITS.instanceCount;
    if (!Number.isInteger(overrides.instanceCount) || overrides.instanceCount < min || overrides.instanceCount > max) {
      throw new CliError(`--instance-count ${overrides.instanceCount} is out of range ${min}–${max}`);
    }
  }
  checkChannels('--input', 'S3 input', overrides.inputs, metadata.overridableInputs, job);
  checkChannels('--output', 'S3 output', overrides.outputs, metadata.overridableOutputs, job);
  if (metadata.outputPartitioning !== 'none') {
    // The state machine appends dt=<date>/ or run=<id>/ to the URI as it is (the job's own URIs are checked at synth).
    const loose = Object.entries(overrides.outputs ?? {}).find(([, uri]) => !uri.endsWith('/'));
    if (loose) {
      throw new CliError(`--output ${loose[0]}='${loose[1]}': the job writes each run under ${metadata.outputPartitioning === 'run-id' ? 'run=<id>/' : 'dt=<date>/'} ` +
        `of its output URIs, so the URI must end with '/'`);
    }
  }
  if (overrides.scheduledTime !== undefined) parseScheduledTime(overrides.scheduledTime);
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

function checkChannels(option: string, what: string, given: { [name: string]: string } | undefined, known: string[], job: string): void {
  for (const [name, uri] of Object.entries(given ?? {})) {
    if (!known.includes(name)) {
      throw new CliError(`${option} ${name}: the job ${job} has no ${what} named '${name}' (${what}s: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    if (!LIMITS.s3Uri.pattern.test(uri) || uri.length > LIMITS.s3Uri.max) {
      throw new CliError(`${option} ${name}='${uri}': expected an S3 URI matching ${LIMITS.s3Uri.patternText}, at most ${LIMITS.s3Uri.max} characters`);
    }
    // A bucket name S3 cannot have: the runner refuses it with the same words.
    const problem = MESSAGES.s3UriProblem(`${option} ${name}`, uri, option === '--input' ? 'ProcessingInputs[].S3Input.S3Uri' : 'ProcessingOutputs[].S3Output.S3Uri');
    if (problem) throw new CliError(problem);
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
