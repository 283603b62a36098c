import type { CreateProcessingJobRequest } from '../../lib/api/api-request';
import { applyRunValues, RunJob, withoutRunName } from '../../lib/definition/run-values';

/** A job's request as the renderer gives it: an S3 input and an Athena input, a declared S3 output, a Feature Store output, a processor's event-log output. */
const REQUEST: CreateProcessingJobRequest = {
  ProcessingJobName: 'features',
  RoleArn: 'arn:aws:iam::123456789012:role/job',
  AppSpecification: { ImageUri: 'img:1', ContainerArguments: ['--mode', 'full'] },
  ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
  ProcessingInputs: [
    { InputName: 'raw', S3Input: { S3Uri: 's3://lake/raw/', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix', S3InputMode: 'File' } },
    { InputName: 'events', DatasetDefinition: { AthenaDatasetDefinition: { Catalog: 'c', Database: 'd', QueryString: 'q', OutputS3Uri: 's3://a/', OutputFormat: 'PARQUET' } } },
  ],
  ProcessingOutputConfig: {
    Outputs: [
      { OutputName: 'features', S3Output: { S3Uri: 's3://lake/features/', LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } },
      { OutputName: 'online', FeatureStoreOutput: { FeatureGroupName: 'fg' } },
      { OutputName: 'output-3', S3Output: { S3Uri: 's3://lake/spark-events', LocalPath: '/opt/ml/processing/spark-events/', S3UploadMode: 'Continuous' } },
    ],
  },
  Environment: { LOG_LEVEL: 'info' },
};
const JOB: RunJob = { path: 'Lake/Features', partitioning: 'none', inputs: ['raw'], outputs: ['features'] };
const RUN = { jobName: 'features-20261120-020000-1a2b3c4d', runId: 'run-7', scheduledTime: '2026-11-20T02:00:00Z', overrides: {} };
const uris = (r: CreateProcessingJobRequest) => r.ProcessingOutputConfig!.Outputs!.map((o) => o.S3Output?.S3Uri ?? o.FeatureStoreOutput?.FeatureGroupName);

describe('applyRunValues', () => {
  test('names the run and gives the container its identity; the job\'s request is left as it was', () => {
    const before = structuredClone(REQUEST);
    const request = applyRunValues(REQUEST, JOB, RUN);
    expect(request.ProcessingJobName).toBe('features-20261120-020000-1a2b3c4d');
    expect(request.Environment).toEqual({ LOG_LEVEL: 'info', PROCESSING_RUN_ID: 'run-7', PROCESSING_SCHEDULED_TIME: '2026-11-20T02:00:00Z' });
    expect(REQUEST).toEqual(before);
  });

  test('overrides replace arguments, instance type and count and the URIs they name; environment merges over the job\'s', () => {
    const request = applyRunValues(REQUEST, JOB, { ...RUN, overrides: {
      arguments: ['--mode', 'backfill'], environment: { LOG_LEVEL: 'debug', EXTRA: '1' }, instanceType: 'ml.m5.2xlarge', instanceCount: 3,
      inputs: { raw: 's3://backfill/raw/' }, outputs: { features: 's3://backfill/features/' },
    } });
    expect(request.AppSpecification!.ContainerArguments).toEqual(['--mode', 'backfill']);
    expect(request.ProcessingResources!.ClusterConfig).toEqual({ InstanceType: 'ml.m5.2xlarge', InstanceCount: 3, VolumeSizeInGB: 30 });
    expect(request.ProcessingInputs!.map((i) => i.S3Input?.S3Uri ?? i.DatasetDefinition?.AthenaDatasetDefinition?.OutputS3Uri)).toEqual(['s3://backfill/raw/', 's3://a/']);
    expect(uris(request)).toEqual(['s3://backfill/features/', 'fg', 's3://lake/spark-events']);
    expect(request.Environment).toEqual({ LOG_LEVEL: 'debug', EXTRA: '1', PROCESSING_RUN_ID: 'run-7', PROCESSING_SCHEDULED_TIME: '2026-11-20T02:00:00Z' });
  });

  test('overrides with no arguments run the container with none (ContainerArguments left out, as the API takes 1–100 items)', () => {
    expect(applyRunValues(REQUEST, JOB, { ...RUN, overrides: { arguments: [] } }).AppSpecification).toEqual({ ImageUri: 'img:1' });
  });

  test.each([
    ['scheduled-date', 's3://lake/features/dt=2026-11-20/'],
    ['run-id', 's3://lake/features/run=run-7/'],
  ] as const)('%s partitions the declared S3 outputs only, not Feature Store or the processor\'s event logs', (partitioning, features) => {
    expect(uris(applyRunValues(REQUEST, { ...JOB, partitioning }, RUN))).toEqual([features, 'fg', 's3://lake/spark-events']);
  });

  test.each([
    [{ inputs: { events: 's3://x/' } }, "Lake/Features: overrides name the input 'events', which is not one of the job's S3 inputs (raw)"],
    [{ outputs: { 'output-3': 's3://x/' } }, "Lake/Features: overrides name the output 'output-3', which is not one of the job's S3 outputs (features)"],
  ])('refuses overrides of what the job does not declare: %j', (overrides, message) => {
    expect(() => applyRunValues(REQUEST, JOB, { ...RUN, overrides })).toThrow(message);
  });

  test('withoutRunName leaves the name out and nothing else', () => {
    const rest: Partial<CreateProcessingJobRequest> = { ...REQUEST };
    delete rest.ProcessingJobName;
    expect(withoutRunName(REQUEST)).toEqual(rest);
    expect(REQUEST.ProcessingJobName).toBe('features');
  });
});
