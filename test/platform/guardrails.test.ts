import { App, Aspects, Duration, Environment, Size, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  GuardrailMode, ProcessingDefaults, ProcessingGuardrails, ProcessingGuardrailsProps, ProcessingImage, ProcessingImageSource,
  JobSchedule, ProcessingInstanceType, ProcessingJob, ProcessingJobRun, ProcessingJobRunner, ProcessingOutput, SageMakerCreateProcessingJob,
  SageMakerCreateProcessingJobJsonPathProps,
} from '../../lib';
import { processingJobInspectionOf, registerProcessingJobInspection } from '../../lib/definition/inspection';

const ENV = { account: '111111111111', region: 'eu-west-1' };
/** An image of another account, in the stacks' region (SageMaker pulls only from the job's region). */
const IMAGE_URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-job:1';
const POLICY: ProcessingGuardrailsProps = {
  allowedInstanceTypes: [ProcessingInstanceType.ML_T3_MEDIUM],
  allowedInstanceFamilies: ['m5'],
  maxInstanceCount: 4,
  maxRuntime: Duration.hours(2),
  maxVolumeSize: Size.gibibytes(100),
  requireVpc: true,
  requireNetworkIsolation: true,
  requireInterContainerTrafficEncryption: true,
  requireKmsKeys: true,
  requiredTags: ['team', 'costCenter'],
  allowedImageSources: [ProcessingImageSource.ECR_REPOSITORY, ProcessingImageSource.ASSET],
  requireImagesFromOwnAccount: true,
};

function task(scope: Construct, id: string, props: Partial<SageMakerCreateProcessingJobJsonPathProps> = {}) {
  return SageMakerCreateProcessingJob.jsonPath(scope, id, { image: ProcessingImage.fromRegistry(IMAGE_URI), ...props });
}

function findings(stack: Stack, kind: 'error' | 'warning' = 'error'): string[] {
  const a = Annotations.fromStack(stack);
  const found = kind === 'error' ? a.findError('*', Match.stringLikeRegexp('guardrail')) : a.findWarning('*', Match.stringLikeRegexp('guardrail'));
  return found.map((m) => m.entry.data as string);
}

