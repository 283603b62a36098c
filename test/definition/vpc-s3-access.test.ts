import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ProcessingImage, ProcessingOutput, SageMakerCreateProcessingJob } from '../../lib';
import { IMAGE_URI } from '../task/helpers';

function isolatedVpc(stack: Stack) {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'jobs', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

function job(stack: Stack, id: string, vpc: ec2.IVpc, outputs = true) {
  SageMakerCreateProcessingJob.jsonPath(stack, id, {
    image: ProcessingImage.fromRegistry(IMAGE_URI), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    processingOutputs: outputs ? [ProcessingOutput.toS3Uri('out', 's3://bucket/out/')] : undefined,
  });
}

const warningsOf = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('S3 VPC endpoint'))
  .map((w) => ({ path: w.id, data: w.entry.data }));

describe('a job in isolated subnets without an S3 endpoint', () => {
  test('warns, naming the job and the VPC: SageMaker could not reach its S3 inputs and outputs', () => {
    const stack = new Stack(new App(), 'S');
    job(stack, 'Job', isolatedVpc(stack));
    expect(warningsOf(stack)).toEqual([{
      path: '/S/Job',
      data: 'S/Job: the job runs in isolated subnets of S/Vpc (no NAT gateway or internet route), which has no S3 VPC endpoint; SageMaker cannot '
        + 'then download the job\'s S3 inputs or upload its outputs and the job fails. Add one (vpc.addGatewayEndpoint(\'S3\', { service: '
        + 'ec2.GatewayVpcEndpointAwsService.S3 })) or choose subnets with a NAT route (vpcSubnets) [ack: cdk-sagemaker-processing:vpc-without-s3-route]',
    }]);
  });

  test('no warning with an S3 gateway or interface endpoint, added before or after the job', () => {
    const stack = new Stack(new App(), 'S');
    const vpc = isolatedVpc(stack);
    job(stack, 'Job', vpc);
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const other = new Stack(new App(), 'O');
    const otherVpc = isolatedVpc(other);
    otherVpc.addInterfaceEndpoint('S3', { service: ec2.InterfaceVpcEndpointAwsService.S3 });
    job(other, 'Job', otherVpc);
    expect([...warningsOf(stack), ...warningsOf(other)]).toEqual([]);
  });

  test('no warning for a job that uses no S3, for subnets with a NAT route, or for an endpoint of another service only', () => {
    const stack = new Stack(new App(), 'S');
    const vpc = isolatedVpc(stack);
    vpc.addGatewayEndpoint('Dynamo', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    job(stack, 'NoS3', vpc, false);
    const natVpc = new ec2.Vpc(stack, 'NatVpc', { maxAzs: 1, natGateways: 1 });
    SageMakerCreateProcessingJob.jsonPath(stack, 'Nat', {
      image: ProcessingImage.fromRegistry(IMAGE_URI), vpc: natVpc, processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://bucket/out/')],
    });
    expect(warningsOf(stack)).toEqual([]);
    job(stack, 'WithS3', vpc);
    expect(warningsOf(stack).map((w) => w.path)).toEqual(['/S/WithS3']);
  });
});
