import { Duration, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ProcessingImage, ProcessingInstanceType, ProcessingOutput, Processor, ProcessorBindOptions, ProcessorConfig, SageMakerCreateProcessingJob } from '../../../lib';
import { jsonPathTask, newStack } from '../../task/helpers';
import { AtTheEdge, BadInput, entries, many } from '../bad-input';

const P = 'TestStack/Job';

/** A processor that puts its own arguments first, as the SDK's script processors do. */
class WithArguments extends Processor {
  public bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig {
    return { image: ProcessingImage.fromRegistry('r/i:1').bind(scope, options), arguments: ['--mode', 'full'] };
  }
}
const NAME = '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}';
const ROLE_ARN = 'arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const importedRole = (arn: string) => iam.Role.fromRoleArn(newStack(), 'Role', arn);
const t = (name: string, props: Parameters<typeof jsonPathTask>[0], error: string): BadInput =>
  ({ category: 'task: request limits', name, build: () => jsonPathTask(props), error });
const c = (name: string, build: () => unknown, error: string): BadInput => ({ category: 'task: conflicting options', name, build, error });

function vpcWith(subnetType: ec2.SubnetType) {
  const stack = newStack();
  return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 's', subnetType }] }) };
}

/** A job in an imported VPC with the given (isolated) subnet ids and imported security groups. */
function importedNetwork(securityGroupIds: string[], subnetIds = ['subnet-1']): Parameters<typeof jsonPathTask>[0] {
  const stack = newStack();
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: subnetIds.map(() => 'eu-west-1a'), isolatedSubnetIds: subnetIds });
  const securityGroups = securityGroupIds.map((id, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, id));
  return { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, securityGroups };
}

