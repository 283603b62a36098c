import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingOutput, ProcessingS3Location, PySparkProcessor, PyTorchVersion, S3UploadMode,
  SageMakerCreateProcessingJob, ScriptProcessor, SKLearnProcessor, SKLearnVersion, SparkJarProcessor, SparkVersion,
} from '../../lib';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';
import { renderedRequest } from '../task/helpers';

const EX = path.join(__dirname, '..', '..', 'examples', 'processors');
const ASSETS = `cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`;
const VIA_S3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };

/**
 * Every processor kind in one stack, with what each job touches at run time: staged code and
 * dependencies in CDK's assets bucket, code and data in imported buckets (with and without a
 * key), a bucket with a key and S3 Bucket Keys, outputs in both upload modes, Spark event logs.
 */
function processorsStack() {
  const stack = new Stack(new App(), 'TestStack', { env: { account: ACCOUNT, region: REGION } });
  const lake = new s3.Bucket(stack, 'Lake', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: true });
  const plain = s3.Bucket.fromBucketName(stack, 'Plain', 'imported-plain');
  // A bucket of another stack or tool, given with its key (the evaluator needs the key's policy: a key of the template).
  const keyed = s3.Bucket.fromBucketAttributes(stack, 'Keyed', { bucketName: 'imported-keyed', encryptionKey: new kms.Key(stack, 'KeyedKey') });
  const task = (id: string, props: object) => SageMakerCreateProcessingJob.jsonPath(stack, id, { resultPath: sfn.JsonPath.DISCARD, ...props } as any);
  const tasks = {
    Script: task('Script', {
      processor: new ScriptProcessor({ image: ProcessingImage.fromAsset(path.join(EX, 'r')), command: ['Rscript'] }),
      code: ProcessingCode.fromAsset(path.join(EX, 'r', 'summarize.R')),
      processingInputs: [ProcessingInput.fromBucket('raw', plain, 'raw/')],
      processingOutputs: [
        ProcessingOutput.toBucket('live', keyed, 'live/', { uploadMode: S3UploadMode.CONTINUOUS }),
        ProcessingOutput.toBucket('summary', lake, 'summary/'),
      ],
    }),
    SKLearn: task('SKLearn', {
      processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
      code: ProcessingCode.fromBucket(keyed, 'code/preprocess.py'),
      processingInputs: [ProcessingInput.fromBucket('train', lake, 'train/')],
    }),
    Framework: task('Framework', {
      processor: new FrameworkProcessor({ image: ProcessingImage.pytorch(PyTorchVersion.V2_3_0) }),
      code: ProcessingCode.fromAsset(path.join(EX, 'framework'), { entryPoint: 'process.py' }),
    }),
    PySpark: task('PySpark', {
      processor: new PySparkProcessor({
        frameworkVersion: SparkVersion.V3_5,
        submitPyFiles: [path.join(EX, 'pyspark', 'helpers.py')],
        submitFiles: [path.join(EX, 'sklearn', 'preprocessing.py')],
        configuration: [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g' } }],
        sparkEventLogsS3Uri: 's3://spark-history/events/',
      }),
      code: ProcessingCode.fromAsset(path.join(EX, 'pyspark', 'app.py')),
    }),
    SparkJar: task('SparkJar', {
      processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'a.Main', sparkEventLogs: ProcessingS3Location.fromBucket(lake, 'spark-events/') }),
      code: ProcessingCode.fromBucket(lake, 'jars/app.jar'),
    }),
  };
  const iam = SynthesizedIam.of(stack);
  const keyArn = (pathSuffix: string) => iam.att(iam.logicalId('AWS::KMS::Key', pathSuffix), 'Arn');
  return { stack, tasks, iam, lake: iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource')), lakeKey: keyArn('Lake/Key/Resource'), importedKey: keyArn('KeyedKey/Resource') };
}

const s3Arn = (uri: string) => `arn:${PARTITION}:s3:::${uri.replace(/^s3:\/\//, '')}`;
const bucketOf = (uri: string) => /^s3:\/\/([^/]+)/.exec(uri)![1];
const keyOf = (uri: string) => uri.replace(/^s3:\/\/[^/]+\/?/, '');

