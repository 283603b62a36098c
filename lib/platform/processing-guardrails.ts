import { Annotations, IAspect, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checks, tagProblems } from '../api/checks';
import { LIMITS } from '../api/limits';
import { RunGuardData } from '../api/run-rules';
import { ProcessingJobInspection, processingJobInspectionOf } from '../definition/inspection';
import { reachIntoStages } from '../definition/stage-aspects';
import { ProcessingJobRunner } from '../job/processing-job-runner';
import { kmsRule } from './guardrails/encryption-rules';
import { imageRule } from './guardrails/image-rules';
import { allowedInstancesText, instanceCountRule, instanceTypeRule, runtimeRule, volumeSizeRule } from './guardrails/instance-rules';
import { networkRule } from './guardrails/network-rules';
import { GuardrailRule, GuardrailViolation } from './guardrails/rule';
import { tagRule } from './guardrails/tag-rules';
import { GuardrailMode, ProcessingGuardrailsProps } from './processing-guardrails-props';

/** The rule families, in the order their violations are reported. */
const RULES: GuardrailRule[] = [instanceTypeRule, instanceCountRule, runtimeRule, volumeSizeRule, networkRule, kmsRule, tagRule, imageRule];

/**
 * An Aspect that checks every processing job in its scope — Step Functions task, `ProcessingJob`,
 * deploy-time run — against a platform policy at synth, and reports every violation of every
 * job at once (each names the construct path, the rule and the value). A job wrapped by another
 * (the task inside a `ProcessingJob`) is reported once, on the outermost construct.
 *
 * A `ProcessingJob` is also checked as each of its schedules, triggers and steps (`asStep`) runs
 * it, with their static `overrides` applied: a violation the overrides add is reported on that
 * schedule, rule or step, naming it and the job. Overrides given at run time (an execution's
 * input) are not seen at synth.
 *
 * ```ts
 * Aspects.of(app).add(new ProcessingGuardrails({ requireVpc: true, maxInstanceCount: 4 }));
 * ```
 */
export class ProcessingGuardrails implements IAspect {
  private readonly policy: ProcessingGuardrailsProps;
  private readonly reported = new WeakSet<IConstruct>();

  constructor(props: ProcessingGuardrailsProps) {
    checkPolicy(props).throwIfAny();
    this.policy = props;
    // Applied to an app or a stage, the guardrails check the jobs of the stages under it too (aws-cdk-lib stops Aspects at a nested Stage).
    reachIntoStages(this);
  }

  public visit(node: IConstruct): void {
    // Execution input is checked by the runner's own states: the rules that concern run values hold there too.
    if (node instanceof ProcessingJobRunner) node._addRunGuard(this.runGuard());
    const job = processingJobInspectionOf(node);
    if (job === undefined || this.reported.has(node)) return;
    if (node.node.scopes.slice(0, -1).some((s) => processingJobInspectionOf(s) !== undefined)) return;
    this.reported.add(node);
    if (job.deployedTags === undefined) {
      this.check(node, job);
    } else {
      // A deploy-time run's tags are final once every Aspect has run (`Tags.of(scope)` reaches its resource, a child, after
      // this visit): it is checked when the tree is validated, after all Aspects.
      node.node.addValidation({
        validate: () => {
          this.check(node, job);
          return [];
        },
      });
    }
  }

  /** Reports every violation of a job, and of each of its schedules, triggers and steps beyond the job's own. */
  private check(node: IConstruct, job: ProcessingJobInspection): void {
    const own = this.violations(node, job);
    for (const violation of own) this.report(node, violation, '');
    // A schedule, trigger or step reports what its overrides break beyond the job's own violations.
    const known = new Set(own.map(violationKey));
    for (const variant of job.variants ?? []) {
      for (const violation of [...this.violations(node, { ...job, spec: variant.spec }), ...this.lockedOverrides(job, variant.spec)]) {
        if (known.has(violationKey(violation))) continue;
        this.report(variant.construct, violation, ` (${variant.kind} overrides of ${node.node.path})`);
      }
    }
  }

  /** What the guardrails ask of an execution's input, for the runner's checks. */
  private runGuard(): RunGuardData {
    const p = this.policy;
    const types = p.allowedInstanceTypes?.map((t) => t.name);
    return {
      instanceTypes: types ?? null,
      families: p.allowedInstanceFamilies ?? null,
      instanceRule: types !== undefined ? 'allowedInstanceTypes' : 'allowedInstanceFamilies',
      allowedText: allowedInstancesText(types, p.allowedInstanceFamilies),
      maxInstanceCount: p.maxInstanceCount ?? null,
      lockedEnvironment: p.lockedEnvironmentKeys ?? [],
    };
  }

