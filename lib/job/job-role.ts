import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { jobRoleBaseStatements } from '../task/processing-job-definition';

/** A created job role, and the principal its grants go to. */
export interface InlinePolicyJobRole {
  readonly role: iam.Role;
  /** Grants to this principal land in the role's inline policy. */
  readonly grantee: iam.IPrincipal;
}

/**
 * Creates a job role whose statements all live in one inline policy, so a job costs one IAM
 * resource instead of two (`AWS::IAM::Role` + `AWS::IAM::Policy`). Grants made through
 * `grantee` (inputs, outputs, image, keys, `bucket.grantRead(job)`) land in that policy.
 */
export function createInlinePolicyJobRole(scope: Construct, id: string, options: { path?: string; description: string }): InlinePolicyJobRole {
  const document = new iam.PolicyDocument({ statements: jobRoleBaseStatements(Stack.of(scope)) });
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    description: options.description,
    path: options.path,
    inlinePolicies: { ProcessingJob: document },
  });
  return { role, grantee: new InlinePolicyPrincipal(role, document) };
}

/** The role as a principal whose added statements go into its inline policy document. */
class InlinePolicyPrincipal implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly principalAccount?: string;

  constructor(private readonly role: iam.Role, private readonly document: iam.PolicyDocument) {
    this.assumeRoleAction = role.assumeRoleAction;
    this.principalAccount = role.principalAccount;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.role.policyFragment;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this.role };
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }
}
