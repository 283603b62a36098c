import { characters, LIMITS } from './limits';

/**
 * The message of each rule, shared by the synth-time checks (`Checks`) and the runner's
 * run-time checks (`lib/api/run-rules.ts` renders these same functions into JSONata, with the
 * value parts as JSONata expressions), so a limit reads the same wherever it is enforced.
 * Each returns a phrase without the construct path: `<prop> <value> <problem> (<API field>)`.
 */
export const MESSAGES = {
  range: (prop: string, value: string, limit: { min: number; max: number }, unit: string, field: string) =>
    `${prop} ${value} is out of range ${limit.min}–${limit.max}${unit} (${field})`,
  count: (prop: string, count: number | string, limit: { min: number; max: number }, field: string) =>
    `${prop} has ${count} items; it must have ${limit.min}–${limit.max} (${field})`,
  itemLength: (prop: string, length: number | string, limit: { minItemLength: number; maxItemLength: number }, field: string) =>
    `${prop} is ${length} characters; each item must be ${limit.minItemLength}–${limit.maxItemLength} (${field})`,
  notString: (prop: string, field: string) => `${prop} must be a string (${field})`,
  deployTimeUnit: (prop: string, form: string, field: string) =>
    `${prop} is a deploy-time amount in another unit, which cannot be converted at synth; give it as ${form} (${field})`,
  deployTimeValue: (prop: string, use: string, field: string) =>
    `${prop} is known only at deploy time, but ${use}; give a value known at synth (${field})`,
  lineBreak: (prop: string, field: string, subject = 'each item') => `${prop} has a line break; ${subject} must be one line (the API's pattern .*) (${field})`,
  environmentCount: (count: number | string, extra: number, max: number) =>
    `environment has ${count} variables${extra > 0 ? `, counting the ${extra} every run adds (PROCESSING_RUN_ID, PROCESSING_SCHEDULED_TIME)` : ''}; the limit is ${max} (Environment)`,
  environmentKey: (key: string) =>
    `environment variable name '${key}' must match ${LIMITS.environment.keyPatternText} and be at most ${LIMITS.environment.maxKeyLength} characters (Environment)`,
  environmentValue: (key: string, length: number | string) =>
    `environment variable ${key} is ${length} characters; the limit is ${LIMITS.environment.maxValueLength} (Environment)`,
  s3UriLength: (prop: string, length: number | string, field: string) => `${prop} is ${length} characters; the limit is ${LIMITS.s3Uri.max} (${field})`,
  s3UriShape: (prop: string, value: string, field: string) => `${prop} '${value}' must match ${LIMITS.s3Uri.patternText} (${field})`,
  s3Bucket: (prop: string, value: string, field: string) =>
    `${prop} '${value}' does not name an S3 bucket: bucket names have only a-z, 0-9, '.' and '-' (S3 bucket naming rules; ${field})`,
  /** The first problem of an S3 URI, or undefined. */
  s3UriProblem(prop: string, value: string, field: string): string | undefined {
    if (characters(value) > LIMITS.s3Uri.max) return MESSAGES.s3UriLength(prop, characters(value), field);
    if (!LIMITS.s3Uri.pattern.test(value)) return MESSAGES.s3UriShape(prop, value, field);
    const bucket = /^s3:\/\/([^/]+)/.exec(value)?.[1];
    if (bucket !== undefined && !LIMITS.s3Bucket.legacyPattern.test(bucket)) return MESSAGES.s3Bucket(prop, value, field);
    return undefined;
  },
};
