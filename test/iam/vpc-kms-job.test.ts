import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingOutput, ScriptProcessor } from '../../lib';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';

const IMAGE_URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1';
const SCRIPT = path.join(__dirname, '..', '..', 'examples', 'processors', 'sklearn', 'preprocessing.py');
const ec2Arn = (resource: string) => `arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:${resource}`;
const S3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };

/** A ProcessingJob in a VPC with a volume key, an output key, a KMS-encrypted data bucket and a script uploaded as an asset. */
function vpcJobStack() {
  const stack = new Stack(new App(), 'TestStack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const otherVpc = new ec2.Vpc(stack, 'OtherVpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const dataKey = new kms.Key(stack, 'DataKey');
  const bucket = new s3.Bucket(stack, 'Lake', { encryption: s3.BucketEncryption.KMS, encryptionKey: dataKey });
  const job = new ProcessingJob(stack, 'Features', {
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry(IMAGE_URI), command: ['python3'] }),
    code: ProcessingCode.fromAsset(SCRIPT),
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('features', bucket, 'features/')],
    vpc,
    volumeKmsKey: new kms.Key(stack, 'VolumeKey'),
    outputKmsKey: new kms.Key(stack, 'OutputKey'),
  });
  const iam = SynthesizedIam.of(stack);
  const arnOf = (token: string) => iam.resolve(stack.resolve(token));
  return {
    iam,
    role: iam.role('Features/JobRole/Resource'),
    vpcArn: arnOf(vpc.vpcArn),
    otherVpcArn: arnOf(otherVpc.vpcArn),
    jobSubnet: arnOf(`arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:subnet/${vpc.privateSubnets[0].subnetId}`),
    publicSubnet: arnOf(`arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:subnet/${vpc.publicSubnets[0].subnetId}`),
    otherSubnet: arnOf(`arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:subnet/${otherVpc.isolatedSubnets[0].subnetId}`),
    securityGroup: arnOf(`arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:security-group/${job.connections.securityGroups[0].securityGroupId}`),
    keys: { data: arnOf(dataKey.keyArn), volume: iam.att(iam.logicalId('AWS::KMS::Key', 'VolumeKey/Resource'), 'Arn'), output: iam.att(iam.logicalId('AWS::KMS::Key', 'OutputKey/Resource'), 'Arn') },
    assets: arnOf(`arn:${PARTITION}:s3:::cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`),
  };
}

