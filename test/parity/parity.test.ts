import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJobDefinitionProps, ProcessingOutput,
  PyTorchVersion, PySparkProcessor, S3CompressionType, S3UploadMode, SageMakerCreateProcessingJob, ScriptProcessor, SKLearnProcessor,
  SKLearnVersion, SparkJarProcessor, SparkVersion, XGBoostVersion,
} from '../../lib';

/**
 * Parity with the SageMaker Python SDK: each JSON file here holds a request the SDK's unit test
 * expects (named in `sdkTest`), and the function below makes the same call with this library.
 * Fields the SDK always sends with the API default (`AppManaged: false`, `S3CompressionType: None`)
 * are compared as absent; S3 locations that differ by design are listed in `deviations` with why.
 */
interface ParityCase {
  readonly sdkTest: string;
  /** The stack's region: the image's (SageMaker pulls only from the job's region; the SDK's unit tests mock any). */
  readonly region: string;
  readonly expected: Record<string, any>;
  readonly configurationFile?: string;
  readonly deviations: Array<{ path: Array<string | number>; ours: string; why: string }>;
}

const CUSTOM_IMAGE_URI = '012345678901.dkr.ecr.us-west-2.amazonaws.com/my-custom-image-uri';
const FILES = path.join(__dirname, 'files');

type Build = (stack: Stack) => ProcessingJobDefinitionProps;
const sdkCode = (stack: Stack) => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'Mybucket', 'mybucket'), 'my_job_name/input/code/processing_code.py');
const sourceDir = (stack: Stack) => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'Mybucket', 'mybucket'),
  'my_job_name/source/sourcedir.tar.gz', { entryPoint: 'processing_code.py' });
const bucketCode = (stack: Stack, key: string) => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'Bucket', 'bucket'), key);

function allParameters(stack: Stack): Omit<ProcessingJobDefinitionProps, 'processor'> {
  return {
    code: sdkCode(stack),
    instanceType: ProcessingInstanceType.of('ml.m4.xlarge'),
    volumeSize: Size.gibibytes(100),
    volumeKmsKey: kms.Key.fromKeyArn(stack, 'VolumeKey', 'arn:aws:kms:us-west-2:012345678901:key/volume-kms-key'),
    outputKmsKey: kms.Key.fromKeyArn(stack, 'OutputKey', 'arn:aws:kms:us-west-2:012345678901:key/output-kms-key'),
    maxRuntime: Duration.seconds(3600),
    environment: { my_env_variable: 'my_env_variable_value' },
    tags: { 'my-tag': 'my-tag-value' },
    processingInputs: [
      ProcessingInput.fromS3Uri('my_dataset', 's3://path/to/my/dataset/census.csv', { localPath: '/opt/ml/processing/input/my_dataset/', compressionType: S3CompressionType.NONE }),
      ProcessingInput.fromS3Uri('s3_input', 's3://path/to/my/dataset/census.csv', { localPath: '/opt/ml/processing/input/s3_input/', compressionType: S3CompressionType.NONE }),
    ],
    processingOutputs: [ProcessingOutput.toS3Uri('my_output', 's3://uri/', { localPath: '/opt/ml/processing/output/', uploadMode: S3UploadMode.END_OF_JOB })],
    arguments: ['--drop-columns', "'SelfEmployed'"],
    experimentConfig: { experimentName: 'AnExperiment' },
  };
}

const m4 = ProcessingInstanceType.of('ml.m4.xlarge');
const c5 = ProcessingInstanceType.of('ml.c5.xlarge');

