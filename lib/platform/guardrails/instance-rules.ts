import { SizeRoundingBehavior } from 'aws-cdk-lib';
import { isDynamic } from '../../api/tokens';
import { GuardrailRule, GuardrailViolation, RUN_TIME_VALUE } from './rule';

/** The family of an instance type name: `ml.m5.xlarge` → `m5`. */
export function instanceFamilyOf(instanceType: string): string {
  const parts = instanceType.split('.');
  return parts.length === 3 ? parts[1] : instanceType;
}

/**
 * `allowedInstanceTypes` / `allowedInstanceFamilies`: every instance type of the job (its
 * `instanceType` and each of its `instancePreferences`) must be listed, or of a listed family.
 */
export const instanceTypeRule: GuardrailRule = ({ job, policy }) => {
  const types = policy.allowedInstanceTypes?.map((t) => t.name);
  const families = policy.allowedInstanceFamilies;
  if (types === undefined && families === undefined) return [];
  const rule = types !== undefined ? 'allowedInstanceTypes' : 'allowedInstanceFamilies';
  const allowed = allowedInstancesText(types, families);
  const used = [
    ...(job.spec.instanceType !== undefined ? [{ field: 'instanceType', value: job.spec.instanceType }] : []),
    ...(job.spec.instancePreferences ?? []).map((p, i) => ({ field: `instancePreferences[${i}]`, value: p.instanceType })),
  ];
  const violations: GuardrailViolation[] = [];
  for (const { field, value } of used) {
    if (isDynamic(value)) {
      violations.push({ rule, message: `${field} is ${RUN_TIME_VALUE} (allowed: ${allowed})` });
    } else if (!(types ?? []).includes(value) && !(families ?? []).includes(instanceFamilyOf(value))) {
      violations.push({ rule, message: `${field} ${value} is not allowed (allowed: ${allowed})` });
    }
  }
  return violations;
};

/** What `allowedInstanceTypes` and `allowedInstanceFamilies` allow, as messages name it (at synth and in the runner's checks). */
export function allowedInstancesText(types: string[] | undefined, families: string[] | undefined): string {
  return [
    ...(types !== undefined ? [`types ${types.join(', ')}`] : []),
    ...(families !== undefined ? [`families ${families.join(', ')}`] : []),
  ].join('; ');
}

/** `maxInstanceCount`: the job's instance count, and each preference's, at most the limit. */
export const instanceCountRule: GuardrailRule = ({ job, policy }) => {
  const max = policy.maxInstanceCount;
  if (max === undefined) return [];
  const counts = [
    { field: 'instanceCount', value: job.spec.instanceCount },
    ...(job.spec.instancePreferences ?? []).map((p, i) => ({ field: `instancePreferences[${i}].instanceCount`, value: p.instanceCount })),
  ].filter((c) => c.value !== undefined);
  return counts.flatMap(({ field, value }) => {
    if (isDynamic(value)) return [{ rule: 'maxInstanceCount', message: `${field} is ${RUN_TIME_VALUE} (limit ${max})` }];
    return value! > max ? [{ rule: 'maxInstanceCount', message: `${field} ${value} is above the limit ${max}` }] : [];
  });
};

/** `maxRuntime`: `StoppingCondition.MaxRuntimeInSeconds` at most the limit (an unset runtime means SageMaker's 24 hours). */
export const runtimeRule: GuardrailRule = ({ job, policy }) => {
  if (policy.maxRuntime === undefined) return [];
  const max = policy.maxRuntime.toSeconds();
  const value = job.spec.maxRuntimeInSeconds;
  if (value === undefined) return [{ rule: 'maxRuntime', message: `maxRuntime is not set (SageMaker then allows 86400 seconds); the limit is ${max} seconds` }];
  if (isDynamic(value)) return [{ rule: 'maxRuntime', message: `maxRuntime is ${RUN_TIME_VALUE} (limit ${max} seconds)` }];
  return value > max ? [{ rule: 'maxRuntime', message: `maxRuntime ${value} seconds is above the limit ${max} seconds` }] : [];
};

/** `maxVolumeSize`: the ML storage volume per instance at most the limit. */
export const volumeSizeRule: GuardrailRule = ({ job, policy }) => {
  if (policy.maxVolumeSize === undefined) return [];
  const max = policy.maxVolumeSize.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  const value = job.spec.volumeSizeInGb;
  if (isDynamic(value)) return [{ rule: 'maxVolumeSize', message: `volumeSize is ${RUN_TIME_VALUE} (limit ${max} GiB)` }];
  return value > max ? [{ rule: 'maxVolumeSize', message: `volumeSize ${value} GiB is above the limit ${max} GiB` }] : [];
};
