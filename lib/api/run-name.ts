/**
 * The run name outside Step Functions: `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` from a UTC time
 * and a fresh UUID, the scheme of `jsonPathRunName`/`jsonataRunName` (lib/api/naming.ts), and the
 * time a name was given at. Used by the deploy-time run's handler and the CLI, so it imports
 * nothing but Node.js: the handler ships as plain JavaScript without aws-cdk-lib.
 */
import { randomUUID } from 'crypto';

/** `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` for a run named at `now`. */
export function runName(prefix: string, now: Date): string {
  const iso = now.toISOString(); // 2026-11-24T02:00:07.123Z
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, 19).replace(/:/g, '');
  return `${prefix}-${date}-${time}-${randomUUID().slice(0, 8)}`;
}

/**
 * The UTC time, to the second, a run name of `runName` was given at, as an ISO 8601 timestamp
 * (`2026-11-24T02:00:07Z`): a deploy-time run's scheduled time. Undefined for a name of another scheme.
 */
export function runNameTime(name: string): string | undefined {
  const m = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[0-9a-f]{8}$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}