describe('what each processor kind\'s job touches at run time, evaluated', () => {
  const { stack, tasks, iam, lake, lakeKey, importedKey } = processorsStack();
  const request = (name: keyof typeof tasks) => iam.resolve(renderedRequest(stack, tasks[name]));
  const decide = (name: string, action: string, resource: string, context: { [key: string]: string } = {}) =>
    iam.decide(iam.role(`${name}/JobRole/Resource`), { action, resource, context });

  test.each(Object.keys(tasks))('%s: every S3 input of its request is readable (and listable for a prefix), every S3 output writable', async (name) => {
    const r = request(name as keyof typeof tasks);
    const inputs: any[] = (r.ProcessingInputs ?? []).filter((i: any) => i.S3Input);
    expect(inputs.length).toBeGreaterThan(0);
    for (const { S3Input: { S3Uri: uri, S3DataType: type } } of inputs) {
      const object = uri.endsWith('/') || type === 'S3Prefix' && !/\.[a-z]+$/i.test(uri) ? `${uri.replace(/\/?$/, '/')}part-0` : uri;
      expect([uri, await decide(name, 's3:GetObject', s3Arn(object))]).toEqual([uri, 'Allowed']);
      expect([uri, await decide(name, 's3:ListBucket', s3Arn(`s3://${bucketOf(uri)}`), { 's3:prefix': keyOf(uri) })]).toEqual([uri, 'Allowed']);
      // Never written: inputs are downloaded.
      expect([uri, await decide(name, 's3:PutObject', s3Arn(object))]).toEqual([uri, 'ImplicitlyDenied']);
    }
    for (const o of r.ProcessingOutputConfig?.Outputs ?? []) {
      const uri: string = o.S3Output.S3Uri;
      expect([uri, await decide(name, 's3:PutObject', s3Arn(`${uri.replace(/\/?$/, '/')}part-0`))]).toEqual([uri, 'Allowed']);
      expect([uri, await decide(name, 's3:GetObject', s3Arn(`${uri.replace(/\/?$/, '/')}part-0`))]).toEqual([uri, 'ImplicitlyDenied']);
    }
  });

  test.each(Object.keys(tasks))('%s: nothing else of CDK\'s assets bucket, and no listing of all of it', async (name) => {
    expect(await decide(name, 's3:GetObject', `arn:${PARTITION}:s3:::${ASSETS}/${'0'.repeat(64)}/app.py`)).toBe('ImplicitlyDenied');
    expect(await decide(name, 's3:ListBucket', `arn:${PARTITION}:s3:::${ASSETS}`, { 's3:prefix': '' })).toBe('ImplicitlyDenied');
    expect(await decide(name, 's3:PutObject', `arn:${PARTITION}:s3:::${ASSETS}/${'0'.repeat(64)}/app.py`)).toBe('ImplicitlyDenied');
  });

  test('ScriptProcessor with a Dockerfile image: CDK\'s container-assets repository and the registry login, no other repository', async () => {
    const repo = (name: string) => `arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']) {
      expect(await decide('Script', action, repo(`cdk-hnb659fds-container-assets-${ACCOUNT}-${REGION}`))).toBe('Allowed');
      expect(await decide('Script', action, repo('team/other'))).toBe('ImplicitlyDenied');
    }
    // GetAuthorizationToken has no resource types: `*`.
    expect(await decide('Script', 'ecr:GetAuthorizationToken', '*')).toBe('Allowed');
    expect(await decide('Script', 'ecr:PutImage', repo(`cdk-hnb659fds-container-assets-${ACCOUNT}-${REGION}`))).toBe('ImplicitlyDenied');
  });

  test('managed images: the SDK\'s repository in its account, not another repository there', async () => {
    const repo = (account: string, name: string) => `arn:${PARTITION}:ecr:${REGION}:${account}:repository/${name}`;
    expect(await decide('SKLearn', 'ecr:BatchGetImage', repo('141502667606', 'sagemaker-scikit-learn'))).toBe('Allowed');
    expect(await decide('SKLearn', 'ecr:BatchGetImage', repo('141502667606', 'sagemaker-xgboost'))).toBe('ImplicitlyDenied');
    expect(await decide('PySpark', 'ecr:BatchGetImage', repo('571004829621', 'sagemaker-spark-processing'))).toBe('Allowed');
    expect(await decide('PySpark', 'ecr:BatchGetImage', repo('141502667606', 'sagemaker-scikit-learn'))).toBe('ImplicitlyDenied');
  });

  test('an imported bucket with a key: its key through S3, decrypt only for code read from it, encrypt for outputs written to it', async () => {
    expect(await decide('SKLearn', 's3:GetObject', s3Arn('s3://imported-keyed/code/preprocess.py'))).toBe('Allowed');
    expect(await decide('SKLearn', 's3:GetObject', s3Arn('s3://imported-keyed/code/preprocess.py.bak'))).toBe('ImplicitlyDenied');
    expect(await decide('SKLearn', 'kms:Decrypt', importedKey, VIA_S3)).toBe('Allowed');
    expect(await decide('SKLearn', 'kms:Decrypt', importedKey)).toBe('ImplicitlyDenied');
    expect(await decide('SKLearn', 'kms:GenerateDataKey', importedKey, VIA_S3)).toBe('ImplicitlyDenied');
    expect(await decide('Script', 'kms:GenerateDataKey', importedKey, VIA_S3)).toBe('Allowed');
    expect(await decide('Script', 'kms:GenerateDataKey', lakeKey, VIA_S3)).toBe('Allowed');
    // An imported bucket without a key (SSE-S3, or a key the app does not know): no key is granted.
    expect(await decide('Script', 's3:GetObject', s3Arn('s3://imported-plain/raw/a.csv'))).toBe('Allowed');
    expect(await decide('Script', 's3:GetObject', s3Arn('s3://imported-plain/other/a.csv'))).toBe('ImplicitlyDenied');
    expect(await decide('Script', 'kms:Decrypt', `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/other`, VIA_S3)).toBe('ImplicitlyDenied');
  });

  test('Spark event logs: put under their prefix in every upload, nothing beside it', async () => {
    expect(await decide('PySpark', 's3:PutObject', s3Arn('s3://spark-history/events/application_1.inprogress'))).toBe('Allowed');
    expect(await decide('PySpark', 's3:PutObject', s3Arn('s3://spark-history/other/application_1'))).toBe('ImplicitlyDenied');
    expect(await decide('SparkJar', 's3:PutObject', s3Arn(`s3://${lake}/spark-events/application_1`))).toBe('Allowed');
    expect(await decide('SparkJar', 'kms:GenerateDataKey', lakeKey, VIA_S3)).toBe('Allowed');
    expect(await decide('SparkJar', 's3:PutObject', s3Arn(`s3://${lake}/jars/app.jar`))).toBe('ImplicitlyDenied');
  });

  test('every job writes the processing-job log group and no other', async () => {
    const logs = (group: string) => `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:job-1/algo-1-1700000000`;
    for (const name of Object.keys(tasks)) {
      expect(await decide(name, 'logs:PutLogEvents', logs('/aws/sagemaker/ProcessingJobs'))).toBe('Allowed');
      expect(await decide(name, 'logs:PutLogEvents', logs('/aws/sagemaker/TrainingJobs'))).toBe('ImplicitlyDenied');
    }
  });
});
