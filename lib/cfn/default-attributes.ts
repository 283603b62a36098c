import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';

/**
 * Leaves out a resource's `DeletionPolicy` and `UpdateReplacePolicy` when they are `Delete`, what
 * CloudFormation does without them ("DeletionPolicy attribute": "By default, if you don't specify a
 * DeletionPolicy, CloudFormation deletes your resources", with exceptions for RDS clusters and
 * instances only; "UpdateReplacePolicy attribute": "By default, CloudFormation then deletes the old
 * resource"). aws-cdk-lib writes them for constructs whose removal policy defaults to `DESTROY`
 * (a state machine): two lines a resource, the same deployment without them. Attributes are not
 * properties: the change updates no resource.
 */
export function omitDefaultRemovalPolicies(resource: CfnResource): void {
  const options = resource.cfnOptions;
  if (options.deletionPolicy === CfnDeletionPolicy.DELETE) options.deletionPolicy = undefined;
  if (options.updateReplacePolicy === CfnDeletionPolicy.DELETE) options.updateReplacePolicy = undefined;
}
