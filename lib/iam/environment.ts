import { Token } from 'aws-cdk-lib';

/**
 * Whether two account ids, or two Regions, are both known at synth and differ: a resource of
 * another account or Region than the job. An unresolved one (an env-agnostic stack) may be either,
 * and is taken as the same.
 */
export function knownAndDifferent(a: string, b: string): boolean {
  return !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
}
