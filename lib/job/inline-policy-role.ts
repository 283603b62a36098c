import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { compactIntrinsics } from '../cfn/compact-intrinsics';

/** Props of a role whose statements are inline. */
export interface InlinePolicyRoleProps extends iam.RoleProps {
  /** Statements to start with. @default - none */
  readonly statements?: iam.PolicyStatement[];
}

/**
 * A role whose statements all live in one inline policy of the role itself, so it costs one
 * CloudFormation resource instead of two (`AWS::IAM::Role` + the `AWS::IAM::Policy` aws-cdk-lib
 * adds on the first grant). Grants (`bucket.grantRead(role)`, `stateMachine.grantStartExecution`)
 * land in that policy, merged where they can be (same actions, same conditions); the size limit is
 * IAM's for a role's inline policies (10,240 characters), the same as with a separate policy.
 * ARNs built from references are written as `Fn::Sub` (`compactIntrinsics`).
 *
 * A statement that one of the role's managed policies (created in the app, `iam.ManagedPolicy`)
 * already allows is not repeated: the role's permissions are the same, and roles that share a
 * policy for what they all need (a stack's standalone runners) do not each carry a copy.
 */
export class InlinePolicyRole extends iam.Role {
  private readonly document: iam.PolicyDocument;
  private readonly attached: iam.ManagedPolicy[];

  constructor(scope: Construct, id: string, props: InlinePolicyRoleProps) {
    if (props.inlinePolicies) throw new Error(`${scope.node.path}/${id}: an InlinePolicyRole keeps its own inline policy`);
    super(scope, id, props);
    this.attached = (props.managedPolicies ?? []).filter((p): p is iam.ManagedPolicy => p instanceof iam.ManagedPolicy);
    this.document = new iam.PolicyDocument({ minimize: true });
    for (const statement of props.statements ?? []) this.addToPrincipalPolicy(statement);
    // No policy at all while there is no statement: IAM refuses an empty policy document. ARNs with references as Fn::Sub.
    const policies = compactIntrinsics([{ policyName: 'Grants', policyDocument: this.document }]);
    (this.node.defaultChild as iam.CfnRole).policies = Lazy.any({ produce: () => (this.document.isEmpty ? undefined : policies) });
  }

  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    super.addManagedPolicy(policy);
    if (policy instanceof iam.ManagedPolicy) this.attached.push(policy);
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!this.attached.some((policy) => allows(policy.document, statement))) this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}

/**
 * Whether `document` has an Allow statement that allows everything `statement` does: the same
 * conditions (none, or identical), all of its actions and all of its resources (the same strings;
 * no `NotAction`/`NotResource`/principals on either side).
 */
function allows(document: iam.PolicyDocument, statement: iam.PolicyStatement): boolean {
  if (statement.effect !== iam.Effect.ALLOW || statement.hasPrincipal || statement.notActions.length > 0 || statement.notResources.length > 0) return false;
  const conditions = JSON.stringify(statement.conditions);
  const covering = (document.toJSON()?.Statement ?? []) as Array<{ [key: string]: unknown }>;
  return covering.some((s) => s.Effect === 'Allow' && s.Principal === undefined && s.NotAction === undefined && s.NotResource === undefined
    && JSON.stringify(s.Condition ?? {}) === conditions
    && statement.actions.every((a) => [s.Action].flat().includes(a))
    && statement.resources.every((r) => [s.Resource].flat().includes(r)));
}
