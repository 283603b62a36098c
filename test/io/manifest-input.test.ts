import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingInput, S3DataType, SageMakerCreateProcessingJob } from '../../lib';
import { IMAGE_URI } from '../task/helpers';
import { PARTITION, SynthesizedIam } from '../util/iam-evaluator';

const WARNING = 'cdk-sagemaker-processing:manifest-objects-not-granted';

/** The manifest warnings of a task with these inputs, as `path: message`. */
function manifestWarnings(inputs: (stack: Stack) => ProcessingInput[]): string[] {
  const stack = new Stack(new App(), 'Manifests');
  SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { image: ProcessingImage.fromRegistry(IMAGE_URI), processingInputs: inputs(stack) });
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('manifest-objects-not-granted')).map((w) => `${w.id}: ${w.entry.data}`);
}

describe('a manifest-file input: the objects it lists are not granted, and synth says so', () => {
  const manifest = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  fs.writeFileSync(path.join(manifest, 'objects.manifest'), JSON.stringify([{ prefix: 's3://lake/data/' }, 'part-0.csv']));

  test.each<[string, (stack: Stack) => ProcessingInput]>([
    ['fromBucket', (stack) => ProcessingInput.fromBucket('data', new s3.Bucket(stack, 'Lake'), 'lists/objects.manifest', { s3DataType: S3DataType.MANIFEST_FILE })],
    ['fromS3Uri', () => ProcessingInput.fromS3Uri('data', 's3://lake/lists/objects.manifest', { s3DataType: S3DataType.MANIFEST_FILE })],
    ['fromAsset', () => ProcessingInput.fromAsset('data', path.join(manifest, 'objects.manifest'), { s3DataType: S3DataType.MANIFEST_FILE })],
  ])('%s', (_kind, input) => {
    expect(manifestWarnings((stack) => [input(stack)])).toEqual([
      '/Manifests/Job: input \'data\' is a manifest file: the job role may read the manifest, but not the objects it lists (under the manifest\'s own '
      + '"prefix"), which synth cannot read; grant their read to the job\'s role (bucket.grantRead(job.role, \'<prefix>*\')), or every run fails to '
      + `download them [ack: ${WARNING}]`,
    ]);
  });

  test('a manifest URI that names a folder gets the warning manifest-folder instead', () => {
    expect(manifestWarnings(() => [ProcessingInput.fromS3Uri('data', 's3://lake/lists/', { s3DataType: S3DataType.MANIFEST_FILE })])).toEqual([]);
  });

  test('a prefix input warns of nothing', () => {
    expect(manifestWarnings((stack) => [
      ProcessingInput.fromBucket('raw', new s3.Bucket(stack, 'Lake'), 'raw/'),
      ProcessingInput.fromS3Uri('more', 's3://lake/more/', { s3DataType: S3DataType.S3_PREFIX }),
    ])).toEqual([]);
  });
});

test('a bucket input whose manifest key is a folder gets manifest-folder, the bucket\'s name shown as ${…}', () => {
  const stack = new Stack(new App(), 'Folder');
  SageMakerCreateProcessingJob.jsonPath(stack, 'Job', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    processingInputs: [ProcessingInput.fromBucket('data', new s3.Bucket(stack, 'Lake'), 'lists/', { s3DataType: S3DataType.MANIFEST_FILE })],
  });
  expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('manifest-')).map((w) => w.entry.data)).toEqual([
    "Folder/Job: input 'data' s3Uri 's3://${…}/lists/' ends with '/', but its s3DataType is ManifestFile: SageMaker reads the URI as one manifest object "
    + "(a JSON list of a prefix and keys), not a folder; give the manifest file's key, or S3DataType.S3_PREFIX for the objects under the folder "
    + '(ProcessingInputs[].S3Input.S3DataType) [ack: cdk-sagemaker-processing:manifest-folder]',
  ]);
});

describe('a manifest-file input grants the manifest object, not every key that starts with its name', () => {
  const stack = new Stack(new App(), 'Manifests');
  const lake = new s3.Bucket(stack, 'Lake');
  SageMakerCreateProcessingJob.jsonPath(stack, 'Job', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    processingInputs: [
      ProcessingInput.fromBucket('a', lake, 'lists/a.manifest', { s3DataType: S3DataType.MANIFEST_FILE }),
      ProcessingInput.fromS3Uri('b', 's3://other-lake/lists/b.manifest', { s3DataType: S3DataType.MANIFEST_FILE }),
      ProcessingInput.fromS3Uri('c', 's3://other-lake/raw/part', { s3DataType: S3DataType.S3_PREFIX }),
    ],
  });
  const iam = SynthesizedIam.of(stack);
  const role = iam.role('Job/JobRole/Resource');
  const bucket = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));
  const get = (bucketAndKey: string) => iam.decide(role, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${bucketAndKey}` });

  test('the manifest object is read (and listed by its key); its neighbours are not', async () => {
    expect(await get(`${bucket}/lists/a.manifest`)).toBe('Allowed');
    expect(await get(`${bucket}/lists/a.manifest.bak`)).toBe('ImplicitlyDenied');
    expect(await get('other-lake/lists/b.manifest')).toBe('Allowed');
    expect(await get('other-lake/lists/b.manifest-old')).toBe('ImplicitlyDenied');
    const list = (prefix: string) => iam.decide(role, { action: 's3:ListBucket', resource: `arn:${PARTITION}:s3:::other-lake`, context: { 's3:prefix': prefix } });
    expect(await list('lists/b.manifest')).toBe('Allowed');
    expect(await list('lists/b.manifest-old')).toBe('ImplicitlyDenied');
  });

  test('an S3 prefix input is still every key under the prefix (SageMaker copies all of them)', async () => {
    expect(await get('other-lake/raw/part-0.csv')).toBe('Allowed');
    expect(await get('other-lake/raw/partition=1/a.csv')).toBe('Allowed');
  });
});
