import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runLocally } from '../../../cli/src';
import { DEBIAN_PATH, requireSandboxTools, synthDataLake, tempDir, writeCustomers } from './apps';

const S3rver = require('s3rver');

/**
 * `--download` and `--upload` against a real S3 API on localhost (s3rver), with the deployed stack
 * (CloudFormation, mocked) naming the buckets: the input comes from S3, the outputs go to their S3
 * URIs under the run's `run=<id>/` partition.
 */
const ACCOUNT = '123456789012';
const cfn = mockClient(CloudFormationClient);
let server: { close(): Promise<void> };
let s3: S3Client;
let dir: string;
let cdkOut: string;

beforeAll(async () => {
  requireSandboxTools();
  dir = tempDir();
  cdkOut = synthDataLake(dir);
  server = new S3rver({ port: 0, address: 'localhost', silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: 'landing-bucket' }, { name: 'lake-bucket' }] });
  const address = await (server as unknown as { run(): Promise<{ port: number }> }).run();
  s3 = new S3Client({ endpoint: `http://localhost:${address.port}`, forcePathStyle: true, region: 'eu-west-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  writeCustomers(path.join(dir, 'sample'));
  await s3.send(new PutObjectCommand({ Bucket: 'landing-bucket', Key: 'incoming/customers.csv', Body: fs.readFileSync(path.join(dir, 'sample', 'customers.csv')) }));
  await s3.send(new PutObjectCommand({ Bucket: 'landing-bucket', Key: 'elsewhere/other.csv', Body: 'age,income,churned\n1,1,yes\n' }));

  // The deployed stack: every resource of the template, the two buckets under their real names.
  const template = JSON.parse(fs.readFileSync(path.join(cdkOut, 'DataLakeExample.template.json'), 'utf8'));
  const names: { [id: string]: string } = { LandingF95672E9: 'landing-bucket', Data666C94C7: 'lake-bucket' };
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'DataLakeExample', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(),
    StackId: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/DataLakeExample/1` }] });
  cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: Object.keys(template.Resources).map((id) => ({
    LogicalResourceId: id, PhysicalResourceId: names[id] ?? `${id.toLowerCase()}-physical`, ResourceType: template.Resources[id].Type,
    ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  })) });
});

afterAll(async () => {
  await server?.close();
});

test('--download fills the input from its S3 prefix; --upload writes each output under the run\'s partition', async () => {
  const progress: string[] = [];
  const out = { text: '', write(chunk: string | Buffer) { this.text += chunk.toString(); return true; } };
  const result = await runLocally({
    job: 'SplitIncoming', cdkOut, download: true, upload: true, engine: 'bwrap', region: 'eu-west-1', searchPath: DEBIAN_PATH,
    outputDir: path.join(dir, 'out'), clients: { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), s3 },
    stdout: out as unknown as NodeJS.WritableStream, stderr: process.stderr, onProgress: (l) => progress.push(l), keepRoot: true,
  });
  expect(result.exitCode).toBe(0);
  // The deployed stack's account is known: the job ARN in processingjobconfig.json names it.
  const config = JSON.parse(fs.readFileSync(path.join(result.root!, 'config', 'processingjobconfig.json'), 'utf8'));
  fs.rmSync(path.dirname(result.root!), { recursive: true, force: true });
  expect(config.ProcessingJobArn).toBe(`arn:aws:sagemaker:eu-west-1:${ACCOUNT}:processing-job/${result.runId.toLowerCase()}`);
  expect(out.text).toBe('train: 40 rows\ntest: 10 rows\n');
  expect(progress).toContain('  input raw: s3://landing-bucket/incoming/ → /opt/ml/processing/input/raw: customers.csv');

  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lake-bucket' }));
  expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([
    `prepared/test/run=${result.runId}/test.csv`,
    `prepared/train/run=${result.runId}/train.csv`,
  ]);
  const train = await s3.send(new GetObjectCommand({ Bucket: 'lake-bucket', Key: `prepared/train/run=${result.runId}/train.csv` }));
  expect(await train.Body!.transformToString()).toBe(fs.readFileSync(path.join(dir, 'out', 'train', 'train.csv'), 'utf8'));
  expect(result.outputs.map((o) => o.uploadedTo)).toEqual([
    `s3://lake-bucket/prepared/train/run=${result.runId}/`, `s3://lake-bucket/prepared/test/run=${result.runId}/`,
  ]);
});

test('a failed script uploads nothing, as SageMaker uploads no EndOfJob output of a failed job', async () => {
  const result = await runLocally({
    job: 'SplitIncoming', cdkOut, download: true, upload: true, engine: 'bwrap', region: 'eu-west-1', searchPath: DEBIAN_PATH,
    outputDir: path.join(dir, 'out-failed'), clients: { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), s3 },
    overrides: { arguments: ['--label', 'no_such_column'] }, stdout: process.stdout, stderr: fs.createWriteStream('/dev/null'),
  });
  expect(result.exitCode).toBe(1);
  expect(result.outputs.map((o) => o.uploadedTo)).toEqual([undefined, undefined]);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lake-bucket', Prefix: `prepared/train/run=${result.runId}/` }));
  expect(listed.Contents ?? []).toEqual([]);
});
