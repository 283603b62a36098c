import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingJob, ProcessingJobRunner } from '../../lib';
import { InlinePolicyRole } from '../../lib/job/inline-policy-role';
import { nagFindings, withNagAcknowledgements } from '../platform/nag';
import { ACCOUNT, REGION, SynthesizedIam } from '../util/iam-evaluator';
import { inlinePolicyLongest } from '../util/policy-length';

function roleWithSharedPolicy() {
  const stack = new Stack(new App(), 'S');
  const shared = new iam.ManagedPolicy(stack, 'Shared', {
    statements: [
      new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:GetSamplingRules'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Jobs' } } }),
    ],
  });
  const role = new InlinePolicyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com'), managedPolicies: [shared] });
  const inline = () => Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].Properties.Policies;
  return { role, inline };
}

describe('InlinePolicyRole with a managed policy of the app', () => {
  test('does not repeat a statement the managed policy already allows (same conditions, a subset of actions and resources)', () => {
    const { role, inline } = roleWithSharedPolicy();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Jobs' } } }));
    expect(inline()).toBeUndefined();
  });

  test('keeps what the managed policy does not allow: another action, another condition, a Deny', () => {
    const { role, inline } = roleWithSharedPolicy();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Other' } } }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['xray:GetSamplingRules'], resources: ['*'] }));
    expect(inline()[0].PolicyDocument.Statement).toEqual([
      { Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'Other' } }, Effect: 'Allow', Resource: '*' },
      { Action: 'xray:GetSamplingRules', Effect: 'Deny', Resource: '*' },
    ]);
  });
});

test('a statement added to the managed policy after a grant was checked against it covers the next grant', () => {
  const stack = new Stack(new App(), 'S');
  const shared = new iam.ManagedPolicy(stack, 'Shared', { statements: [new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] })] });
  const role = new InlinePolicyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com'), managedPolicies: [shared] });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
  shared.addStatements(new iam.PolicyStatement({ actions: ['logs:CreateLogDelivery'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogDelivery'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:GetLogDelivery'], resources: ['*'] }));
  const policies = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(role.node.defaultChild as iam.CfnRole)].Properties.Policies;
  expect(policies[0].PolicyDocument.Statement).toEqual([{ Action: 'logs:GetLogDelivery', Effect: 'Allow', Resource: '*' }]);
});

// IAM User Guide, "IAM and AWS STS quotas": a role's inline policies together hold at most 10,240 characters, a
// managed policy 6,144, and a role has at most 10 managed policies by default (white space is not counted).
const INLINE_MAX = 10_240;
const MANAGED_MAX = 6_144;
const MANAGED_PER_ROLE = 10;

