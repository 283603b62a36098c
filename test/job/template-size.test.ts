import * as fs from 'fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  JobSchedule, JobTrigger, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRunner, ProcessingOutput, ScriptProcessor,
} from '../../lib';
import { MAX_TEMPLATE_BYTES } from '../../lib/job/template-size';

/**
 * CloudFormation takes a template of at most 1 MB (User Guide, "Understand CloudFormation quotas");
 * aws-cdk-lib refuses more than 500 resources but only warns about a template over 1 MB. Jobs with
 * a few inputs, outputs and environment variables, a schedule and a trigger reach 1 MB first: 90 of
 * them with runners of their own are 1.1 MB with 455 resources, 160 on a shared runner (with a KMS
 * key) 1.2 MB with 485: both synthesized and failed `cdk deploy`.
 */
function app(jobs: number, shared = false): App {
  const a = new App();
  const data = new Stack(a, 'Data');
  const key = new kms.Key(data, 'Key', { enableKeyRotation: true });
  const lake = new s3.Bucket(data, 'Lake', { enforceSSL: true, eventBridgeEnabled: true, encryptionKey: shared ? key : undefined });
  const stack = new Stack(a, 'Features');
  const runner = shared ? new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'features' }) : undefined;
  const processor = new ScriptProcessor({ image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1'), command: ['python3'] });
  for (let i = 0; i < jobs; i++) {
    new ProcessingJob(stack, `CustomerFeatureTable${i}`, {
      runner,
      processor,
      code: ProcessingCode.fromBucket(lake, `code/table${i}.py`),
      processingInputs: ['orders', 'customers', 'returns', 'products', 'stock'].map((name) => ProcessingInput.fromBucket(name, lake, `raw/${name}/table${i}/`)),
      processingOutputs: ['features', 'stats', 'report'].map((name) => ProcessingOutput.toBucket(name, lake, `out/${name}/table${i}/`)),
      environment: Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`SETTING_${k}`, `value-of-setting-${k}-for-table-${i}`])),
      maxRuntime: Duration.hours(2),
      ...shared ? { volumeKmsKey: key, outputKmsKey: key } : {},
      schedule: JobSchedule.cron({ hour: '2', minute: '0' }),
      triggers: [JobTrigger.onObjectCreated(lake, { prefix: `raw/orders/table${i}/` })],
    });
  }
  return a;
}

test.each([[90, false], [160, true]])('%i jobs (shared runner: %s) whose template is over 1 MB are refused at synth, naming the stack, its size and the limit', (jobs, shared) => {
  expect(() => app(jobs, shared).synth()).toThrow(new RegExp(
    `Features: the stack's template is 1[0-9]{6} bytes with its ${jobs} processing jobs; CloudFormation takes at most ${MAX_TEMPLATE_BYTES} ` +
    '\\(quota "Template body size in an Amazon S3 object"\\)'));
});

test('86 of them, just under 1 MB, synthesize', () => {
  const stack = app(86).synth().getStackByName('Features');
  const written = fs.statSync(stack.templateFullPath).size;
  expect(written).toBeGreaterThan(0.95 * MAX_TEMPLATE_BYTES);
  expect(written).toBeLessThanOrEqual(MAX_TEMPLATE_BYTES);
});