export const TASK_ROWS: BadInput[] = [
  t('job name of 64 characters', { jobName: 'a'.repeat(64) }, `${P}: jobName '${'a'.repeat(64)}' must be 1–63 characters matching ${NAME}, got 64 characters (ProcessingJobName)`),
  t('job name starting with a hyphen', { jobName: '-nightly' }, `${P}: jobName '-nightly' must be 1–63 characters matching ${NAME}, got 8 characters (ProcessingJobName)`),
  t('empty job name', { jobName: '' }, `${P}: jobName '' must be 1–63 characters matching ${NAME}, got 0 characters (ProcessingJobName)`),
  t('job name prefix of 39 characters', { jobNamePrefix: 'p'.repeat(39) }, `${P}: jobNamePrefix '${'p'.repeat(39)}' must be 1–38 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* (25 characters of the 63 allowed for ProcessingJobName are the run suffix)`),
  t('job name prefix with an underscore', { jobNamePrefix: 'daily_job' }, `${P}: jobNamePrefix 'daily_job' must be 1–38 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* (25 characters of the 63 allowed for ProcessingJobName are the run suffix)`),
  t('job name prefix as a token', { jobNamePrefix: Token.asString({ Ref: 'Prefix' }) }, `${P}: jobNamePrefix must be a concrete string at synth (it scopes the state machine role's IAM policy); got a token. Give jobName for a run-time name`),
  t('instance count 0', { instanceCount: 0 }, `${P}: instanceCount 0 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`),
  t('instance count 101', { instanceCount: 101 }, `${P}: instanceCount 101 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`),
  t('fractional instance count', { instanceCount: 1.5 }, `${P}: instanceCount 1.5 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`),
  t('volume of 0 GiB', { volumeSize: Size.gibibytes(0) }, `${P}: volumeSize 0 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`),
  t('volume of 16385 GiB', { volumeSize: Size.gibibytes(16385) }, `${P}: volumeSize 16385 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`),
  t('volume not a whole number of GiB', { volumeSize: Size.mebibytes(1500) }, `${P}: volumeSize is 1.46484375 GiB, not a whole number of GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`),
  t('max runtime of 0 seconds', { maxRuntime: Duration.seconds(0) }, `${P}: maxRuntime 0 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)`),
  t('max runtime of 9 days and 1 second', { maxRuntime: Duration.seconds(777601) }, `${P}: maxRuntime 777601 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)`),
  t('101 environment variables', { environment: entries(101, (i) => `V${i}`) }, `${P}: environment has 101 variables; the limit is 100 (Environment)`),
  t('environment name starting with a digit', { environment: { '1BAD': 'x' } }, `${P}: environment variable name '1BAD' must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 256 characters (Environment)`),
  t('environment name of 257 characters', { environment: { ['N'.repeat(257)]: 'x' } }, `${P}: environment variable name '${'N'.repeat(257)}' must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 256 characters (Environment)`),
  t('environment value of 257 characters', { environment: { LONG: 'x'.repeat(257) } }, `${P}: environment variable LONG is 257 characters; the limit is 256 (Environment)`),
  t('empty entrypoint', { entrypoint: [] }, `${P}: entrypoint has 0 items; it must have 1–100 (AppSpecification.ContainerEntrypoint)`),
  t('101 entrypoint items', { entrypoint: many(101, (i) => `e${i}`) }, `${P}: entrypoint has 101 items; it must have 1–100 (AppSpecification.ContainerEntrypoint)`),
  t('entrypoint item of 257 characters', { entrypoint: ['python3', 'x'.repeat(257)] }, `${P}: entrypoint[1] is 257 characters; each item must be 1–256 (AppSpecification.ContainerEntrypoint)`),
  t('101 arguments', { arguments: many(101, (i) => `a${i}`) }, `${P}: arguments has 101 items; it must have 1–100 (AppSpecification.ContainerArguments)`),
  t('51 tags', { tags: entries(51, (i) => `t${i}`) }, `${P}: tags has 51 tags; the limit is 50 (Tags)`),
  t('tag key of 129 characters', { tags: { ['k'.repeat(129)]: 'v' } }, `${P}: tag key '${'k'.repeat(129)}' must be 1–128 characters (Tags)`),
  t('tag value of 257 characters', { tags: { team: 'v'.repeat(257) } }, `${P}: tag team value is 257 characters; the limit is 256 (Tags)`),
  t('reserved tag prefix aws:', { tags: { 'AWS:owner': 'me' } }, `${P}: tag key 'AWS:owner' uses the reserved prefix 'aws:' (Tags)`),
  t('tag key with #', { tags: { 'cost#center': 'ml' } }, `${P}: tag key 'cost#center' must match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*: letters, digits, spaces and _ . : / = + - @ (Tags)`),
  t('tag value with a comma', { tags: { owners: 'ana,bo' } }, `${P}: tag owners value 'ana,bo' must match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*: letters, digits, spaces and _ . : / = + - @ (Tags)`),
  t('experiment name with a space', { experimentConfig: { experimentName: 'churn model' } },
    `${P}: experimentConfig.experimentName 'churn model' must be 1–120 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}, got 11 characters (ExperimentConfig.ExperimentName)`),
  t('run name with an underscore', { experimentConfig: { experimentName: 'churn', runName: 'nightly_run' } },
    `${P}: experimentConfig.runName 'nightly_run' must be 1–120 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}, got 11 characters (ExperimentConfig.RunName)`),
  t('trial name of 121 characters', { experimentConfig: { experimentName: 'churn', trialName: 't'.repeat(121) } },
    `${P}: experimentConfig.trialName '${'t'.repeat(121)}' must be 1–120 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}, got 121 characters (ExperimentConfig.TrialName)`),
  t('image URI of 256 characters', { image: ProcessingImage.fromRegistry(`r/${'i'.repeat(254)}`) }, `${P}: imageUri is 256 characters; it must be 1–255 (AppSpecification.ImageUri)`),
  t('empty instance preferences', { instancePreferences: [] }, `${P}: instancePreferences is empty; give at least one instance type (ProcessingResources.ClusterConfig.InstancePreferences)`),
  t('instance preference listed twice', { instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_LARGE }, { instanceType: ProcessingInstanceType.ML_M5_LARGE }] }, `${P}: instancePreferences lists 'ml.m5.large' twice; each instance type may appear once`),
  t('instance count on some preferences only', { instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_LARGE, instanceCount: 2 }, { instanceType: ProcessingInstanceType.ML_C5_XLARGE }] }, `${P}: instancePreferences sets instanceCount on 1 of 2 preferences; set it on all or none (ProcessingResources.ClusterConfig.InstancePreferences)`),
  {
    category: 'task: request limits', name: '6 security groups',
    build: () => {
      const { stack, vpc } = vpcWith(ec2.SubnetType.PRIVATE_ISOLATED);
      const securityGroups = many(6, (i) => `Sg${i}`).map((id) => new ec2.SecurityGroup(stack, id, { vpc }));
      return jsonPathTask({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, securityGroups }, stack);
    },
    error: `${P}: securityGroups has 6 items; it must have 1–5 (NetworkConfig.VpcConfig.SecurityGroupIds)`,
  },
  {
    category: 'task: request limits', name: '17 subnets',
    build: () => {
      const stack = newStack();
      const azs = many(17, (i) => `eu-west-1${String.fromCharCode(97 + i)}`);
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: azs, isolatedSubnetIds: many(17, (i) => `subnet-${i}`) });
      return jsonPathTask({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, stack);
    },
    error: `${P}: subnets has 17 items; it must have 1–16 (NetworkConfig.VpcConfig.Subnets)`,
  },
  t('imported security group id with an underscore', importedNetwork(['sg_0123']), `${P}: securityGroups[0] 'sg_0123' must be 1–32 characters matching [-0-9a-zA-Z]+, got 7 characters (NetworkConfig.VpcConfig.SecurityGroupIds)`),
  t('imported security group id of 33 characters', importedNetwork(['sg-1', `sg-${'0'.repeat(30)}`]),
    `${P}: securityGroups[1] 'sg-${'0'.repeat(30)}' must be 1–32 characters matching [-0-9a-zA-Z]+, got 33 characters (NetworkConfig.VpcConfig.SecurityGroupIds)`),
  t('imported subnet id with a space', importedNetwork(['sg-1'], ['subnet-1', 'subnet 2']), `${P}: subnets[1] 'subnet 2' must be 1–32 characters matching [-0-9a-zA-Z]+, got 8 characters (NetworkConfig.VpcConfig.Subnets)`),
  t('imported volume key whose ARN has a space', { volumeKmsKey: kms.Key.fromKeyArn(newStack(), 'Key', 'arn:aws:kms:us-east-1:123456789012:key/abc def') },
    `${P}: volumeKmsKey 'arn:aws:kms:us-east-1:123456789012:key/abc def' must be 1–2048 characters matching [a-zA-Z0-9:/_-]*, got 46 characters (ProcessingResources.ClusterConfig.VolumeKmsKeyId)`),
  t('environment value of 257 characters outside the BMP', { environment: { V: '😀'.repeat(257) } }, `${P}: environment variable V is 257 characters; the limit is 256 (Environment)`),
  c('instanceType and instancePreferences together', () => jsonPathTask({ instanceType: ProcessingInstanceType.ML_M5_LARGE, instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE }] }),
    `${P}: instanceType and instancePreferences are mutually exclusive; give one (ProcessingResources.ClusterConfig.InstancePreferences)`),
  c('instanceCount on the job and per preference', () => jsonPathTask({ instanceCount: 2, instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE, instanceCount: 3 }] }),
    `${P}: instanceCount is set both on the job and per instance preference; set one (ProcessingResources.ClusterConfig.InstanceCount)`),
  c('jobName and jobNamePrefix together', () => jsonPathTask({ jobName: 'a', jobNamePrefix: 'b' }), `${P}: give jobName or jobNamePrefix, not both (ProcessingJobName)`),
  c('neither processor nor image', () => jsonPathTask({ image: undefined }), `${P}: a processor or an image is required (AppSpecification.ImageUri)`),
  c('WAIT_FOR_TASK_TOKEN integration', () => jsonPathTask({ integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN }),
    `${P}: integrationPattern WAIT_FOR_TASK_TOKEN is not supported; CreateProcessingJob supports REQUEST_RESPONSE and RUN_JOB (.sync), not WAIT_FOR_TASK_TOKEN`),
  c('vpcSubnets without vpc', () => jsonPathTask({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }), `${P}: vpcSubnets is given without vpc (NetworkConfig.VpcConfig)`),
  c('securityGroups without vpc', () => {
    const { stack, vpc } = vpcWith(ec2.SubnetType.PRIVATE_ISOLATED);
    return jsonPathTask({ securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] }, stack);
  }, `${P}: securityGroups is given without vpc (NetworkConfig.VpcConfig)`),
  c('VPC without private subnets', () => {
    const { stack, vpc } = vpcWith(ec2.SubnetType.PUBLIC);
    return jsonPathTask({ vpc }, stack);
  }, `${P}: the VPC has no subnets matching vpcSubnets (There are no 'Private' subnet groups in this VPC. Available types: Public); a job in a VPC needs 1–16 subnets (NetworkConfig.VpcConfig.Subnets)`),
  t('job role ARN of an 11-digit account', { role: importedRole('arn:aws:iam::12345678901:role/processing') },
    `${P}: role 'arn:aws:iam::12345678901:role/processing' must be 20–2048 characters matching ${ROLE_ARN}, got 40 characters (RoleArn)`),
  t('job role ARN with a space', { role: importedRole('arn:aws:iam::123456789012:role/data team') },
    `${P}: role 'arn:aws:iam::123456789012:role/data team' must be 20–2048 characters matching ${ROLE_ARN}, got 40 characters (RoleArn)`),
  t('job role given as a user ARN', { role: importedRole('arn:aws:iam::123456789012:user/processing') },
    `${P}: role 'arn:aws:iam::123456789012:user/processing' must be 20–2048 characters matching ${ROLE_ARN}, got 41 characters (RoleArn)`),
  c('a whole argument list from the execution after the processor\'s own arguments', () => {
    const stack = newStack();
    return SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { processor: new WithArguments(), arguments: sfn.JsonPath.listAt('$.args') });
  }, `${P}: arguments is a whole list from the execution, but the processor adds its own arguments (--mode full); give the run-time values as single items instead (AppSpecification.ContainerArguments)`),
];

