import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { omitDefaultRemovalPolicies, omitReferencedDependency } from '../../lib/cfn/default-attributes';

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

describe('omitReferencedDependency', () => {
  /** Resources A and B, and C that references A and depends on the constructs `on`; C's template entry. */
  function dependent(on: Array<'A' | 'B'>): { [key: string]: unknown } {
    const stack = new Stack(new App(), 'Dependencies');
    const made = { A: new CfnResource(stack, 'A', { type: 'Test::A' }), B: new CfnResource(stack, 'B', { type: 'Test::B' }) };
    const c = new CfnResource(stack, 'C', { type: 'Test::C', properties: { Arn: made.A.getAtt('Arn') } });
    for (const id of on) c.node.addDependency(made[id]);
    omitReferencedDependency(c, made.A);
    return Template.fromStack(stack).toJSON().Resources.C;
  }

  test('leaves out the dependency on the resource it references, which CloudFormation orders by the reference', () => {
    expect(dependent(['A'])).toEqual({ Type: 'Test::C', Properties: { Arn: { 'Fn::GetAtt': ['A', 'Arn'] } } });
  });

  test('keeps every other dependency', () => {
    expect(dependent(['A', 'B']).DependsOn).toEqual(['B']);
    expect(dependent(['B']).DependsOn).toEqual(['B']);
  });
});
