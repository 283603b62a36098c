import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Tags, aws_events as events, aws_iam as iam, aws_logs as logs, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  JobSchedule, JobTrigger, ProcessingDefaults, ProcessingImage, ProcessingInstanceType, ProcessingJob, ProcessingJobFleet, ProcessingJobRun,
  ProcessingJobRunner, ProcessingOutput, SKLearnVersion,
} from '../../lib';
import { assemblyTemplates, AppTemplates, namedReplacementExposure, updateProblems } from '../contracts/updates';
import { exampleApp, maximalApp } from '../platform/example-app';
import { IMAGE_URI } from '../task/helpers';

/**
 * The second `cdk deploy`: an app deployed, changed, deployed again. For each change, the update
 * CloudFormation would make is one it can make (test/contracts/updates.ts: no custom-named
 * resource replaced under its name, no name taken by a new resource while an old one holds it),
 * and a change unrelated to the resources that exist leaves each of them where it is (same stack,
 * same logical id: a moved resource is a new one, and a retained bucket or log group an orphan).
 */

const image = ProcessingImage.fromRegistry(IMAGE_URI);

/** The templates of the app `build` makes (one stack, `Jobs`), nested stacks included. */
function deployed(build: (stack: Stack) => void): AppTemplates {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'updates-'));
  try {
    const app = new App({ outdir });
    build(new Stack(app, 'Jobs'));
    app.synth();
    return assemblyTemplates(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** `<stack>/<logical id>` of every resource of `before` that `after` no longer has (CloudFormation deletes it, or leaves a retained one). */
function gone(before: AppTemplates, after: AppTemplates): string[] {
  return Object.entries(before).flatMap(([stack, t]) => Object.keys(t.Resources ?? {})
    .filter((id) => after[stack]?.Resources?.[id] === undefined).map((id) => `${stack}/${id}`));
}

/** A standalone job with a schedule, an event trigger and a rule schedule (the library names the rules). */
const standalone = (stack: Stack, extra: (job: ProcessingJob) => void = () => undefined) => {
  const job = new ProcessingJob(stack, 'Nightly', {
    image, processingOutputs: [ProcessingOutput.toJobBucket('features')], schedule: JobSchedule.rate(Duration.days(1)),
  });
  job.addTrigger('Upstream', JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'ingest' }));
  job.addSchedule('Weekly', JobSchedule.rule(events.Schedule.rate(Duration.days(7))));
  extra(job);
  return job;
};

/** A runner with a name of the user's, two jobs with rule triggers. */
const shared = (stack: Stack, ids = ['Orders', 'Refunds'], jobNamePrefix = 'lake') => {
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix, stateMachineName: 'lake-processing', failureAlarm: true });
  for (const id of ids) {
    new ProcessingJob(stack, id, { runner, image, processingOutputs: [ProcessingOutput.toJobBucket('out')] })
      .addTrigger('Upstream', JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'ingest' }));
  }
};

/** A fleet of two jobs a shard, each with a schedule and a rule trigger. */
const fleet = (ids: string[]) => (stack: Stack) => {
  const f = new ProcessingJobFleet(stack, 'Fleet', { jobsPerShard: 2 });
  for (const id of ids) {
    f.addJob(id, { image, schedule: JobSchedule.rate(Duration.days(1)) }).addTrigger('Upstream', JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'ingest' }));
  }
};

/** A deploy-time run (its AWS::SageMaker::ProcessingJob is named by its name resource). */
const run = (props: { instanceType?: ProcessingInstanceType; runId?: string; tag?: string } = {}) => (stack: Stack) => {
  new ProcessingJobRun(stack, 'Backfill', {
    image, instanceType: props.instanceType ?? ProcessingInstanceType.ML_M5_LARGE, runId: props.runId,
    processingOutputs: [ProcessingOutput.toBucket('out', new s3.Bucket(stack, 'Data'), 'out/')],
  });
  if (props.tag) Tags.of(stack).add('team', props.tag);
};

