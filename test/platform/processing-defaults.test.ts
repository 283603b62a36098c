import { App, CfnElement, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import {
  JobSchedule, JobTrigger, ProcessingDefaults, ProcessingImage, ProcessingInstanceType, ProcessingJob, ProcessingJobRunner, ProcessingOutput, SageMakerCreateProcessingJob,
  SageMakerCreateProcessingJobJsonPathProps,
} from '../../lib';
import { processingJobInspectionOf } from '../../lib/definition/inspection';
import { IMAGE_URI, renderedRequest } from '../task/helpers';

function task(scope: Stack, id: string, props: Partial<SageMakerCreateProcessingJobJsonPathProps> = {}) {
  return SageMakerCreateProcessingJob.jsonPath(scope, id, { image: ProcessingImage.fromRegistry(IMAGE_URI), ...props });
}

/** A stack holding a VPC with private subnets, a security group and two keys. */
function platformStack(app: App, id: string) {
  const stack = new Stack(app, id);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const securityGroup = new ec2.SecurityGroup(stack, 'JobsSg', { vpc });
  const volumeKey = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true });
  const outputKey = new kms.Key(stack, 'OutputKey', { enableKeyRotation: true });
  return { stack, vpc, securityGroup, volumeKey, outputKey };
}

describe('ProcessingDefaults', () => {
  test('fills every job of the scope: network, isolation, encryption, keys, tags, instance type, volume, runtime', () => {
    const app = new App();
    const p = platformStack(app, 'Platform');
    ProcessingDefaults.of(p.stack).add({
      vpc: p.vpc, securityGroups: [p.securityGroup], enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true,
      volumeKmsKey: p.volumeKey, outputKmsKey: p.outputKey, tags: { team: 'data', costCenter: '42' },
      instanceType: ProcessingInstanceType.ML_C5_XLARGE, volumeSize: Size.gibibytes(50), maxRuntime: Duration.minutes(20),
    });
    const job = task(p.stack, 'Job', { processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://bucket/out/')] });
    const request = renderedRequest(p.stack, job);
    expect(request.ProcessingResources).toEqual({
      ClusterConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50, VolumeKmsKeyId: p.stack.resolve(p.volumeKey.keyArn) },
    });
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 1200 });
    expect(request.NetworkConfig).toEqual({
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: {
        SecurityGroupIds: [p.stack.resolve(p.securityGroup.securityGroupId)],
        Subnets: p.stack.resolve(p.vpc.privateSubnets.map((s) => s.subnetId)),
      },
    });
    expect(request.ProcessingOutputConfig.KmsKeyId).toEqual(p.stack.resolve(p.outputKey.keyArn));
    expect(request.Tags).toEqual([{ Key: 'team', Value: 'data' }, { Key: 'costCenter', Value: '42' }]);
  });

  test('explicit props win, an explicit false included; tags merge key by key with the job winning', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    ProcessingDefaults.of(stack).add({
      enableNetworkIsolation: true, instanceType: ProcessingInstanceType.ML_C5_XLARGE, maxRuntime: Duration.minutes(20),
      tags: { team: 'data', env: 'prod' },
    });
    const job = task(stack, 'Job', {
      enableNetworkIsolation: false, instanceType: ProcessingInstanceType.ML_T3_MEDIUM, maxRuntime: Duration.minutes(5), tags: { env: 'dev' },
    });
    const request = renderedRequest(stack, job);
    expect(request.NetworkConfig).toEqual({ EnableNetworkIsolation: false });
    expect(request.ProcessingResources.ClusterConfig.InstanceType).toBe('ml.t3.medium');
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 300 });
    expect(request.Tags).toEqual([{ Key: 'team', Value: 'data' }, { Key: 'env', Value: 'dev' }]);
  });

  test('app, then stage-like nested scope, then stack: the nearest scope wins field by field', () => {
    const app = new App();
    ProcessingDefaults.of(app).add({ maxRuntime: Duration.minutes(30), instanceType: ProcessingInstanceType.ML_M5_LARGE, tags: { org: 'acme' } });
    const stack = new Stack(app, 'S');
    ProcessingDefaults.of(stack).add({ maxRuntime: Duration.minutes(10), tags: { team: 'data' } });
    ProcessingDefaults.of(stack).add({ maxRuntime: Duration.minutes(12) });
    const request = renderedRequest(stack, task(stack, 'Job'));
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 720 });
    expect(request.ProcessingResources.ClusterConfig.InstanceType).toBe('ml.m5.large');
    expect(request.Tags).toEqual([{ Key: 'org', Value: 'acme' }, { Key: 'team', Value: 'data' }]);
    expect(ProcessingDefaults.of(stack).own.maxRuntime?.toMinutes()).toBe(12);
    expect(ProcessingDefaults.of(stack).effective.instanceType?.name).toBe('ml.m5.large');
  });

  test('a job naming its own VPC takes none of the default security groups; one naming only subnets uses the default VPC', () => {
    const app = new App();
    const p = platformStack(app, 'Platform');
    ProcessingDefaults.of(app).add({ vpc: p.vpc, securityGroups: [p.securityGroup] });
    const other = new ec2.Vpc(p.stack, 'Other', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const own = task(p.stack, 'OwnVpc', { vpc: other, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const ownConfig = renderedRequest(p.stack, own).NetworkConfig.VpcConfig;
    expect(ownConfig.Subnets).toEqual(p.stack.resolve(other.isolatedSubnets.map((s) => s.subnetId)));
    expect(ownConfig.SecurityGroupIds).toEqual([p.stack.resolve(own.connections.securityGroups[0].securityGroupId)]);
    expect(ownConfig.SecurityGroupIds).not.toContainEqual(p.stack.resolve(p.securityGroup.securityGroupId));
    const subnetsOnly = task(p.stack, 'PublicSubnets', { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(renderedRequest(p.stack, subnetsOnly).NetworkConfig.VpcConfig).toEqual({
      SecurityGroupIds: [p.stack.resolve(p.securityGroup.securityGroupId)],
      Subnets: p.stack.resolve(p.vpc.publicSubnets.map((s) => s.subnetId)),
    });
  });

  test('the permissions boundary goes on created job roles, never on a role passed in', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['sagemaker:*'], resources: ['*'] })] });
    ProcessingDefaults.of(stack).add({ permissionsBoundary: boundary });
    const created = task(stack, 'Created');
    const mine = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    task(stack, 'Given', { role: mine });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const boundaries = Object.fromEntries(Object.entries<any>(roles).map(([id, r]) => [id, r.Properties.PermissionsBoundary]));
    const logicalId = (role: iam.IRole) => stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
    expect(boundaries).toEqual({ [logicalId(created.role)]: stack.resolve(boundary.managedPolicyArn), [logicalId(mine)]: undefined });
  });

  test('an output key is granted only to jobs with outputs; a volume key with CreateGrant', () => {
    const app = new App();
    const p = platformStack(app, 'Platform');
    ProcessingDefaults.of(p.stack).add({ outputKmsKey: p.outputKey, volumeKmsKey: p.volumeKey });
    task(p.stack, 'NoOutputs');
    task(p.stack, 'WithOutputs', { processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://bucket/out/')] });
    const policies = Template.fromStack(p.stack).findResources('AWS::IAM::Policy');
    const kmsStatements = (prefix: string) => Object.entries<any>(policies)
      .filter(([id]) => id.startsWith(prefix))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement)
      .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('kms:')));
    // What each grant allows is evaluated in test/iam/vpc-kms-job.test.ts; here: the defaults reach the right jobs.
    const keys = (prefix: string) => new Set(kmsStatements(prefix).map((s: any) => JSON.stringify(s.Resource)));
    expect(keys('NoOutputs')).toEqual(new Set([JSON.stringify(p.stack.resolve(p.volumeKey.keyArn))]));
    expect(keys('WithOutputs')).toEqual(new Set([JSON.stringify(p.stack.resolve(p.volumeKey.keyArn)), JSON.stringify(p.stack.resolve(p.outputKey.keyArn))]));
    expect(kmsStatements('NoOutputs').map((s: any) => s.Action)).toEqual(['kms:CreateGrant', 'kms:DescribeKey']);
  });

  test('logRetention and bucket settings are readable by the constructs that create log groups and buckets', () => {
    const app = new App();
    ProcessingDefaults.of(app).add({ logRetention: logs.RetentionDays.ONE_MONTH, serverAccessLogsPrefix: 'access/' });
    const stack = new Stack(app, 'S');
    expect(ProcessingDefaults.of(stack).effective).toMatchObject({ logRetention: 30, serverAccessLogsPrefix: 'access/' });
  });

  test('reach ProcessingJob: the definition, the permissions boundary, the job bucket and the runner log group', () => {
    const app = new App();
    const p = platformStack(app, 'Platform');
    const accessLogs = new s3.Bucket(p.stack, 'AccessLogs');
    const boundary = new iam.ManagedPolicy(p.stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
    ProcessingDefaults.of(app).add({
      vpc: p.vpc, securityGroups: [p.securityGroup], volumeKmsKey: p.volumeKey, tags: { team: 'data' }, instanceType: ProcessingInstanceType.ML_C5_XLARGE,
      bucketKmsKey: p.outputKey, serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: 'jobs/', logRetention: logs.RetentionDays.TWO_WEEKS,
      permissionsBoundary: boundary,
    });
    const job = new ProcessingJob(p.stack, 'Nightly', { image: ProcessingImage.fromRegistry(IMAGE_URI), processingOutputs: [ProcessingOutput.toJobBucket('features')] });
    const spec = processingJobInspectionOf(job)!.spec;
    expect(spec).toMatchObject({
      instanceType: 'ml.c5.xlarge', volumeKmsKeyId: p.volumeKey.keyArn, tags: { team: 'data' }, securityGroupIds: [p.securityGroup.securityGroupId],
    });
    const t = Template.fromStack(p.stack);
    const logicalId = (c: IConstruct) => p.stack.getLogicalId(c.node.defaultChild as CfnElement);
    expect(t.toJSON().Resources[logicalId(job.role)].Properties.PermissionsBoundary).toEqual(p.stack.resolve(boundary.managedPolicyArn));
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: p.stack.resolve(p.outputKey.keyArn) }, BucketKeyEnabled: true }] },
      LoggingConfiguration: { DestinationBucketName: p.stack.resolve(accessLogs.bucketName), LogFilePrefix: 'jobs/' },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  test('the permissions boundary goes on the roles of a shared runner (runner role, start role)', () => {
    const stack = new Stack(new App(), 'S');
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: ['*'] })] });
    ProcessingDefaults.of(stack).add({ permissionsBoundary: boundary });
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'Shared', { image: ProcessingImage.fromRegistry(IMAGE_URI), runner, schedule: JobSchedule.cron({ minute: '0' }) });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const without = Object.entries<any>(roles).filter(([, r]) => r.Properties.PermissionsBoundary === undefined).map(([id]) => id);
    expect(without).toEqual([]);
    const logicalId = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    expect(roles[logicalId(runner.startRole)].Properties.PermissionsBoundary).toEqual(stack.resolve(boundary.managedPolicyArn));
  });

  test('the permissions boundary goes on the role of the bucket-notifications handler an object-created trigger brings', () => {
    const stack = new Stack(new App(), 'S');
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:PutBucketNotification'], resources: ['*'] })] });
    ProcessingDefaults.of(stack).add({ permissionsBoundary: boundary });
    new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry(IMAGE_URI), triggers: [JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Raw'))] });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const handlerRoles = Object.keys(roles).filter((id) => id.startsWith('BucketNotificationsHandler'));
    expect(handlerRoles).toHaveLength(1);
    expect(Object.entries<any>(roles).filter(([, r]) => r.Properties.PermissionsBoundary === undefined).map(([id]) => id)).toEqual([]);
  });

  test('adding defaults to a scope that already holds jobs is an error naming them', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    task(stack, 'Early');
    expect(() => ProcessingDefaults.of(app).add({ maxRuntime: Duration.minutes(5) })).toThrow(
      'ProcessingDefaults.of(<app>): processing jobs already exist under this scope (S/Early); defaults apply when a job is created, so add them before creating the jobs');
  });

  test('defaults are checked against the API limits when added', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => ProcessingDefaults.of(stack).add({ maxRuntime: Duration.days(10), volumeSize: Size.gibibytes(20000) })).toThrow([
      'ProcessingDefaults.of(S): maxRuntime 864000 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)',
      'ProcessingDefaults.of(S): volumeSize 20000 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)',
    ].join('\n'));
  });
});

