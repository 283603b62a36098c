import { App, Aws, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingJob, SageMakerCreateProcessingJob } from '../../lib';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';

const WARNING = 'cdk-sagemaker-processing:image-pull-not-granted';
const repository = (name: string) => `arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
const pullWarnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('image-pull-not-granted'))
  .map((w) => w.id);

describe('ProcessingImage.fromRegistry with tokens in its URI', () => {
  const stack = new Stack(new App(), 'Jobs');
  const param = new CfnParameter(stack, 'Image', { type: 'String' });
  new ProcessingJob(stack, 'Own', { image: ProcessingImage.fromRegistry(`${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/features:1`) });
  new ProcessingJob(stack, 'Tagged', { image: ProcessingImage.fromRegistry(`${ACCOUNT}.dkr.ecr.${stack.region}.amazonaws.com/team/reports:${param.valueAsString}`) });
  new ProcessingJob(stack, 'Param', { image: ProcessingImage.fromRegistry(param.valueAsString) });
  new ProcessingJob(stack, 'Public', { image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim') });
  const iam = SynthesizedIam.of(stack);
  const jobRole = (job: string) => iam.role(`${job}/JobRole/Resource`);

  test('an ECR URI whose account and region are tokens: the job role pulls that repository, and only it', async () => {
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']) {
      expect(await iam.decide(jobRole('Own'), { action, resource: repository('features') })).toBe('Allowed');
    }
    expect(await iam.decide(jobRole('Own'), { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe('Allowed');
    expect(await iam.decide(jobRole('Own'), { action: 'ecr:BatchGetImage', resource: repository('features-other') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(jobRole('Tagged'), { action: 'ecr:BatchGetImage', resource: repository('team/reports') })).toBe('Allowed');
    expect(await iam.decide(jobRole('Tagged'), { action: 'ecr:BatchGetImage', resource: repository('features') })).toBe('ImplicitlyDenied');
  });

  test('a URI whose repository is known only at deploy time is granted nothing, with a warning on that job only', async () => {
    expect(await iam.decide(jobRole('Param'), { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe('ImplicitlyDenied');
    expect(pullWarnings(stack)).toEqual(['/Jobs/Param']);
    const [warning] = Annotations.fromStack(stack).findWarning('/Jobs/Param', Match.anyValue());
    expect(warning.entry.data).toBe('the image URI is known only at deploy or run time, so the job role is granted no pull of it: SageMaker pulls a private '
      + 'ECR image with the job\'s role (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:GetAuthorizationToken). Grant the pull yourself '
      + '(repository.grantPull(role)), use ProcessingImage.fromEcrRepository, or write the URI with a literal repository '
      + `(\`\${Aws.ACCOUNT_ID}.dkr.ecr.\${Aws.REGION}.\${Aws.URL_SUFFIX}/<repository>:<tag>\`, the domain of every partition, is granted); an image of another registry needs nothing [ack: ${WARNING}]`);
  });

  test('a task whose image is a run-time value warns too', () => {
    const taskStack = new Stack(new App(), 'Task');
    SageMakerCreateProcessingJob.jsonPath(taskStack, 'Job', { image: ProcessingImage.fromRegistry(sfn.JsonPath.stringAt('$.image')) });
    expect(pullWarnings(taskStack)).toEqual(['/Task/Job']);
  });
});

describe('ProcessingImage.fromRegistry with the ECR domain of any partition, or AWS::URLSuffix', () => {
  /** The ECR repositories the job role of a stack in `region` may pull, as the template writes them. */
  function pulled(region: string | undefined, uri: (stack: Stack) => string) {
    const stack = new Stack(new App(), 'Jobs', region ? { env: { region, account: '123456789012' } } : {});
    new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry(uri(stack)) });
    const template = Template.fromStack(stack).toJSON();
    const statements = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy').flatMap((p) => p.Properties.PolicyDocument.Statement);
    const resources = statements.filter((s) => [s.Action].flat().includes('ecr:BatchGetImage')).flatMap((s) => [s.Resource].flat());
    return { resources: resources.map((r) => JSON.stringify(stack.resolve(r))), warnings: pullWarnings(stack) };
  }

  test.each([
    ['us-iso-east-1', 'c2s.ic.gov'], ['us-isob-east-1', 'sc2s.sgov.gov'], ['us-isof-south-1', 'csp.hci.ic.gov'], ['eu-isoe-west-1', 'cloud.adc-e.uk'],
    ['eusc-de-east-1', 'amazonaws.eu'], ['cn-northwest-1', 'amazonaws.com.cn'], ['us-gov-east-1', 'amazonaws.com'],
  ])('a repository of %s (%s): the job role pulls it', (region, domain) => {
    const { resources, warnings } = pulled(region, () => `123456789012.dkr.ecr.${region}.${domain}/team/jobs:1`);
    expect(resources).toEqual([expect.stringContaining(`:ecr:${region}:123456789012:repository/team/jobs`)]);
    expect(warnings).toEqual([]);
  });

  test('a repository of another region of the partition is refused at synth', () => {
    expect(() => pulled('us-iso-east-1', () => '123456789012.dkr.ecr.us-iso-west-1.c2s.ic.gov/jobs:1')).toThrow(
      /^Jobs\/Job: image '123456789012\.dkr\.ecr\.us-iso-west-1\.c2s\.ic\.gov\/jobs:1' is in region us-iso-west-1, but the job runs in us-iso-east-1/);
  });

  test('an imported repository\'s repositoryUriForTag (AWS::URLSuffix as its domain): the job role pulls it, no warning', () => {
    for (const region of ['eu-west-1', undefined]) {
      const { resources, warnings } = pulled(region, (stack) => ecr.Repository.fromRepositoryName(stack, 'Repo', 'team/features').repositoryUriForTag('1'));
      expect(resources).toEqual([expect.stringContaining(':repository/team/features')]);
      expect(warnings).toEqual([]);
    }
  });
});