describe('a change unrelated to the resources deployed leaves each where it is, and the update is one CloudFormation makes', () => {
  test.each<[string, (s: Stack) => void, (s: Stack) => void]>([
    ['standalone: a second job', (s) => standalone(s), (s) => { standalone(s); new ProcessingJob(s, 'Hourly', { image, schedule: JobSchedule.rate(Duration.hours(1)) }); }],
    ['standalone: a job created before it', (s) => standalone(s), (s) => { new ProcessingJob(s, 'Hourly', { image }); standalone(s); }],
    ['standalone: one more schedule and trigger', (s) => standalone(s), (s) => standalone(s, (job) => {
      job.addSchedule('Monthly', JobSchedule.cron({ minute: '0', hour: '3', day: '1' }));
      job.addTrigger('Other', JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'export' }));
    })],
    ['standalone: a tag on the stack', (s) => standalone(s), (s) => { standalone(s); Tags.of(s).add('team', 'data'); }],
    ['standalone: a job with an ECR image next to it', (s) => standalone(s), (s) => {
      standalone(s);
      new ProcessingJob(s, 'Scored', { image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1) });
    }],
    // The stack's retention is the shared log group's: updated in place, not a new group beside the retained one.
    ['standalone: another log retention for the stack', (s) => standalone(s), (s) => {
      ProcessingDefaults.of(s).add({ logRetention: logs.RetentionDays.ONE_YEAR });
      standalone(s);
    }],
    ['standalone: a log retention for the app, then another', (s) => {
      ProcessingDefaults.of(s.node.scope!).add({ logRetention: logs.RetentionDays.SIX_MONTHS });
      standalone(s);
    }, (s) => {
      ProcessingDefaults.of(s.node.scope!).add({ logRetention: logs.RetentionDays.TWO_WEEKS });
      standalone(s);
    }],
    ['shared runner: a third job', (s) => shared(s), (s) => shared(s, ['Orders', 'Refunds', 'Returns'])],
    ['shared runner: its jobs in another order', (s) => shared(s), (s) => shared(s, ['Refunds', 'Orders'])],
    ['fleet: a job appended to full shards (a new shard)', fleet(['J1', 'J2', 'J3', 'J4']), fleet(['J1', 'J2', 'J3', 'J4', 'J5'])],
    ['deploy-time run: a tag on the stack', run(), run({ tag: 'data' })],
  ])('%s', (_name, first, second) => {
    const before = deployed(first);
    const after = deployed(second);
    expect(updateProblems(before, after)).toEqual([]);
    expect(gone(before, after)).toEqual([]);
  });
});

describe('a change that replaces or moves resources is still an update CloudFormation makes', () => {
  test.each<[string, (s: Stack) => void, (s: Stack) => void]>([
    // The start role's trust names the rules by prefix, which follows the boundary: the rules get new names with it.
    ['standalone: a permissions boundary added', (s) => standalone(s), (s) => {
      ProcessingDefaults.of(s).add({ permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyName(s, 'Boundary', 'boundary') });
      standalone(s);
    }],
    // The job roles' IAM path (create-only) follows the prefix: unnamed roles, replaced.
    ['shared runner: another job-name prefix', (s) => shared(s), (s) => shared(s, ['Orders', 'Refunds'], 'lakehouse')],
    // The first job of the second shard moves into the first: its rule is a new one, under a new name.
    ['fleet: its first job removed', fleet(['J1', 'J2', 'J3', 'J4']), fleet(['J2', 'J3', 'J4'])],
    ['fleet: two jobs swapped across shards', fleet(['J1', 'J2', 'J3', 'J4']), fleet(['J1', 'J3', 'J2', 'J4'])],
    // Every property of AWS::SageMaker::ProcessingJob is create-only: its name resource gives the new job a new name.
    ['deploy-time run: another instance type', run(), run({ instanceType: ProcessingInstanceType.ML_M5_XLARGE })],
    ['deploy-time run: another runId', run(), run({ runId: 'again' })],
  ])('%s', (_name, first, second) => {
    expect(updateProblems(deployed(first), deployed(second))).toEqual([]);
  });
});

test('no custom-named resource of the example app, the maximal stack or the shapes above sets a create-only property its name does not follow', () => {
  const shapes = [(s: Stack) => standalone(s), (s: Stack) => shared(s), fleet(['J1', 'J2', 'J3']), run()].map((build) => deployed(build));
  const apps = [exampleApp(), maximalApp()];
  try {
    const templates = [...shapes, ...apps.map((a) => assemblyTemplates(a.app.outdir))];
    // The example app names its rules and deploy-time runs' jobs: the check has something to check.
    expect(templates.flatMap((t) => Object.values<any>(t).flatMap((x) => Object.values<any>(x.Resources ?? {})))
      .filter((r) => r.Properties?.Name !== undefined || r.Properties?.ProcessingJobName !== undefined || r.Properties?.StateMachineName !== undefined).length)
      .toBeGreaterThan(10);
    expect(templates.flatMap(namedReplacementExposure)).toEqual([]);
  } finally {
    apps.forEach((a) => a.cleanup());
  }
});

test("a job's scope with a retention of its own gets a log group of its own; the stack's keeps the stack's retention", () => {
  const t = deployed((s) => {
    ProcessingDefaults.of(s).add({ logRetention: logs.RetentionDays.ONE_YEAR });
    standalone(s);
    const team = new Construct(s, 'Audit');
    ProcessingDefaults.of(team).add({ logRetention: logs.RetentionDays.TEN_YEARS });
    new ProcessingJob(team, 'Ledger', { image });
  }).Jobs;
  const groups = Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')
    .map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.RetentionInDays, r.DeletionPolicy]);
  expect(groups.sort()).toEqual([['ProcessingJobsSharedLogs', 365, 'Retain'], ['ProcessingJobsSharedLogs3653', 3653, 'Retain']]);
});
