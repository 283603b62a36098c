import { NestedStack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Checks } from '../api/checks';
import { sanitizeJobNamePrefix } from '../api/naming';
import { requireAssets } from '../staging/asset-support';
import { createJobBucket } from './job-bucket';
import { ProcessingJob, ProcessingJobProps } from './processing-job';
import { MAX_RUNNER_PREFIX_LENGTH, ProcessingJobRunner, ProcessingJobRunnerOptions } from './processing-job-runner';
import { RUNNER_OPTION_KEYS } from './runner-job';
import { checkStackQuotas, quotasCheckedByFleet, shardLimitProblems, warnFleetResources } from './shard-limits';

/**
 * Jobs per nested stack by default. A scheduled job of a fleet costs 2 resources (its role and its
 * schedule), about 4 KB of template and its states in the shard runner's definition (kept in S3):
 * 100 of them keep a shard under 45 % of CloudFormation's 500 resources and 1 MB of template and of
 * Step Functions' 1 MB of definition, so jobs twice that size still fit under 80 %.
 */
export const DEFAULT_JOBS_PER_SHARD = 100;

/** Props of a fleet of processing jobs sharded over nested stacks. */
export interface ProcessingJobFleetProps extends ProcessingJobRunnerOptions {
  /**
   * The start of every job name of the fleet (1–20 characters, `[a-zA-Z0-9-]`): a job's runs are
   * named `<this>-<job prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` whatever shard holds the job.
   * @default - the construct id, cleaned and cut to 20 characters
   */
  readonly jobNamePrefix?: string;
  /**
   * How many jobs a nested stack (a shard, with one runner) holds (1–245). Jobs fill shards in
   * the order they are added. @default 100
   */
  readonly jobsPerShard?: number;
  /** The bucket of outputs declared with `ProcessingOutput.toJobBucket`. @default - one is created in the fleet's stack when a job needs it */
  readonly bucket?: s3.IBucket;
}

/**
 * Many processing jobs in one deployable stack: the fleet puts its jobs into nested stacks
 * (`AWS::CloudFormation::Stack`, "shards"), each with one `ProcessingJobRunner`, so a single
 * `cdk deploy` of the fleet's stack deploys them all, each shard within CloudFormation's and Step
 * Functions' limits.
 *
 * The sharding rule: jobs fill the shards in the order `addJob` is called, `jobsPerShard` to a
 * shard (`Shard1` holds the first ones, `Shard2` the next, …), and a job never moves once placed
 * while jobs are only appended. Removing a job, or adding one before others, moves the first job
 * of every following shard into the shard before it: CloudFormation then replaces that job's role
 * and schedule (its name prefix, outputs and run history stay). Append new jobs at the end.
 *
 * Every job keeps a role of its own (least privilege per job). The shards' runners share the
 * fleet's job-name prefix and job-role path, so a job's names do not depend on its shard.
 */
export class ProcessingJobFleet extends Construct {
  /** The prefix of the names of every job of the fleet. */
  public readonly jobNamePrefix: string;
  /** How many jobs a shard holds. */
  public readonly jobsPerShard: number;

  private readonly shardList: FleetShard[] = [];
  private readonly jobList: ProcessingJob[] = [];
  private readonly jobIds = new Set<string>();
  private bucket?: s3.IBucket;

  constructor(scope: Construct, id: string, private readonly props: ProcessingJobFleetProps = {}) {
    super(scope, id);
    const checks = new Checks(this.node.path);
    // 245 jobs of a role and a schedule each, with the shard runner's 5 resources, are 495 of CloudFormation's 500 resources per template.
    checks.knownAtSynth('jobsPerShard', 'jobs per nested stack', props.jobsPerShard, 'the fleet puts its jobs into nested stacks by it');
    checks.integer('jobsPerShard', 'jobs per nested stack', props.jobsPerShard, { min: 1, max: 245 });
    checks.throwIfAny();
    requireAssets(this, 'each nested stack of the fleet (its template)', 'put the fleet in a stack with the DefaultStackSynthesizer (cdk bootstrap), or its jobs in a stack without a fleet');
    checkStackQuotas(this);
    this.jobsPerShard = props.jobsPerShard ?? DEFAULT_JOBS_PER_SHARD;
    // Every shard's runner gets this prefix, and checks it as every runner checks an explicit one.
    this.jobNamePrefix = props.jobNamePrefix ?? sanitizeJobNamePrefix(id, MAX_RUNNER_PREFIX_LENGTH);
    this.bucket = props.bucket;
    this.node.addValidation({
      validate: () => {
        if (this.jobList.length === 0) return [`${this.node.path}: the fleet has no jobs; add some with addJob`];
        warnFleetResources(this);
        return [];
      },
    });
  }

