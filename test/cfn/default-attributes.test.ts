import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { omitDefaultRemovalPolicies } from '../../lib/cfn/default-attributes';

/** The template entry of one resource whose removal policy is `policy`, after omitDefaultRemovalPolicies. */
function rendered(policy: RemovalPolicy): { [key: string]: unknown } {
  const stack = new Stack(new App(), 'Attributes');
  const resource = new CfnResource(stack, 'Thing', { type: 'Test::Thing' });
  resource.applyRemovalPolicy(policy);
  omitDefaultRemovalPolicies(resource);
  return Template.fromStack(stack).toJSON().Resources.Thing;
}

describe('omitDefaultRemovalPolicies', () => {
  test('leaves out Delete, which CloudFormation does without the attributes', () => {
    expect(rendered(RemovalPolicy.DESTROY)).toEqual({ Type: 'Test::Thing' });
  });

  test.each([
    [RemovalPolicy.RETAIN, 'Retain'],
    [RemovalPolicy.SNAPSHOT, 'Snapshot'],
  ])('keeps %s', (policy, written) => {
    expect(rendered(policy)).toEqual({ Type: 'Test::Thing', DeletionPolicy: written, UpdateReplacePolicy: written });
  });
});
