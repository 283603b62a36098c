import * as fs from 'fs';
import * as path from 'path';
import { DescribeProcessingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { App, Stack } from 'aws-cdk-lib';
import { mockClient } from 'aws-sdk-client-mock';
import { ProcessingImage, ProcessingJobRun } from '../../lib';

/**
 * The handler reaches Lambda as one JavaScript file, without bundling: synthesize a stack, take
 * the staged asset out of the cloud assembly and load it the way the Node.js 22 runtime does.
 */
const outdir = path.join(__dirname, 'cdk.out', 'handler-code');
let assetDir: string;

beforeAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir });
  const stack = new Stack(app, 'HandlerCode');
  new ProcessingJobRun(stack, 'Prep', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1') });
  const assembly = app.synth();
  const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'HandlerCode.template.json'), 'utf8'));
  const fn = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.isComplete');
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  assetDir = path.join(assembly.directory, `asset.${hash}`);
});

test('the asset holds exactly one file, index.js', () => {
  expect(fs.readdirSync(assetDir)).toEqual(['index.js']);
});

test('it needs only Node.js built-ins and the AWS SDK v3 that the Node.js 22 runtime includes', () => {
  const text = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
  const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort();
  expect(required).toEqual(['@aws-sdk/client-sagemaker', 'crypto']);
  expect(text).not.toMatch(/\binterface\b|: Promise</);
});

test('the staged file loads as a CommonJS module and answers isComplete', async () => {
  const sm = mockClient(SageMakerClient);
  sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/prep-1', ExitMessage: 'ok' });
  const handler = require(path.join(assetDir, 'index.js'));
  const result = await handler.isComplete({
    RequestType: 'Create', ResourceType: 'Custom::ProcessingJobRunCompletion', LogicalResourceId: 'PrepCompletion',
    ResourceProperties: { JobName: 'prep-1' },
  });
  expect(result).toEqual({ IsComplete: true, Data: { JobName: 'prep-1', JobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/prep-1', ExitMessage: 'ok' } });
  sm.restore();
});
