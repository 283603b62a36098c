import { Duration, Size } from 'aws-cdk-lib';
import fc from 'fast-check';
import { JobRunOverrides, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingOutput, OutputPartitioning } from '../../lib';
import { validateCreateProcessingJobRequest } from '../contracts';
import { jsonPathTask, newStack, renderedRequest } from '../task/helpers';

/**
 * Random job props and static overrides: either synth fails with messages that each name the
 * construct path and a field, or the rendered request validates against the SageMaker API model
 * (test/contracts, botocore's model). Instance types come from the model's enum or are malformed:
 * a well-formed type the model lacks is only a warning at synth (AWS adds types), and the model
 * would refuse it.
 */

const word = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-./= '.split('')), minLength: 0, maxLength: 12 });
/** Mostly short, sometimes at or past 256 characters, sometimes with a line break. */
const item = fc.oneof(
  { weight: 8, arbitrary: word },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 260 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: word.map((w) => `${w}\n${w}`) },
);
const envKey = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/) }, { weight: 1, arbitrary: word });
const instanceType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('ml.m5.xlarge', 'ml.c5.2xlarge', 'ml.r5.large', 'ml.t3.medium', 'ml.g4dn.xlarge') },
  { weight: 1, arbitrary: fc.constantFrom('ml.m5.xlarg', 'm5.xlarge', '', 'ml.m5', 'ML.M5.XLARGE', 'ml..xlarge') },
);
const bucket = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,20}$/) }, { weight: 1, arbitrary: fc.constantFrom('my bucket', 'b$', '') });
const s3Uri = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(bucket, fc.stringMatching(/^[a-z0-9/=-]{0,20}$/)).map(([b, k]) => `s3://${b}/${k}`) },
  { weight: 1, arbitrary: fc.constantFrom('not-a-uri', 'ftp://b/x/', `s3://b/${'k'.repeat(1020)}`, 's3://b/a\nb') },
);
const localPath = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z]{1,8}$/).map((p) => `/opt/ml/processing/${p}`) },
  { weight: 1, arbitrary: fc.constantFrom('/opt/ml/processing/../etc', '/opt/ml/processing//', '/data/x', '/opt/ml/processing/') },
);
const environment = fc.dictionary(envKey, item, { maxKeys: 104 });
/** Tag text: the characters tags may have (letters of any script, digits, spaces, `_ . : / = + - @`) and some they may not. */
const tagText = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'aZ9 _.:/=+-@é語#!*,€😀\t'.split(/(?:)/u)), minLength: 0, maxLength: 8 }) },
);
/** An ExperimentConfig name: mostly well formed, sometimes with characters or a length the API refuses. */
const experimentName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z0-9]{1,8}(-{1,2}[a-zA-Z0-9]{1,4})?$/) },
  { weight: 1, arbitrary: fc.oneof(word, fc.constantFrom('-a', 'a-', 'a'.repeat(121), 'a'.repeat(120))) },
);
/** An Athena input's catalog, database and workgroup: names, empty ones and ones past their limits. */
const athena = fc.record({
  catalog: fc.option(fc.oneof(word, fc.constant('c'.repeat(257))), { nil: undefined }),
  database: fc.oneof(fc.stringMatching(/^[a-z_]{1,10}$/), fc.constant('d'.repeat(256))),
  workGroup: fc.option(fc.oneof(fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/), word, fc.constant('w'.repeat(129))), { nil: undefined }),
});
const args = fc.array(item, { minLength: 0, maxLength: 103 });

const taskProps = fc.record({
  instanceType: fc.option(instanceType, { nil: undefined }),
  instanceCount: fc.option(fc.oneof(fc.integer({ min: -2, max: 105 }), fc.constantFrom(2.5, NaN)), { nil: undefined }),
  volumeSize: fc.option(fc.integer({ min: 0, max: 16390 }), { nil: undefined }),
  maxRuntime: fc.option(fc.oneof(fc.integer({ min: 0, max: 777610 }).map((s) => Duration.seconds(s)), fc.constant(Duration.millis(1500))), { nil: undefined }),
  arguments: fc.option(args, { nil: undefined }),
  environment: fc.option(environment, { nil: undefined }),
  inputs: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), uri: s3Uri, path: localPath }), { maxLength: 11, selector: (i) => i.name }),
  tags: fc.option(fc.dictionary(fc.oneof(tagText, fc.constant('aws:x')), tagText, { maxKeys: 52 }), { nil: undefined }),
  experimentConfig: fc.option(fc.record({ experimentName, trialName: experimentName, trialComponentDisplayName: experimentName, runName: experimentName }, { requiredKeys: [] }), { nil: undefined }),
  athena: fc.option(athena, { nil: undefined }),
}, { requiredKeys: ['inputs'] });

