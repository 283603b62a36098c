import { Annotations, Aspects, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The id of the warning, for `Annotations.of(scope).acknowledgeWarning(...)`. */
export const VPC_WITHOUT_S3_ROUTE_WARNING = 'cdk-sagemaker-processing:vpc-without-s3-route';

/** Whether a VPC has an S3 endpoint (gateway or interface), searched once per VPC and synthesis. */
const hasS3EndpointOf = new WeakMap<ec2.IVpc, boolean>();

/**
 * Warns when a job that reads or writes S3 runs only in isolated subnets (no NAT, no internet
 * gateway route) of a VPC defined in the app that has no S3 endpoint: SageMaker then cannot reach
 * S3 for the job's inputs and outputs ("If you configure your VPC so that processing containers
 * don't have access to the internet, they can't connect to the Amazon S3 buckets that contain
 * your data unless you create a VPC endpoint that allows access", SageMaker Developer Guide,
 * "Give SageMaker AI Processing Jobs Access to Resources in Your Amazon VPC", "Create an Amazon
 * S3 VPC Endpoint"). Checked when the app is synthesized, so endpoints added after the job count.
 * Imported VPCs (their routes are unknown here) are not checked.
 */
export function warnIsolatedSubnetsWithoutS3(scope: IConstruct, vpc: ec2.IVpc, subnetIds: string[], usesS3: boolean): void {
  if (!usesS3 || !(vpc instanceof ec2.Vpc)) return;
  const isolated = new Set(vpc.isolatedSubnets.map((s) => s.subnetId));
  if (subnetIds.length === 0 || !subnetIds.every((id) => isolated.has(id))) return;
  let done = false;
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope || done) return;
      done = true;
      if (hasS3Endpoint(vpc)) return;
      Annotations.of(scope).addWarningV2(VPC_WITHOUT_S3_ROUTE_WARNING,
        `${scope.node.path}: the job runs in isolated subnets of ${vpc.node.path} (no NAT gateway or internet route), which has no S3 VPC endpoint; ` +
        'SageMaker cannot then download the job\'s S3 inputs or upload its outputs and the job fails. Add one ' +
        '(vpc.addGatewayEndpoint(\'S3\', { service: ec2.GatewayVpcEndpointAwsService.S3 })) or choose subnets with a NAT route (vpcSubnets)');
    },
  });
}

/** Whether an endpoint of the VPC, anywhere in the app, is for S3 (its service name ends with `.s3`). */
function hasS3Endpoint(vpc: ec2.Vpc): boolean {
  let found = hasS3EndpointOf.get(vpc);
  if (found === undefined) {
    const vpcId = vpc.vpcId;
    // GatewayVpcEndpointAwsService.S3 and InterfaceVpcEndpointAwsService.S3 are `com.amazonaws.<region>.s3` (resolved: a string or an Fn::Join).
    found = vpc.node.root.node.findAll().some((c) => c instanceof ec2.CfnVPCEndpoint && c.vpcId === vpcId
      && /\.s3"(\]\]\})?$/.test(JSON.stringify(Stack.of(c).resolve(c.serviceName))));
    // Only a found endpoint is kept: one may be added before a later job is visited.
    if (found) hasS3EndpointOf.set(vpc, true);
  }
  return found;
}
