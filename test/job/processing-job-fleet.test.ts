import { App, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  JobSchedule, ProcessingImage, ProcessingInput, ProcessingJobFleet, ProcessingJobFleetProps, ProcessingJobProps, ProcessingOutput,
} from '../../lib';
import { PROCESSING_JOB_METADATA_TYPE, ProcessingJobMetadata } from '../../lib/job/metadata';
import { IMAGE_URI } from './stacks';

/** A fleet of `count` nightly jobs `Job0…`, each reading and writing its own prefix of a bucket of the fleet's stack. */
function fleetApp(count: number, props: ProcessingJobFleetProps = { jobsPerShard: 2 }) {
  const app = new App();
  const stack = new Stack(app, 'Jobs');
  const lake = new s3.Bucket(stack, 'Lake');
  const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobNamePrefix: 'nightly', ...props });
  for (let i = 0; i < count; i++) fleet.addJob(`Job${i}`, jobProps(lake, i));
  return { app, stack, lake, fleet };
}

function jobProps(lake: s3.IBucket, i: number): ProcessingJobProps {
  return {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    processingInputs: [ProcessingInput.fromBucket('raw', lake, `raw/${i}/`)],
    processingOutputs: [ProcessingOutput.toBucket('features', lake, `features/${i}/`)],
    schedule: JobSchedule.cron({ hour: '2', minute: '0' }),
  };
}

function shardTemplates(fleet: ProcessingJobFleet): { [path: string]: unknown } {
  return Object.fromEntries(fleet.shards.map((s) => [s.node.path, Template.fromStack(s).toJSON()]));
}

test('jobs fill nested stacks in the order they are added, jobsPerShard each, one runner per shard', () => {
  const { stack, fleet } = fleetApp(5);
  expect(fleet.shards.map((s) => s.node.path)).toEqual(['Jobs/Nightly/Shard1', 'Jobs/Nightly/Shard2', 'Jobs/Nightly/Shard3']);
  expect(fleet.jobs.map((j) => j.node.path)).toEqual([
    'Jobs/Nightly/Shard1/Job0', 'Jobs/Nightly/Shard1/Job1', 'Jobs/Nightly/Shard2/Job2', 'Jobs/Nightly/Shard2/Job3', 'Jobs/Nightly/Shard3/Job4',
  ]);
  expect(fleet.jobs.map((j) => j.runner)).toEqual([0, 0, 1, 1, 2].map((i) => fleet.runners[i]));
  // One `cdk deploy` of the parent deploys every shard.
  Template.fromStack(stack).resourceCountIs('AWS::CloudFormation::Stack', 3);
  for (const shard of fleet.shards) {
    expect(NestedStack.isNestedStack(shard)).toBe(true);
    Template.fromStack(shard).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(shard).resourceCountIs('AWS::Scheduler::Schedule', shard === fleet.shards[2] ? 1 : 2);
  }
});

test('adding a job leaves every existing job where it was: the full shards\' templates do not change', () => {
  const before = shardTemplates(fleetApp(4).fleet);
  const after = shardTemplates(fleetApp(5).fleet);
  expect(Object.keys(after)).toEqual([...Object.keys(before), 'Jobs/Nightly/Shard3']);
  for (const [path, template] of Object.entries(before)) expect(after[path]).toEqual(template);
});

test('a job\'s names do not depend on its shard: every run is named <fleet prefix>-<job id>-…', () => {
  const { fleet } = fleetApp(3);
  expect(fleet.jobs.map((j) => j.jobNamePrefix)).toEqual(['nightly-Job0', 'nightly-Job1', 'nightly-Job2']);
  expect(fleet.runners.map((r) => r.jobNamePrefix)).toEqual(['nightly', 'nightly']);
});

test('every job keeps a role of its own, granted its own S3 prefixes only', () => {
  const { fleet } = fleetApp(2);
  const [first, second] = fleet.jobs;
  expect(first.role).not.toBe(second.role);
  const policies = Template.fromStack(fleet.shards[0]).findResources('AWS::IAM::Role');
  const rolePolicy = (job: typeof first) => JSON.stringify(Object.entries(policies)
    .find(([id]) => id === Stack.of(job).getLogicalId(job.role.node.defaultChild as any))![1]);
  expect(rolePolicy(first)).toContain('raw/0/');
  expect(rolePolicy(first)).not.toContain('raw/1/');
  expect(rolePolicy(second)).toContain('raw/1/');
  expect(rolePolicy(second)).not.toContain('raw/0/');
});

test('the run command\'s metadata says which nested stack holds the job', () => {
  const { app } = fleetApp(3);
  const assembly = app.synth();
  const entries = assembly.getStackByName('Jobs').findMetadataByType(PROCESSING_JOB_METADATA_TYPE).map((m) => m.data as unknown as ProcessingJobMetadata);
  const job2 = entries.find((e) => e.jobId === 'Job2')!;
  const parent = assembly.getStackByName('Jobs').template.Resources;
  const [logicalId] = job2.nestedStacks!.map((n) => n.logicalId);
  expect(job2.nestedStacks).toHaveLength(1);
  expect(parent[logicalId].Type).toBe('AWS::CloudFormation::Stack');
  expect(logicalId).toMatch(/^NightlyShard2/);
  const nested = require(`${assembly.directory}/${job2.nestedStacks![0].templateFile}`);
  expect(nested.Resources[job2.stateMachineLogicalId].Type).toBe('AWS::StepFunctions::StateMachine');
});

