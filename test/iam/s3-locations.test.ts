import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingCode, ProcessingImage, ProcessingInput, ProcessingOutput, ProcessingS3Location, PySparkProcessor, SageMakerCreateProcessingJob, SparkJarProcessor, SparkVersion } from '../../lib';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';
import { renderedRequest } from '../task/helpers';

const IMAGE = ProcessingImage.fromRegistry(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/jobs:1`);

/** Spark event logs and an Athena query result given as locations in a bucket of the stack. */
function locationsStack() {
  const stack = new Stack(new App(), 'TestStack');
  const bucket = new s3.Bucket(stack, 'Lake');
  const spark = SageMakerCreateProcessingJob.jsonPath(stack, 'Spark', {
    processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, sparkEventLogs: ProcessingS3Location.fromBucket(bucket, 'spark-events/') }),
    code: ProcessingCode.fromBucket(bucket, 'code/app.py'),
  });
  const athena = SageMakerCreateProcessingJob.jsonPath(stack, 'Athena', {
    image: IMAGE,
    processingInputs: [ProcessingInput.fromAthena('events', {
      database: 'lake', queryString: 'SELECT * FROM events', outputLocation: ProcessingS3Location.fromBucket(bucket, 'athena/events/'),
    })],
  });
  const iam = SynthesizedIam.of(stack);
  return { stack, spark, athena, iam, lake: iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource')) };
}

describe('bucket-and-prefix locations for string-only S3 fields, evaluated', () => {
  const { stack, spark, athena, iam, lake } = locationsStack();
  const object = (key: string) => `arn:${PARTITION}:s3:::${lake}/${key}`;

  test('the request carries the location as an s3:// URI', () => {
    const sparkRequest = iam.resolve(renderedRequest(stack, spark));
    expect(sparkRequest.ProcessingOutputConfig.Outputs).toEqual([expect.objectContaining({ S3Output: expect.objectContaining({ S3Uri: `s3://${lake}/spark-events/` }) })]);
    const athenaRequest = iam.resolve(renderedRequest(stack, athena));
    expect(athenaRequest.ProcessingInputs[0].DatasetDefinition.AthenaDatasetDefinition.OutputS3Uri).toBe(`s3://${lake}/athena/events/`);
  });

  test('Spark event logs: the job may put under their prefix only', async () => {
    const role = iam.role('Spark/JobRole/Resource');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: object('spark-events/app-1.inprogress') })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: object('spark-events/app-1.inprogress') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: object('athena/events/x.parquet') })).toBe('ImplicitlyDenied');
  });

  test('an Athena query result: the job may put, get and list under its prefix only', async () => {
    const role = iam.role('Athena/JobRole/Resource');
    expect(await iam.decide(role, { action: 's3:PutObject', resource: object('athena/events/q-1.parquet') })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: object('athena/events/q-1.parquet') })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:ListBucket', resource: `arn:${PARTITION}:s3:::${lake}`, context: { 's3:prefix': 'athena/events/' } })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetObject', resource: object('spark-events/app-1') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(role, { action: 's3:ListBucket', resource: `arn:${PARTITION}:s3:::${lake}`, context: { 's3:prefix': '' } })).toBe('ImplicitlyDenied');
  });

  test('an Athena query: the result bucket\'s location, the workgroup\'s settings and the partitions of the database\'s tables', async () => {
    const role = iam.role('Athena/JobRole/Resource');
    // Athena checks the result location's bucket before it runs the query ("Unable to verify/create output bucket" without it).
    expect(await iam.decide(role, { action: 's3:GetBucketLocation', resource: `arn:${PARTITION}:s3:::${lake}` })).toBe('Allowed');
    expect(await iam.decide(role, { action: 's3:GetBucketLocation', resource: `arn:${PARTITION}:s3:::other-bucket` })).toBe('ImplicitlyDenied');
    const workgroup = (name: string) => `arn:${PARTITION}:athena:${REGION}:${ACCOUNT}:workgroup/${name}`;
    expect(await iam.decide(role, { action: 'athena:GetWorkGroup', resource: workgroup('primary') })).toBe('Allowed');
    expect(await iam.decide(role, { action: 'athena:GetWorkGroup', resource: workgroup('other') })).toBe('ImplicitlyDenied');
    const glue = (resource: string) => `arn:${PARTITION}:glue:${REGION}:${ACCOUNT}:${resource}`;
    for (const resource of [glue('catalog'), glue('database/lake'), glue('table/lake/events')]) {
      expect(await iam.decide(role, { action: 'glue:BatchGetPartition', resource })).toBe('Allowed');
    }
    expect(await iam.decide(role, { action: 'glue:BatchGetPartition', resource: glue('table/other/events') })).toBe('ImplicitlyDenied');
    // The Spark job's role has none of it.
    expect(await iam.decide(iam.role('Spark/JobRole/Resource'), { action: 's3:GetBucketLocation', resource: `arn:${PARTITION}:s3:::${lake}` })).toBe('ImplicitlyDenied');
  });

  test.each([
    ['neither', {}, 'neither'],
    ['both', { outputS3Uri: 's3://results/q/', outputLocation: ProcessingS3Location.fromS3Uri('s3://results/q/') }, 'both'],
  ])('a query input with %s of outputLocation and outputS3Uri is refused', (_what, given, word) => {
    const s = new Stack(new App(), 'Bad');
    expect(() => SageMakerCreateProcessingJob.jsonPath(s, 'Job', {
      image: IMAGE,
      processingInputs: [ProcessingInput.fromAthena('events', { database: 'lake', queryString: 'SELECT 1', ...given })],
    })).toThrow(`Bad/Job: input 'events' needs exactly one of outputLocation and outputS3Uri (DatasetDefinition OutputS3Uri, where the query result is written); got ${word}`);
  });

  test('Spark event logs given twice are refused', () => {
    expect(() => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, sparkEventLogsS3Uri: 's3://a/b/', sparkEventLogs: ProcessingS3Location.fromS3Uri('s3://a/b/') }))
      .toThrow('PySparkProcessor: give sparkEventLogs or sparkEventLogsS3Uri, not both (the event-log output)');
  });
});

