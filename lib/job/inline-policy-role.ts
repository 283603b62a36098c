import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * A role whose statements all live in one inline policy of the role itself, so it costs one
 * CloudFormation resource instead of two (`AWS::IAM::Role` + the `AWS::IAM::Policy` aws-cdk-lib
 * adds on the first grant). Grants (`bucket.grantRead(role)`, `stateMachine.grantStartExecution`)
 * land in that policy; the size limit is IAM's for a role's inline policies (10,240 characters),
 * the same as with a separate policy resource.
 */
export class InlinePolicyRole extends iam.Role {
  private readonly document: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: iam.RoleProps & { readonly statements?: iam.PolicyStatement[] }) {
    const document = new iam.PolicyDocument({ statements: props.statements });
    super(scope, id, { ...props, inlinePolicies: { ...props.inlinePolicies, Grants: document } });
    this.document = document;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}
