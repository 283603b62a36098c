import { App, Duration, Size, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ProcessingDefaults, ProcessingDefaultsProps, ProcessingGuardrails, ProcessingGuardrailsProps } from '../../../lib';
import { jsonPathTask } from '../../task/helpers';
import { BadInput, entries, many } from '../bad-input';

const D = 'ProcessingDefaults.of(TestStack)';
const defaults = (name: string, props: (stack: Stack) => ProcessingDefaultsProps, error: string): BadInput => ({
  category: 'defaults', name, error,
  build: () => {
    const stack = new Stack(new App(), 'TestStack');
    ProcessingDefaults.of(stack).add(props(stack));
  },
});
const guardrails = (name: string, props: ProcessingGuardrailsProps, error: string): BadInput =>
  ({ category: 'guardrails', name, build: () => new ProcessingGuardrails(props), error });
const vpc = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

export const PLATFORM_ROWS: BadInput[] = [
  defaults('max runtime of 10 days', () => ({ maxRuntime: Duration.days(10) }), `${D}: maxRuntime 864000 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)`),
  // The words a job's own maxRuntime and volumeSize get (the job and its defaults are one rule).
  defaults('max runtime of half a second', () => ({ maxRuntime: Duration.millis(500) }),
    `${D}: maxRuntime 500 millis is not a whole number of seconds; give whole seconds (StoppingCondition.MaxRuntimeInSeconds)`),
  defaults('volume of half a GiB', () => ({ volumeSize: Size.mebibytes(512) }), `${D}: volumeSize is 0.5 GiB, not a whole number of GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`),
  defaults('volume of 16385 GiB', () => ({ volumeSize: Size.gibibytes(16385) }), `${D}: volumeSize 16385 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`),
  defaults('51 tags', () => ({ tags: entries(51, (i) => `t${i}`) }), `${D}: tags has 51 tags; the limit is 50 (Tags)`),
  defaults('reserved tag prefix', () => ({ tags: { 'aws:team': 'x' } }), `${D}: tag key 'aws:team' uses the reserved prefix 'aws:' (Tags)`),
  defaults('tag value with !', () => ({ tags: { team: 'ml!' } }), `${D}: tag team value 'ml!' must match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*: letters, digits, spaces and _ . : / = + - @ (Tags)`),
  defaults('subnets without a VPC', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
    `${D}: vpcSubnets is given without vpc; subnets are chosen in a VPC (NetworkConfig.VpcConfig.Subnets)`),
  defaults('security groups without a VPC', (s) => ({ securityGroups: [new ec2.SecurityGroup(s, 'Sg', { vpc: vpc(s) })] }),
    `${D}: securityGroups is given without vpc; security groups belong to a VPC (NetworkConfig.VpcConfig.SecurityGroupIds)`),
  defaults('6 security groups', (s) => {
    const v = vpc(s);
    return { vpc: v, securityGroups: many(6, (i) => `Sg${i}`).map((id) => new ec2.SecurityGroup(s, id, { vpc: v })) };
  }, `${D}: securityGroups has 6 items; it must have 1–5 (NetworkConfig.VpcConfig.SecurityGroupIds)`),
  {
    category: 'defaults', name: 'defaults added after the jobs they should apply to',
    build: () => {
      const { stack } = jsonPathTask();
      ProcessingDefaults.of(stack).add({ maxRuntime: Duration.minutes(10) });
    },
    error: `${D}: processing jobs already exist under this scope (TestStack/Job); defaults apply when a job is created, so add them before creating the jobs`,
  },
  guardrails('an empty list of instance types', { allowedInstanceTypes: [] }, 'ProcessingGuardrails: allowedInstanceTypes is empty, so no job could run; leave it out to allow every type'),
  guardrails('an empty list of instance families', { allowedInstanceFamilies: [] }, 'ProcessingGuardrails: allowedInstanceFamilies is empty, so no job could run; leave it out to allow every family'),
  guardrails('an instance family given as a type', { allowedInstanceFamilies: ['ml.m5.xlarge'] },
    "ProcessingGuardrails: allowedInstanceFamilies item 'ml.m5.xlarge' must be a family name such as 'm5' or 'g4dn' (without 'ml.' and size)"),
  guardrails('max instance count 0', { maxInstanceCount: 0 }, 'ProcessingGuardrails: maxInstanceCount 0 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)'),
  guardrails('max instance count 101', { maxInstanceCount: 101 }, 'ProcessingGuardrails: maxInstanceCount 101 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)'),
  guardrails('max runtime of 10 days', { maxRuntime: Duration.days(10) }, 'ProcessingGuardrails: maxRuntime 864000 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)'),
  guardrails('max runtime of 1.5 seconds', { maxRuntime: Duration.millis(1500) },
    'ProcessingGuardrails: maxRuntime 1 second 500 millis is not a whole number of seconds; give 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)'),
  guardrails('max volume of 20000 GiB', { maxVolumeSize: Size.gibibytes(20000) }, 'ProcessingGuardrails: maxVolumeSize 20000 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)'),
  guardrails('max volume of 10.5 GiB', { maxVolumeSize: Size.mebibytes(10752) },
    'ProcessingGuardrails: maxVolumeSize is 10.5 GiB, not a whole number of GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)'),
  guardrails('an empty list of image sources', { allowedImageSources: [] }, 'ProcessingGuardrails: allowedImageSources is empty, so no job could run; leave it out to allow every source'),
  guardrails('a required tag no job can carry', { requiredTags: ['aws:owner'] },
    "ProcessingGuardrails: requiredTags item 'aws:owner' is not a tag key a job can carry: 1–128 characters of letters, digits, spaces and _ . : / = + - @, not starting with 'aws:' (Tags)"),
  guardrails('a required tag with #', { requiredTags: ['cost#center'] },
    "ProcessingGuardrails: requiredTags item 'cost#center' is not a tag key a job can carry: 1–128 characters of letters, digits, spaces and _ . : / = + - @, not starting with 'aws:' (Tags)"),
  guardrails('51 required tags', { requiredTags: many(51, (i) => `t${i}`) }, 'ProcessingGuardrails: requiredTags has 51 keys; a job carries at most 50 tags (Tags)'),
  guardrails('max instance count as a token', { maxInstanceCount: Token.asNumber({ Ref: 'MaxCount' }) },
    'ProcessingGuardrails: maxInstanceCount must be a concrete value at synth (every job is compared with it); got a token'),
  guardrails('max runtime as a token', { maxRuntime: Duration.seconds(Token.asNumber({ Ref: 'MaxRuntime' })) },
    'ProcessingGuardrails: maxRuntime must be a concrete value at synth (every job is compared with it); got a token'),
  guardrails('max volume as a token', { maxVolumeSize: Size.gibibytes(Token.asNumber({ Ref: 'MaxVolume' })) },
    'ProcessingGuardrails: maxVolumeSize must be a concrete value at synth (every job is compared with it); got a token'),
  guardrails('an instance family as a token', { allowedInstanceFamilies: ['m5', Token.asString({ Ref: 'Family' })] },
    'ProcessingGuardrails: allowedInstanceFamilies[1] must be a concrete value at synth (every job is compared with it); got a token'),
  guardrails('a required tag as a token', { requiredTags: [Token.asString({ Ref: 'TagKey' })] },
    'ProcessingGuardrails: requiredTags[0] must be a concrete value at synth (every job is compared with it); got a token'),
  guardrails('every problem at once', { maxInstanceCount: 0, allowedInstanceTypes: [], maxVolumeSize: Size.gibibytes(0) }, [
    'ProcessingGuardrails: allowedInstanceTypes is empty, so no job could run; leave it out to allow every type',
    'ProcessingGuardrails: maxInstanceCount 0 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)',
    'ProcessingGuardrails: maxVolumeSize 0 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)',
  ].join('\n')),
];

