import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingInput, ProcessingInputMode, ProcessingInstanceType, ProcessingOutput, S3CompressionType, SageMakerCreateProcessingJobJsonPathProps } from '../../lib';
import { jsonPathTask, newStack } from './helpers';

const P = 'TestStack/Job';
const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const clusterRole = () => iam.Role.fromRoleArn(newStack(), 'R', 'arn:aws:iam::123456789012:role/rs');

const cases: Array<[string, Partial<SageMakerCreateProcessingJobJsonPathProps>, string]> = [
  ['job name too long', { jobName: 'a'.repeat(64) }, `${P}: jobName '${'a'.repeat(64)}' must be 1–63 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}, got 64 characters (ProcessingJobName)`],
  ['job name with underscore', { jobName: 'my_job' }, `${P}: jobName 'my_job' must be 1–63 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}, got 6 characters (ProcessingJobName)`],
  ['job name prefix too long', { jobNamePrefix: 'p'.repeat(39) }, `${P}: jobNamePrefix '${'p'.repeat(39)}' must be 1–38 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* (25 characters of the 63 allowed for ProcessingJobName are the run suffix)`],
  ['instance count 0', { instanceCount: 0 }, `${P}: instanceCount 0 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`],
  ['instance count 101', { instanceCount: 101 }, `${P}: instanceCount 101 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`],
  ['volume 16385 GiB', { volumeSize: Size.gibibytes(16385) }, `${P}: volumeSize 16385 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`],
  ['max runtime 9 days + 1 s', { maxRuntime: Duration.seconds(777601) }, `${P}: maxRuntime 777601 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)`],
  ['101 environment variables', { environment: Object.fromEntries(many(101, (i) => `V${i}`).map((k) => [k, 'x'])) }, `${P}: environment has 101 variables; the limit is 100 (Environment)`],
  ['bad environment name', { environment: { '1BAD': 'x' } }, `${P}: environment variable name '1BAD' must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 256 characters (Environment)`],
  ['environment value over 256', { environment: { LONG: 'x'.repeat(257) } }, `${P}: environment variable LONG is 257 characters; the limit is 256 (Environment)`],
  ['empty entrypoint', { entrypoint: [] }, `${P}: entrypoint has 0 items; it must have 1–100 (AppSpecification.ContainerEntrypoint)`],
  ['101 arguments', { arguments: many(101, (i) => `a${i}`) }, `${P}: arguments has 101 items; it must have 1–100 (AppSpecification.ContainerArguments)`],
  ['argument over 256', { arguments: ['x'.repeat(257)] }, `${P}: arguments[0] is 257 characters; each item must be 0–256 (AppSpecification.ContainerArguments)`],
  ['51 tags', { tags: Object.fromEntries(many(51, (i) => `t${i}`).map((k) => [k, 'v'])) }, `${P}: tags has 51 tags; the limit is 50 (Tags)`],
  ['reserved tag prefix', { tags: { 'aws:owner': 'me' } }, `${P}: tag key 'aws:owner' uses the reserved prefix 'aws:' (Tags)`],
  ['11 inputs', { processingInputs: many(11, (i) => `in${i}`).map((n) => ProcessingInput.fromS3Uri(n, `s3://b/${n}/`)) }, `${P}: inputs has 11 items; the limit is 10 (ProcessingInputs)`],
  ['11 outputs', { processingOutputs: many(11, (i) => `out${i}`).map((n) => ProcessingOutput.toS3Uri(n, `s3://b/${n}/`)) }, `${P}: outputs has 11 items; the limit is 10 (ProcessingOutputConfig.Outputs)`],
  ['duplicate input name', { processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://b/a/'), ProcessingInput.fromS3Uri('raw', 's3://b/b/', { localPath: '/opt/ml/processing/input/b' })] }, `${P}: input name 'raw' is used twice; names must be unique within the job`],
  ['duplicate local path', { processingInputs: [ProcessingInput.fromS3Uri('a', 's3://b/a/', { localPath: '/opt/ml/processing/data' }), ProcessingInput.fromS3Uri('b', 's3://b/b/', { localPath: '/opt/ml/processing/data/' })] }, `${P}: input 'b' localPath '/opt/ml/processing/data/' is already used by input 'a'; each input and output needs its own folder (LocalPath)`],
  ['local path outside /opt/ml/processing', { processingOutputs: [ProcessingOutput.toS3Uri('o', 's3://b/o/', { localPath: '/tmp/out' })] }, `${P}: output 'o' localPath '/tmp/out' must be a folder under /opt/ml/processing/ (LocalPath)`],
  ['S3 URI not s3://', { processingInputs: [ProcessingInput.fromS3Uri('raw', 'bucket/raw/')] }, `${P}: input 'raw' s3Uri 'bucket/raw/' must match (https|s3)://([^/]+)/?(.*) (ProcessingInputs[].S3Input.S3Uri)`],
  ['S3 URI over 1024', { processingInputs: [ProcessingInput.fromS3Uri('raw', `s3://b/${'k'.repeat(1020)}`)] }, `${P}: input 'raw' s3Uri is 1027 characters; the limit is 1024 (ProcessingInputs[].S3Input.S3Uri)`],
  ['Gzip without Pipe', { processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { compressionType: S3CompressionType.GZIP })] }, `${P}: input 'raw' uses compression Gzip, which SageMaker allows only with input mode Pipe (ProcessingInputs[].S3Input.S3CompressionType)`],
  ['Athena input missing database', { processingInputs: [ProcessingInput.fromAthena('q', { database: '', queryString: 'SELECT 1', outputS3Uri: 's3://b/q/' })] }, `${P}: input 'q' is missing database (AthenaDatasetDefinition requires it)`],
  ['Redshift input missing query', { processingInputs: [ProcessingInput.fromRedshift('q', { clusterId: 'c', database: 'd', dbUser: 'u', queryString: '', clusterRole: clusterRole(), outputS3Uri: 's3://b/q/' })] }, `${P}: input 'q' is missing queryString (RedshiftDatasetDefinition requires it)\n${P}: input 'q' queryString is 0 characters; it must be 1–4096 (RedshiftDatasetDefinition.QueryString)`],
  ['network isolation with app-managed input', { enableNetworkIsolation: true, processingInputs: [ProcessingInput.appManaged('catalog')] }, `${P}: input 'catalog' is app-managed, but enableNetworkIsolation is true: the container must fetch it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`],
  ['bad feature group name', { processingOutputs: [ProcessingOutput.toFeatureGroup('fs', 'bad name')] }, `${P}: output 'fs' featureGroupName 'bad name' must be 1–64 characters matching [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}, got 8 characters (FeatureStoreOutput.FeatureGroupName)`],
  ['preferences and type together', { instanceType: ProcessingInstanceType.ML_M5_LARGE, instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE }] }, `${P}: instanceType and instancePreferences are mutually exclusive; give one (ProcessingResources.ClusterConfig.InstancePreferences)`],
  ['jobName and jobNamePrefix together', { jobName: 'a', jobNamePrefix: 'b' }, `${P}: give jobName or jobNamePrefix, not both (ProcessingJobName)`],
  ['processor and image together is covered by entrypoint without image', { image: undefined, entrypoint: ['x'] }, `${P}: a processor or an image is required (AppSpecification.ImageUri)`],
  ['File-mode S3 input without local path is impossible to express; Pipe input keeps none', { processingInputs: [ProcessingInput.fromS3Uri('p', 's3://b/p/', { inputMode: ProcessingInputMode.PIPE, localPath: '/opt/ml/processing/' })] }, `${P}: input 'p' localPath '/opt/ml/processing/' must be a folder under /opt/ml/processing/ (LocalPath)`],
];

