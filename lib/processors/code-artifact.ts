import { Token, aws_iam as iam } from 'aws-cdk-lib';
import { addInherentStatement } from '../iam/nag-acknowledgements';

/** A CodeArtifact repository, from its ARN. */
export interface CodeArtifactRepository {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly domain: string;
  readonly repository: string;
}

// sagemaker/processing.py FrameworkProcessor._get_codeartifact_command (SDK 2.257.6): the ARN's form.
const REPOSITORY_ARN = /^arn:(?<partition>[^:]+):codeartifact:(?<region>[^:]+):(?<account>[^:]+):repository\/(?<domain>[^/]+)\/(?<repository>.+)$/;

/** Parses a repository ARN as the SDK does; a token or another form is a clear error. */
export function parseCodeArtifactRepositoryArn(arn: string): CodeArtifactRepository {
  if (Token.isUnresolved(arn)) {
    throw new Error('FrameworkProcessor: codeArtifactRepositoryArn must be concrete at synth (its parts are written into runproc.sh); got a token');
  }
  const m = REPOSITORY_ARN.exec(arn);
  if (!m) {
    throw new Error(`FrameworkProcessor: codeArtifactRepositoryArn '${arn}' is not a CodeArtifact repository ARN ` +
      '(arn:<partition>:codeartifact:<region>:<account>:repository/<domain>/<repository>)');
  }
  const g = m.groups!;
  return { arn, partition: g.partition, region: g.region, account: g.account, domain: g.domain, repository: g.repository };
}

/** The login line of the SDK's runproc.sh (`_get_codeartifact_command`). */
export function codeArtifactLoginCommand(repo: CodeArtifactRepository): string {
  return `aws codeartifact login --tool pip --domain ${repo.domain} --domain-owner ${repo.account} --repository ${repo.repository} --region ${repo.region}`;
}

/**
 * What `aws codeartifact login --tool pip` and pip's reads need (CodeArtifact user guide, "Configure
 * and use pip with CodeArtifact" and "AWS CodeArtifact authentication and tokens"): a token for the
 * domain, the repository's endpoint, reads from the repository, and the STS bearer token that
 * GetAuthorizationToken is made of.
 */
export function grantCodeArtifactRead(grantee: iam.IGrantable, repo: CodeArtifactRepository): void {
  const domainArn = `arn:${repo.partition}:codeartifact:${repo.region}:${repo.account}:domain/${repo.domain}`;
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['codeartifact:GetAuthorizationToken'],
    resources: [domainArn],
  }));
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
    resources: [repo.arn],
  }));
  // sts:GetServiceBearerToken has no resource type; the condition limits it to CodeArtifact's tokens.
  addInherentStatement(grantee, new iam.PolicyStatement({
    actions: ['sts:GetServiceBearerToken'],
    resources: ['*'],
    conditions: { StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } },
  }), 'sts:GetServiceBearerToken has no resource types (Service Authorization Reference); the sts:AWSServiceName condition limits it to CodeArtifact tokens.');
}
