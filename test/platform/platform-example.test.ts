import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { PlatformStack } from '../../examples/platform/platform-stack';
import { JobSchedule, ProcessingImage, ProcessingInstanceType, ProcessingJob, SageMakerCreateProcessingJob } from '../../lib';
import { renderedRequest } from '../task/helpers';

/** The platform template of the example app: its defaults make a bare job compliant, its guardrails stop one that is not. */
describe('PlatformTemplateExample', () => {
  let stack: PlatformStack;
  let bare: SageMakerCreateProcessingJob;
  let errors: string[];
  beforeAll(() => {
    stack = new PlatformStack(new App(), 'Platform');
    const repository = stack.node.findChild('Images') as ecr.Repository;
    bare = SageMakerCreateProcessingJob.jsonPath(stack, 'Bare', { image: ProcessingImage.fromEcrRepository(repository, '1.0.0') });
    SageMakerCreateProcessingJob.jsonPath(stack, 'Rogue', {
      image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12'),
      instanceType: ProcessingInstanceType.ML_P3_2XLARGE,
      instanceCount: 8,
      enableNetworkIsolation: false,
      tags: { team: '' },
    });
    // A compliant job whose schedule overrides the instance count.
    new ProcessingJob(stack, 'Nightly', {
      image: ProcessingImage.fromEcrRepository(repository, '1.0.0'),
      schedule: JobSchedule.cron({ minute: '0', hour: '2', overrides: { instanceCount: 50 } }),
    });
    errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((m) => m.entry.data as string);
  });

  test("a job with no settings of its own gets the template's network, keys, tags and limits, and passes the guardrails", () => {
    const request = renderedRequest(stack, bare);
    expect(request.NetworkConfig).toMatchObject({ EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true });
    expect(request.NetworkConfig.VpcConfig.SecurityGroupIds).toHaveLength(1);
    expect(request.ProcessingResources.ClusterConfig).toMatchObject({ InstanceType: 'ml.m5.large', VolumeKmsKeyId: expect.anything() });
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 1800 });
    expect(request.Tags).toEqual([{ Key: 'team', Value: 'data-platform' }, { Key: 'costCenter', Value: 'cc-1234' }]);
    expect(errors.filter((e) => e.startsWith('Platform/Bare'))).toEqual([]);
  });

  test('a job that breaks the rules, or a schedule whose overrides do, fails synth with every violation, and only those', () => {
    expect(errors).toEqual([
      'Platform/Rogue: guardrail allowedInstanceFamilies: instanceType ml.p3.2xlarge is not allowed (allowed: families m5, c5, r5)',
      'Platform/Rogue: guardrail maxInstanceCount: instanceCount 8 is above the limit 4',
      'Platform/Rogue: guardrail requireNetworkIsolation: enableNetworkIsolation is false; it must be true',
      "Platform/Rogue: guardrail requiredTags: tag 'team' is empty (Tags)",
      "Platform/Rogue: guardrail allowedImageSources: image 'public.ecr.aws/docker/library/python:3.12' comes from REGISTRY, which is not allowed (allowed: ECR_REPOSITORY)",
      "Platform/Rogue: guardrail requireImagesFromOwnAccount: image 'public.ecr.aws/docker/library/python:3.12' is not in an ECR repository",
      'Platform/Nightly/Schedule: guardrail maxInstanceCount: instanceCount 50 is above the limit 4 (schedule overrides of Platform/Nightly)',
    ]);
  });
});
