import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingOutput, ScriptProcessor } from '../../../lib';
import { runLocally } from '../../../cli/src';
import { DEBIAN_PATH, requireSandboxTools, tempDir } from './apps';

/**
 * `--upload` of a job with `outputKmsKey` encrypts each object with that key (SSE-KMS), as
 * SageMaker encrypts the job's output with `ProcessingOutputConfig.KmsKeyId`: a bucket policy that
 * requires the key refused the upload, or the objects took the bucket's default encryption.
 */
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('every uploaded object is PutObject with ServerSideEncryption aws:kms and the job\'s key', async () => {
  requireSandboxTools();
  const dir = tempDir();
  const code = path.join(dir, 'write.py');
  fs.writeFileSync(code, 'import os\nos.makedirs("/opt/ml/processing/output/report/sub")\nopen("/opt/ml/processing/output/report/a.csv", "w").write("a")\nopen("/opt/ml/processing/output/report/sub/b.csv", "w").write("b")\n');
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  const stack = new Stack(app, 'Sealed', { env: { account: '123456789012', region: 'eu-west-1' } });
  const lake = new s3.Bucket(stack, 'Lake');
  new ProcessingJob(stack, 'Write', {
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'), command: ['python3'] }),
    code: ProcessingCode.fromAsset(code),
    processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('report', lake, 'reports/')],
    outputKmsKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN),
  });
  app.synth();
  fs.mkdirSync(path.join(dir, 'raw'));

  const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'Sealed.template.json'), 'utf8'));
  const cfn = mockClient(CloudFormationClient);
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Sealed', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Sealed/1' }] });
  cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: Object.keys(template.Resources).map((id) => ({
    LogicalResourceId: id, PhysicalResourceId: template.Resources[id].Type === 'AWS::S3::Bucket' ? 'lake-bucket' : `${id}-physical`,
    ResourceType: template.Resources[id].Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  })) });
  const bucket = mockClient(S3Client);
  bucket.on(PutObjectCommand).resolves({});
  const progress: string[] = [];
  try {
    const result = await runLocally({
      job: 'Write', cdkOut: path.join(dir, 'cdk.out'), upload: true, inputs: { raw: path.join(dir, 'raw') }, engine: 'bwrap', searchPath: DEBIAN_PATH,
      outputDir: path.join(dir, 'out'), clients: { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        s3: new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }) },
      stdout: process.stdout, stderr: process.stderr, onProgress: (l) => progress.push(l),
    });
    expect(result.exitCode).toBe(0);
    const puts = bucket.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Bucket, p.Key, p.ServerSideEncryption, p.SSEKMSKeyId])).toEqual([
      ['lake-bucket', `reports/a.csv`, 'aws:kms', KEY_ARN],
      ['lake-bucket', `reports/sub/b.csv`, 'aws:kms', KEY_ARN],
    ]);
    expect(progress).toContain(`  output report: 2 files in ${path.join(dir, 'out', 'report')}, uploaded to s3://lake-bucket/reports/ (SSE-KMS, ${KEY_ARN})`);
  } finally {
    cfn.restore();
    bucket.restore();
  }
});
