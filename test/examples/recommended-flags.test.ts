import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { synthesized } from './synthesized';
import { PROCESSING_JOB_METADATA_TYPE } from '../../lib/job/metadata';
import { completed, fixClock, runLocally } from '../job/local-run';
import { stateMachineDefinitions } from '../util/definition';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';
import { addMainShapes, MainShapes, recommendedFlags } from '../util/recommended-flags';

/**
 * The library under the feature flags of a `cdk init` app (test/util/recommended-flags.ts): most of
 * the suite synthesizes without flags, and flags change what aws-cdk-lib renders (literal partitions,
 * merged policy statements, weak cross-stack references as `Fn::GetStackOutput`, annotations in the
 * validation report…), which the library reads, compacts and checks.
 */
const ENV = { account: ACCOUNT, region: REGION };
const jobArn = (name: string) => `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:processing-job/${name}`;
const TO_SAGEMAKER = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };
const RUN_NAME = '20261130-020000-0a1b2c3d';

test('the main shapes deploy under the recommended flags: env-agnostic, in an environment, and with another stack\'s bucket and key', () => {
  const report = synthesized(() => {
    const app = new App();
    addMainShapes(app, 'Agnostic');
    const data = new Stack(app, 'Data', { env: ENV });
    const bucket = new s3.Bucket(data, 'Lake', { enforceSSL: true });
    const key = new kms.Key(data, 'Key', { enableKeyRotation: true });
    addMainShapes(app, 'Located', { env: ENV, data: { bucket, key } });
    app.synth();
  }, {}, recommendedFlags());
  // Every CloudFormation validation finding, warning and reference problem is one.
  expect(report.problems).toEqual([]);
  expect(report.checked.requests).toEqual(expect.objectContaining({ 'AWS::SageMaker::ProcessingJob': 2, 'ProcessingJobRun name resource': 2, 'run command metadata': 6 }));
});

/** The main shapes in a stack of a concrete environment (literal partitions), synthesized with or without the flags. */
function located(context: { [key: string]: unknown }): { shapes: MainShapes; iam: SynthesizedIam } {
  const shapes = addMainShapes(new App({ context }), 'Located', { env: ENV });
  return { shapes, iam: SynthesizedIam.of(shapes.stack) };
}

// The fleet's jobs are in nested stacks, whose templates this evaluator does not join: the gate above checks them.
describe('IAM under the recommended flags (merged statements, literal partitions), evaluated', () => {
  const { shapes, iam } = located(recommendedFlags());
  const lake = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));
  const object = (key: string) => `arn:${PARTITION}:s3:::${lake}/${key}`;
  const roleOf = (construct: IConstruct) => iam.role(`${construct.node.path}/Resource`);

  test.each([
    ['the standalone job', (s: MainShapes) => s.standalone, 'nightly'],
    ['the shared runner\'s job', (s: MainShapes) => s.shared, 'report'],
    ['the deploy-time run', (s: MainShapes) => s.run, 'seed'],
    ['the task', (s: MainShapes) => s.task, 'prepare'],
  ])('%s reads its input prefix and writes its output prefix, and nothing else', async (_, of, name) => {
    const role = roleOf(of(shapes).role);
    expect(await iam.decide(role, { action: 's3:GetObject', resource: object(`raw/${name}/part-0.csv`) })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: object(`features/${name}/dt=2026-11-30/part-0.parquet`) })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: object(`raw/${name}/part-0.csv`) })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: object('raw/other/part-0.csv') })).toBe('ImplicitlyDenied');
  });

  test.each([
    ['the standalone job', (s: MainShapes) => s.standalone.role, 'nightly'],
    ['the shared runner\'s job', (s: MainShapes) => s.shared.role, 'platform-report'],
    ['the task in the user\'s state machine', (s: MainShapes) => s.task.role, 'prepare'],
  ])('%s: a role of the stack starts its runs and passes its role to SageMaker (only)', async (_, roleOfJob, prefix) => {
    const jobRole = iam.att(roleOf(roleOfJob(shapes)), 'Arn');
    const decisions = await Promise.all(iam.roles().map(async (role) => [
      await iam.decide(role, { action: 'sagemaker:CreateProcessingJob', resource: jobArn(`${prefix}-${RUN_NAME}`) }),
      await iam.decide(role, { action: 'iam:PassRole', resource: jobRole, context: TO_SAGEMAKER }),
      await iam.decide(role, { action: 'iam:PassRole', resource: jobRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }),
    ].join(' ')));
    expect(decisions).toContain('Allowed Allowed ImplicitlyDenied');
  });
});

test('each job\'s request is the same with the recommended flags as without them', () => {
  const requests = (context: { [key: string]: unknown }) => {
    const { shapes, iam } = located(context);
    return [shapes.standalone, shapes.shared].map((job) => {
      const data = job.node.metadata.find((m) => m.type === PROCESSING_JOB_METADATA_TYPE)!.data as { request: unknown };
      return iam.resolve(Stack.of(job).resolve(data.request));
    });
  };
  const flagged = requests(recommendedFlags());
  expect(flagged).toEqual(requests({}));
  expect(JSON.stringify(flagged)).toContain(`"arn:${PARTITION}:iam::${ACCOUNT}:role/`);
});

test('each state machine runs the same under the recommended flags as without them (executed locally)', async () => {
  fixClock('2026-11-30T02:00:00Z');
  const executions = async (context: { [key: string]: unknown }) => {
    const { shapes } = located(context);
    const definitions = stateMachineDefinitions(shapes.stack);
    const inputs: Array<[string, unknown]> = [
      ['Nightly', { scheduledTime: '2026-11-30T02:00:00Z' }], ['Platform', { job: 'Report' }], ['Pipeline', {}],
    ];
    return Promise.all(inputs.map(async ([machine, input]) => {
      const [, definition] = Object.entries(definitions).find(([id]) => id.startsWith(machine))!;
      const run = await runLocally(definition, input, { Run: completed, Prepare: completed });
      // A run name ends with 8 random hex digits (States.UUID).
      return { machine, error: run.error, states: run.states, requests: JSON.parse(JSON.stringify(run.requests).replace(/(-\d{8}-\d{6})-[0-9a-f]{8}"/g, '$1-<uuid>"')) };
    }));
  };
  try {
    const flagged = await executions(recommendedFlags());
    for (const run of flagged) expect(run.error).toBeUndefined();
    expect(flagged).toEqual(await executions({}));
  } finally {
    jest.useRealTimers();
  }
});
