import { createHash } from 'crypto';
import { JobRunTarget } from './job-run-target';

/**
 * The name of an EventBridge rule that starts runs of `target`: the runner's
 * `startRuleNamePrefix` and 8 hex digits of the rule's construct path. The start role trusts
 * EventBridge only for rules named so (`aws:SourceArn`); a generated name would not be known to
 * the trust policy without a reference to the rule, which references the role (a cycle).
 */
export function startRuleName(target: JobRunTarget, id: string): string {
  const hash = createHash('sha256').update(`${target.scope.node.path}/${id}`).digest('hex').slice(0, 8);
  return `${target.startRuleNamePrefix}${hash}`;
}
