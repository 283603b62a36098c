import { Stack, Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingJobSpec } from '../../lib/api/spec';
import { OutputPartitioning } from '../../lib/job/options';
import { JobRunTemplate } from '../../lib/job/run-template';

/** A job with a declared S3 input and output, and an S3 output a processor adds itself (not declared: never overridden). */
const BASE: ProcessingJobSpec = {
  jobName: 'nightly-features',
  roleArn: 'arn:aws:iam::123456789012:role/job',
  imageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1',
  arguments: ['--mode', 'full'],
  environment: { LOG_LEVEL: 'info' },
  instanceType: 'ml.m5.xlarge',
  instanceCount: 1,
  volumeSizeInGb: 30,
  inputs: [{ inputName: 'raw', s3: { s3Uri: 's3://lake/raw/', localPath: '/opt/ml/processing/input/raw' } }],
  outputs: [
    { outputName: 'features', s3: { s3Uri: 's3://lake/features/', localPath: '/opt/ml/processing/output/features' } },
    { outputName: 'output-2', s3: { s3Uri: 's3://lake-logs/spark-events', localPath: '/opt/ml/processing/spark-events/' } },
  ],
};

function template(partitioning = OutputPartitioning.RUN_ID): JobRunTemplate {
  return new JobRunTemplate('Jobs/Nightly', BASE, ['raw'], ['features'], partitioning);
}

describe('JobRunTemplate.specWithOverrides: what guardrails inspect of a schedule\'s, trigger\'s or step\'s runs', () => {
  test('the overrides as a run gets them: arguments replaced, environment merged, instance and declared URIs replaced; no identity, no partition', () => {
    const spec = template().specWithOverrides({
      arguments: ['--mode', 'backfill'], environment: { EXTRA: '1' }, instanceType: 'ml.m5.2xlarge', instanceCount: 8,
      inputs: { raw: 's3://backfill/raw/' }, outputs: { features: 's3://backfill/features/' },
    });
    expect(spec).toEqual({
      ...BASE,
      arguments: ['--mode', 'backfill'],
      environment: { LOG_LEVEL: 'info', EXTRA: '1' },
      instanceType: 'ml.m5.2xlarge',
      instanceCount: 8,
      inputs: [{ ...BASE.inputs[0], s3: { ...BASE.inputs[0].s3, s3Uri: 's3://backfill/raw/' } }],
      outputs: [{ ...BASE.outputs[0], s3: { ...BASE.outputs[0].s3, s3Uri: 's3://backfill/features/' } }, BASE.outputs[1]],
    });
  });

  test('no overrides: the job\'s own spec', () => {
    expect(template(OutputPartitioning.SCHEDULED_DATE).specWithOverrides({})).toEqual(BASE);
  });

  test('an empty arguments override: a run without arguments', () => {
    expect(template().specWithOverrides({ arguments: [] }).arguments).toBeUndefined();
  });

  test('a whole environment known only at run time stays that value (not its properties spread into variables)', () => {
    const environment = sfn.JsonPath.objectAt('$.environment') as unknown as { [key: string]: string };
    const spec = template().specWithOverrides({ environment });
    expect(Token.isUnresolved(spec.environment)).toBe(true);
    expect(new Stack().resolve(spec.environment)).toBe('$.environment');
  });

  test('overrides the job cannot take are refused, as on every run path', () => {
    expect(() => template().specWithOverrides({ outputs: { 'output-2': 's3://x/' } }))
      .toThrow("Jobs/Nightly: overrides name the output 'output-2', which is not one of the job's S3 outputs (features)");
  });
});

describe("JobRunTemplate.isBaseSpec: a variant whose spec is the job's own is not checked again", () => {
  test('a run that overrides nothing, or only its time, has the job\'s spec; any other override does not', () => {
    const t = template();
    expect(t.isBaseSpec(t.specWithOverrides({}))).toBe(true);
    expect(t.isBaseSpec(t.specWithOverrides({ scheduledTime: '<aws.scheduler.scheduled-time>' }))).toBe(true);
    expect(t.isBaseSpec(t.specWithOverrides({ arguments: ['--mode', 'delta'] }))).toBe(false);
    expect(t.isBaseSpec(t.specWithOverrides({ instanceType: 'ml.m5.2xlarge' }))).toBe(false);
    expect(t.isBaseSpec(t.specWithOverrides({ inputs: { raw: 's3://lake/raw/2026/' } }))).toBe(false);
    expect(t.isBaseSpec(t.specWithOverrides({ environment: { LOG_LEVEL: 'debug' } }))).toBe(false);
  });

  test('a job without variables matches a view that writes them as an empty object', () => {
    const t = new JobRunTemplate('Jobs/Plain', { ...BASE, environment: undefined }, ['raw'], ['features'], OutputPartitioning.NONE);
    expect(t.specWithOverrides({}).environment ?? {}).toEqual({});
    expect(t.isBaseSpec(t.specWithOverrides({}))).toBe(true);
  });

  test('a spec holding a token object (a whole environment from the state\'s input) is always checked', () => {
    const environment = sfn.JsonPath.objectAt('$.environment') as unknown as { [key: string]: string };
    const t = new JobRunTemplate('Jobs/Plain', { ...BASE, environment }, ['raw'], ['features'], OutputPartitioning.NONE);
    expect(t.isBaseSpec(t.specWithOverrides({}))).toBe(false);
  });
});
