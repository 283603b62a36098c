import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInputMode, ProcessingOutput, S3CompressionType, ScriptProcessor } from '../../../lib';
import { IMAGE_URI, jsonPathTask, newStack } from '../../task/helpers';
import { AtTheEdge, BadInput, many } from '../bad-input';

const P = 'TestStack/Job';
const inputs = (name: string, list: ProcessingInput[], error: string): BadInput =>
  ({ category: 'inputs', name, build: () => jsonPathTask({ processingInputs: list }), error });
const outputs = (name: string, list: ProcessingOutput[], error: string): BadInput =>
  ({ category: 'outputs', name, build: () => jsonPathTask({ processingOutputs: list }), error });
const clusterRole = () => iam.Role.fromRoleArn(newStack(), 'R', 'arn:aws:iam::123456789012:role/rs');
const S3_PATTERN = '(https|s3)://([^/]+)/?(.*)';
const ATHENA_CATALOG = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*';

export const IO_ROWS: BadInput[] = [
  inputs('11 inputs', many(11, (i) => `in${i}`).map((n) => ProcessingInput.fromS3Uri(n, `s3://b/${n}/`)), `${P}: inputs has 11 items; the limit is 10 (ProcessingInputs)`),
  inputs('input name used twice', [ProcessingInput.fromS3Uri('raw', 's3://b/a/'), ProcessingInput.fromS3Uri('raw', 's3://b/b/', { localPath: '/opt/ml/processing/input/b' })],
    `${P}: input name 'raw' is used twice; names must be unique within the job`),
  inputs('input name of 257 characters', [ProcessingInput.fromS3Uri('n'.repeat(257), 's3://b/a/', { localPath: '/opt/ml/processing/input/a' })],
    `${P}: input '${'n'.repeat(257)}' name is 257 characters; it must be 1–256 (ProcessingInputs[].InputName)`),
  inputs('S3 URI without a scheme', [ProcessingInput.fromS3Uri('raw', 'bucket/raw/')], `${P}: input 'raw' s3Uri 'bucket/raw/' must match ${S3_PATTERN} (ProcessingInputs[].S3Input.S3Uri)`),
  inputs('S3 URI of 1027 characters', [ProcessingInput.fromS3Uri('raw', `s3://b/${'k'.repeat(1020)}`)], `${P}: input 'raw' s3Uri is 1027 characters; the limit is 1024 (ProcessingInputs[].S3Input.S3Uri)`),
  {
    category: 'inputs', name: 'bucket input whose key prefix alone makes the S3 URI over 1024 characters',
    build: () => {
      const stack = newStack();
      return jsonPathTask({ processingInputs: [ProcessingInput.fromBucket('raw', new s3.Bucket(stack, 'Lake'), `${'k'.repeat(1019)}/`)] }, stack);
    },
    error: `${P}: input 'raw' s3Uri with a bucket name of 3 characters (the shortest S3 allows) is 1029 characters; the limit is 1024 (ProcessingInputs[].S3Input.S3Uri)`,
  },
  {
    category: 'inputs', name: 'bucket input whose key prefix is 1016 characters (1025 with s3:// and the shortest bucket name)',
    build: () => {
      const stack = newStack();
      return jsonPathTask({ processingInputs: [ProcessingInput.fromBucket('raw', new s3.Bucket(stack, 'Lake'), `${'k'.repeat(1015)}/`)] }, stack);
    },
    error: `${P}: input 'raw' s3Uri with a bucket name of 3 characters (the shortest S3 allows) is 1025 characters; the limit is 1024 (ProcessingInputs[].S3Input.S3Uri)`,
  },
  {
    category: 'outputs', name: 'bucket output whose key prefix has a line break',
    build: () => {
      const stack = newStack();
      return jsonPathTask({ processingOutputs: [ProcessingOutput.toBucket('o', new s3.Bucket(stack, 'Lake'), 'out\n/')] }, stack);
    },
    error: `${P}: output 'o' s3Uri 's3://\${…}/out\\n/' must match ${S3_PATTERN} (ProcessingOutputs[].S3Output.S3Uri)`,
  },
  inputs('local path outside /opt/ml/processing', [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { localPath: '/data/raw' })],
    `${P}: input 'raw' localPath '/data/raw' must be a folder under /opt/ml/processing/ (LocalPath)`),
  inputs('local path of 257 characters', [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { localPath: `/opt/ml/processing/${'p'.repeat(238)}` })],
    `${P}: input 'raw' localPath is 257 characters; the limit is 256 (LocalPath)`),
  inputs('local path with a line break', [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { localPath: '/opt/ml/processing/raw\ndata' })],
    `${P}: input 'raw' localPath '/opt/ml/processing/raw\\ndata' has a line break; it must be one line (the API's pattern .*) (LocalPath)`),
  inputs('Athena database with a line break', [ProcessingInput.fromAthena('q', { database: 'sales\n', queryString: 'SELECT 1', outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' database 'sales\\n' has a line break; it must be one line (the API's pattern .*) (AthenaDatasetDefinition.Database)`),
  inputs('Athena catalog with a control character', [ProcessingInput.fromAthena('q', { catalog: 'Aws\u0007Catalog', database: 'd', queryString: 'SELECT 1', outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' catalog 'Aws\u0007Catalog' must be 1–256 characters matching ${ATHENA_CATALOG}, got 11 characters (AthenaDatasetDefinition.Catalog)`),
  inputs('Redshift user with a line break', [ProcessingInput.fromRedshift('q', { clusterId: 'c', database: 'd', dbUser: 'etl\r\n', queryString: 'SELECT 1', clusterRole: clusterRole(), outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' dbUser 'etl\\r\\n' has a line break; it must be one line (the API's pattern .*) (RedshiftDatasetDefinition.DbUser)`),
  inputs('two inputs in one folder', [ProcessingInput.fromS3Uri('a', 's3://b/a/', { localPath: '/opt/ml/processing/data' }), ProcessingInput.fromS3Uri('b', 's3://b/b/', { localPath: '/opt/ml/processing/data/' })],
    `${P}: input 'b' localPath '/opt/ml/processing/data/' is already used by input 'a'; each input and output needs its own folder (LocalPath)`),
  inputs('Gzip compression in File mode', [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { compressionType: S3CompressionType.GZIP })],
    `${P}: input 'raw' uses compression Gzip, which SageMaker allows only with input mode Pipe (ProcessingInputs[].S3Input.S3CompressionType)`),
  inputs('Pipe input with the processing root as its path', [ProcessingInput.fromS3Uri('p', 's3://b/p/', { inputMode: ProcessingInputMode.PIPE, localPath: '/opt/ml/processing/' })],
    `${P}: input 'p' localPath '/opt/ml/processing/' must be a folder under /opt/ml/processing/ (LocalPath)`),
  inputs('Athena input without a database', [ProcessingInput.fromAthena('q', { database: '', queryString: 'SELECT 1', outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' is missing database (AthenaDatasetDefinition requires it)`),
  inputs('Athena query of 4097 characters', [ProcessingInput.fromAthena('q', { database: 'db', queryString: 'q'.repeat(4097), outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' queryString is 4097 characters; it must be 1–4096 (AthenaDatasetDefinition.QueryString)`),
  inputs('Athena output URI not in S3', [ProcessingInput.fromAthena('q', { database: 'db', queryString: 'SELECT 1', outputS3Uri: '/tmp/q' })],
    `${P}: input 'q' outputS3Uri '/tmp/q' must match ${S3_PATTERN} (AthenaDatasetDefinition.OutputS3Uri)`),
  inputs('Athena result key whose ARN has a dot', [ProcessingInput.fromAthena('q', { database: 'db', queryString: 'SELECT 1', outputS3Uri: 's3://b/q/', kmsKey: kms.Key.fromKeyArn(newStack(), 'K', 'arn:aws:kms:us-east-1:123456789012:key/abc.def') })],
    `${P}: input 'q' kmsKey 'arn:aws:kms:us-east-1:123456789012:key/abc.def' must be 1–2048 characters matching [a-zA-Z0-9:/_-]*, got 46 characters (AthenaDatasetDefinition.KmsKeyId)`),
  {
    category: 'outputs', name: 'output key whose ARN has a space',
    build: () => jsonPathTask({ processingOutputs: [ProcessingOutput.toS3Uri('o', 's3://b/o/')], outputKmsKey: kms.Key.fromKeyArn(newStack(), 'K', 'arn:aws:kms:us-east-1:123456789012:key/a b') }),
    error: `${P}: outputKmsKey 'arn:aws:kms:us-east-1:123456789012:key/a b' must be 1–2048 characters matching [a-zA-Z0-9:/_-]*, got 42 characters (ProcessingOutputConfig.KmsKeyId)`,
  },
  inputs('Athena workgroup with a space', [ProcessingInput.fromAthena('q', { database: 'db', queryString: 'SELECT 1', outputS3Uri: 's3://b/q/', workGroup: 'data team' })],
    `${P}: input 'q' workGroup 'data team' must be 1–128 characters matching [a-zA-Z0-9._-]+, got 9 characters (AthenaDatasetDefinition.WorkGroup)`),
  inputs('Athena database of 256 characters', [ProcessingInput.fromAthena('q', { database: 'd'.repeat(256), queryString: 'SELECT 1', outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' database is 256 characters; it must be 1–255 (AthenaDatasetDefinition.Database)`),
  inputs('Redshift cluster id of 64 characters', [ProcessingInput.fromRedshift('q', { clusterId: 'c'.repeat(64), database: 'd', dbUser: 'u', queryString: 'SELECT 1', clusterRole: clusterRole(), outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' clusterId is 64 characters; it must be 1–63 (RedshiftDatasetDefinition.ClusterId)`),
  inputs('Redshift cluster role given as a user ARN', [ProcessingInput.fromRedshift('q', { clusterId: 'c', database: 'd', dbUser: 'u', queryString: 'SELECT 1', clusterRole: iam.Role.fromRoleArn(newStack(), 'R', 'arn:aws:iam::123456789012:user/rs'), outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' clusterRole 'arn:aws:iam::123456789012:user/rs' must be 20–2048 characters matching arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+, got 33 characters (RedshiftDatasetDefinition.ClusterRoleArn)`),
  inputs('Redshift input with an empty query', [ProcessingInput.fromRedshift('q', { clusterId: 'c', database: 'd', dbUser: 'u', queryString: '', clusterRole: clusterRole(), outputS3Uri: 's3://b/q/' })],
    `${P}: input 'q' is missing queryString (RedshiftDatasetDefinition requires it)\n${P}: input 'q' queryString is 0 characters; it must be 1–4096 (RedshiftDatasetDefinition.QueryString)`),
  {
    category: 'inputs', name: 'app-managed input with network isolation',
    build: () => jsonPathTask({ enableNetworkIsolation: true, processingInputs: [ProcessingInput.appManaged('catalog')] }),
    error: `${P}: input 'catalog' is app-managed, but enableNetworkIsolation is true: the container must fetch it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`,
  },
  outputs('11 outputs', many(11, (i) => `out${i}`).map((n) => ProcessingOutput.toS3Uri(n, `s3://b/${n}/`)), `${P}: outputs has 11 items; the limit is 10 (ProcessingOutputConfig.Outputs)`),
  outputs('output name used twice', [ProcessingOutput.toS3Uri('o', 's3://b/a/'), ProcessingOutput.toS3Uri('o', 's3://b/b/', { localPath: '/opt/ml/processing/output/b' })],
    `${P}: output name 'o' is used twice; names must be unique within the job`),
  {
    category: 'outputs', name: 'output named as an input',
    build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('data', 's3://b/raw/')], processingOutputs: [ProcessingOutput.toS3Uri('data', 's3://b/out/')] }),
    error: `${P}: output name 'data' is also the name of input 'data'; input and output names must be unique together within the job (ProcessingInputs[].InputName, ProcessingOutputs[].OutputName)`,
  },
  {
    category: 'outputs', name: "output named 'code', the name of a processor's code input",
    build: () => {
      const stack = newStack();
      const code = ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'Code', 'code-bucket'), 'jobs/main.py');
      return jsonPathTask({ processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry(IMAGE_URI), command: ['python3'] }), code, processingOutputs: [ProcessingOutput.toS3Uri('code', 's3://b/o/')] }, stack);
    },
    error: `${P}: output name 'code' is also the name of input 'code'; input and output names must be unique together within the job (ProcessingInputs[].InputName, ProcessingOutputs[].OutputName)`,
  },
  outputs('output in the folder of another output', [ProcessingOutput.toS3Uri('a', 's3://b/a/', { localPath: '/opt/ml/processing/out' }), ProcessingOutput.toS3Uri('b', 's3://b/b/', { localPath: '/opt/ml/processing/out' })],
    `${P}: output 'b' localPath '/opt/ml/processing/out' is already used by output 'a'; each input and output needs its own folder (LocalPath)`),
  outputs('output S3 URI with another scheme', [ProcessingOutput.toS3Uri('o', 'gs://b/o/')], `${P}: output 'o' s3Uri 'gs://b/o/' must match ${S3_PATTERN} (ProcessingOutputs[].S3Output.S3Uri)`),
  outputs('feature group name with a space', [ProcessingOutput.toFeatureGroup('fs', 'bad name')],
    `${P}: output 'fs' featureGroupName 'bad name' must be 1–64 characters matching [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}, got 8 characters (FeatureStoreOutput.FeatureGroupName)`),
  outputs('feature group name of 65 characters', [ProcessingOutput.toFeatureGroup('fs', 'f'.repeat(65))],
    `${P}: output 'fs' featureGroupName '${'f'.repeat(65)}' must be 1–64 characters matching [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}, got 65 characters (FeatureStoreOutput.FeatureGroupName)`),
  outputs('feature group name of 65 characters that matches the pattern (dashes inside a group)', [ProcessingOutput.toFeatureGroup('fs', `a${'-'.repeat(63)}b`)],
    `${P}: output 'fs' featureGroupName 'a${'-'.repeat(63)}b' must be 1–64 characters matching [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}, got 65 characters (FeatureStoreOutput.FeatureGroupName)`),
  {
    category: 'outputs', name: 'app-managed output with network isolation',
    build: () => jsonPathTask({ enableNetworkIsolation: true, processingOutputs: [ProcessingOutput.appManaged('upload')] }),
    error: `${P}: output 'upload' is app-managed, but enableNetworkIsolation is true: the container must upload it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`,
  },
];

export const IO_EDGES: AtTheEdge[] = [
  { category: 'inputs', name: '10 inputs', build: () => jsonPathTask({ processingInputs: many(10, (i) => `in${i}`).map((n) => ProcessingInput.fromS3Uri(n, `s3://b/${n}/`)) }) },
  { category: 'outputs', name: '10 outputs', build: () => jsonPathTask({ processingOutputs: many(10, (i) => `out${i}`).map((n) => ProcessingOutput.toS3Uri(n, `s3://b/${n}/`)) }) },
  { category: 'inputs', name: 'S3 URI of 1024 characters', build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', `s3://b/${'k'.repeat(1017)}`)] }) },
  {
    category: 'inputs', name: 'bucket input whose key prefix is 1015 characters (1024 with s3:// and a 3-character bucket name)',
    build: () => {
      const stack = newStack();
      return jsonPathTask({ processingInputs: [ProcessingInput.fromBucket('raw', new s3.Bucket(stack, 'Lake'), `${'k'.repeat(1014)}/`)] }, stack);
    },
  },
  {
    category: 'inputs', name: 'local path and S3 URI of 256 and 1024 characters outside the BMP (twice as many UTF-16 units)',
    build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', `s3://b/${'𝒜'.repeat(1017)}`, { localPath: `/opt/ml/processing/${'𝒜'.repeat(237)}` })] }),
  },
  { category: 'inputs', name: 'local path of 256 characters', build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { localPath: `/opt/ml/processing/${'p'.repeat(237)}` })] }) },
  { category: 'outputs', name: 'feature group name of 64 characters with dashes and underscores', build: () => jsonPathTask({ processingOutputs: [ProcessingOutput.toFeatureGroup('fs', `a${'-_'.repeat(31)}b`)] }) },
  { category: 'outputs', name: 'feature group name of 64 characters', build: () => jsonPathTask({ processingOutputs: [ProcessingOutput.toFeatureGroup('fs', 'f'.repeat(64))] }) },
  {
    category: 'inputs', name: 'Athena catalog with a tab and non-ASCII letters, Redshift names of any one-line characters',
    build: () => jsonPathTask({ processingInputs: [
      ProcessingInput.fromAthena('a', { catalog: 'Data\tKatalog-ü-日本', database: 'db with spaces', queryString: 'SELECT 1\nFROM t', outputS3Uri: 's3://b/a/' }),
      ProcessingInput.fromRedshift('r', { clusterId: 'c', database: 'd é', dbUser: 'u@x', queryString: 'SELECT 1\r\nFROM t', clusterRole: clusterRole(), outputS3Uri: 's3://b/r/' }),
    ] }),
  },
  {
    category: 'inputs', name: 'Athena database of 255 characters and workgroup of 128',
    build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromAthena('q', { database: 'd'.repeat(255), workGroup: `w.${'-_'.repeat(63)}`, queryString: 'SELECT 1', outputS3Uri: 's3://b/q/' })] }),
  },
];