describe('secret-looking environment variables', () => {
  test('warn with a pointer to Secrets Manager; references to secrets do not', () => {
    const stack = new Stack(new App(), 'S');
    task(stack, 'Job', { environment: { DB_PASSWORD: 'hunter2', GITHUB_TOKEN: 'x', DB_PASSWORD_SECRET_ARN: 'arn:aws:secretsmanager:...', STAGE: 'prod' } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('looks like a secret'));
    expect(warnings.map((w) => w.entry.data)).toEqual(['DB_PASSWORD', 'GITHUB_TOKEN'].map((name) =>
      `S/Job: environment variable ${name} looks like a secret; its value would be stored in plain text in the job request (Environment) ` +
      `and shown by DescribeProcessingJob. Keep it in AWS Secrets Manager, pass the secret's ARN (e.g. ${name}_SECRET_ARN) and read it in ` +
      'the container with GetSecretValue (grant it with secret.grantRead(job)). [ack: cdk-sagemaker-processing:secretInEnvironment]'));
  });
});

test('defaults read at a scope follow every later addition above it (the merged defaults are kept only while none is added)', () => {
  const app = new App();
  const stage = new Stack(app, 'Jobs');
  const team = new Construct(stage, 'Team');
  expect(ProcessingDefaults.of(team).effective.instanceType).toBeUndefined();
  ProcessingDefaults.of(stage).add({ instanceType: ProcessingInstanceType.ML_M5_LARGE });
  expect(ProcessingDefaults.of(team).effective.instanceType?.name).toBe('ml.m5.large');
  ProcessingDefaults.of(team).add({ maxRuntime: Duration.hours(2) });
  expect(ProcessingDefaults.of(team).effective).toMatchObject({ maxRuntime: Duration.hours(2) });
  expect(ProcessingDefaults.of(team).effective.instanceType?.name).toBe('ml.m5.large');
  // What a caller gets is its own copy.
  const copy = ProcessingDefaults.of(team).effective as { instanceType?: unknown };
  copy.instanceType = undefined;
  expect(ProcessingDefaults.of(team).effective.instanceType?.name).toBe('ml.m5.large');
});
