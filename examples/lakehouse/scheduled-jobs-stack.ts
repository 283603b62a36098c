import * as path from 'path';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  JobSchedule, OutputPartitioning, ProcessingCode, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingJobRunner, ProcessingOutput,
  SKLearnProcessor, SKLearnVersion,
} from '../../lib';
import { LakeFoundationStack } from './foundation-stack';

/** The tables refreshed every night, one job each (the platform's list, of any length). */
export const NIGHTLY_TABLES = [
  'accounts', 'addresses', 'campaigns', 'carts', 'categories', 'clicks', 'contracts', 'coupons', 'customers', 'deliveries',
  'devices', 'discounts', 'events', 'feedback', 'fulfilment', 'invoices', 'inventory', 'leads', 'loyalty', 'merchants',
  'orders', 'payments', 'prices', 'products', 'promotions', 'purchases', 'ratings', 'refunds', 'regions', 'returns',
  'reviews', 'sessions', 'shipments', 'stock', 'stores', 'subscriptions', 'suppliers', 'tickets', 'transfers', 'visits',
  'warehouses', 'wishlists',
];

/**
 * One shared runner and a job per table, every night at 02:00: each reads the table's raw prefix
 * in the foundation's raw bucket and writes its features under the run's date in the curated one.
 */
export class LakeScheduledJobsStack extends Stack {
  public readonly runner: ProcessingJobRunner;

  constructor(scope: Construct, id: string, foundation: LakeFoundationStack, props?: StackProps) {
    super(scope, id, props);
    this.runner = new ProcessingJobRunner(this, 'Runner', { jobNamePrefix: 'nightly', notificationTopic: foundation.alerts });
    const processor = new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 });
    const code = ProcessingCode.fromAsset(path.join(__dirname, '..', 'processors', 'sklearn', 'preprocessing.py'));
    for (const table of NIGHTLY_TABLES) {
      new ProcessingJob(this, table, {
        runner: this.runner,
        processor,
        code,
        arguments: ['--table', table],
        processingInputs: [ProcessingInput.fromBucket('raw', foundation.raw, `tables/${table}/`)],
        processingOutputs: [ProcessingOutput.toBucket('features', foundation.curated, `features/${table}/`)],
        outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
        instanceType: ProcessingInstanceType.ML_T3_MEDIUM,
        maxRuntime: Duration.minutes(30),
        volumeKmsKey: foundation.dataKey,
        outputKmsKey: foundation.dataKey,
        schedule: JobSchedule.cron({ hour: '2', minute: '0' }),
      });
    }
  }
}
