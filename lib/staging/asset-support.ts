import { BootstraplessSynthesizer, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The name of the stack synthesizer that refuses every asset, of `scope`'s stack or of the stack
 * that deploys it (a nested stack's assets are its parent's), or `undefined` when assets are taken.
 * aws-cdk-lib's `BootstraplessSynthesizer` throws at the first asset ("Cannot add assets to a
 * Stack that uses the BootstraplessSynthesizer", core/lib/stack-synthesizers/bootstrapless-synthesizer.ts)
 * without saying which construct added it.
 */
export function assetRefusingSynthesizer(scope: IConstruct): string | undefined {
  for (let stack: Stack | undefined = Stack.of(scope); stack !== undefined; stack = stack.nestedStackParent) {
    if (stack.synthesizer instanceof BootstraplessSynthesizer) return `the BootstraplessSynthesizer of stack ${stack.node.path}`;
  }
  return undefined;
}

/**
 * Refuses, before aws-cdk-lib would with no construct named, an asset the stack's synthesizer
 * does not take: names the construct, what needed the asset and what to do instead.
 */
export function requireAssets(scope: IConstruct, what: string, instead: string): void {
  const refusing = assetRefusingSynthesizer(scope);
  if (refusing === undefined) return;
  throw new Error(`${scope.node.path}: ${what} is an asset that cdk deploy uploads, but ${refusing} takes no assets; ${instead}`);
}

/** What to do instead of staging files, for the messages of every staged file. */
export const STAGED_FILES_INSTEAD = 'deploy the job from a stack with the DefaultStackSynthesizer (cdk bootstrap), or put the files in S3 yourself ' +
  '(ProcessingCode.fromBucket, ProcessingInput.fromBucket)';
