import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ProcessingImage, ProcessingJob, ProcessingJobRun, SageMakerCreateProcessingJob } from '../../lib';

/**
 * VPCs, subnets and security groups are Regional: a job attaches its network interfaces in its own
 * Region. A VPC or security group of a stack of another Region (shared with crossRegionReferences)
 * is refused at synth, naming the job, the field, the resource and both Regions.
 */
const image = ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim');

function stacks(jobRegion: string) {
  const app = new App();
  const network = new Stack(app, 'Network', { env: { account: '111111111111', region: 'us-east-1' }, crossRegionReferences: true });
  const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const group = new ec2.SecurityGroup(network, 'Group', { vpc });
  const stack = new Stack(app, 'Jobs', { env: { account: '111111111111', region: jobRegion }, crossRegionReferences: true });
  return { vpc, group, stack };
}

test.each([
  ['a ProcessingJob', (scope: Stack, props: object) => new ProcessingJob(scope, 'Nightly', { image, ...props })],
  ['a ProcessingJobRun', (scope: Stack, props: object) => new ProcessingJobRun(scope, 'Nightly', { image, ...props })],
  ['a task', (scope: Stack, props: object) => SageMakerCreateProcessingJob.jsonPath(scope, 'Nightly', { image, ...props })],
])('%s in a VPC of another Region is refused', (_kind, create) => {
  const { vpc, stack } = stacks('eu-west-1');
  expect(() => create(stack, { vpc })).toThrow(
    'Jobs/Nightly: vpc Network/Vpc is in Region us-east-1, but the job runs in eu-west-1; VPCs, subnets and security groups are Regional: ' +
    'give ones of eu-west-1 (NetworkConfig.VpcConfig)');
});

test('a security group of another Region is refused', () => {
  const { group, stack } = stacks('eu-west-1');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Local', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
  expect(() => new ProcessingJob(stack, 'Nightly', { image, vpc, securityGroups: [group] })).toThrow(
    /^Jobs\/Nightly: securityGroups\[0\] Network\/Group is in Region us-east-1, but the job runs in eu-west-1; .*\(NetworkConfig\.VpcConfig\)$/);
});

test('a VPC of the job\'s Region, or a job in an env-agnostic stack, is taken', () => {
  const { vpc, group, stack } = stacks('us-east-1');
  expect(() => new ProcessingJob(stack, 'Nightly', { image, vpc, securityGroups: [group] })).not.toThrow();
  const agnostic = new Stack(new App(), 'Agnostic');
  const vpc2 = new ec2.Vpc(agnostic, 'Vpc', { maxAzs: 2, natGateways: 1 });
  expect(() => new ProcessingJob(agnostic, 'Nightly', { image, vpc: vpc2 })).not.toThrow();
});
