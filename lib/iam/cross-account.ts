import { Annotations, Stack, aws_iam as iam, IResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { knownAndDifferent } from './environment';

/** Warning id for a grant on a resource of another account than the job role's. */
export const CROSS_ACCOUNT_WARNING = 'cdk-sagemaker-processing:cross-account-resource';

const warned = new WeakMap<object, Set<string>>();

/**
 * Warns when `grantee` is granted on `resource` of another account. A request across accounts is
 * allowed only when the identity's policy and the resource's policy both allow it (IAM User Guide,
 * "Cross-account policy evaluation logic"); the library writes the role's side only, so the bucket
 * policy or key policy of the other account must name the role too. Once per role and resource.
 */
export function warnCrossAccount(grantee: iam.IGrantable, resource: IResource, what: string, resourcePolicy: string): void {
  warnCrossAccountNamed(grantee, `${what} ${resource.node.path}`, resource.env.account, resourcePolicy);
}

/**
 * As `warnCrossAccount`, for a resource named by text rather than a construct (an ECR repository
 * given by its image URI): `resource` names it in the warning, `resourceAccount` is its account.
 */
export function warnCrossAccountNamed(grantee: iam.IGrantable, resource: string, resourceAccount: string, resourcePolicy: string, advice: string = 'add a statement for the role there'): void {
  if (!Construct.isConstruct(grantee)) return;
  const principal = grantee.grantPrincipal as Partial<IResource>;
  const principalAccount = principal.env?.account ?? Stack.of(grantee).account;
  if (!knownAndDifferent(principalAccount, resourceAccount)) return;
  const seen = warned.get(grantee) ?? new Set<string>();
  warned.set(grantee, seen);
  if (seen.has(resource)) return;
  seen.add(resource);
  Annotations.of(grantee).addWarningV2(CROSS_ACCOUNT_WARNING, `${grantee.node.path} (account ${principalAccount}) is granted on ${resource} ` +
    `of account ${resourceAccount}: across accounts the ${resourcePolicy} must allow the role too (IAM evaluates both); ${advice}`);
}
