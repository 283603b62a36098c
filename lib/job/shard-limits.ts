import { Annotations, CfnOutput, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * CloudFormation's per-template quotas that aws-cdk-lib does not check itself (it refuses more than
 * 500 resources and warns about templates over 80 % of 1 MB): 200 parameters and 200 outputs
 * (CloudFormation User Guide, "Understand CloudFormation quotas": Parameters, Outputs).
 */
export const TEMPLATE_QUOTAS = { parameters: 200, outputs: 200 };

/**
 * Resources one operation on a stack with nested stacks may create, update or delete
 * (CloudFormation User Guide, "Understand CloudFormation quotas": Nested stacks, 2,500 resources).
 */
export const NESTED_OPERATION_RESOURCES = 2_500;

/** Warning ids: a shard near a quota, and a fleet whose first deployment touches more resources than one operation may. */
export const SHARD_QUOTA_WARNING = 'cdk-sagemaker-processing:shard-quota';
export const FLEET_RESOURCES_WARNING = 'cdk-sagemaker-processing:fleet-resources';

/**
 * The quota problems of one nested stack of a fleet, once aws-cdk-lib has turned references to
 * other stacks into its parameters (a reference from a job to a bucket of the parent stack or of
 * another stack is one parameter, whichever jobs share it) and references to it into its outputs:
 * an error over a quota, a warning over 80 % of it.
 */
export function shardLimitProblems(shard: Stack): string[] {
  const counts = {
    parameters: shard.node.children.filter((c) => c instanceof CfnParameter).length,
    outputs: shard.node.children.filter((c) => c instanceof CfnOutput).length,
  };
  const problems: string[] = [];
  for (const kind of ['parameters', 'outputs'] as const) {
    const quota = TEMPLATE_QUOTAS[kind];
    const what = kind === 'parameters' ? 'values of other stacks its jobs use (buckets, keys, roles, each a parameter)' : 'values other stacks use from it';
    if (counts[kind] > quota) {
      problems.push(`${shard.node.path}: the nested stack has ${counts[kind]} ${kind}, CloudFormation takes at most ${quota} (${what}); ` +
        'lower the fleet\'s jobsPerShard, or keep the values the jobs share in fewer resources');
    } else if (counts[kind] > quota * 0.8) {
      Annotations.of(shard).addWarningV2(SHARD_QUOTA_WARNING, `the nested stack has ${counts[kind]} ${kind}, over 80 % of CloudFormation's ${quota} ` +
        `(${what}); lower the fleet's jobsPerShard`);
    }
  }
  return problems;
}

/** Warns when the fleet's resources, all created by its first deployment, are more than one stack operation may create. */
export function warnFleetResources(fleet: IConstruct): void {
  const resources = fleet.node.findAll().filter((c) => c instanceof CfnResource).length;
  if (resources > NESTED_OPERATION_RESOURCES) {
    Annotations.of(fleet).addWarningV2(FLEET_RESOURCES_WARNING, `the fleet has ${resources} resources; one CloudFormation operation on a stack with nested ` +
      `stacks may create, update or delete at most ${NESTED_OPERATION_RESOURCES}: deploy the jobs in steps, or split them over fleets in two stacks`);
  }
}