describe('a ProcessingJob in a VPC with KMS keys, evaluated', () => {
  const s = vpcJobStack();
  const decide = (action: string, resource: string, context: { [key: string]: string } = {}) => s.iam.decide(s.role, { action, resource, context });
  const eni = ec2Arn('network-interface/eni-0123456789abcdef0');

  test('SageMaker may create the job\'s network interfaces in its subnets with its security group', async () => {
    expect(await decide('ec2:CreateNetworkInterface', eni)).toBe('Allowed');
    expect(await decide('ec2:CreateNetworkInterface', s.jobSubnet)).toBe('Allowed');
    expect(await decide('ec2:CreateNetworkInterface', s.securityGroup)).toBe('Allowed');
  });

  test('…but not in another subnet, another VPC or with another security group', async () => {
    expect(await decide('ec2:CreateNetworkInterface', s.publicSubnet)).toBe('ImplicitlyDenied');
    expect(await decide('ec2:CreateNetworkInterface', s.otherSubnet)).toBe('ImplicitlyDenied');
    expect(await decide('ec2:CreateNetworkInterface', ec2Arn('security-group/sg-0other'))).toBe('ImplicitlyDenied');
  });

  test('it may attach and delete the network interfaces of its VPC and subnets', async () => {
    const ours = { 'ec2:Vpc': s.vpcArn, 'ec2:Subnet': s.jobSubnet };
    expect(await decide('ec2:CreateNetworkInterfacePermission', eni, ours)).toBe('Allowed');
    expect(await decide('ec2:DeleteNetworkInterface', eni, ours)).toBe('Allowed');
    expect(await decide('ec2:DeleteNetworkInterfacePermission', eni, ours)).toBe('Allowed');
  });

  test.each([
    ['another VPC', () => ({ 'ec2:Vpc': s.otherVpcArn, 'ec2:Subnet': s.otherSubnet })],
    ['a public subnet of its VPC', () => ({ 'ec2:Vpc': s.vpcArn, 'ec2:Subnet': s.publicSubnet })],
  ])('it may not delete a network interface of %s, nor give it permissions', async (_where, context) => {
    expect(await decide('ec2:DeleteNetworkInterface', eni, context())).toBe('ImplicitlyDenied');
    expect(await decide('ec2:CreateNetworkInterfacePermission', eni, context())).toBe('ImplicitlyDenied');
    expect(await decide('ec2:DeleteNetworkInterfacePermission', eni, context())).toBe('ImplicitlyDenied');
  });

  test('the volume key: grants for AWS resources only, no data keys for the container', async () => {
    expect(await decide('kms:CreateGrant', s.keys.volume, { 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    expect(await decide('kms:CreateGrant', s.keys.volume, { 'kms:GrantIsForAWSResource': 'false' })).toBe('ImplicitlyDenied');
    expect(await decide('kms:CreateGrant', s.keys.volume)).toBe('ImplicitlyDenied');
    expect(await decide('kms:Decrypt', s.keys.volume, S3)).toBe('ImplicitlyDenied');
  });

  test('the output key: data keys and decrypt through S3 and SageMaker; never re-encrypt, never directly', async () => {
    expect(await decide('kms:GenerateDataKey', s.keys.output, S3)).toBe('Allowed');
    expect(await decide('kms:Decrypt', s.keys.output, S3)).toBe('Allowed');
    expect(await decide('kms:GenerateDataKey', s.keys.output, { 'kms:ViaService': `sagemaker.${REGION}.amazonaws.com` })).toBe('Allowed');
    expect(await decide('kms:Decrypt', s.keys.output)).toBe('ImplicitlyDenied');
    expect(await decide('kms:ReEncryptFrom', s.keys.output, S3)).toBe('ImplicitlyDenied');
    expect(await decide('kms:ReEncryptTo', s.keys.output, S3)).toBe('ImplicitlyDenied');
  });

  test('the data bucket\'s key: through S3 only', async () => {
    expect(await decide('kms:Decrypt', s.keys.data, S3)).toBe('Allowed');
    expect(await decide('kms:GenerateDataKey', s.keys.data, S3)).toBe('Allowed');
    expect(await decide('kms:Decrypt', s.keys.data)).toBe('ImplicitlyDenied');
    expect(await decide('kms:ReEncryptFrom', s.keys.data, S3)).toBe('ImplicitlyDenied');
  });

  test('the staged code: its own folder of the assets bucket, listed by that folder only', async () => {
    const folder = (s.iam.identityPolicies(s.role).flatMap((p) => p.policy.Statement)
      .flatMap((st: any) => [st.Resource].flat()) as string[]).find((r) => r.startsWith(`${s.assets}/`))!.slice(s.assets.length + 1, -1);
    expect(folder).toMatch(/^[0-9a-f]{64}\/$/);
    expect(await decide('s3:GetObject', `${s.assets}/${folder}preprocessing.py`)).toBe('Allowed');
    expect(await decide('s3:ListBucket', s.assets, { 's3:prefix': folder })).toBe('Allowed');
    expect(await decide('s3:GetObject', `${s.assets}/${'0'.repeat(64)}/other.py`)).toBe('ImplicitlyDenied');
    expect(await decide('s3:GetObject', `${s.assets}/${'0'.repeat(64)}.zip`)).toBe('ImplicitlyDenied');
    expect(await decide('s3:ListBucket', s.assets, { 's3:prefix': '' })).toBe('ImplicitlyDenied');
    expect(await decide('s3:ListBucket', s.assets)).toBe('ImplicitlyDenied');
    expect(await decide('s3:ListBucket', s.assets, { 's3:prefix': folder.slice(0, 4) })).toBe('ImplicitlyDenied');
  });
});
