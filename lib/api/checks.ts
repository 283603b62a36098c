import { Annotations, Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { instanceTypeProblem, unknownInstanceTypeAdvice } from './instance-type-check';
import { characters, LIMITS } from './limits';
import { MESSAGES } from './messages';
import { RUN_MESSAGES } from './run-rules';
import { isDynamic, isJsonataExpression, literalText } from './tokens';

/** A range of whole or real numbers. */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The validation kit: every check of every construct, prop and override goes through one of
 * these methods, so every message has one shape — `<construct path>: <prop> <value> <what is
 * wrong> (<API field>)` — and the same field is checked the same way whether it comes from
 * props, static overrides or (through `lib/api/run-rules.ts`, rendered from the same limits and
 * messages) an execution's input. Values only known later (tokens, JSONPath, JSONata) are
 * skipped. `Duration` and `Size` are converted here, so aws-cdk-lib's bare conversion
 * messages ("cannot be converted into a whole number of …") never reach the user.
 */
export class Checks {
  public readonly messages: string[] = [];
  private readonly warnings: Array<{ on: IConstruct; id: string; message: string }> = [];

  /** @param path where the problems are: a construct path, or `Class.method` before there is a scope */
  constructor(public readonly path: string) {}

  /** Adds a problem (a phrase without the path); a line break in a value shows as `\\n`, so each problem stays one line. */
  add(message: string): void {
    this.messages.push(`${this.path}: ${message.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}`);
  }

  /** Adds an almost-certainly-wrong finding, reported as an acknowledgeable warning on `on` by `report`. */
  warn(on: IConstruct, id: string, message: string): void {
    this.warnings.push({ on, id, message });
  }

  /** Throws one error listing every problem; otherwise reports the warnings (Annotations, id `cdk-sagemaker-processing:<id>`). */
  throwIfAny(): void {
    if (this.messages.length > 0) throw new Error(this.messages.join('\n'));
    for (const w of this.warnings) warnOn(w.on, w.id, `${this.path}: ${w.message}`);
    this.warnings.length = 0;
  }

  /** A whole number within a range (NaN, fractions and infinities are refused). */
  integer(prop: string, field: string, value: number | undefined, limit: NumberRange, unit = ''): void {
    if (value === undefined || isDynamic(value)) return;
    if (!Number.isInteger(value) || value < limit.min || value > limit.max) this.add(MESSAGES.range(prop, String(value), limit, unit, field));
  }

  /** A finite real number within a range. */
  real(prop: string, field: string, value: number | undefined, limit: NumberRange): void {
    if (value === undefined || isDynamic(value)) return;
    if (!Number.isFinite(value) || value < limit.min || value > limit.max) this.add(MESSAGES.range(prop, String(value), limit, '', field));
  }

  /**
   * A Duration in whole `unit`s (within `limit` when given); returns the amount when it is one.
   * A token gives its token amount back unchecked.
   */
  duration(prop: string, field: string, value: Duration | undefined, unit: 'seconds' | 'minutes' | 'days', limit?: NumberRange): number | undefined {
    if (value === undefined) return undefined;
    if (value.isUnresolved()) {
      // aws-cdk-lib converts a deploy-time amount only from the unit it was given in (Duration.seconds(token) to seconds).
      try {
        return unit === 'seconds' ? value.toSeconds() : unit === 'minutes' ? value.toMinutes() : value.toDays();
      } catch {
        this.add(MESSAGES.deployTimeUnit(prop, `Duration.${unit}(…)`, field));
        return undefined;
      }
    }
    const per = { seconds: 1000, minutes: 60_000, days: 86_400_000 }[unit];
    const amount = value.toMilliseconds({ integral: false }) / per;
    if (!Number.isInteger(amount)) {
      const range = limit ? `${limit.min}–${limit.max} ${unit}` : `whole ${unit}`;
      const shown = Number.isFinite(amount) ? value.toHumanString() : `${amount} ${unit}`;
      this.add(`${prop} ${shown} is not a whole number of ${unit}; give ${range} (${field})`);
      return undefined;
    }
    if (limit && (amount < limit.min || amount > limit.max)) {
      this.add(MESSAGES.range(prop, String(amount), limit, ` ${unit}`, field));
      return undefined;
    }
    return amount;
  }

  /** A Size in whole GiB (within `limit` when given); returns the amount when it is one. A token gives its token amount back unchecked. */
  gibibytes(prop: string, field: string, value: Size | undefined, limit?: NumberRange): number | undefined {
    if (value === undefined) return undefined;
    if (value.isUnresolved()) {
      try {
        return value.toGibibytes();
      } catch {
        this.add(MESSAGES.deployTimeUnit(prop, 'Size.gibibytes(…)', field));
        return undefined;
      }
    }
    const gib = value.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(gib)) {
      this.add(`${prop} is ${gib} GiB, not a whole number of GiB (${field})`);
      return undefined;
    }
    if (limit && (gib < limit.min || gib > limit.max)) {
      this.add(MESSAGES.range(prop, String(gib), limit, ' GiB', field));
      return undefined;
    }
    return gib;
  }

  /**
   * A value the library needs at synth (it shapes the definition or the resources: retry counts and waits, a
   * lifecycle rule, the shards of a fleet): a deploy-time value is refused, not taken as its placeholder number.
   */
  knownAtSynth(prop: string, field: string, value: number | Duration | undefined, use: string): void {
    if (value === undefined) return;
    if (typeof value === 'number' ? !Token.isUnresolved(value) : !value.isUnresolved()) return;
    this.add(MESSAGES.deployTimeValue(prop, use, field));
  }

  /** A string of `min`–`max` characters. */
  string(prop: string, field: string, value: string | undefined, min: number, max: number): void {
    if (value === undefined || isDynamic(value)) return;
    const length = characters(value);
    if (length < min || length > max) this.add(`${prop} is ${length} characters; it must be ${min}–${max} (${field})`);
  }

  /**
   * A string of `min`–`max` characters on one line: the API model's `.*` patterns (ImageUri,
   * ProcessingLocalPath, AthenaDatabase, RedshiftClusterId, …) match no line break.
   */
  line(prop: string, field: string, value: string | undefined, min: number, max: number): void {
    this.string(prop, field, value, min, max);
    this.oneLine(prop, field, value);
  }

  /** No line break in a value (see `line`). */
  private oneLine(prop: string, field: string, value: string | undefined): void {
    if (value !== undefined && !isDynamic(value) && LINE_BREAK.test(value)) this.add(MESSAGES.lineBreak(`${prop} '${value}'`, field, 'it'));
  }

  /** A string matching a pattern (shown as `patternText`), with `min`–`max` characters. */
  pattern(prop: string, field: string, value: string | undefined, limit: { pattern: RegExp; patternText: string; min: number; max: number }): void {
    if (value === undefined || isDynamic(value)) return;
    const length = characters(value);
    if (length < limit.min || length > limit.max || !limit.pattern.test(value)) {
      this.add(`${prop} '${value}' must be ${limit.min}–${limit.max} characters matching ${limit.patternText}, got ${length} characters (${field})`);
    }
  }

  /** Each item of a list matching a pattern (`pattern`); a whole-list token is skipped, and so is each item known later. */
  eachPattern(prop: string, field: string, values: string[] | undefined, limit: { pattern: RegExp; patternText: string; min: number; max: number }): void {
    if (values === undefined || Token.isUnresolved(values)) return;
    values.forEach((value, i) => this.pattern(`${prop}[${i}]`, field, value, limit));
  }

  /** The job name. */
  name(prop: string, field: string, value: string): void {
    this.pattern(prop, field, value, LIMITS.jobName);
  }

  /** A list of strings: `min`–`max` items of `minItemLength`–`maxItemLength` characters each. */
  list(prop: string, field: string, value: string[] | undefined, limit: { min: number; max: number; minItemLength: number; maxItemLength: number }): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (value.length < limit.min || value.length > limit.max) this.add(MESSAGES.count(prop, value.length, limit, field));
    value.forEach((item, i) => {
      if (typeof item !== 'string') this.add(MESSAGES.notString(`${prop}[${i}]`, field));
      else if (!isDynamic(item) && (characters(item) < limit.minItemLength || characters(item) > limit.maxItemLength)) {
        this.add(MESSAGES.itemLength(`${prop}[${i}]`, characters(item), limit, field));
      }
      else if (!isDynamic(item) && LINE_BREAK.test(item)) this.add(MESSAGES.lineBreak(`${prop}[${i}]`, field));
    });
  }

  /** A list's item count (a list of tokens has a known length; only a whole-list token does not). */
  count(prop: string, field: string, value: unknown[] | undefined, limit: NumberRange): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (value.length < limit.min || value.length > limit.max) this.add(MESSAGES.count(prop, value.length, limit, field));
  }

  /** At most `max` items. */
  maxCount(prop: string, field: string, value: unknown[], max: number): void {
    if (value.length > max) this.add(`${prop} has ${value.length} items; the limit is ${max} (${field})`);
  }

  /**
   * Names that must be unique within the job; `others` (another group's names, e.g. the inputs'
   * for the outputs) may not be taken either.
   */
  unique(what: string, names: string[], others?: { what: string; names: string[]; field: string }): void {
    const seen = new Set<string>();
    const taken = new Set((others?.names ?? []).filter((n) => !isDynamic(n)));
    for (const n of names) {
      if (isDynamic(n)) continue;
      if (seen.has(n)) this.add(`${what} '${n}' is used twice; names must be unique within the job`);
      else if (others && taken.has(n)) {
        this.add(`${what} '${n}' is also the name of ${others.what} '${n}'; input and output names must be unique together within the job (${others.field})`);
      }
      seen.add(n);
    }
  }

  /** Values a definition requires. */
  required(where: string, field: string, values: { [key: string]: string | undefined }): void {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === '') this.add(`${where} is missing ${key} (${field} requires it)`);
    }
  }

  /** An S3 URI as the API takes it, with a bucket name S3 allows (a legacy upper-case one is a warning on `on`). */
  s3Uri(prop: string, field: string, value: string | undefined, on?: IConstruct): void {
    if (value === undefined) return;
    if (isDynamic(value)) {
      this.s3UriLiteralText(prop, field, value);
      return;
    }
    const problem = MESSAGES.s3UriProblem(prop, value, field);
    if (problem) {
      this.add(problem);
      return;
    }
    const bucket = s3BucketOf(value);
    const key = bucket === undefined ? '' : value.slice(value.indexOf(bucket) + bucket.length + 1);
    if (on && /[*?]/.test(key)) {
      // CreateProcessingJob's S3Uri "identifies either a key name prefix or a manifest" (API Reference, ProcessingS3Input): no patterns.
      this.warn(on, 's3-uri-wildcard', `${prop} '${value}' has '*' or '?' in its key: SageMaker reads an S3 URI's key literally (the objects whose keys start with ` +
        `'${key}'), not as a pattern; give the folder, e.g. 's3://${bucket}/${key.replace(/[^/]*[*?].*$/, '')}', or a manifest file (${field})`);
    }
    if (on && bucket !== undefined && LIMITS.s3Bucket.legacyPattern.test(bucket) && !LIMITS.s3Bucket.pattern.test(bucket)) {
      this.warn(on, 'legacy-bucket-name', `${prop} '${value}' names the bucket '${bucket}', which has upper-case letters or underscores: ` +
        'only legacy buckets in us-east-1 have such names, and SageMaker cannot use them in other regions; check the bucket name (S3 bucket naming rules)');
    }
  }

  /**
   * An S3 URI with parts known only later (a bucket's name, in `fromBucket`/`toBucket` URIs): its
   * literal text alone may already break service-2.json's S3Uri (≤ 1024 characters, one line:
   * `(https|s3)://([^/]+)/?(.*)`), e.g. a key prefix of 1100 characters or with a line break.
   */
  private s3UriLiteralText(prop: string, field: string, value: string): void {
    if (typeof value !== 'string' || isJsonataExpression(value)) return;
    const literal = literalText(value, '');
    // A bucket known at deployment (`s3://${bucket}/…`) has at least 3 characters (Amazon S3 User Guide, "Bucket naming rules": 3–63).
    const bucketAtLeast = /^(s3|https):\/\/(\/|$)/.test(literal) ? 3 : 0;
    const length = characters(literal) + bucketAtLeast;
    if (length > LIMITS.s3Uri.max) {
      this.add(MESSAGES.s3UriLength(bucketAtLeast ? `${prop} with a bucket name of 3 characters (the shortest S3 allows)` : `${prop} without its deploy-time parts`, length, field));
    } else if (LINE_BREAK.test(literal)) this.add(MESSAGES.s3UriShape(prop, literalText(value, '${…}'), field));
  }

  /** A local path in the container: under /opt/ml/processing/, no empty, `.` or `..` segments. */
  localPath(prop: string, field: string, value: string | undefined): void {
    if (value === undefined || isDynamic(value)) return;
    const root = LIMITS.localPath.root;
    if (characters(value) > LIMITS.localPath.max) this.add(`${prop} is ${characters(value)} characters; the limit is ${LIMITS.localPath.max} (${field})`);
    // service-2.json ProcessingLocalPath: pattern .*, which matches no line break.
    this.oneLine(prop, field, value);
    if (!value.startsWith(root) || value.length === root.length) {
      this.add(`${prop} '${value}' must be a folder under ${root} (${field})`);
      return;
    }
    const segments = value.slice(root.length).replace(/\/$/, '').split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) {
      this.add(`${prop} '${value}' has an empty, '.' or '..' path segment; give a plain folder under ${root} (${field})`);
    }
  }

  /** Variables every run sets (`reserved`), which an environment may not set. */
  reservedVariables(env: { [key: string]: string } | undefined, reserved: string[]): void {
    if (env === undefined || isDynamic(env)) return;
    for (const key of reserved.filter((k) => k in env)) this.add(RUN_MESSAGES.reservedVariable(key));
  }

  /** Environment variables: count (with `extra` variables the library adds to every run), names and value lengths. */
  environment(env: { [key: string]: string } | undefined, extra: string[] = []): void {
    if (env === undefined || isDynamic(env)) return;
    const limit = LIMITS.environment;
    const entries = Object.entries(env);
    const count = new Set([...Object.keys(env), ...extra]).size;
    if (count > limit.maxEntries) this.add(MESSAGES.environmentCount(count, extra.length, limit.maxEntries));
    this.reservedVariables(env, extra);
    for (const [key, value] of entries) {
      if (!isDynamic(key) && (characters(key) > limit.maxKeyLength || !limit.keyPattern.test(key))) this.add(MESSAGES.environmentKey(key));
      if (typeof value !== 'string') this.add(MESSAGES.notString(`environment variable ${key}`, 'Environment'));
      else if (!isDynamic(value) && characters(value) > limit.maxValueLength) this.add(MESSAGES.environmentValue(key, characters(value)));
    }
  }

  /** Resource tags (`tagProblems`). */
  tags(tags: { [key: string]: string } | undefined, field = 'Tags'): void {
    if (tags !== undefined) tagProblems(tags, field).forEach((m) => this.add(m));
  }

  /**
   * An instance type: a malformed name is an error; a well-formed name that the API model's
   * table lacks is a warning on `on` (AWS adds types; the table may be older than the type).
   */
  instanceType(prop: string, field: string, value: string | undefined, on?: IConstruct): void {
    if (value === undefined || isDynamic(value)) return;
    const problem = instanceTypeProblem(prop, value, field);
    if (problem) {
      this.add(problem);
      return;
    }
    const advice = unknownInstanceTypeAdvice(prop, value);
    if (advice && on) this.warn(on, 'unknown-instance-type', advice);
  }
}

