import { App, Duration, Stack, Stage, StageProps } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { JobSchedule, OverlapPolicy, ProcessingImage, ProcessingJob, ProcessingJobFleet, ProcessingJobRunner, ProcessingOutput } from '../../lib';

/**
 * Job name prefixes tell jobs apart in an account and region: the runner's IAM scope
 * (`processing-job/<prefix>*`), an `OverlapPolicy.SKIP` job's check for running jobs, the `run`
 * command's listing. Jobs of one top-level stack, and of the stacks of an app that name one account
 * and region (a stage deployed twice into one account), should have prefixes of their own: one
 * stack's are refused, two stacks' warned about, and refused when an `OverlapPolicy.SKIP` job would skip.
 */
const image = ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim');

class Jobs extends Stage {
  constructor(scope: Construct, id: string, props: StageProps & { prefix?: string; overlap?: OverlapPolicy } = {}) {
    super(scope, id, props);
    const stack = new Stack(this, 'Jobs');
    new ProcessingJob(stack, 'Nightly', {
      image, jobNamePrefix: props.prefix, overlap: props.overlap, schedule: JobSchedule.rate(Duration.days(1)),
    });
  }
}

const ACCOUNT_A = { account: '111111111111', region: 'eu-west-1' };

test('a stage deployed twice into one account and region: the second job of one prefix is warned about, naming both and the way out', () => {
  const app = new App();
  new Jobs(app, 'Blue', { env: ACCOUNT_A });
  const green = new Jobs(app, 'Green', { env: ACCOUNT_A });
  // Both deploy and run; what the prefix tells apart is shared (IAM scope, run names): a warning, not an error.
  const warnings = Annotations.fromStack(green.node.findChild('Jobs') as Stack).findWarning('*', Match.anyValue());
  expect(warnings.map((w) => `${w.id}: ${w.entry.data}`)).toEqual([
    "/Green/Jobs/Nightly: jobNamePrefix 'Nightly' is also the prefix of Blue/Jobs/Nightly (of stack Blue/Jobs, deployed to the same account and region " +
    "111111111111/eu-west-1): each runner may create and stop the other's jobs (its IAM scope is the prefix), and their runs are told apart only by " +
    "their stacks; give the jobs of each stage or stack prefixes of their own, e.g. with the stage's name [ack: cdk-sagemaker-processing:job-prefix-shared]",
  ]);
});

test('a stage deployed twice into one account and region with OverlapPolicy.SKIP jobs: refused, the other stage\'s runs would make the job skip', () => {
  const app = new App();
  new Jobs(app, 'Blue', { env: ACCOUNT_A, overlap: OverlapPolicy.SKIP });
  expect(() => new Jobs(app, 'Green', { env: ACCOUNT_A })).toThrow(
    "Blue/Jobs/Nightly: overlap SKIP looks for running jobs whose names contain 'Nightly-2', and the runs of Green/Jobs/Nightly (prefix 'Nightly') match it");
});

test('one stack with jobs of one prefix is still refused when another stack of the environment has the prefix too', () => {
  const app = new App();
  new ProcessingJob(new Stack(app, 'First', { env: ACCOUNT_A }), 'A', { image, jobNamePrefix: 'shared' });
  const second = new Stack(app, 'Second', { env: ACCOUNT_A });
  new ProcessingJob(second, 'A', { image, jobNamePrefix: 'shared' });
  expect(() => new ProcessingJob(second, 'B', { image, jobNamePrefix: 'shared' })).toThrow(
    "Second/B: jobNamePrefix 'shared' is also the prefix of Second/A; jobs need distinct prefixes (their runs, IAM scopes and overlap checks are told apart by the prefix)");
});

test('two top-level stacks of one account and region: an OverlapPolicy.SKIP job whose check the other\'s runs would match is refused', () => {
  const app = new App();
  new ProcessingJob(new Stack(app, 'Reports', { env: ACCOUNT_A }), 'Daily', { image, jobNamePrefix: 'daily', overlap: OverlapPolicy.SKIP });
  expect(() => new ProcessingJob(new Stack(app, 'Backfills', { env: ACCOUNT_A }), 'DailyBackfill', { image, jobNamePrefix: 'daily-2024' }))
    .toThrow("Reports/Daily: overlap SKIP looks for running jobs whose names contain 'daily-2', and the runs of Backfills/DailyBackfill (prefix 'daily-2024') match it");
});

