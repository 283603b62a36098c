import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { addInherentStatement, recordInherentStatements } from './nag-acknowledgements';

/** The ECR actions an image pull needs of its repository (as `Repository.grantPull`, without the account-wide login). */
export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

const REASON = 'ecr:GetAuthorizationToken (the registry login) has no resource types (Service Authorization Reference, Amazon ECR); '
  + 'pulls are granted per repository.';

/** Grants the pull of one ECR repository (by ARN) to a job role. */
export function grantRepositoryPull(grantee: iam.IGrantable, repositoryArn: string): void {
  iam.Grant.addToPrincipal({ grantee, actions: ECR_PULL_ACTIONS, resourceArns: [repositoryArn] });
}

/** `ecr:GetAuthorizationToken`, the registry login: it has no resource-level permissions; pulls are granted per repository by the image. */
export function registryLoginStatement(stack: Stack): iam.PolicyStatement {
  const statement = new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
  recordInherentStatements(stack, [statement], REASON);
  return statement;
}

/** Grants the registry login to a job role. */
export function grantRegistryLogin(grantee: iam.IGrantable): void {
  addInherentStatement(grantee, new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }), REASON);
}
