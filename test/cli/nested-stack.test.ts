import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeStackResourceCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateProcessingJobCommand, DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { JobSchedule, ProcessingImage, ProcessingInput, ProcessingJobFleet, ProcessingOutput } from '../../lib';
import { findAssemblyJob } from '../../cli/src/assembly';
import { localRunRequest } from '../../cli/src/local/local-request';
import { cli, mocks, resetAws, restoreEnv } from './harness';

/**
 * The `run` and `local` commands find a job of a `ProcessingJobFleet`, whose resources are in a
 * nested stack: the job's metadata names the nested stack's resource in the parent, the CLI
 * follows it (DescribeStackResource) to the nested stack's ARN, and resolves the request there and
 * in the parent (the metadata's reference to a bucket of the parent is to the parent's logical id).
 */
const ACCOUNT = '123456789012';
const NESTED_ARN = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/Jobs-NightlyShard2NestedStack-1AB2C3D4/0f0f0f0f-1111-2222-3333-444455556666`;
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/features:1`;

let outdir: string;
let parent: any;
let nested: any;
let nestedLogicalId: string;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Jobs');
  const lake = new s3.Bucket(stack, 'Lake');
  const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobNamePrefix: 'nightly', jobsPerShard: 1 });
  for (const i of [0, 1]) {
    fleet.addJob(`Job${i}`, {
      image: ProcessingImage.fromRegistry(IMAGE),
      processingInputs: [ProcessingInput.fromBucket('raw', lake, `raw/${i}/`)],
      processingOutputs: [ProcessingOutput.toBucket('features', lake, `features/${i}/`)],
      schedule: JobSchedule.cron({ hour: '2', minute: '0' }),
    });
  }
  app.synth();
  parent = JSON.parse(fs.readFileSync(path.join(outdir, 'Jobs.template.json'), 'utf8'));
  nestedLogicalId = Object.keys(parent.Resources).find((id) => parent.Resources[id].Type === 'AWS::CloudFormation::Stack' && id.startsWith('NightlyShard2'))!;
  const file = fs.readdirSync(outdir).find((f) => f.startsWith('JobsNightlyShard2') && f.endsWith('.nested.template.json'))!;
  nested = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8'));
});

afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  restoreEnv();
});

/** The parent deployed as `Jobs`, Shard2 as NESTED_ARN (physical ids: logical ids in lower case). */
beforeEach(() => {
  resetAws();
  const stateMachine = Object.keys(nested.Resources).find((id) => nested.Resources[id].Type === 'AWS::StepFunctions::StateMachine')!;
  mocks.cfn.on(DescribeStackResourceCommand).callsFake((input) => {
    const found = input.StackName === 'Jobs' && input.LogicalResourceId === nestedLogicalId ? NESTED_ARN
      : input.StackName === NESTED_ARN && input.LogicalResourceId === stateMachine ? `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${stateMachine}` : undefined;
    if (!found) throw new Error(`no resource ${input.LogicalResourceId} in ${input.StackName}`);
    return { StackResourceDetail: { LogicalResourceId: input.LogicalResourceId, PhysicalResourceId: found, ResourceType: 'x', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() } };
  });
  mocks.cfn.on(DescribeStacksCommand, { StackName: NESTED_ARN }).resolves({ Stacks: [{
    StackName: 'Jobs-NightlyShard2NestedStack-1AB2C3D4', StackId: NESTED_ARN, CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
  }] });
  for (const [name, template] of [['Jobs', parent], [NESTED_ARN, nested]]) {
    mocks.cfn.on(ListStackResourcesCommand, { StackName: name }).resolves({ StackResourceSummaries: Object.entries<any>(template.Resources).map(([id, r]) => ({
      LogicalResourceId: id, PhysicalResourceId: id.toLowerCase(), ResourceType: r.Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
    })) });
  }
  mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed' });
  mocks.sfn.on(StartExecutionCommand).callsFake((input) => ({ executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`, startDate: new Date() }));
});

test('list shows a fleet\'s jobs under the stack that is deployed', async () => {
  const result = await cli(['--cdk-out', outdir, 'list', '--json']);
  expect(JSON.parse(result.stdout).map((j: any) => [j.path, j.stack])).toEqual([
    ['Jobs/Nightly/Shard1/Job0', 'Jobs'], ['Jobs/Nightly/Shard2/Job1', 'Jobs'],
  ]);
});

test('run starts the state machine of the nested stack that holds the job', async () => {
  const result = await cli(['--cdk-out', outdir, 'run', 'Job1', '--no-wait']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const start = mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
  expect(start.stateMachineArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:RunnerStateMachine`));
  expect(JSON.parse(start.input!)).toEqual({ job: 'Job1' });
  expect(mocks.cfn.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input.StackName)).toEqual(['Jobs', NESTED_ARN]);
});

test('run --direct resolves the request in the nested stack and its parent', async () => {
  const result = await cli(['--cdk-out', outdir, 'run', 'Job1', '--direct', '--no-wait']);
  expect(result.stderr).toBe('');
  const request = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;
  expect(request.ProcessingJobName).toMatch(/^nightly-Job1-\d{8}-\d{6}-[0-9a-f]{8}$/);
  expect(request.RoleArn).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/processing-jobs/nightly/job1jobrole[0-9a-f]{8}$`));
  const lake = Object.keys(parent.Resources).find((id) => parent.Resources[id].Type === 'AWS::S3::Bucket')!.toLowerCase();
  expect(request.ProcessingInputs![0].S3Input!.S3Uri).toBe(`s3://${lake}/raw/1/`);
  expect(request.ProcessingOutputConfig!.Outputs![0].S3Output!.S3Uri).toBe(`s3://${lake}/features/1/`);
});

test('local resolves a nested job offline: the role ARN from the nested template, the parent\'s bucket a placeholder as for any job', async () => {
  const job = findAssemblyJob(outdir, 'Job1');
  const { request, placeholders } = await localRunRequest(job, {}, { runId: 'nightly-Job1-20261124-090000-5e6f7a8b', scheduledTime: '2026-11-24T09:00:00Z' }, { region: 'us-east-1' });
  const lake = Object.keys(parent.Resources).find((id) => parent.Resources[id].Type === 'AWS::S3::Bucket')!;
  expect(request.ProcessingInputs![0].S3Input!.S3Uri).toBe(`s3://<${lake}>/raw/1/`);
  expect(placeholders).toContain(`<${lake}>`);
  // The job role's path is read from the nested stack's template.
  expect(request.RoleArn).toMatch(/^arn:aws:iam::<account>:role\/processing-jobs\/nightly\/<Job1JobRole[0-9A-F]{8}>$/);
});
