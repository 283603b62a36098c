import { IConstruct } from 'constructs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { ProcessingNag } from '../../lib';

/** A finding: the rule (with its detail, e.g. `AwsSolutions-IAM5[Resource::*]`) and the construct path. */
export interface NagFinding {
  readonly rule: string;
  readonly path: string;
}

/** The packs checked: every rule of AwsSolutions and of NIST 800-53 rev 5. */
export const NAG_PACKS = ['AwsSolutions', 'NIST.800.53.R5'];

/**
 * Every unacknowledged finding of the AwsSolutions and NIST 800-53 rev 5 packs (errors and
 * warnings) under a scope that has been synthesized (so Aspects have run). This is what
 * `Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app))` reports
 * at synth (cdk-nag 3 runs the same `validateScope`), acknowledgements
 * (`Validations.of(construct).acknowledge({ id, reason })`) included.
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks()].flatMap((pack) => pack.validateScope(scope).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' }))));
}

/**
 * Runs `build` (which creates an App) with the library's acknowledgements on, as the cdk CLI's
 * `-c cdk-sagemaker-processing:acknowledgeNagFindings=true` gives them (CDK_CONTEXT_JSON): the tests
 * run the packs with `validateScope` after synthesis, where no validation plugin is registered.
 */
export function withNagAcknowledgements<T>(build: () => T): T {
  const previous = process.env.CDK_CONTEXT_JSON;
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ ...JSON.parse(previous ?? '{}'), [ProcessingNag.ACKNOWLEDGE_FINDINGS_CONTEXT]: 'true' });
  try {
    return build();
  } finally {
    if (previous === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = previous;
  }
}

/** A finding accepted everywhere it matches, with the reason. */
export interface AcceptedFinding {
  /** The rule id, exactly or as a pattern (granular ids carry the resource or action). */
  readonly rule: string | RegExp;
  /** The construct path. */
  readonly path: RegExp;
  readonly reason: string;
}

export function matches(a: AcceptedFinding, f: NagFinding): boolean {
  return (typeof a.rule === 'string' ? a.rule === f.rule : a.rule.test(f.rule)) && a.path.test(f.path);
}
