/**
 * The run name outside Step Functions: `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` from a UTC time
 * and a fresh UUID, the scheme of `jsonPathRunName`/`jsonataRunName` (lib/api/naming.ts). Used by
 * the deploy-time run's handler and the CLI, so it imports nothing but Node.js: the handler ships
 * as plain JavaScript without aws-cdk-lib.
 */
import { randomUUID } from 'crypto';

/** `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` for a run named at `now`. */
export function runName(prefix: string, now: Date): string {
  const iso = now.toISOString(); // 2026-11-24T02:00:07.123Z
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, 19).replace(/:/g, '');
  return `${prefix}-${date}-${time}-${randomUUID().slice(0, 8)}`;
}
