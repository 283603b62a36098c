import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataDistributionType, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ScriptProcessor } from '../../../lib';
import { requireSandboxTools, tempDir } from './apps';
import { runCli } from './io';

/**
 * A sharded input of a job on several instances: SageMaker gives each instance about
 * 1/InstanceCount of the objects (ProcessingS3Input.S3DataDistributionType ShardedByS3Key); the one
 * local container, algo-1, gets them all, and the run says so before the script starts.
 */
test('a ShardedByS3Key input of a 3-instance job is named as a difference; algo-1 gets every file', async () => {
  requireSandboxTools();
  const dir = tempDir();
  const code = path.join(dir, 'count.py');
  fs.writeFileSync(code, 'import os\nprint(len(os.listdir("/opt/ml/processing/input/parts")))\n');
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  const stack = new Stack(app, 'Shards');
  new ProcessingJob(stack, 'Count', {
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'), command: ['python3'] }),
    code: ProcessingCode.fromAsset(code),
    instanceCount: 3,
    processingInputs: [ProcessingInput.fromBucket('parts', new s3.Bucket(stack, 'Lake'), 'parts/', { distributionType: DataDistributionType.SHARDED_BY_S3_KEY })],
  });
  app.synth();
  fs.mkdirSync(path.join(dir, 'parts'));
  for (const n of [1, 2, 3, 4]) fs.writeFileSync(path.join(dir, 'parts', `part-${n}.csv`), `${n}\n`);
  const result = await runCli(['--cdk-out', path.join(dir, 'cdk.out'), 'local', 'Count', '--engine', 'bwrap', '--input', `parts=${path.join(dir, 'parts')}`, '--output-dir', path.join(dir, 'out')]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('  differs from SageMaker: input parts is ShardedByS3Key: algo-1 gets all of it here, on SageMaker each of the 3 instances about 1/3 of its objects\n');
  expect(result.stdout).toContain('running: python3 /opt/ml/processing/input/code/count.py\n4\n');
});
