import { Token, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { LIMITS } from './limits';
import { RUN_NAME_SUFFIX_LENGTH } from './run-name';

/**
 * Default processing job names: `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` (lib/api/run-name.ts), where the time is the
 * execution's start time in UTC and the 8 hex characters are the first block of a fresh UUID.
 * The suffix is 25 characters, so the prefix may have up to 38 and the name stays within 63.
 */
export const MAX_JOB_NAME_PREFIX_LENGTH = LIMITS.jobName.max - RUN_NAME_SUFFIX_LENGTH;

/**
 * The default name as a JSONPath intrinsic (one expression, no extra state). The ISO start
 * time `2026-11-24T02:00:07.123Z` is cut with single-character `States.StringSplit`s
 * (`T`, then `-` and `:`, then `.`) and joined back as `20261124-020007`.
 */
export function jsonPathRunName(prefix: string): string {
  const item = (array: string, i: number) => sfn.JsonPath.arrayGetItem(array, i);
  const split = (text: string, separator: string) => sfn.JsonPath.stringSplit(text, separator);
  const dateAndTime = split(sfn.JsonPath.stringAt('$$.Execution.StartTime'), 'T');
  const date = split(item(dateAndTime, 0), '-');
  const time = split(item(dateAndTime, 1), ':');
  const seconds = item(split(item(time, 2), '.'), 0);
  const uuidHead = item(split(sfn.JsonPath.uuid(), '-'), 0);
  return sfn.JsonPath.format(`${prefix}-{}{}{}-{}{}{}-{}`, item(date, 0), item(date, 1), item(date, 2), item(time, 0), item(time, 1), seconds, uuidHead);
}

/**
 * The default name as a JSONata expression (`$uuid()` is a Step Functions JSONata function).
 */
export function jsonataRunName(prefix: string): string {
  return `{% '${prefix}-' & ${JSONATA_RUN_SUFFIX} %}`;
}

/** The default name as the inside of a JSONata expression, the prefix given as an expression (e.g. a variable's field). */
export function jsonataRunNameOf(prefix: string): string {
  return `${prefix} & '-' & ${JSONATA_RUN_SUFFIX}`;
}

/** `<yyyyMMdd>-<HHmmss>-<8 hex>` in JSONata (`$uuid()` is a Step Functions JSONata function). */
const JSONATA_RUN_SUFFIX = "$fromMillis($toMillis($states.context.Execution.StartTime), '[Y0001][M01][D01]-[H01][m01][s01]') & '-' & $substring($uuid(), 0, 8)";

/**
 * Turns a construct id or path into a valid job-name prefix: only `[a-zA-Z0-9-]`, starting and
 * ending with a letter or digit, at most `maxLength` characters.
 */
export function sanitizeJobNamePrefix(raw: string, maxLength: number = MAX_JOB_NAME_PREFIX_LENGTH): string {
  const cleaned = raw.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+/, '').slice(0, maxLength).replace(/-+$/, '');
  return cleaned.length > 0 ? cleaned : 'processing';
}

/** Checks a user-given prefix for the default run name; returns a message or undefined. */
export function checkJobNamePrefix(prefix: string): string | undefined {
  if (Token.isUnresolved(prefix)) {
    return 'jobNamePrefix must be a concrete string at synth (it names the jobs and scopes their IAM policies); got a token';
  }
  if (prefix.length === 0 || prefix.length > MAX_JOB_NAME_PREFIX_LENGTH || !/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(prefix)) {
    return `jobNamePrefix '${prefix}' must be 1–${MAX_JOB_NAME_PREFIX_LENGTH} characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* ` +
      `(${RUN_NAME_SUFFIX_LENGTH} characters of the 63 allowed for ProcessingJobName are the run suffix)`;
  }
  return undefined;
}