/** What the API's `.*` patterns do not match (ContainerArgument, ContainerEntrypointString: one line each). */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The bucket of an `s3://` URI, or undefined for other URIs. */
export function s3BucketOf(uri: string): string | undefined {
  return /^s3:\/\/([^/]+)/.exec(uri)?.[1];
}

/** Adds an acknowledgeable warning (`Annotations.addWarningV2`, id `cdk-sagemaker-processing:<id>`). */
export function warnOn(on: IConstruct, id: string, message: string): void {
  Annotations.of(on).addWarningV2(`cdk-sagemaker-processing:${id}`, message);
}

/**
 * The problems of a set of resource tags: how many, each key's and value's length and
 * characters (lengths in Unicode code points, as the API model counts them), and the reserved
 * `aws:` prefix. Entries whose key is known only later are skipped, and values known only later.
 * The one rule for a job's tags, the tags of `ProcessingDefaults` and the keys of
 * `ProcessingGuardrails`' `requiredTags`.
 */
export function tagProblems(tags: { [key: string]: string }, field: string): string[] {
  const limit = LIMITS.tags;
  const entries = Object.entries(tags);
  const out: string[] = [];
  if (entries.length > limit.max) out.push(`tags has ${entries.length} tags; the limit is ${limit.max} (${field})`);
  for (const [key, value] of entries) {
    if (isDynamic(key)) continue;
    const keyLength = characters(key);
    if (keyLength === 0 || keyLength > limit.maxKeyLength) out.push(`tag key '${key}' must be 1–${limit.maxKeyLength} characters (${field})`);
    if (key.toLowerCase().startsWith('aws:')) out.push(`tag key '${key}' uses the reserved prefix 'aws:' (${field})`);
    if (!limit.pattern.test(key)) out.push(`tag key '${key}' must match ${limit.patternText}: ${limit.charactersText} (${field})`);
    if (isDynamic(value)) continue;
    const valueLength = characters(value);
    if (valueLength > limit.maxValueLength) out.push(`tag ${key} value is ${valueLength} characters; the limit is ${limit.maxValueLength} (${field})`);
    if (!limit.pattern.test(value)) out.push(`tag ${key} value '${value}' must match ${limit.patternText}: ${limit.charactersText} (${field})`);
  }
  return out;
}