describe('synth-time validation of SageMakerCreateProcessingJob', () => {
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => jsonPathTask(props)).toThrow(message);
    try {
      jsonPathTask(props);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });

  test('a VPC without subnets of the selected type is rejected', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => jsonPathTask({ vpc }, stack)).toThrow(`${P}: the VPC has no subnets matching vpcSubnets (There are no 'Private' subnet groups in this VPC. Available types: Public); a job in a VPC needs 1–16 subnets (NetworkConfig.VpcConfig.Subnets)`);
  });

  test('every violation of a job is reported at once', () => {
    expect(() => jsonPathTask({ instanceCount: 0, volumeSize: Size.gibibytes(0), maxRuntime: Duration.seconds(0) })).toThrow([
      `${P}: instanceCount 0 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`,
      `${P}: volumeSize 0 is out of range 1–16384 GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`,
      `${P}: maxRuntime 0 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)`,
    ].join('\n'));
  });

  test('values known only at run time are not validated', () => {
    expect(() => jsonPathTask({
      jobName: sfn.JsonPath.stringAt('$.name'),
      instanceCount: sfn.JsonPath.numberAt('$.count'),
      processingInputs: [ProcessingInput.fromS3Uri('raw', sfn.JsonPath.stringAt('$.uri'))],
      arguments: sfn.JsonPath.listAt('$.args'),
    })).not.toThrow();
  });
});
