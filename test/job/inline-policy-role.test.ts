import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { InlinePolicyRole } from '../../lib/job/inline-policy-role';

function roleWithSharedPolicy() {
  const stack = new Stack(new App(), 'S');
  const shared = new iam.ManagedPolicy(stack, 'Shared', {
    statements: [
      new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:GetSamplingRules'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Jobs' } } }),
    ],
  });
  const role = new InlinePolicyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com'), managedPolicies: [shared] });
  const inline = () => Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].Properties.Policies;
  return { role, inline };
}

describe('InlinePolicyRole with a managed policy of the app', () => {
  test('does not repeat a statement the managed policy already allows (same conditions, a subset of actions and resources)', () => {
    const { role, inline } = roleWithSharedPolicy();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Jobs' } } }));
    expect(inline()).toBeUndefined();
  });

  test('keeps what the managed policy does not allow: another action, another condition, a Deny', () => {
    const { role, inline } = roleWithSharedPolicy();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Other' } } }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['xray:GetSamplingRules'], resources: ['*'] }));
    expect(inline()[0].PolicyDocument.Statement).toEqual([
      { Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'Other' } }, Effect: 'Allow', Resource: '*' },
      { Action: 'xray:GetSamplingRules', Effect: 'Deny', Resource: '*' },
    ]);
  });
});

test('a statement added to the managed policy after a grant was checked against it covers the next grant', () => {
  const stack = new Stack(new App(), 'S');
  const shared = new iam.ManagedPolicy(stack, 'Shared', { statements: [new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] })] });
  const role = new InlinePolicyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com'), managedPolicies: [shared] });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
  shared.addStatements(new iam.PolicyStatement({ actions: ['logs:CreateLogDelivery'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogDelivery'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:GetLogDelivery'], resources: ['*'] }));
  const policies = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].Properties.Policies;
  expect(policies[0].PolicyDocument.Statement).toEqual([{ Action: 'logs:GetLogDelivery', Effect: 'Allow', Resource: '*' }]);
});