export const TASK_EDGES: AtTheEdge[] = [
  ['job name of 63 characters', { jobName: 'a'.repeat(63) }],
  ['job name prefix of 38 characters', { jobNamePrefix: 'p'.repeat(38) }],
  ['instance count 100', { instanceCount: 100 }],
  ['volume of 16384 GiB', { volumeSize: Size.gibibytes(16384) }],
  ['max runtime of 9 days', { maxRuntime: Duration.seconds(777600) }],
  ['100 environment variables of 256 characters', { environment: entries(100, (i) => `V${i}`, 'x'.repeat(256)) }],
  ['100 arguments of 256 characters', { arguments: many(100, () => 'x'.repeat(256)) }],
  // ContainerArgument is 0–256 characters (service-2.json `min` 0): an empty value is an argument, e.g. `--sep ''`.
  ['an empty argument', { arguments: ['--sep', ''] }],
  ['50 tags', { tags: entries(50, (i) => `t${i}`) }],
  ['tags in any script, with spaces and _ . : / = + - @', { tags: { 'équipe données': 'ML @ Köln', '部署': 'データ', 'k_.:/=+-@': 'v_.:/=+-@' } }],
  ['tag key of 128 letters outside the BMP (256 UTF-16 units)', { tags: { ['𝒜'.repeat(128)]: 'v' } }],
  ['job role ARNs of another partition, with a path and every character the API allows', { role: importedRole('arn:aws-us-gov:iam::123456789012:role/service-role/a_B+=,.@-9') }],
  ['security group and subnet ids of 32 characters', importedNetwork([`sg-${'0aF-'.repeat(7)}x`], [`subnet-${'9'.repeat(25)}`])],
  ['volume and output keys given as a key ARN and an alias ARN', {
    volumeKmsKey: kms.Key.fromKeyArn(newStack(), 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    outputKmsKey: kms.Key.fromKeyArn(newStack(), 'Alias', 'arn:aws:kms:us-east-1:123456789012:alias/team_key-1'),
    processingOutputs: [ProcessingOutput.toS3Uri('o', 's3://b/o/')],
  }],
  ['environment value, argument and entrypoint word of 256 characters outside the BMP (512 UTF-16 units)',
    { environment: { V: '😀'.repeat(256) }, arguments: ['𝒜'.repeat(256)], entrypoint: ['python3', '𝒜'.repeat(256)] }],
  ['experiment names of 120 characters with dashes', { experimentConfig: { experimentName: `a--${'b'.repeat(117)}`, trialName: 't-1', trialComponentDisplayName: 'T1', runName: `r${'-1'.repeat(59)}x` } }],
] .map(([name, props]) => ({ category: 'task: request limits', name: name as string, build: () => jsonPathTask(props as Parameters<typeof jsonPathTask>[0]) }));
