import { Stack, Tags, aws_ecr as ecr, aws_iam as iam } from 'aws-cdk-lib';
import { warnCrossAccount } from './cross-account';
import { knownAndDifferent } from './environment';
import { ECR_PULL_ACTIONS, grantRegistryLogin, grantRepositoryPull } from './registry-login';

/**
 * The tag by which the repository policy of an ECR repository of another account knows the job
 * roles of one stack. IAM tag keys may hold `:` (IAM User Guide, "Tagging IAM resources").
 */
export const CROSS_ACCOUNT_PULL_TAG = 'cdk-sagemaker-processing:pull';

/** The stacks (by construct path) each repository's policy already allows. */
const allowed = new WeakMap<ecr.IRepository, Set<string>>();

/**
 * Grants a role of another account than `repository`'s the pull of its images, with one statement
 * of the repository policy for all the roles of the role's stack: a pull across accounts needs
 * both the role's policy and the repository policy (Amazon ECR User Guide, "Private repository
 * policy examples": allow another account to pull). `Repository.grantPull` writes one statement
 * per role, each about 350 characters, and a repository policy holds at most 10,240 (ECR API
 * Reference, SetRepositoryPolicy, `policyText`): some 30 jobs of another account made the
 * repository's stack fail to deploy. Here each role is tagged with its stack, and the statement
 * allows the stack's tagged roles of that account (aws-cdk-lib's own cross-account grant tags
 * each role alike, with a value per role). The role's side is the pull of this repository only.
 *
 * Returns false, granting nothing, when the grant is not across accounts or the grantee is not a
 * role of this app (an imported role): `Repository.grantPull` is right there.
 */
export function grantCrossAccountPull(repository: ecr.IRepository, grantee: iam.IGrantable): boolean {
  const role = grantee.grantPrincipal;
  if (!(role instanceof iam.Role)) return false;
  const roleAccount = Stack.of(role).account;
  const repositoryAccount = repository.env.account;
  if (!knownAndDifferent(roleAccount, repositoryAccount)) return false;
  let stack = Stack.of(role);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  const tag = stack.stackName;
  Tags.of(role).add(CROSS_ACCOUNT_PULL_TAG, tag);
  const stacks = allowed.get(repository) ?? new Set<string>();
  allowed.set(repository, stacks);
  if (!stacks.has(stack.node.path)) {
    stacks.add(stack.node.path);
    const added = repository.addToResourcePolicy(new iam.PolicyStatement({
      actions: ECR_PULL_ACTIONS,
      principals: [new iam.AccountPrincipal(roleAccount)],
      conditions: { StringEquals: { [`aws:PrincipalTag/${CROSS_ACCOUNT_PULL_TAG}`]: tag } },
    }));
    // An imported repository's policy is not this app's to write.
    if (!added.statementAdded) warnCrossAccount(grantee, repository, 'ECR repository', 'repository policy');
  }
  grantRepositoryPull(grantee, repository.repositoryArn);
  grantRegistryLogin(grantee);
  return true;
}
