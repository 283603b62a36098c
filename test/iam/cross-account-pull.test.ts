import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ProcessingImage, ProcessingJob } from '../../lib';
import { ACCOUNT, SynthesizedIam } from '../util/iam-evaluator';

/**
 * Jobs of account 111111111111 running images of an ECR repository of account 222222222222,
 * defined in the same app. A pull across accounts needs the role's policy and the repository
 * policy; the repository policy holds at most 10,240 characters (ECR API Reference,
 * SetRepositoryPolicy), so it may not grow with the number of jobs.
 */
const IMAGES_ACCOUNT = '222222222222';
const PULL_TAG = 'cdk-sagemaker-processing:pull';

/** The repository's policy, as the template has it. */
const repositoryPolicyOf = (template: any) => Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ECR::Repository').Properties.RepositoryPolicyText;

function jobsOfAnotherAccount(jobs: number) {
  const app = new App();
  const images = new Stack(app, 'Images', { env: { account: IMAGES_ACCOUNT, region: 'eu-west-1' } });
  const repository = new ecr.Repository(images, 'Reports', { repositoryName: 'team/reports' });
  const stack = new Stack(app, 'Jobs', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  for (let i = 0; i < jobs; i++) new ProcessingJob(stack, `Report${i}`, { image: ProcessingImage.fromEcrRepository(repository, '1.0.0') });
  return {
    images: Template.fromStack(images).toJSON(), jobs: SynthesizedIam.of(stack), jobsTemplate: Template.fromStack(stack).toJSON(),
    repositoryArn: `arn:aws:ecr:eu-west-1:${IMAGES_ACCOUNT}:repository/team/reports`,
  };
}

test('60 jobs of another account add one statement to the repository policy: the pull of the roles of their stack', () => {
  const { images } = jobsOfAnotherAccount(60);
  const policy = repositoryPolicyOf(images);
  expect(policy.Statement).toEqual([{
    Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    Condition: { StringEquals: { [`aws:PrincipalTag/${PULL_TAG}`]: 'Jobs' } },
    Effect: 'Allow',
    Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } },
  }]);
  expect(JSON.stringify(policy).length).toBeLessThan(10_240);
});

describe('IAM\'s decision on a pull of the image', () => {
  const { images, jobs, jobsTemplate, repositoryArn } = jobsOfAnotherAccount(2);
  const repositoryPolicy = new SynthesizedIam(images).resolve(repositoryPolicyOf(images));
  const role = jobs.role('Report1/JobRole/Resource');
  /** The tags the role carries, as IAM gives them to its requests (`aws:PrincipalTag/<key>`). */
  const carried: { [key: string]: string } = Object.fromEntries(
    (jobsTemplate.Resources[role].Properties.Tags as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]));

  async function pull(principalTags: { [key: string]: string }, identity = jobs.identityPolicies(role)) {
    const result = await runSimulation({
      request: {
        principal: jobs.att(role, 'Arn'),
        action: 'ecr:BatchGetImage',
        resource: { resource: repositoryArn, accountId: IMAGES_ACCOUNT },
        contextVariables: Object.fromEntries(Object.entries(principalTags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
      },
      identityPolicies: identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: repositoryPolicy,
    }, {});
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }

  test('the job role, with the tags it carries, may pull', async () => {
    expect(carried).toEqual({ [PULL_TAG]: 'Jobs' });
    expect(await pull(carried)).toBe('Allowed');
  });

  test('a role of that account without the tag may not, nor the job role without its own pull grant', async () => {
    expect(await pull({})).toBe('ImplicitlyDenied');
    expect(await pull({ [PULL_TAG]: 'Jobs' }, [])).toBe('ImplicitlyDenied');
  });
});
