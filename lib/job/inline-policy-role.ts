import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

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
 */
export class InlinePolicyRole extends iam.Role {
  private readonly document: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: InlinePolicyRoleProps) {
    if (props.inlinePolicies) throw new Error(`${scope.node.path}/${id}: an InlinePolicyRole keeps its own inline policy`);
    super(scope, id, props);
    this.document = new iam.PolicyDocument({ statements: props.statements, minimize: true });
    // No policy at all while there is no statement: IAM refuses an empty policy document.
    (this.node.defaultChild as iam.CfnRole).policies = Lazy.any({
      produce: () => (this.document.isEmpty ? undefined : [{ policyName: 'Grants', policyDocument: this.document }]),
    });
  }

  /** The role's inline policy: every statement added so far. */
  public get inlineDocument(): iam.PolicyDocument {
    return this.document;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}