const overrides: fc.Arbitrary<JobRunOverrides> = fc.record({
  arguments: args,
  environment,
  instanceType,
  instanceCount: fc.oneof(fc.integer({ min: -1, max: 102 }), fc.constant(2.5)),
  inputs: fc.record({ raw: s3Uri }),
  outputs: fc.record({ features: s3Uri }),
}, { requiredKeys: [] });

/**
 * Every line of a synth error starts with the construct path and ends with the API field it is
 * about, in parentheses (`(ProcessingResources.ClusterConfig.InstanceCount)`, `(LocalPath)`,
 * `(S3 bucket naming rules; ProcessingInputs[].S3Input.S3Uri)`, a missing member
 * `(AthenaDatasetDefinition requires it)`); a duplicate name says which names.
 */
const NAMES_PATH_AND_FIELD = /^TestStack\/[A-Za-z/]+: .+(\((?:[^()]*; )?[A-Z][A-Za-z0-9]*(?:\[\])?(?:\.[A-Z][A-Za-z0-9]*(?:\[\])?)*(?: requires it)?\)|names must be unique within the job)$/;

function errorOf(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('random props and overrides (fast-check)', () => {
  test('a SageMakerCreateProcessingJob either fails synth naming path and field, or renders a request the API model accepts', () => {
    fc.assert(fc.property(taskProps, (p) => {
      let rendered: unknown;
      const error = errorOf(() => {
        const { stack, task } = jsonPathTask({
          instanceType: p.instanceType !== undefined ? ProcessingInstanceType.of(p.instanceType) : undefined,
          instanceCount: p.instanceCount,
          volumeSize: p.volumeSize !== undefined ? Size.gibibytes(p.volumeSize) : undefined,
          maxRuntime: p.maxRuntime,
          arguments: p.arguments,
          environment: p.environment,
          tags: p.tags,
          experimentConfig: p.experimentConfig,
          processingInputs: [
            ...p.inputs.map((i) => ProcessingInput.fromS3Uri(i.name, i.uri, { localPath: i.path })),
            ...(p.athena ? [ProcessingInput.fromAthena('query', { ...p.athena, queryString: 'SELECT 1', outputS3Uri: 's3://lake/query/' })] : []),
          ],
        });
        rendered = renderedRequest(stack, task);
      });
      if (error !== undefined) {
        for (const line of error.split('\n')) expect(line).toMatch(NAMES_PATH_AND_FIELD);
      } else {
        expect(validateCreateProcessingJobRequest(rendered)).toEqual([]);
      }
    }), { numRuns: 300, seed: 14 });
  });

  test('a ProcessingJob step with static overrides either fails synth naming path and field, or renders a request the API model accepts', () => {
    fc.assert(fc.property(overrides, (o) => {
      let rendered: unknown;
      const error = errorOf(() => {
        const stack = newStack();
        const job = new ProcessingJob(stack, 'Job', {
          image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/my-job:1'),
          arguments: ['--mode', 'full'],
          processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://lake/raw/')],
          processingOutputs: [ProcessingOutput.toS3Uri('features', 's3://lake/features/')],
          outputPartitioning: OutputPartitioning.NONE,
        });
        rendered = renderedRequest(stack, job.asStep(stack, 'Step', { overrides: o }));
      });
      if (error !== undefined) {
        for (const line of error.split('\n')) expect(line).toMatch(NAMES_PATH_AND_FIELD);
      } else {
        expect(validateCreateProcessingJobRequest(rendered)).toEqual([]);
      }
    }), { numRuns: 200, seed: 14 });
  });
});