  /**
   * Adds a job to the fleet, in the last shard (a new one when it is full), with the shard's
   * runner. `props` are a `ProcessingJob`'s, without `runner` and `stepOnly` (the fleet gives the
   * runner) and without the runner options (`notificationTopic`, `retry`, `logGroup`,
   * `tracingEnabled`, `outputExpiration`, `failureAlarm`: give them to the fleet).
   */
  public addJob(id: string, props: ProcessingJobProps): ProcessingJob {
    const runnerOnly = ['runner' as const, 'stepOnly' as const, ...RUNNER_OPTION_KEYS]
      .filter((k) => props[k] !== undefined).sort();
    if (runnerOnly.length > 0) {
      throw new Error(`${this.node.path}/${id}: ${runnerOnly.join(', ')} cannot be set on a job of a ProcessingJobFleet (the fleet gives each job ` +
        'its shard\'s runner); give runner options in ProcessingJobFleetProps');
    }
    // The job id is the `job` key of the runner's input and the name the `run` command finds the job by: one per fleet, not per shard.
    if (this.jobIds.has(id)) throw new Error(`${this.node.path}: the fleet already has a job with id '${id}'; give the jobs of a fleet distinct ids`);
    const index = this.jobList.length;
    const shard = this.shard(Math.floor(index / this.jobsPerShard));
    const needsStorage = (props.processingOutputs ?? []).some((o) => o.needsJobStorage);
    const job = new ProcessingJob(shard, id, {
      ...props,
      runner: shard.runner,
      bucket: props.bucket ?? (needsStorage ? this.jobBucket() : undefined),
    });
    this.jobIds.add(id);
    this.jobList.push(job);
    return job;
  }

  /** The fleet's jobs, in the order they were added. */
  public get jobs(): ProcessingJob[] {
    return [...this.jobList];
  }

  /** The runners of the fleet's shards, one per nested stack, in shard order. */
  public get runners(): ProcessingJobRunner[] {
    return this.shardList.map((s) => s.runner);
  }

  /** The nested stacks that hold the jobs, in shard order. */
  public get shards(): NestedStack[] {
    return [...this.shardList];
  }

  /** The bucket of job outputs without a location of their own, in the fleet's stack, so a job's outputs stay put whatever its shard. */
  private jobBucket(): s3.IBucket {
    this.bucket ??= createJobBucket(this, 'Bucket', this.props.outputExpiration);
    return this.bucket;
  }

  private shard(index: number): FleetShard {
    while (this.shardList.length <= index) {
      this.shardList.push(new FleetShard(this, `Shard${this.shardList.length + 1}`, { ...this.props, jobNamePrefix: this.jobNamePrefix }));
    }
    return this.shardList[index];
  }
}

/** One nested stack of a fleet, with its runner; its template limits are checked once references are resolved. */
class FleetShard extends NestedStack {
  public readonly runner: ProcessingJobRunner;

  constructor(fleet: Construct, id: string, props: ProcessingJobFleetProps) {
    super(fleet, id, { description: `Processing jobs of ${fleet.node.path} (${id})` });
    quotasCheckedByFleet(this);
    this.runner = new ProcessingJobRunner(this, 'Runner', {
      jobNamePrefix: props.jobNamePrefix,
      ...Object.fromEntries(RUNNER_OPTION_KEYS.map((k) => [k, props[k]])),
      bucket: props.bucket,
    });
    this.node.addValidation({ validate: () => shardLimitProblems(this) });
  }
}