  /** `lockedEnvironmentKeys`: a variant may not change a locked variable from the job's own value. */
  private lockedOverrides(job: ProcessingJobInspection, spec: ProcessingJobInspection['spec']): GuardrailViolation[] {
    const own = job.spec.environment ?? {};
    const given = spec.environment ?? {};
    return (this.policy.lockedEnvironmentKeys ?? []).filter((k) => k in given && given[k] !== own[k])
      .map((k) => ({ rule: 'lockedEnvironmentKeys', message: `environment variable ${k} may not be set by a run` }));
  }

  private violations(node: IConstruct, job: ProcessingJobInspection): GuardrailViolation[] {
    return RULES.flatMap((rule) => rule({ node, job, policy: this.policy }));
  }

  private report(on: IConstruct, violation: GuardrailViolation, where: string): void {
    const message = `${on.node.path}: guardrail ${violation.rule}: ${violation.message}${where}`;
    if (this.policy.mode === GuardrailMode.WARNING) Annotations.of(on).addWarningV2(`cdk-sagemaker-processing:guardrail:${violation.rule}`, message);
    else Annotations.of(on).addError(message);
  }
}

const violationKey = (v: GuardrailViolation) => `${v.rule}\0${v.message}`;

/** A policy that could never be met, or is not a policy at all, is an error. */
function checkPolicy(p: ProcessingGuardrailsProps): Checks {
  const v = new Checks('ProcessingGuardrails');
  // A guardrail compares every job with the policy at synth, so the policy itself must be concrete then.
  const token = (field: string) => v.add(`${field} must be a concrete value at synth (every job is compared with it); got a token`);
  if (p.allowedInstanceTypes?.length === 0) v.add('allowedInstanceTypes is empty, so no job could run; leave it out to allow every type');
  p.allowedInstanceTypes?.forEach((t, i) => Token.isUnresolved(t.name) && token(`allowedInstanceTypes[${i}]`));
  if (p.allowedInstanceFamilies?.length === 0) v.add('allowedInstanceFamilies is empty, so no job could run; leave it out to allow every family');
  (p.allowedInstanceFamilies ?? []).forEach((family, i) => {
    if (Token.isUnresolved(family)) token(`allowedInstanceFamilies[${i}]`);
    else if (!/^[a-z][a-z0-9-]*$/.test(family)) v.add(`allowedInstanceFamilies item '${family}' must be a family name such as 'm5' or 'g4dn' (without 'ml.' and size)`);
  });
  // The maxima are what a job may set, so they are checked as the job's own values are (whole seconds, whole GiB, the API's ranges).
  if (p.maxInstanceCount !== undefined && Token.isUnresolved(p.maxInstanceCount)) token('maxInstanceCount');
  else v.integer('maxInstanceCount', 'ProcessingResources.ClusterConfig.InstanceCount', p.maxInstanceCount, LIMITS.instanceCount);
  if (p.maxRuntime?.isUnresolved()) token('maxRuntime');
  else v.duration('maxRuntime', 'StoppingCondition.MaxRuntimeInSeconds', p.maxRuntime, 'seconds', LIMITS.maxRuntimeInSeconds);
  if (p.maxVolumeSize?.isUnresolved()) token('maxVolumeSize');
  else v.gibibytes('maxVolumeSize', 'ProcessingResources.ClusterConfig.VolumeSizeInGB', p.maxVolumeSize, LIMITS.volumeSizeInGb);
  (p.lockedEnvironmentKeys ?? []).forEach((key, i) => {
    if (Token.isUnresolved(key)) token(`lockedEnvironmentKeys[${i}]`);
    else if (!LIMITS.environment.keyPattern.test(key)) v.add(`lockedEnvironmentKeys item '${key}' is not an environment variable name (${LIMITS.environment.keyPatternText})`);
  });
  if (p.allowedImageSources?.length === 0) v.add('allowedImageSources is empty, so no job could run; leave it out to allow every source');
  (p.requiredTags ?? []).forEach((key, i) => {
    if (Token.isUnresolved(key)) token(`requiredTags[${i}]`);
    else if (tagProblems({ [key]: '' }, 'Tags').length > 0) {
      v.add(`requiredTags item '${key}' is not a tag key a job can carry: 1–${LIMITS.tags.maxKeyLength} characters of ${LIMITS.tags.charactersText}, not starting with 'aws:' (Tags)`);
    }
  });
  if ((p.requiredTags?.length ?? 0) > LIMITS.tags.max) v.add(`requiredTags has ${p.requiredTags!.length} keys; a job carries at most ${LIMITS.tags.max} tags (Tags)`);
  return v;
}
