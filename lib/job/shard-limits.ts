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

/** Warning ids: a shard or another stack of jobs near a quota, and a fleet whose first deployment touches more resources than one operation may. */
export const SHARD_QUOTA_WARNING = 'cdk-sagemaker-processing:shard-quota';
export const STACK_QUOTA_WARNING = 'cdk-sagemaker-processing:stack-quota';
export const FLEET_RESOURCES_WARNING = 'cdk-sagemaker-processing:fleet-resources';

/**
 * The quota problems of one nested stack of a fleet, once aws-cdk-lib has turned references to
 * other stacks into its parameters (a reference from a job to a bucket of the parent stack or of
 * another stack is one parameter, whichever jobs share it) and references to it into its outputs:
 * an error over a quota, a warning over 80 % of it.
 */
export function shardLimitProblems(shard: Stack): string[] {
  return templateQuotaProblems(shard, 'the nested stack', SHARD_QUOTA_WARNING, 'lower the fleet\'s jobsPerShard, or keep the values the jobs share in fewer resources');
}

/** Stacks whose quotas are checked already (a fleet's shards, by `shardLimitProblems`). */
const QUOTAS_CHECKED = new WeakSet<Stack>();

/**
 * Checks, once per stack, the parameters and outputs of a stack that holds a shared runner or a
 * fleet: with the LegacyStackSynthesizer every asset is three parameters of the stack that deploys
 * it (aws-cdk-lib core `LegacyStackSynthesizer`: `S3Bucket`, `S3VersionKey`, `ArtifactHash`), so a
 * runner's definition is three and a fleet's shard six (its template and its runner's
 * definition), and synth passed a stack CloudFormation refuses.
 */
export function checkStackQuotas(scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (QUOTAS_CHECKED.has(stack)) return;
  QUOTAS_CHECKED.add(stack);
  stack.node.addValidation({
    validate: () => templateQuotaProblems(stack, `the stack ${stack.node.path}`, STACK_QUOTA_WARNING,
      'put some of its runners or fleets in another stack, or deploy it with the DefaultStackSynthesizer, which passes no asset as a parameter'),
  });
}

/** Marks a fleet's shard, whose quotas the fleet checks. */
export function quotasCheckedByFleet(shard: Stack): void {
  QUOTAS_CHECKED.add(shard);
}

function templateQuotaProblems(stack: Stack, what: string, warningId: string, fix: string): string[] {
  // Every parameter and output of this template, also those a synthesizer or aws-cdk-lib adds under a construct of their own.
  const own = stack.node.findAll().filter((c) => Stack.of(c) === stack);
  const counts = {
    parameters: own.filter((c) => c instanceof CfnParameter).length,
    outputs: own.filter((c) => c instanceof CfnOutput).length,
  };
  const problems: string[] = [];
  for (const kind of ['parameters', 'outputs'] as const) {
    const quota = TEMPLATE_QUOTAS[kind];
    const which = kind === 'parameters'
      ? 'values of other stacks its jobs use (buckets, keys, roles, each a parameter), and with the LegacyStackSynthesizer three per asset'
      : 'values other stacks use from it';
    if (counts[kind] > quota) {
      problems.push(`${stack.node.path}: ${what} has ${counts[kind]} ${kind}, CloudFormation takes at most ${quota} (${which}); ${fix}`);
    } else if (counts[kind] > quota * 0.8) {
      Annotations.of(stack).addWarningV2(warningId, `${what} has ${counts[kind]} ${kind}, over 80 % of CloudFormation's ${quota} (${which}); ${fix}`);
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