describe('a job role granted more than one inline policy holds', () => {
  function grantedJob(shared: boolean, buckets: number) {
    const stack = new Stack(withNagAcknowledgements(() => new App()), 'Lake', { env: { account: ACCOUNT, region: REGION } });
    const image = ProcessingImage.fromRegistry(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/features:1`);
    const job = new ProcessingJob(stack, 'Job', { image, runner: shared ? new ProcessingJobRunner(stack, 'Runner') : undefined });
    const names = Array.from({ length: buckets }, (_, i) => `analytics-landing-zone-${i}`);
    names.forEach((name, i) => s3.Bucket.fromBucketName(stack, `Bucket${i}`, name).grantReadWrite(job));
    const synthesized = SynthesizedIam.of(stack);
    const template = Template.fromStack(stack).toJSON();
    const roleId = synthesized.role('Job/JobRole/Resource');
    const policies = synthesized.identityPolicies(roleId).map((p) => ({ ...p, type: template.Resources[p.name]?.Type ?? 'inline', length: JSON.stringify(p.policy).length }));
    const quotaWarnings = Annotations.fromStack(stack).findWarning('/Lake/Job/JobRole', Match.stringLikeRegexp('exceeds 10 managed policies attached to a Role'));
    return { stack, template, synthesized, roleId, names, policies, quotaWarnings };
  }

  test.each([['its own runner', false], ['a shared runner', true]])('%s: the grants go to policies IAM takes, and every one of them still allows', async (_runner, shared) => {
    const { template, synthesized, roleId, names, policies, quotaWarnings } = grantedJob(shared, 125);
    const managed = policies.filter((p) => p.type === 'AWS::IAM::ManagedPolicy');
    expect(inlinePolicyLongest(template, roleId)).toBeLessThanOrEqual(INLINE_MAX);
    expect(managed.filter((p) => p.length > MANAGED_MAX).map((p) => p.name)).toEqual([]);
    // aws-cdk-lib packs by its estimate (150 characters an ARN with references): past IAM's default of 10 managed
    // policies it warns that the role needs a quota increase, and the synth says so.
    expect(quotaWarnings.length).toBe(managed.length > MANAGED_PER_ROLE ? 1 : 0);
    // A sample of every policy's share (each holds a run of at least 20 of the buckets' ARNs), the first and last bucket included.
    for (const name of names.filter((_, i) => i % 5 === 0 || i === names.length - 1)) {
      for (const action of ['s3:GetObject', 's3:PutObject']) {
        expect({ name, action, decision: await synthesized.decide(roleId, { action, resource: `arn:aws:s3:::${name}/raw/part-0.csv` }) })
          .toEqual({ name, action, decision: 'Allowed' });
      }
    }
    expect(await synthesized.decide(roleId, { action: 's3:GetObject', resource: 'arn:aws:s3:::another-bucket/raw/part-0.csv' })).toBe('ImplicitlyDenied');
  });

  test('cdk-nag reads the role as without an inline policy (the grants are in aws-cdk-lib\'s policies), and finds nothing on it', () => {
    const { stack } = grantedJob(false, 125);
    expect(nagFindings(stack).filter((f) => f.path === 'Lake/Job/JobRole/Resource')).toEqual([]);
  });

  test('a role its grants fit keeps them in its one inline policy', () => {
    const { policies, roleId } = grantedJob(false, 5);
    expect(policies.filter((p) => p.type !== 'AWS::IAM::ManagedPolicy').map((p) => p.name)).toEqual([`${roleId}/Grants`]);
  });
});

test('a job whose role needs nothing of its own has no inline policy, and cdk-nag finds nothing on its role', () => {
  // Everything such a role needs (its logs and metrics, the pull of its image) is in managed policies of the stack.
  const stack = new Stack(withNagAcknowledgements(() => new App()), 'Lake', { env: { account: ACCOUNT, region: REGION } });
  const job = new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/features:1`) });
  const role = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(job.node.findChild('JobRole').node.defaultChild as iam.CfnRole)];
  expect(role.Properties.Policies).toBeUndefined();
  expect(role.Properties.ManagedPolicyArns).toHaveLength(2);
  // cdk-nag's IAM rules resolve the role's Policies property and failed on one that resolved to nothing (two NIST findings).
  expect(nagFindings(stack).filter((f) => f.path === 'Lake/Job/JobRole/Resource')).toEqual([]);
});

test("a shared runner's roles granted more than one inline policy holds: aws-cdk-lib's policies, created before the state machine", async () => {
  const stack = new Stack(new App(), 'Lake', { env: { account: ACCOUNT, region: REGION } });
  const runner = new ProcessingJobRunner(stack, 'Runner');
  new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/features:1`), runner });
  for (let i = 0; i < 125; i++) {
    s3.Bucket.fromBucketName(stack, `Read${i}`, `analytics-landing-zone-${i}`).grantRead(runner.stateMachine);
    s3.Bucket.fromBucketName(stack, `Start${i}`, `analytics-start-zone-${i}`).grantRead(runner.startRole);
  }
  const synthesized = SynthesizedIam.of(stack);
  const template = Template.fromStack(stack).toJSON();
  for (const [path, bucket] of [['Runner/RunnerRole/Resource', 'analytics-landing-zone'], ['Runner/StartRole/Resource', 'analytics-start-zone']]) {
    const roleId = synthesized.role(path);
    expect({ path, inline: inlinePolicyLongest(template, roleId) <= INLINE_MAX }).toEqual({ path, inline: true });
    for (const i of [0, 62, 124]) expect(await synthesized.decide(roleId, { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}-${i}/k` })).toBe('Allowed');
  }
  // The runner's own statements went with them: log delivery, which CreateStateMachine checks for its logging configuration.
  const runnerRole = synthesized.role('Runner/RunnerRole/Resource');
  expect(await synthesized.decide(runnerRole, { action: 'logs:CreateLogDelivery', resource: '*' })).toBe('Allowed');
  const machine = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  const policyIds = Object.entries<any>(template.Resources)
    .filter(([, r]) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type) && (r.Properties.Roles ?? []).some((x: any) => x.Ref === runnerRole))
    .map(([id]) => id);
  expect(policyIds.length).toBeGreaterThan(1);
  expect(machine.DependsOn).toEqual(expect.arrayContaining(policyIds));
});
