import { IConstruct } from 'constructs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';

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