test.each([
  ['other accounts', { account: '222222222222', region: 'eu-west-1' }],
  ['other regions', { account: '111111111111', region: 'us-east-1' }],
])('the stage deployed into %s, or with prefixes of its own, keeps its ids', (_what, env) => {
  const app = new App();
  new Jobs(app, 'Blue', { env: ACCOUNT_A, overlap: OverlapPolicy.SKIP });
  expect(() => new Jobs(app, 'Green', { env, overlap: OverlapPolicy.SKIP })).not.toThrow();
  expect(() => new Jobs(app, 'Canary', { env: ACCOUNT_A, prefix: 'canary-nightly' })).not.toThrow();
});

test('env-agnostic stages (deployed wherever each deployment points) are not compared', () => {
  const app = new App();
  new Jobs(app, 'Dev');
  expect(() => new Jobs(app, 'Prod')).not.toThrow();
});

describe('jobs writing one job bucket whose prefixes start one another', () => {
  const warningsOf = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('job bucket'))
    .map((w) => String(w.entry.data));

  test('in a shared runner, the later job is warned about, naming both jobs, the grant and the way out', () => {
    const stack = new Stack(new App(), 'Platform');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'plat' });
    for (const [id, prefix] of [['Rep', 'rep'], ['RepEu', 'rep-eu'], ['Report', 'report']]) {
      new ProcessingJob(stack, id, { runner, image, jobNamePrefix: prefix, processingOutputs: [ProcessingOutput.toJobBucket('out')] });
    }
    expect(warningsOf(stack)).toEqual([
      "jobNamePrefix 'plat-rep-eu' and 'plat-rep' of Platform/Rep write outputs to the same job bucket (Platform/Runner/Bucket), and 'plat-rep-eu' " +
      "starts with 'plat-rep-': the job role of Platform/Rep may write plat-rep-*, which holds the run folders of Platform/RepEu too; give the jobs " +
      "prefixes neither of which starts the other's with a dash (e.g. 'plat-rep-main' and 'plat-rep-eu'), or each job a bucket of its own " +
      '[ack: cdk-sagemaker-processing:job-bucket-prefix-overlap]',
    ]);
  });

  test('in a fleet (one bucket for all shards), the same', () => {
    const stack = new Stack(new App(), 'Tables');
    const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobNamePrefix: 'nightly', jobsPerShard: 1 });
    fleet.addJob('orders-eu', { image, processingOutputs: [ProcessingOutput.toJobBucket('out')] });
    fleet.addJob('orders', { image, processingOutputs: [ProcessingOutput.toJobBucket('out')] });
    // A nested stack's messages are its parent's.
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/^jobNamePrefix 'nightly-orders' and 'nightly-orders-eu' of Tables\/Nightly\/Shard1\/orders-eu write outputs to the same job bucket \(Tables\/Nightly\/Bucket\)/)]);
  });

  test('jobs with runners (and buckets) of their own, or without job-bucket outputs, are not warned about', () => {
    const stack = new Stack(new App(), 'Own');
    new ProcessingJob(stack, 'Rep', { image, jobNamePrefix: 'rep', processingOutputs: [ProcessingOutput.toJobBucket('out')] });
    new ProcessingJob(stack, 'RepEu', { image, jobNamePrefix: 'rep-eu', processingOutputs: [ProcessingOutput.toJobBucket('out')] });
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'plat' });
    new ProcessingJob(stack, 'A', { runner, image, jobNamePrefix: 'a', processingOutputs: [ProcessingOutput.toJobBucket('out')] });
    new ProcessingJob(stack, 'AEu', { runner, image, jobNamePrefix: 'a-eu' });
    expect(warningsOf(stack)).toEqual([]);
  });
});
