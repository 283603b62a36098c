/**
 * The run name outside Step Functions: `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` from a UTC time
 * and a fresh UUID, the scheme of `jsonPathRunName`/`jsonataRunName` (lib/api/naming.ts), and the
 * time a name was given at. Used by the deploy-time run's handler and the CLI, so it imports
 * nothing but Node.js: the handler ships as plain JavaScript without aws-cdk-lib.
 */
import { randomUUID } from 'crypto';

/**
 * The run suffix after the prefix, field by field: each field is a dash and this many characters
 * (`yyyyMMdd`, `HHmmss`, the first 8 hex digits of a UUID). Every other form of the scheme (its
 * length, the IAM pattern of the names, the JSONPath and JSONata names) follows from these.
 */
export const RUN_NAME_SUFFIX_FIELDS: readonly number[] = [8, 6, 8];

/** How many characters the run suffix adds to the prefix: 25. */
export const RUN_NAME_SUFFIX_LENGTH = RUN_NAME_SUFFIX_FIELDS.reduce((sum, n) => sum + 1 + n, 0);

/**
 * The run suffix as an IAM ARN pattern, `-????????-??????-????????`: `?` matches exactly one
 * character (IAM User Guide, "IAM JSON policy elements: Resource", wildcards in ARNs), so a prefix
 * that starts another prefix (`prep`, `prep-extra`, `prepare`) matches none of the other's names.
 */
export const RUN_NAME_SUFFIX_IAM_PATTERN = RUN_NAME_SUFFIX_FIELDS.map((n) => `-${'?'.repeat(n)}`).join('');

/** `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` for a run named at `now`. */
export function runName(prefix: string, now: Date): string {
  const iso = now.toISOString(); // 2026-11-24T02:00:07.123Z
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, 19).replace(/:/g, '');
  return `${prefix}-${date}-${time}-${randomUUID().slice(0, RUN_NAME_SUFFIX_FIELDS[2])}`;
}

/**
 * The UTC time, to the second, a run name of `runName` was given at, as an ISO 8601 timestamp
 * (`2026-11-24T02:00:07Z`): a deploy-time run's scheduled time. Undefined for a name of another scheme.
 */
export function runNameTime(name: string): string | undefined {
  const m = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[0-9a-f]{8}$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}
