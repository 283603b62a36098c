import type { CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import fc from 'fast-check';
import { applyRunValues, RunJob, RunPartitioning } from '../../lib/definition/run-values';
import { jsonataRunValues } from '../../lib/definition/run-values-jsonata';
import { evaluateJsonata } from '../util/jsonata';

/**
 * The runner's `Run` state applies run values in JSONata (`jsonataRunValues`); every other path
 * applies them with `applyRunValues`. Over generated requests (inputs and outputs of every kind,
 * with and without arguments, cluster, environment; outputs in the job bucket or not) and generated
 * runs (any subset of overrides, every partitioning), the two give the same request.
 */
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const uri = fc.tuple(fc.stringMatching(/^[a-z0-9]{3,8}$/), fc.stringMatching(/^[a-z0-9=/-]{0,12}$/)).map(([b, k]) => `s3://${b}/${k}/`);
const text = fc.string({ unit: fc.constantFrom(...'abc XYZ019_-./=:"\'{}\\%'.split('')), maxLength: 12 });
const env = fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), text, { maxKeys: 4 });

const input = fc.oneof(
  fc.record({ InputName: name, S3Input: fc.record({ S3Uri: uri, LocalPath: fc.constant('/opt/ml/processing/input/x'), S3DataType: fc.constant('S3Prefix') }) }),
  fc.record({ InputName: name, DatasetDefinition: fc.record({ LocalPath: fc.constant('/opt/ml/processing/input/q'), AthenaDatasetDefinition: fc.record({ Catalog: text }) }) }),
);
const output = fc.oneof(
  fc.record({ OutputName: name, S3Output: fc.record({ S3Uri: uri, LocalPath: fc.constant('/opt/ml/processing/output/x'), S3UploadMode: fc.constant('EndOfJob') }) }),
  fc.record({ OutputName: name, FeatureStoreOutput: fc.record({ FeatureGroupName: name }) }),
);
const request = fc.record({
  RoleArn: fc.constant('arn:aws:iam::123456789012:role/job'),
  AppSpecification: fc.record({ ImageUri: fc.constant('img:1'), ContainerArguments: fc.array(text, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['ImageUri'] }),
  ProcessingResources: fc.record({
    ClusterConfig: fc.record({ InstanceType: fc.constant('ml.m5.xlarge'), InstanceCount: fc.integer({ min: 1, max: 4 }), VolumeSizeInGB: fc.constant(30) },
      { requiredKeys: ['VolumeSizeInGB'] }),
  }),
  ProcessingInputs: fc.uniqueArray(input, { selector: (i) => i.InputName, maxLength: 3 }),
  ProcessingOutputConfig: fc.record({ Outputs: fc.uniqueArray(output, { selector: (o) => o.OutputName, minLength: 1, maxLength: 3 }) }),
  Environment: env,
}, { requiredKeys: ['RoleArn', 'AppSpecification', 'ProcessingResources'] }) as fc.Arbitrary<CreateProcessingJobRequest>;

/** A job over a request: some of its S3 inputs and outputs declared (overridable, partitioned), a partitioning. */
const jobAndRun = request.chain((req) => {
  const s3Inputs = (req.ProcessingInputs ?? []).filter((i) => i.S3Input).map((i) => i.InputName!);
  const s3Outputs = (req.ProcessingOutputConfig?.Outputs ?? []).filter((o) => o.S3Output).map((o) => o.OutputName!);
  const subset = (names: string[]) => (names.length ? fc.subarray(names) : fc.constant([] as string[]));
  return fc.record({
    request: fc.constant(req),
    inputs: subset(s3Inputs),
    outputs: subset(s3Outputs),
    partitioning: fc.constantFrom<RunPartitioning>('none', 'scheduled-date', 'run-id'),
  }).chain((declared) => (declared.outputs.length ? fc.subarray(declared.outputs) : fc.constant([] as string[]))
    .map((jobBucketOutputs) => ({ ...declared, jobBucketOutputs }))).chain((job) => fc.record({
    job: fc.constant(job),
    overrides: fc.record({
      arguments: fc.array(text, { maxLength: 3 }),
      environment: env,
      instanceType: fc.constantFrom('ml.c5.2xlarge', 'ml.g5.xlarge'),
      instanceCount: fc.integer({ min: 1, max: 100 }),
      inputs: job.inputs.length ? fc.dictionary(fc.constantFrom(...job.inputs), uri, { maxKeys: job.inputs.length }) : fc.constant({}),
      outputs: job.outputs.length ? fc.dictionary(fc.constantFrom(...job.outputs), uri, { maxKeys: job.outputs.length }) : fc.constant({}),
    }, { requiredKeys: [] }),
    scheduledTime: fc.constantFrom('2026-11-24T02:00:00Z', '2026-02-01T23:59:59.5+01:00'),
    runId: fc.stringMatching(/^[a-zA-Z0-9-]{1,20}$/),
  }));
});

test('jsonataRunValues and applyRunValues give the same request for every job and run', async () => {
  const expression = `{% ${jsonataRunValues({ request: '$request', job: '$job', run: '$run', jobName: "'the-run-name'", runId: '$runId' })} %}`;
  await fc.assert(fc.asyncProperty(jobAndRun, async ({ job, overrides, scheduledTime, runId }) => {
    const runJob: RunJob = { path: 'P', partitioning: job.partitioning, inputs: job.inputs, outputs: job.outputs, jobBucketOutputs: job.jobBucketOutputs };
    const expected = applyRunValues(job.request, runJob, { jobName: 'the-run-name', runId, scheduledTime, overrides });
    const actual = await evaluateJsonata(expression, { input: {}, context: {} }, {
      request: job.request, job: { inputs: job.inputs, outputs: job.outputs, partitioning: job.partitioning, jobBucketOutputs: job.jobBucketOutputs },
      run: { ...overrides, scheduledTime }, runId,
    });
    expect(actual).toEqual(expected);
  }), { numRuns: 300 });
});