describe('Spark dependencies from S3 (submitPyFiles, submitJars, submitFiles), evaluated', () => {
  const stack = new Stack(new App(), 'TestStack');
  SageMakerCreateProcessingJob.jsonPath(stack, 'Py', {
    processor: new PySparkProcessor({
      frameworkVersion: SparkVersion.V3_5,
      submitPyFiles: ['s3://deps/py/helpers.py'],
      submitJars: ['s3a://deps/jars/udf.jar', 's3://libs/shared/*.jar'],
      submitFiles: ['s3://deps/conf/app.conf', 's3://notes/*.txt'],
    }),
    code: ProcessingCode.fromBucket(new s3.Bucket(stack, 'Code'), 'app.py'),
  });
  SageMakerCreateProcessingJob.jsonPath(stack, 'Jar', {
    processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'a.Main', submitJars: ['s3://libs/v1/part-?.jar', 's3://libs/folder/'] }),
    code: ProcessingCode.fromBucket(new s3.Bucket(stack, 'Jars'), 'app.jar'),
  });
  const iam = SynthesizedIam.of(stack);
  const get = (role: string, bucketAndKey: string) => iam.decide(iam.role(`${role}/JobRole/Resource`), { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${bucketAndKey}` });
  const list = (role: string, bucket: string, prefix: string) => iam.decide(iam.role(`${role}/JobRole/Resource`), {
    action: 's3:ListBucket', resource: `arn:${PARTITION}:s3:::${bucket}`, context: { 's3:prefix': prefix },
  });

  test('a dependency that names one object: the job reads that object, not its neighbours of the same beginning', async () => {
    for (const key of ['deps/py/helpers.py', 'deps/jars/udf.jar', 'deps/conf/app.conf']) {
      expect(await get('Py', key)).toBe('Allowed');
      expect(await get('Py', `${key}.orig`)).toBe('ImplicitlyDenied');
    }
    expect(await get('Py', 'deps/py/other.py')).toBe('ImplicitlyDenied');
    expect(await list('Py', 'deps', 'py/helpers.py')).toBe('Allowed');
    expect(await list('Py', 'deps', 'py/')).toBe('ImplicitlyDenied');
  });

  test('a glob (spark-submit resolves Hadoop globs in its dependency lists): the folder that holds its first wildcard, listed and read', async () => {
    expect(await list('Py', 'libs', 'shared/')).toBe('Allowed');
    expect(await get('Py', 'libs/shared/a.jar')).toBe('Allowed');
    expect(await get('Py', 'libs/other/a.jar')).toBe('ImplicitlyDenied');
    // A wildcard in the bucket's top folder: the bucket.
    expect(await list('Py', 'notes', '')).toBe('Allowed');
    expect(await get('Py', 'notes/a/b.txt')).toBe('Allowed');
    expect(await list('Jar', 'libs', 'v1/')).toBe('Allowed');
    expect(await get('Jar', 'libs/v1/part-1.jar')).toBe('Allowed');
    expect(await get('Jar', 'libs/v2/part-1.jar')).toBe('ImplicitlyDenied');
  });

  test('a key that ends with / stays a prefix', async () => {
    expect(await get('Jar', 'libs/folder/a.jar')).toBe('Allowed');
    expect(await list('Jar', 'libs', 'folder/')).toBe('Allowed');
  });
});

describe('S3 URIs with deploy-time values (a bucket\'s s3UrlForObject, its name in a template string), evaluated', () => {
  const stack = new Stack(new App(), 'TestStack');
  const lake = new s3.Bucket(stack, 'Lake');
  SageMakerCreateProcessingJob.jsonPath(stack, 'Spark', {
    processor: new PySparkProcessor({
      frameworkVersion: SparkVersion.V3_5,
      sparkEventLogsS3Uri: lake.s3UrlForObject('spark-events/'),
      submitJars: [lake.s3UrlForObject('jars/udf.jar')],
    }),
    code: ProcessingCode.fromBucket(lake, 'code/app.py'),
    processingInputs: [ProcessingInput.fromS3Uri('raw', lake.s3UrlForObject('raw/'))],
    processingOutputs: [ProcessingOutput.toS3Uri('out', `s3://${lake.bucketName}/out/`)],
  });
  SageMakerCreateProcessingJob.jsonPath(stack, 'Athena', {
    image: IMAGE,
    processingInputs: [ProcessingInput.fromAthena('events', { database: 'lake', queryString: 'SELECT 1', outputS3Uri: lake.s3UrlForObject('athena/') })],
  });
  const iam = SynthesizedIam.of(stack);
  const bucket = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));
  const decide = (role: string, action: string, key: string) => iam.decide(iam.role(`${role}/JobRole/Resource`), { action, resource: `arn:${PARTITION}:s3:::${bucket}/${key}` });

  test('each is granted on its prefix, as a concrete URI is', async () => {
    expect(await decide('Spark', 's3:GetObject', 'raw/part-0.csv')).toBe('Allowed');
    expect(await decide('Spark', 's3:PutObject', 'out/part-0.csv')).toBe('Allowed');
    expect(await decide('Spark', 's3:PutObject', 'spark-events/application_1')).toBe('Allowed');
    expect(await decide('Spark', 's3:GetObject', 'jars/udf.jar')).toBe('Allowed');
    expect(await decide('Athena', 's3:PutObject', 'athena/q-1.parquet')).toBe('Allowed');
    expect(await decide('Athena', 's3:GetObject', 'athena/q-1.parquet')).toBe('Allowed');
  });

  test('…and nothing beside it', async () => {
    expect(await decide('Spark', 's3:GetObject', 'out/part-0.csv')).toBe('ImplicitlyDenied');
    expect(await decide('Spark', 's3:PutObject', 'raw/part-0.csv')).toBe('ImplicitlyDenied');
    expect(await decide('Spark', 's3:GetObject', 'jars/udf.jar.bak')).toBe('ImplicitlyDenied');
    expect(await decide('Spark', 's3:GetObject', 'secrets/a.csv')).toBe('ImplicitlyDenied');
    expect(await decide('Athena', 's3:GetObject', 'raw/part-0.csv')).toBe('ImplicitlyDenied');
  });
});
