import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { parseEcrImageUri } from '../../image/ecr-image-uri';
import { ProcessingImageSource } from '../../image/processing-image';
import { GuardrailRule, GuardrailViolation } from './rule';

/**
 * `allowedImageSources`: where the image comes from (managed, ECR repository, asset, registry).
 * `requireImagesFromOwnAccount`: the image is in an ECR repository of the job's own account.
 */
export const imageRule: GuardrailRule = ({ node, job, policy }) => {
  const violations: GuardrailViolation[] = [];
  const allowed = policy.allowedImageSources;
  if (allowed !== undefined && !allowed.includes(job.imageSource)) {
    violations.push({
      rule: 'allowedImageSources',
      message: `image ${describe(job.spec.imageUri)} comes from ${job.imageSource}, which is not allowed (allowed: ${allowed.join(', ')})`,
    });
  }
  if (policy.requireImagesFromOwnAccount) {
    const problem = ownAccountProblem(node, job.imageSource, job.spec.imageUri, job.imageRepositoryArn);
    if (problem) violations.push({ rule: 'requireImagesFromOwnAccount', message: `image ${describe(job.spec.imageUri)} ${problem}` });
  }
  return violations;
};

function describe(imageUri: string): string {
  return Token.isUnresolved(imageUri) ? '(resolved at deploy time)' : `'${imageUri}'`;
}

/** Why the image is not shown to be in an ECR repository of the job's account, or undefined. */
function ownAccountProblem(node: IConstruct, source: ProcessingImageSource, imageUri: string, repositoryArn: string | undefined): string | undefined {
  if (source === ProcessingImageSource.MANAGED) return 'is a SageMaker-managed image, kept in an AWS-owned account';
  let account: string | undefined;
  if (source !== ProcessingImageSource.REGISTRY && repositoryArn !== undefined) {
    // A repository created in the app or named in the stack's own account resolves at deploy time.
    if (Token.isUnresolved(repositoryArn)) return undefined;
    account = repositoryArn.split(':')[4];
  } else {
    if (Token.isUnresolved(imageUri)) return 'is only known at deploy time, so its account cannot be checked';
    account = parseEcrImageUri(imageUri)?.account;
    if (account === undefined) return 'is not in an ECR repository';
  }
  const stackAccount = Stack.of(node).account;
  if (Token.isUnresolved(stackAccount)) {
    return `is in account ${account}, and the stack has no account (env-agnostic), so it cannot be shown to be the job's own`;
  }
  return account === stackAccount ? undefined : `is in account ${account}, not the stack's account ${stackAccount}`;
}
