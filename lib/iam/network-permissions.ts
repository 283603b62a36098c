import { Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { addInherentStatement } from './nag-acknowledgements';

const INTERFACE_REASON = 'The network interfaces SageMaker creates for a job in a VPC are named at run time: created only in the job\'s subnets with its '
  + 'security groups, given permissions and deleted only in its VPC and subnets (ec2:Vpc, ec2:Subnet).';
const ANY_RESOURCE_REASON = 'EC2 actions IAM cannot scope (Service Authorization Reference, Amazon EC2): the Describe actions have no resource types, '
  + 'and DeleteNetworkInterfacePermission may come without its network interface (then the VPC and subnet conditions hold whenever EC2 sends them).';

/** Where a job's network interfaces live: its VPC, subnets and security groups. */
export interface JobNetwork {
  readonly vpc: ec2.IVpc;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/**
 * What SageMaker does with the job role to put a job in a VPC (SageMaker Developer Guide, "Give
 * SageMaker AI Processing Jobs Access to Resources in Your Amazon VPC" and the CreateProcessingJob
 * execution-role permissions): create the job's network interfaces, let SageMaker's instances
 * attach them (a network-interface permission), and delete both when the job ends.
 *
 * Scoped with the resource types and condition keys of the Service Authorization Reference
 * (Amazon EC2): an interface may be created only in the job's subnets with the job's security
 * groups, and only interfaces in the job's VPC and subnets (`ec2:Vpc`, `ec2:Subnet`, ARNs) may be
 * deleted or given permissions, so the container's credentials cannot touch other interfaces of the account.
 */
export function grantJobNetwork(grantee: iam.IGrantable, network: JobNetwork): void {
  const stack = Stack.of(network.vpc);
  const ec2Arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
  const subnetArns = network.subnetIds.map((id) => ec2Arn('subnet', id));
  const inJobNetwork = { ArnEquals: { 'ec2:Vpc': network.vpc.vpcArn, 'ec2:Subnet': subnetArns } };
  const add = (statement: iam.PolicyStatement) => addInherentStatement(grantee, statement,
    statement.resources.includes('*') ? ANY_RESOURCE_REASON : INTERFACE_REASON);
  // CreateNetworkInterface is authorized on the new interface (its ARN is not known before, hence
  // `network-interface/*`), the subnet and the security groups: the last two pin it to the job's network.
  add(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterface'],
    resources: [ec2Arn('network-interface', '*'), ...subnetArns, ...network.securityGroupIds.map((id) => ec2Arn('security-group', id))],
  }));
  add(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'],
    resources: [ec2Arn('network-interface', '*')],
    conditions: inJobNetwork,
  }));
  // DeleteNetworkInterfacePermission names a permission id, and its network-interface resource is
  // optional (Service Authorization Reference): when EC2 does not send the interface the request is
  // authorized on `*`, so the statement is on `*` and the VPC and subnet hold whenever EC2 sends them.
  add(new iam.PolicyStatement({
    actions: ['ec2:DeleteNetworkInterfacePermission'],
    resources: ['*'],
    conditions: { ArnEqualsIfExists: { 'ec2:Vpc': network.vpc.vpcArn, 'ec2:Subnet': subnetArns } },
  }));
  // The Describe actions have no resource-level permissions (Service Authorization Reference, Amazon EC2): `*` only.
  add(new iam.PolicyStatement({
    actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
    resources: ['*'],
  }));
}
