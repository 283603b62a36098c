import { Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type * as Library from '../../lib';
import { BENCH_IMAGE_URI, benchJobName, JobRange } from '../lib/jobs';

/**
 * The library: compiled JavaScript from BENCH_LIBRARY_DIR when `npm run bench` set it (what users
 * load from node_modules, see bench/lib/compile-library.ts), else the TypeScript sources.
 */
const library = require(process.env.BENCH_LIBRARY_DIR ?? '../../lib') as typeof Library;
const {
  JobSchedule, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob,
  ProcessingJobRunner, ProcessingOutput, ScriptProcessor,
} = library;

/**
 * The part of `ProcessingJobFleet` (jobs sharded over nested stacks, issue 19 item 3) the bench
 * uses, looked up at run time so that the bench runs on a library that does not have it yet.
 */
interface Fleet {
  addJob(id: string, props: Library.ProcessingJobProps): unknown;
}
type FleetClass = new (scope: Construct, id: string, props: { jobNamePrefix?: string }) => Fleet;

/** The library's fleet construct, or an error saying it is not available. */
function fleetClass(): FleetClass {
  const fleet = (library as unknown as Record<string, unknown>).ProcessingJobFleet;
  if (typeof fleet !== 'function') {
    throw new Error('not available: the library has no ProcessingJobFleet (jobs sharded over nested stacks, issue 19 item 3)');
  }
  return fleet as FleetClass;
}

/** A bench job as both library apps write it (no runner and no schedule yet): the baseline's image, script, input, output and instance type. */
export function benchJobProps(bucket: s3.IBucket, processor: Library.ScriptProcessor, name: string): Library.ProcessingJobProps {
  return {
    processor,
    code: ProcessingCode.fromBucket(bucket, `code/${name}/features.py`),
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, `raw/${name}/`)],
    processingOutputs: [ProcessingOutput.toBucket('features', bucket, `features/${name}/`)],
    instanceType: ProcessingInstanceType.ML_M5_XLARGE,
    bucket,
  };
}

/** The bench's processor, for benchJobProps. */
export function benchProcessor(): Library.ScriptProcessor {
  return new ScriptProcessor({ image: ProcessingImage.fromRegistry(BENCH_IMAGE_URI), command: ['python3'] });
}

/** How the library app is built. */
export interface LibraryJobsStackOptions extends JobRange {
  /** Schedules call CreateProcessingJob themselves (EventBridge Scheduler universal target), no state machine. @default false */
  readonly direct?: boolean;
  /** The jobs go into a `ProcessingJobFleet` (nested stacks, a runner each) instead of on one runner. @default false */
  readonly fleet?: boolean;
}

/**
 * The same N scheduled jobs as the baseline (same image, script, input, output, instance type,
 * nightly cron), written with this library: one shared bucket, one shared runner (state machine),
 * and per job a `ProcessingJob` with its own least-privilege role and a `JobSchedule`. With
 * `fleet`, the jobs go into a `ProcessingJobFleet` instead: nested stacks of its default size,
 * each with a runner.
 */
export class LibraryJobsStack extends Stack {
  constructor(scope: Construct, id: string, jobCount: number, options: LibraryJobsStackOptions = {}, props?: StackProps) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const fleet = options.fleet ? new (fleetClass())(this, 'Fleet', { jobNamePrefix: 'bench' }) : undefined;
    const runner = fleet ? undefined : new ProcessingJobRunner(this, 'Runner', { jobNamePrefix: 'bench' });
    const processor = benchProcessor();
    const first = options.firstJob ?? 1;
    for (let i = first; i < first + jobCount; i++) {
      const name = benchJobName(i);
      const props: Library.ProcessingJobProps = {
        ...benchJobProps(bucket, processor, name),
        runner,
        schedule: options.direct
          ? JobSchedule.cron({ hour: '2', minute: '0', direct: true })
          : JobSchedule.cron({ hour: '2', minute: '0' }),
      };
      if (fleet) fleet.addJob(name, props);
      else new ProcessingJob(this, name, props);
    }
  }
}
