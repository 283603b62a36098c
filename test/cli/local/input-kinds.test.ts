import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInputMode, ProcessingJob, ProcessingOutput, S3DataType, ScriptProcessor,
} from '../../../lib';
import { mockClient } from 'aws-sdk-client-mock';
import { runLocally } from '../../../cli/src';
import { requireSandboxTools, tempDir } from './apps';
import { runCli } from './io';

/**
 * Inputs that have no S3 prefix to copy — a manifest file, an Athena or Redshift query — take a
 * local folder (`--input NAME=<folder>`), as docs/local-run.md says, or for a manifest `--download`
 * (the objects it lists); Pipe mode has no local form.
 */
const LIST_INPUTS = 'import os\nfor root, _, files in sorted(os.walk("/opt/ml/processing/input/data")):\n    for f in sorted(files): print(os.path.relpath(os.path.join(root, f), "/opt/ml/processing/input/data"))\n';

function synth(dir: string, input: (lake: s3.Bucket) => ProcessingInput): string {
  const outdir = path.join(dir, 'cdk.out');
  const code = path.join(dir, 'src', 'list.py');
  fs.mkdirSync(path.dirname(code), { recursive: true });
  fs.writeFileSync(code, LIST_INPUTS);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Kinds');
  const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
  new ProcessingJob(stack, 'List', {
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'), command: ['python3'] }),
    code: ProcessingCode.fromAsset(code),
    processingInputs: [input(lake)],
    processingOutputs: [ProcessingOutput.toBucket('report', lake, 'reports/')],
  });
  app.synth();
  return outdir;
}

let dir: string;
beforeAll(() => {
  requireSandboxTools();
  dir = tempDir();
  fs.mkdirSync(path.join(dir, 'data', 'part=1'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'data', 'part=1', 'rows 1.csv'), 'a\n');
  fs.writeFileSync(path.join(dir, 'data', 'top.csv'), 'b\n');
});

test.each([
  ['a manifest file', (lake: s3.Bucket) => ProcessingInput.fromBucket('data', lake, 'lists/objects.manifest', { s3DataType: S3DataType.MANIFEST_FILE })],
  ['an Athena query', (lake: s3.Bucket) => ProcessingInput.fromAthena('data', { database: 'db', queryString: 'SELECT 1', outputS3Uri: `s3://${lake.bucketName}/athena/` })],
])('%s given as --input NAME=<folder> is that folder at its LocalPath', async (what, input) => {
  const cdkOut = synth(path.join(dir, what.replace(/ /g, '-')), input);
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'List', '--engine', 'bwrap', '--input', `data=${path.join(dir, 'data')}`, '--output-dir', path.join(dir, 'out', what.replace(/ /g, '-'))]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`  input data: local ${path.join(dir, 'data')} → /opt/ml/processing/input/data: part=1/rows 1.csv, top.csv\n`);
  expect(result.stdout).toContain('running: python3 /opt/ml/processing/input/code/list.py\ntop.csv\npart=1/rows 1.csv\n');
});

test.each([
  ['a manifest file without --input', (lake: s3.Bucket) => ProcessingInput.fromBucket('data', lake, 'lists/objects.manifest', { s3DataType: S3DataType.MANIFEST_FILE }), [],
    'input data of Kinds/List is a manifest file (S3DataType ManifestFile): give the objects it lists as --input data=<folder>, or --download to read the manifest and copy them from S3'],
  ['an Athena query without --input', (lake: s3.Bucket) => ProcessingInput.fromAthena('data', { database: 'db', queryString: 'SELECT 1', outputS3Uri: `s3://${lake.bucketName}/athena/` }), [],
    'input data of Kinds/List is a dataset definition (an Athena or Redshift query): give its result as --input data=<folder>'],
  ['--input for an app-managed input', () => ProcessingInput.appManaged('data'), ['--input', 'data={dir}/data'],
    "--input data: the input 'data' of Kinds/List is app-managed (AppManaged: the script fetches its data itself), so nothing is placed for it"],
  ['a Pipe-mode input, even with --input', (lake: s3.Bucket) => ProcessingInput.fromBucket('data', lake, 'raw/', { inputMode: ProcessingInputMode.PIPE }), ['--input', 'data={dir}/data'],
    'input data of Kinds/List streams in Pipe mode, which a local run does not reproduce: run the job on SageMaker, or give the input File mode'],
])('%s is a one-line error', async (what, input, extra, message) => {
  const cdkOut = synth(path.join(dir, what.replace(/ /g, '-')), input);
  const args = extra.map((a) => a.replace('{dir}', dir));
  const result = await runCli(['--cdk-out', cdkOut, 'local', 'List', '--engine', 'bwrap', ...args, '--output-dir', path.join(dir, 'out', what.replace(/ /g, '-'))]);
  expect(result).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n` });
});

test('a manifest file with --download: the objects it lists are the input\'s files', async () => {
  const cdkOut = synth(path.join(dir, 'manifest-download'), (lake) => ProcessingInput.fromBucket('data', lake, 'lists/objects.manifest', { s3DataType: S3DataType.MANIFEST_FILE }));
  const template = JSON.parse(fs.readFileSync(path.join(cdkOut, 'Kinds.template.json'), 'utf8'));
  const cfn = mockClient(CloudFormationClient);
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Kinds', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Kinds/1' }] });
  cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: Object.keys(template.Resources).map((id) => ({
    LogicalResourceId: id, PhysicalResourceId: template.Resources[id].Type === 'AWS::S3::Bucket' ? 'lake-bucket' : `${id}-physical`,
    ResourceType: template.Resources[id].Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  })) });
  const s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({
    Body: {
      transformToString: async () => JSON.stringify([{ prefix: 's3://lake-bucket/exports/' }, 'part=1/rows 1.csv', 'top.csv']),
      transformToByteArray: async () => Buffer.from(input.Key),
    },
  } as never));
  const progress: string[] = [];
  let stdout = '';
  try {
    const result = await runLocally({
      job: 'List', cdkOut, download: true, engine: 'bwrap', region: 'eu-west-1', outputDir: path.join(dir, 'out', 'manifest-download'),
      clients: { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), s3: new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }) },
      stdout: { write: (c: string) => { stdout += c; return true; } } as unknown as NodeJS.WritableStream, stderr: process.stderr, onProgress: (l) => progress.push(l),
    });
    expect(result.exitCode).toBe(0);
  } finally {
    cfn.restore();
    s3.restore();
  }
  expect(progress).toContain('  input data: s3://lake-bucket/lists/objects.manifest → /opt/ml/processing/input/data: part=1/rows 1.csv, top.csv');
  expect(stdout).toBe('top.csv\npart=1/rows 1.csv\n');
});
