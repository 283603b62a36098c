import { CfnDeletionPolicy, CfnResource, Lazy, Stack } from 'aws-cdk-lib';

/**
 * Resource attributes that say what CloudFormation does anyway, left out of the template: two to
 * three lines a resource, the same deployment without them. Attributes are not properties: the
 * change updates no resource.
 */

/**
 * Leaves out a resource's `DeletionPolicy` and `UpdateReplacePolicy` when they are `Delete`, what
 * CloudFormation does without them ("DeletionPolicy attribute": "By default, if you don't specify a
 * DeletionPolicy, CloudFormation deletes your resources", with exceptions for RDS clusters and
 * instances only; "UpdateReplacePolicy attribute": "By default, CloudFormation then deletes the old
 * resource"). aws-cdk-lib writes them for constructs whose removal policy defaults to `DESTROY`
 * (a state machine).
 */
export function omitDefaultRemovalPolicies(resource: CfnResource): void {
  const options = resource.cfnOptions;
  if (options.deletionPolicy === CfnDeletionPolicy.DELETE) options.deletionPolicy = undefined;
  if (options.updateReplacePolicy === CfnDeletionPolicy.DELETE) options.updateReplacePolicy = undefined;
}

/**
 * Leaves `referenced` out of `resource`'s `DependsOn`, for a resource whose properties reference it
 * (`Ref`, `Fn::GetAtt`, or their `${Id}`, `${Id.Attr}` in `Fn::Sub`): CloudFormation creates a
 * referenced resource first and deletes it last without a `DependsOn` (CloudFormation User Guide,
 * "DependsOn attribute": a `Ref` or `Fn::GetAtt` of resource B in resource A's properties is an
 * implicit dependency, B created before A, A deleted before B). aws-cdk-lib
 * adds one where a construct depends on another whose resources it references (a state machine on
 * its role). Every other dependency stays, as aws-cdk-lib writes it (its resources in the same
 * stack, by construct path), whenever it was added.
 */
export function omitReferencedDependency(resource: CfnResource, referenced: CfnResource): void {
  resource.addOverride('DependsOn', Lazy.uncachedList({
    produce: () => {
      const stack = Stack.of(resource);
      const others = resource.obtainDependencies()
        .filter((d): d is CfnResource => CfnResource.isCfnResource(d) && d !== referenced && Stack.of(d) === stack)
        .sort((a, b) => a.node.path.localeCompare(b.node.path))
        .map((d) => d.logicalId);
      return others.length > 0 ? others : undefined;
    },
  }));
}
