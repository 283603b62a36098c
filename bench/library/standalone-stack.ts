import { Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type * as Library from '../../lib';
import { benchJobName, JobRange } from '../lib/jobs';
import { benchJobProps, benchProcessor } from './library-stack';

/** The library, compiled from BENCH_LIBRARY_DIR when set (see library-stack.ts), else the TypeScript sources. */
const { JobSchedule, ProcessingJob } = require(process.env.BENCH_LIBRARY_DIR ?? '../../lib') as typeof Library;

/**
 * The same N scheduled jobs as the baseline, written the way the README's first example writes one:
 * a `ProcessingJob` without a `runner`, so each job gets a runner (state machine) of its own, and a
 * `JobSchedule`. Only the data bucket is shared, as on the baseline's side.
 */
export class StandaloneJobsStack extends Stack {
  constructor(scope: Construct, id: string, jobCount: number, props?: StackProps & JobRange) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const processor = benchProcessor();
    const first = props?.firstJob ?? 1;
    for (let i = first; i < first + jobCount; i++) {
      const name = benchJobName(i);
      new ProcessingJob(this, name, { ...benchJobProps(bucket, processor, name), schedule: JobSchedule.cron({ hour: '2', minute: '0' }) });
    }
  }
}