/** A stack whose defaults satisfy POLICY; jobs added by `build` on top. */
function compliantStack(build: (stack: Stack) => void, policy: ProcessingGuardrailsProps, env: Environment | undefined): Stack {
  const app = new App();
  const stack = new Stack(app, 'Compliant', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  ProcessingDefaults.of(stack).add({
    vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true,
    volumeKmsKey: key, outputKmsKey: key, tags: { team: 'data', costCenter: '42' }, instanceType: ProcessingInstanceType.ML_M5_LARGE,
    // Jobs send no StoppingCondition by default (as the SDK); the platform's defaults set the runtime its guardrail allows.
    maxRuntime: Duration.hours(1),
  });
  build(stack);
  Aspects.of(app).add(new ProcessingGuardrails(policy));
  return stack;
}

describe('ProcessingGuardrails', () => {
  let stack: Stack;
  beforeAll(() => {
    const app = new App();
    stack = new Stack(app, 'Jobs', { env: ENV });
    task(stack, 'Bare');
    task(stack, 'Big', {
      instanceType: ProcessingInstanceType.ML_P3_2XLARGE, instanceCount: 8, maxRuntime: Duration.hours(3), volumeSize: Size.gibibytes(200),
      enableNetworkIsolation: false, tags: { team: 'data', costCenter: ' ' },
      image: ProcessingImage.fromRegistry('222222222222.dkr.ecr.eu-west-1.amazonaws.com/x:1'),
      processingOutputs: [ProcessingOutput.toS3Uri('report', 's3://b/report/')],
    });
    task(stack, 'Preferences', {
      instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_LARGE, instanceCount: 2 }, { instanceType: ProcessingInstanceType.ML_C5_XLARGE, instanceCount: 6 }],
    });
    task(stack, 'RunTime', { instanceType: ProcessingInstanceType.of(sfn.JsonPath.stringAt('$.type')), instanceCount: sfn.JsonPath.numberAt('$.count') });
    Aspects.of(app).add(new ProcessingGuardrails(POLICY));
  });

  test('a job that meets every rule has no findings', () => {
    const ok = compliantStack((s) => {
      task(s, 'Own', { image: ProcessingImage.fromEcrRepository(new ecr.Repository(s, 'Repo'), '1'), processingOutputs: [ProcessingOutput.toS3Uri('o', 's3://b/o/')] });
      task(s, 'Imported', { image: ProcessingImage.fromEcrRepository(ecr.Repository.fromRepositoryArn(s, 'R', 'arn:aws:ecr:eu-west-1:111111111111:repository/r')) });
    }, POLICY, ENV);
    expect(findings(ok)).toEqual([]);
  });

  test('reports every violation of a bare job at once, naming path, rule and value', () => {
    expect(findings(stack).filter((e) => e.startsWith('Jobs/Bare:'))).toEqual([
      'Jobs/Bare: guardrail maxRuntime: maxRuntime is not set (SageMaker then allows 86400 seconds); the limit is 7200 seconds',
      'Jobs/Bare: guardrail requireVpc: the job runs outside a VPC (no NetworkConfig.VpcConfig); give vpc, or a ProcessingDefaults vpc',
      'Jobs/Bare: guardrail requireNetworkIsolation: enableNetworkIsolation is not set; it must be true',
      'Jobs/Bare: guardrail requireInterContainerTrafficEncryption: enableInterContainerTrafficEncryption is not set; it must be true',
      'Jobs/Bare: guardrail requireKmsKeys: volumeKmsKey is not set (ProcessingResources.ClusterConfig.VolumeKmsKeyId)',
      "Jobs/Bare: guardrail requiredTags: tag 'team' is missing (Tags)",
      "Jobs/Bare: guardrail requiredTags: tag 'costCenter' is missing (Tags)",
      `Jobs/Bare: guardrail allowedImageSources: image '${IMAGE_URI}' comes from REGISTRY, which is not allowed (allowed: ECR_REPOSITORY, ASSET)`,
      `Jobs/Bare: guardrail requireImagesFromOwnAccount: image '${IMAGE_URI}' is in account 123456789012, not the stack's account 111111111111`,
    ]);
  });

  test('reports limits with the value and the limit', () => {
    expect(findings(stack).filter((e) => e.startsWith('Jobs/Big:'))).toEqual([
      'Jobs/Big: guardrail allowedInstanceTypes: instanceType ml.p3.2xlarge is not allowed (allowed: types ml.t3.medium; families m5)',
      'Jobs/Big: guardrail maxInstanceCount: instanceCount 8 is above the limit 4',
      'Jobs/Big: guardrail maxRuntime: maxRuntime 10800 seconds is above the limit 7200 seconds',
      'Jobs/Big: guardrail maxVolumeSize: volumeSize 200 GiB is above the limit 100 GiB',
      'Jobs/Big: guardrail requireVpc: the job runs outside a VPC (no NetworkConfig.VpcConfig); give vpc, or a ProcessingDefaults vpc',
      'Jobs/Big: guardrail requireNetworkIsolation: enableNetworkIsolation is false; it must be true',
      'Jobs/Big: guardrail requireInterContainerTrafficEncryption: enableInterContainerTrafficEncryption is not set; it must be true',
      'Jobs/Big: guardrail requireKmsKeys: volumeKmsKey is not set (ProcessingResources.ClusterConfig.VolumeKmsKeyId)',
      'Jobs/Big: guardrail requireKmsKeys: outputKmsKey is not set, and the job writes S3 outputs (report) (ProcessingOutputConfig.KmsKeyId)',
      "Jobs/Big: guardrail requiredTags: tag 'costCenter' is empty (Tags)",
      "Jobs/Big: guardrail allowedImageSources: image '222222222222.dkr.ecr.eu-west-1.amazonaws.com/x:1' comes from REGISTRY, which is not allowed (allowed: ECR_REPOSITORY, ASSET)",
      "Jobs/Big: guardrail requireImagesFromOwnAccount: image '222222222222.dkr.ecr.eu-west-1.amazonaws.com/x:1' is in account 222222222222, not the stack's account 111111111111",
    ]);
  });

  test('checks every instance preference, and flags run-time values it cannot check', () => {
    const rules = ['allowedInstanceTypes', 'maxInstanceCount'];
    const pick = (prefix: string) => findings(stack).filter((e) => e.startsWith(prefix) && rules.some((r) => e.includes(`guardrail ${r}:`)));
    expect(pick('Jobs/Preferences:')).toEqual([
      'Jobs/Preferences: guardrail allowedInstanceTypes: instancePreferences[1] ml.c5.xlarge is not allowed (allowed: types ml.t3.medium; families m5)',
      'Jobs/Preferences: guardrail maxInstanceCount: instancePreferences[1].instanceCount 6 is above the limit 4',
    ]);
    expect(pick('Jobs/RunTime:')).toEqual([
      'Jobs/RunTime: guardrail allowedInstanceTypes: instanceType is a run-time value, which cannot be checked at synth; give a concrete value (allowed: types ml.t3.medium; families m5)',
      'Jobs/RunTime: guardrail maxInstanceCount: instanceCount is a run-time value, which cannot be checked at synth; give a concrete value (limit 4)',
    ]);
  });

  test('warning mode reports the same findings as acknowledgeable warnings, and no errors', () => {
    const app = new App();
    const s = new Stack(app, 'Warn');
    task(s, 'Job');
    Aspects.of(app).add(new ProcessingGuardrails({ requireVpc: true, maxRuntime: Duration.minutes(30), mode: GuardrailMode.WARNING }));
    expect(findings(s)).toEqual([]);
    expect(findings(s, 'warning')).toEqual([
      'Warn/Job: guardrail maxRuntime: maxRuntime is not set (SageMaker then allows 86400 seconds); the limit is 1800 seconds [ack: cdk-sagemaker-processing:guardrail:maxRuntime]',
      'Warn/Job: guardrail requireVpc: the job runs outside a VPC (no NetworkConfig.VpcConfig); give vpc, or a ProcessingDefaults vpc [ack: cdk-sagemaker-processing:guardrail:requireVpc]',
    ]);
  });

  test('a job wrapped by another registered construct is reported once, on the outermost, even with the Aspect on two scopes', () => {
    const app = new App();
    const s = new Stack(app, 'Nested');
    const wrapper = new Construct(s, 'Wrapper');
    const inner = task(wrapper, 'Step');
    registerProcessingJobInspection(wrapper, { ...processingJobInspectionOf(inner)!, kind: 'job' });
    Aspects.of(app).add(new ProcessingGuardrails({ requireVpc: true }));
    Aspects.of(s).add(new ProcessingGuardrails({ requireVpc: true }));
    expect(findings(s)).toEqual([
      'Nested/Wrapper: guardrail requireVpc: the job runs outside a VPC (no NetworkConfig.VpcConfig); give vpc, or a ProcessingDefaults vpc',
    ]);
  });

  test('checks deploy-time runs too, once each, on the run (not its parts)', () => {
    const app = new App();
    const s = new Stack(app, 'Deploy');
    // A type CloudFormation's AWS::SageMaker::ProcessingJob takes (it refuses ml.p3 at synth, test/run).
    new ProcessingJobRun(s, 'Backfill', { image: ProcessingImage.fromRegistry(IMAGE_URI), instanceType: ProcessingInstanceType.ML_G5_XLARGE, maxRuntime: Duration.minutes(30) });
    Aspects.of(app).add(new ProcessingGuardrails({ requireVpc: true, allowedInstanceFamilies: ['m5'] }));
    expect(findings(s)).toEqual([
      'Deploy/Backfill: guardrail allowedInstanceFamilies: instanceType ml.g5.xlarge is not allowed (allowed: families m5)',
      'Deploy/Backfill: guardrail requireVpc: the job runs outside a VPC (no NetworkConfig.VpcConfig); give vpc, or a ProcessingDefaults vpc',
    ]);
  });

  test('requiredTags of a deploy-time run: the tags CloudFormation deploys its job with, those Tags.of(scope) adds or removes included', () => {
    const app = new App();
    const s = new Stack(app, 'Deploy');
    Tags.of(app).add('team', 'data');
    Tags.of(s).add('costCenter', '42');
    const run = new ProcessingJobRun(s, 'Backfill', {
      image: ProcessingImage.fromRegistry(IMAGE_URI), instanceType: ProcessingInstanceType.ML_M5_LARGE, tags: { owner: 'lake', steward: 'ana' },
    });
    Tags.of(run).remove('owner');
    Aspects.of(app).add(new ProcessingGuardrails({ requiredTags: ['team', 'costCenter', 'owner', 'steward'] }));
    // The job carries team (the app's), costCenter (the stack's) and steward (its own); owner was removed.
    expect(findings(s)).toEqual(["Deploy/Backfill: guardrail requiredTags: tag 'owner' is missing (Tags)"]);
    const job = Object.values<any>(Template.fromStack(s).findResources('AWS::SageMaker::ProcessingJob'))[0];
    expect(job.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'data' }, { Key: 'costCenter', Value: '42' }, { Key: 'steward', Value: 'ana' }]));
    expect(job.Properties.Tags).toHaveLength(3);
  });

  test('a warning-mode guardrail sees a deploy-time run\'s deployed tags too', () => {
    const app = new App();
    const s = new Stack(app, 'Deploy');
    new ProcessingJobRun(s, 'Backfill', { image: ProcessingImage.fromRegistry(IMAGE_URI), instanceType: ProcessingInstanceType.ML_M5_LARGE });
    Tags.of(s).add('team', ' ');
    Aspects.of(app).add(new ProcessingGuardrails({ requiredTags: ['team'], mode: GuardrailMode.WARNING }));
    expect(findings(s, 'warning')).toEqual(["Deploy/Backfill: guardrail requiredTags: tag 'team' is empty (Tags) [ack: cdk-sagemaker-processing:guardrail:requiredTags]"]);
  });

  test('checks ProcessingJobs, once each on the job (not its runner or task), in a shared runner and with a runner of their own', () => {
    const app = new App();
    const s = new Stack(app, 'Jobs');
    const runner = new ProcessingJobRunner(s, 'Runner', { jobNamePrefix: 'lake' });
    const image = ProcessingImage.fromRegistry(IMAGE_URI);
    new ProcessingJob(s, 'Nightly', { runner, image, instanceCount: 8, schedule: JobSchedule.rate(Duration.days(1)) });
    new ProcessingJob(s, 'Weekly', { runner, image, maxRuntime: Duration.hours(3) });
    const own = new ProcessingJob(s, 'Report', { image, instanceType: ProcessingInstanceType.ML_P3_2XLARGE });
    new sfn.StateMachine(s, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(own.asStep(s, 'ReportStep')) });
    Aspects.of(app).add(new ProcessingGuardrails({ maxInstanceCount: 4, maxRuntime: Duration.hours(2), allowedInstanceFamilies: ['m5'] }));
    expect(findings(s)).toEqual([
      'Jobs/Nightly: guardrail maxInstanceCount: instanceCount 8 is above the limit 4',
      'Jobs/Nightly: guardrail maxRuntime: maxRuntime is not set (SageMaker then allows 86400 seconds); the limit is 7200 seconds',
      'Jobs/Weekly: guardrail maxRuntime: maxRuntime 10800 seconds is above the limit 7200 seconds',
      'Jobs/Report: guardrail allowedInstanceFamilies: instanceType ml.p3.2xlarge is not allowed (allowed: families m5)',
      'Jobs/Report: guardrail maxRuntime: maxRuntime is not set (SageMaker then allows 86400 seconds); the limit is 7200 seconds',
    ]);
  });

  test.each([
    ['a managed-style registry image outside ECR', ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12'), ENV,
      "Compliant/Job: guardrail requireImagesFromOwnAccount: image 'public.ecr.aws/docker/library/python:3.12' is not in an ECR repository"],
    ['an ECR URI in an env-agnostic stack', ProcessingImage.fromRegistry(IMAGE_URI), undefined,
      `Compliant/Job: guardrail requireImagesFromOwnAccount: image '${IMAGE_URI}' is in account 123456789012, and the stack has no account (env-agnostic), so it cannot be shown to be the job's own`],
  ])('own-account images: rejects %s', (_name, image, env, message) => {
    const s = compliantStack((st) => task(st, 'Job', { image }), { requireImagesFromOwnAccount: true }, env);
    expect(findings(s)).toEqual([message]);
  });

  test('own-account images: an ECR URI of the stack account passes', () => {
    const s = compliantStack((st) => task(st, 'Job', { image: ProcessingImage.fromRegistry('111111111111.dkr.ecr.eu-west-1.amazonaws.com/r:1') }),
      { requireImagesFromOwnAccount: true }, ENV);
    expect(findings(s)).toEqual([]);
  });
});