const BUILDS: Record<string, Build> = {
  'script-processor-s3-code': (stack) => ({
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry(CUSTOM_IMAGE_URI), command: ['python3'] }),
    code: bucketCode(stack, 'path/to/processing_code.py'),
    instanceType: m4,
  }),
  'script-processor-all-parameters': (stack) => ({
    processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry(CUSTOM_IMAGE_URI), command: ['python3'] }),
    ...allParameters(stack),
  }),
  'sklearn-processor-required': (stack) => ({
    processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
    code: sdkCode(stack),
    instanceType: m4,
  }),
  'sklearn-processor-all-parameters': (stack) => ({
    processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
    ...allParameters(stack),
  }),
  'framework-processor-pytorch': (stack) => ({
    processor: new FrameworkProcessor({ image: ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { pyVersion: 'py312' }) }),
    code: sourceDir(stack),
    instanceType: m4,
  }),
  'framework-processor-xgboost': (stack) => ({
    processor: new FrameworkProcessor({ image: ProcessingImage.xgboost(XGBoostVersion.V1_7_1) }),
    code: sourceDir(stack),
    instanceType: m4,
  }),
  'pyspark-processor-event-logs-and-configuration': (stack) => ({
    processor: new PySparkProcessor({
      frameworkVersion: SparkVersion.V3_1,
      configuration: [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g' } }],
      sparkEventLogsS3Uri: 's3://bucket/spark-events',
    }),
    code: bucketCode(stack, 'code/app.py'),
    instanceType: c5,
  }),
  'pyspark-processor-dependencies': (stack) => ({
    processor: new PySparkProcessor({
      frameworkVersion: SparkVersion.V3_1,
      submitPyFiles: ['s3://bucket/deps/a.py', path.join(FILES, 'helpers.py')],
      submitJars: ['s3a://bucket/jars/x.jar'],
      submitFiles: ['s3://bucket/files/lookup.csv'],
      sparkEventLogsS3Uri: 's3://bucket/spark-events',
    }),
    code: bucketCode(stack, 'code/app.py'),
    processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://bucket/out', { localPath: '/opt/ml/processing/output' })],
    instanceType: c5,
  }),
  'spark-jar-processor-s3-jar': (stack) => ({
    processor: new SparkJarProcessor({
      image: ProcessingImage.fromRegistry('790336243319.dkr.ecr.us-west-2.amazonaws.com/sagemaker-spark:0.1'),
      submitClass: 'com.example.Main',
      submitJars: ['s3://bucket/jars/dep1.jar', 's3://bucket/jars/dep2.jar'],
    }),
    code: bucketCode(stack, 'jars/app.jar'),
    arguments: ['--input', 's3://bucket/in'],
    instanceType: c5,
  }),
  'spark-jar-processor-local-jars-and-configuration': (stack) => ({
    processor: new SparkJarProcessor({
      frameworkVersion: SparkVersion.V3_1,
      submitClass: 'com.example.Main',
      submitJars: [path.join(FILES, 'udf.jar')],
      submitFiles: [path.join(FILES, 'lookup.csv'), 's3://bucket/files/b.csv'],
      configuration: [{ classification: 'spark-env', properties: {}, configurations: [{ classification: 'export', properties: { PYSPARK_PYTHON: '/usr/bin/python3' } }] }],
    }),
    code: bucketCode(stack, 'jars/app.jar'),
    instanceType: c5,
  }),
};

/** CloudFormation intrinsics as readable text: `${AWS::AccountId}` for a pseudo parameter, joins joined. */
function flatten(value: any): any {
  if (Array.isArray(value)) return value.map(flatten);
  if (value && typeof value === 'object') {
    if ('Fn::Join' in value) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
    if ('Ref' in value) return `\${${value.Ref}}`;
    if ('Fn::Sub' in value) return value['Fn::Sub'];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(v)]));
  }
  return value;
}

/** Drops the SDK's explicit API defaults, so both sides say the same thing the same way. */
function withoutApiDefaults(value: any): any {
  if (Array.isArray(value)) return value.map(withoutApiDefaults);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([k, v]) => !(k === 'AppManaged' && v === false) && !(k === 'S3CompressionType' && v === 'None'))
      .map(([k, v]) => [k, withoutApiDefaults(v)]));
  }
  return value;
}

function at(obj: any, p: Array<string | number>): { parent: any; key: string | number } {
  let parent = obj;
  for (const k of p.slice(0, -1)) parent = parent[k];
  return { parent, key: p[p.length - 1] };
}

const cases = fs.readdirSync(__dirname).filter((f) => f.endsWith('.json')).sort();

describe('SageMaker Python SDK parity', () => {
  test('every parity case has a builder and every builder a case', () => {
    expect(cases.map((f) => f.replace(/\.json$/, ''))).toEqual(Object.keys(BUILDS).sort());
  });

  test.each(cases)('%s', (file) => {
    const c: ParityCase = JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8'));
    const stack = new Stack(new App(), 'Parity', { env: { region: c.region } });
    const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', BUILDS[file.replace(/\.json$/, '')](stack));
    const rendered = flatten(stack.resolve((task.toStateJson() as any).Parameters));
    const ours = Object.fromEntries(Object.keys(c.expected).map((k) => [k, rendered[k]]));
    for (const d of c.deviations) {
      const { parent, key } = at(ours, d.path);
      expect(parent[key]).toMatch(new RegExp(d.ours));
      parent[key] = at(c.expected, d.path).parent[key];
    }
    expect(withoutApiDefaults(ours)).toEqual(withoutApiDefaults(c.expected));
    if (c.configurationFile !== undefined) {
      const assetDir = stack.node.findAll().map((n) => n.node.path).find((p) => p.endsWith('/SparkConfiguration'));
      expect(assetDir).toBeDefined();
      const staged = fs.readdirSync(App.of(stack)!.outdir).filter((f) => f.startsWith('asset.') && f.endsWith('.json'))
        .map((f) => fs.readFileSync(path.join(App.of(stack)!.outdir, f), 'utf8'));
      expect(staged).toContain(c.configurationFile);
    }
  });
});
