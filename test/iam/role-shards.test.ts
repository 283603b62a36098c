import * as fc from 'fast-check';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { JobSchedule, ProcessingImage, ProcessingJob } from '../../lib';
import { MAX_ROLE_INLINE_POLICY_CHARACTERS } from '../../lib/iam/policy-size';
import { RoleShards, SHARD_CAPACITY } from '../../lib/iam/role-shards';
import { inlinePolicyLongest } from '../util/policy-length';

const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');

describe('RoleShards', () => {
  const shardsIn = (stack: Stack) => new RoleShards((i) => new iam.Role(stack, `Role${i}`, { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') }), 'test roles');

  test('seats users in the first role with room, and makes a role when none has', () => {
    const shards = shardsIn(new Stack(new App(), 'S'));
    const seats = [4_000, 3_000, 1_000, 500, 200].map((n) => shards.seat(n).role.node.id);
    // 4,000 + 3,000 fill the first role up to its room for late grants; 1,000 opens a second; 500 and 200 fit it.
    expect(seats).toEqual(['Role0', 'Role0', 'Role1', 'Role0', 'Role0']);
  });

  test('counts a grant many users share (a topic) once per role', () => {
    const shards = shardsIn(new Stack(new App(), 'S'));
    const roles = Array.from({ length: 15 }, () => shards.seat(300, { 'topic:T': 2_000 }).role.node.id);
    // 2,000 + 15 × 300 = 6,500 ≤ 8,740 − 1,000 of room: one role; the topic counted for each user would need five.
    expect(new Set(roles)).toEqual(new Set(['Role0']));
  });

  test('a role charged past IAM\'s limit after it was handed out fails synthesis, naming the role and the limit', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const shards = shardsIn(stack);
    const seat = shards.seat(SHARD_CAPACITY - 1_000);
    seat.charge('queue:A', 600);
    seat.charge('queue:A', 600); // the same grant again: merged, not counted
    expect(() => app.synth()).not.toThrow();
    seat.charge('queue:B', 600);
    expect(() => app.synth({ force: true })).toThrow(new RegExp(`S/Role0: the inline policy of this role \\(test roles\\) can reach 10440 characters .*over IAM's ${MAX_ROLE_INLINE_POLICY_CHARACTERS}`));
  });
});

/** One generated standalone job: what changes the grants of the stack's shared roles. */
interface JobShape {
  readonly prefix: number;
  readonly tags: boolean;
  readonly topic: number;
  readonly schedule: 'none' | 'state-machine' | 'direct' | 'both';
  readonly rolePath: number;
  readonly tracing: boolean;
  readonly deadLetterQueue: number;
}

const jobShape: fc.Arbitrary<JobShape> = fc.record({
  // A direct run's prefix may have up to 26 characters (63 − 1 − 36 for the execution id).
  prefix: fc.integer({ min: 1, max: 26 }),
  tags: fc.boolean(),
  topic: fc.integer({ min: 0, max: 2 }),
  schedule: fc.constantFrom('none', 'state-machine', 'direct', 'both'),
  // 0: the job creates its role; else a role of the app with a path of that many characters and its two slashes.
  rolePath: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
  tracing: fc.boolean(),
  deadLetterQueue: fc.integer({ min: 0, max: 2 }),
});

/** A stack of standalone jobs of these shapes, synthesized: its template. */
function synthesize(shapes: JobShape[]): any {
  const app = new App();
  const stack = new Stack(app, 'Jobs');
  const key = new kms.Key(stack, 'Key');
  const topics = [undefined, new sns.Topic(stack, 'Alerts'), new sns.Topic(stack, 'EncryptedAlerts', { masterKey: key })];
  const queues = [undefined, new sqs.Queue(stack, 'Failed'), new sqs.Queue(stack, 'EncryptedFailed', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key })];
  shapes.forEach((shape, i) => {
    const name = `j${i}`;
    const prefix = `${name}${'p'.repeat(26)}`.slice(0, Math.max(shape.prefix, name.length));
    const role = shape.rolePath === 0 ? undefined : new iam.Role(stack, `Role${i}`, {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      path: `/${'a'.repeat(shape.rolePath)}/`,
    });
    const job = new ProcessingJob(stack, `Job${i}`, {
      image, jobNamePrefix: prefix, role, tracingEnabled: shape.tracing, notificationTopic: topics[shape.topic], tags: shape.tags ? { team: 'data' } : undefined,
    });
    const deadLetterQueue = queues[shape.deadLetterQueue];
    if (shape.schedule === 'state-machine' || shape.schedule === 'both') job.addSchedule('Nightly', JobSchedule.rate(Duration.days(1), { deadLetterQueue }));
    if (shape.schedule === 'direct' || shape.schedule === 'both') job.addSchedule('Direct', JobSchedule.rate(Duration.days(1), { direct: true, deadLetterQueue }));
  });
  const template = app.synth().getStackByName('Jobs').template;
  expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  return template;
}

const rolesOf = (template: any) => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === 'AWS::IAM::Role');

describe('the roles a stack\'s standalone jobs share', () => {
  test('every role holds at most IAM\'s 10,240 characters of inline policy with every ARN at its longest, whatever the jobs', () => {
    fc.assert(fc.property(fc.array(jobShape, { minLength: 40, maxLength: 130 }), (shapes) => {
      const template = synthesize(shapes);
      const over = rolesOf(template).map((id) => [id, inlinePolicyLongest(template, id)]).filter(([, n]) => (n as number) > MAX_ROLE_INLINE_POLICY_CHARACTERS);
      expect(over).toEqual([]);
    }), { numRuns: 4, seed: 19, endOnFailure: true });
  });

  test('120 jobs with schedules, direct schedules and tags: more than one start role and runner role, each within the limit, each job in one of each', () => {
    const shapes: JobShape[] = Array.from({ length: 120 }, () => ({ prefix: 26, tags: true, topic: 1, schedule: 'both', rolePath: 0, tracing: true, deadLetterQueue: 0 }));
    const template = synthesize(shapes);
    const shared = (kind: string) => rolesOf(template).filter((id) => id.startsWith(`ProcessingJobsShared${kind}Role`));
    expect(shared('Start').length).toBeGreaterThan(1);
    expect(shared('Runner').length).toBeGreaterThan(1);
    for (const id of [...shared('Start'), ...shared('Runner')]) expect(inlinePolicyLongest(template, id)).toBeLessThanOrEqual(MAX_ROLE_INLINE_POLICY_CHARACTERS);
    // Every state machine runs as one runner role, and each is started by exactly one start role's grant.
    const machines = Object.keys(Template.fromJSON(template).findResources('AWS::StepFunctions::StateMachine'));
    const starters = machines.map((m) => shared('Start').filter((r) => JSON.stringify(template.Resources[r].Properties.Policies).includes(`{"Ref":"${m}"}`)).length);
    expect(new Set(starters)).toEqual(new Set([1]));
    const runnerRoles = new Set(machines.map((m) => JSON.stringify(template.Resources[m].Properties.RoleArn)));
    expect(runnerRoles.size).toBe(shared('Runner').length);
  });
});
