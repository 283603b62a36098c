import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { App } from 'aws-cdk-lib';
import { DataLakeStack } from '../../examples/data-lake/data-lake-stack';
import { cli, mocks, resetAws, restoreEnv } from './harness';

/**
 * The command on the example app's data-lake stack (bin/app.ts `DataLakeExample`): it finds every
 * job, and `--direct` resolves every job's synthesized request (Spark, scikit-learn, a Dockerfile
 * image, a shared runner's role path) into a request without CloudFormation functions left.
 */
let outdir: string;
let template: any;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-example-'));
  const app = new App({ outdir });
  new DataLakeStack(app, 'DataLakeExample');
  app.synth();
  template = JSON.parse(fs.readFileSync(path.join(outdir, 'DataLakeExample.template.json'), 'utf8'));
});
afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  restoreEnv();
});
beforeEach(() => {
  resetAws();
  mocks.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'DataLakeExample', StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/DataLakeExample/1', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE' }] });
  mocks.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: Object.entries<any>(template.Resources).map(([id, r]) => ({
    LogicalResourceId: id, PhysicalResourceId: id.toLowerCase(), ResourceType: r.Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  })) });
  mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
});

test('list finds every job of the example data lake', async () => {
  const result = await cli(['--cdk-out', outdir, 'list', '--json']);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).map((j: any) => j.path)).toEqual([
    'DataLakeExample/Evaluation', 'DataLakeExample/Features', 'DataLakeExample/SplitIncoming', 'DataLakeExample/WeeklySummary',
  ]);
});

test.each(['Evaluation', 'Features', 'SplitIncoming', 'WeeklySummary'])('run %s --direct: every intrinsic of its request resolves', async (job) => {
  const result = await cli(['--cdk-out', outdir, '--region', 'eu-west-1', 'run', job, '--direct', '--no-wait']);
  expect(result.stderr).toBe('');
  const request = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;
  expect(JSON.stringify(request)).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
  expect(request.ProcessingJobName).toMatch(new RegExp(`^lake-${job}-\\d{8}-\\d{6}-[0-9a-f]{8}$`));
  expect(request.RoleArn).toMatch(new RegExp(`^arn:aws:iam::123456789012:role/processing-jobs/lake/${job.toLowerCase()}jobrole[0-9a-f]{8}$`));
  expect(request.AppSpecification!.ImageUri).toMatch(/^\d{12}\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//);
});