test('a job output without a location goes to one bucket of the fleet\'s stack, whatever the job\'s shard', () => {
  const app = new App();
  const stack = new Stack(app, 'Jobs');
  const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobsPerShard: 1 });
  for (const id of ['A', 'B']) {
    fleet.addJob(id, { image: ProcessingImage.fromRegistry(IMAGE_URI), processingOutputs: [ProcessingOutput.toJobBucket('out')] });
  }
  Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 1);
  for (const shard of fleet.shards) Template.fromStack(shard).resourceCountIs('AWS::S3::Bucket', 0);
});

test.each([
  ['runner options', { notificationTopic: 'topic' }, 'Jobs/Nightly/Job: notificationTopic cannot be set on a job of a ProcessingJobFleet'],
  ['stepOnly', { stepOnly: true }, 'Jobs/Nightly/Job: stepOnly cannot be set on a job of a ProcessingJobFleet'],
])('addJob refuses %s, which the fleet gives', (_, extra, message) => {
  const stack = new Stack(new App(), 'Jobs');
  const fleet = new ProcessingJobFleet(stack, 'Nightly');
  const props = { image: ProcessingImage.fromRegistry(IMAGE_URI), ...extra } as any;
  if (props.notificationTopic) props.notificationTopic = new sns.Topic(stack, 'Alerts');
  expect(() => fleet.addJob('Job', props)).toThrow(message);
});

test('job ids are unique in the fleet, across shards', () => {
  const { fleet, lake } = fleetApp(3);
  expect(() => fleet.addJob('Job0', jobProps(lake, 9))).toThrow("Jobs/Nightly: the fleet already has a job with id 'Job0'");
});

test('two jobs of different shards may not share a name prefix', () => {
  const { fleet, lake } = fleetApp(1, { jobsPerShard: 1 });
  expect(() => fleet.addJob('Other', { ...jobProps(lake, 1), jobNamePrefix: 'Job0' }))
    .toThrow("Jobs/Nightly/Shard2/Other: jobNamePrefix 'nightly-Job0' is also the prefix of Jobs/Nightly/Shard1/Job0");
});

test.each([0, 246, 1.5])('jobsPerShard %p is refused with the range', (jobsPerShard) => {
  expect(() => new ProcessingJobFleet(new Stack(new App(), 'Jobs'), 'Nightly', { jobsPerShard }))
    .toThrow(`Jobs/Nightly: jobsPerShard ${jobsPerShard}`);
});

test('a fleet whose first deployment creates more than 2,500 resources warns: one operation on nested stacks may not', () => {
  const { app, stack, fleet } = fleetApp(1);
  // 2,500 resources besides the job's, in nested stacks of 420, as more shards of jobs would add.
  for (let n = 0; n < 6; n++) {
    const filler = new NestedStack(fleet, `Filler${n}`);
    for (let i = 0; i < 420; i++) new CfnResource(filler, `R${i}`, { type: 'AWS::CloudFormation::WaitConditionHandle' });
  }
  app.synth();
  Annotations.fromStack(stack).hasWarning('/Jobs/Nightly', Match.stringLikeRegexp('^the fleet has 2\\d{3} resources; one CloudFormation operation on a stack with nested stacks may create, update or delete at most 2500'));
});

test('a fleet without jobs fails synthesis', () => {
  const app = new App();
  new ProcessingJobFleet(new Stack(app, 'Jobs'), 'Nightly');
  expect(() => app.synth()).toThrow('Jobs/Nightly: the fleet has no jobs; add some with addJob');
});

test('a shard whose jobs use more than 200 values of other stacks fails synthesis; over 160 it warns', () => {
  const build = (buckets: number) => {
    const app = new App();
    const stack = new Stack(app, 'Jobs');
    const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobsPerShard: 200 });
    for (let i = 0; i < buckets; i++) {
      // A bucket of the parent stack: its name and ARN become two parameters of the shard.
      fleet.addJob(`Job${i}`, jobProps(new s3.Bucket(stack, `Lake${i}`), i));
    }
    return { app, stack, fleet };
  };
  expect(() => build(101).app.synth()).toThrow(/Jobs\/Nightly\/Shard1: the nested stack has 202 parameters, CloudFormation takes at most 200/);
  const near = build(85);
  near.app.synth();
  // A nested stack's messages are in its parent's artifact.
  Annotations.fromStack(near.stack).hasWarning('/Jobs/Nightly/Shard1', Match.stringLikeRegexp("the nested stack has 170 parameters, over 80 % of CloudFormation's 200"));
});
