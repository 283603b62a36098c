import { App } from 'aws-cdk-lib';
import { LakeFoundationStack } from './foundation-stack';
import { LakeJobsStack } from './jobs-stack';
import { LakePipelineStack } from './pipeline-stack';
import { LakeScheduledJobsStack } from './scheduled-jobs-stack';
import { LakeSeedStack } from './seed-stack';

/**
 * The lakehouse: five stacks as a team would split them, the shared foundation first and every
 * other stack using its buckets, key, network and topic through cross-stack references.
 */
export function addLakehouseStacks(app: App, prefix: string = 'Lakehouse'): void {
  const foundation = new LakeFoundationStack(app, `${prefix}Foundation`);
  new LakeJobsStack(app, `${prefix}Jobs`, foundation);
  new LakeScheduledJobsStack(app, `${prefix}Nightly`, foundation);
  new LakePipelineStack(app, `${prefix}Pipeline`, foundation);
  new LakeSeedStack(app, `${prefix}Seed`, foundation);
}
