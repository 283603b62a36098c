import { Duration, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  AthenaOutputCompression, AthenaOutputFormat, DataDistributionType, ProcessingImage, ProcessingInput, ProcessingInputMode,
  ProcessingInstanceType, ProcessingOutput, RedshiftOutputCompression, RedshiftOutputFormat, S3CompressionType, S3DataType,
  S3UploadMode, SageMakerCreateProcessingJob,
} from '../../lib';
import { IMAGE_URI, jsonPathTask, newStack, renderedRequest } from './helpers';

describe('SageMakerCreateProcessingJob request rendering', () => {
  test('renders the default request: .sync resource, generated name, role, m5.xlarge x1, 30 GiB, no StoppingCondition (as the SDK)', () => {
    const { stack, task } = jsonPathTask();
    const state: any = stack.resolve(task.toStateJson());
    expect(state.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::sagemaker:createProcessingJob.sync']] });
    expect(state.Parameters).toEqual({
      'ProcessingJobName.$': expect.stringMatching(/^States\.Format\('Job-\{\}\{\}\{\}-\{\}\{\}\{\}-\{\}', /),
      'RoleArn': stack.resolve(task.role.roleArn),
      'AppSpecification': { ImageUri: IMAGE_URI },
      'ProcessingResources': { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
    });
  });

  test('REQUEST_RESPONSE uses the plain createProcessingJob resource', () => {
    const { stack, task } = jsonPathTask({ integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE });
    const state: any = stack.resolve(task.toStateJson());
    expect(state.Resource['Fn::Join'][1][2]).toBe(':states:::sagemaker:createProcessingJob');
  });

  test('rejects WAIT_FOR_TASK_TOKEN with a clear error', () => {
    expect(() => jsonPathTask({ integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN })).toThrow(
      'TestStack/Job: integrationPattern WAIT_FOR_TASK_TOKEN is not supported; CreateProcessingJob supports REQUEST_RESPONSE and RUN_JOB (.sync), not WAIT_FOR_TASK_TOKEN');
  });

  test('renders a fixed job name, and a JSONPath job name', () => {
    const fixed = jsonPathTask({ jobName: 'backfill-2026-11-01' });
    expect(renderedRequest(fixed.stack, fixed.task).ProcessingJobName).toBe('backfill-2026-11-01');
    const dynamic = jsonPathTask({ jobName: sfn.JsonPath.stringAt('$.name') });
    expect(renderedRequest(dynamic.stack, dynamic.task)['ProcessingJobName.$']).toBe('$.name');
  });

  test('renders the cluster: instance type, count, volume, volume KMS key, and run-time type/count', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    const { task } = jsonPathTask({
      instanceType: ProcessingInstanceType.ML_C5_4XLARGE, instanceCount: 4, volumeSize: Size.gibibytes(100), volumeKmsKey: key,
    }, stack);
    expect(renderedRequest(stack, task).ProcessingResources).toEqual({
      ClusterConfig: { InstanceType: 'ml.c5.4xlarge', InstanceCount: 4, VolumeSizeInGB: 100, VolumeKmsKeyId: stack.resolve(key.keyArn) },
    });
    const runtime = jsonPathTask({
      instanceType: ProcessingInstanceType.of(sfn.JsonPath.stringAt('$.type')), instanceCount: sfn.JsonPath.numberAt('$.count'),
    });
    expect(renderedRequest(runtime.stack, runtime.task).ProcessingResources.ClusterConfig).toEqual({
      'InstanceType.$': '$.type', 'InstanceCount.$': '$.count', 'VolumeSizeInGB': 30,
    });
  });

  test('renders instance preferences instead of one instance type', () => {
    const { stack, task } = jsonPathTask({
      instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE }, { instanceType: ProcessingInstanceType.ML_M6I_XLARGE }],
      instanceCount: 2,
    });
    expect(renderedRequest(stack, task).ProcessingResources.ClusterConfig).toEqual({
      InstancePreferences: [{ InstanceType: 'ml.m5.xlarge' }, { InstanceType: 'ml.m6i.xlarge' }], InstanceCount: 2, VolumeSizeInGB: 30,
    });
  });

  test('renders the app specification: entrypoint, arguments with JSONPath items as States.Array, environment', () => {
    const { stack, task } = jsonPathTask({
      entrypoint: ['python3', '/opt/ml/processing/input/code/main.py'],
      arguments: ['--date', sfn.JsonPath.stringAt('$.date'), '--mode', 'full'],
      environment: { STAGE: 'prod', RUN_DATE: sfn.JsonPath.stringAt('$.date') },
    });
    const request = renderedRequest(stack, task);
    expect(request.AppSpecification).toEqual({
      'ImageUri': IMAGE_URI,
      'ContainerEntrypoint': ['python3', '/opt/ml/processing/input/code/main.py'],
      'ContainerArguments.$': "States.Array('--date', $.date, '--mode', 'full')",
    });
    expect(request.Environment).toEqual({ 'STAGE': 'prod', 'RUN_DATE.$': '$.date' });
  });

  test('renders a whole argument list from the execution input', () => {
    const { stack, task } = jsonPathTask({ arguments: sfn.JsonPath.listAt('$.args') });
    expect(renderedRequest(stack, task).AppSpecification['ContainerArguments.$']).toBe('$.args');
  });

  test('renders the stopping condition from a Duration', () => {
    const { stack, task } = jsonPathTask({ maxRuntime: Duration.hours(6) });
    expect(renderedRequest(stack, task).StoppingCondition).toEqual({ MaxRuntimeInSeconds: 21600 });
  });

  test('renders the network config with a VPC, its private subnets and a created security group', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const { task } = jsonPathTask({ vpc, enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true }, stack);
    expect(renderedRequest(stack, task).NetworkConfig).toEqual({
      EnableInterContainerTrafficEncryption: true,
      EnableNetworkIsolation: true,
      VpcConfig: {
        SecurityGroupIds: stack.resolve(task.connections.securityGroups.map((sg) => sg.securityGroupId)),
        Subnets: stack.resolve(vpc.privateSubnets.map((sn) => sn.subnetId)),
      },
    });
    expect(task.connections.securityGroups).toHaveLength(1);
  });

  test('renders given security groups and subnet selection', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const { task } = jsonPathTask({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, securityGroups: [sg] }, stack);
    expect(renderedRequest(stack, task).NetworkConfig.VpcConfig).toEqual({
      SecurityGroupIds: [stack.resolve(sg.securityGroupId)],
      Subnets: stack.resolve(vpc.isolatedSubnets.map((sn) => sn.subnetId)),
    });
  });

  test('renders S3 inputs with every option, from a URI and from a bucket', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Raw');
    const { task } = jsonPathTask({
      processingInputs: [
        ProcessingInput.fromS3Uri('manifest', 's3://data/manifests/today.json', {
          s3DataType: S3DataType.MANIFEST_FILE, inputMode: ProcessingInputMode.PIPE, distributionType: DataDistributionType.SHARDED_BY_S3_KEY,
          compressionType: S3CompressionType.GZIP, localPath: '/opt/ml/processing/input/manifest',
        }),
        ProcessingInput.fromBucket('events', bucket, 'events/'),
        ProcessingInput.fromS3Uri('dated', sfn.JsonPath.stringAt('$.inputUri')),
      ],
    }, stack);
    expect(renderedRequest(stack, task).ProcessingInputs).toEqual([
      { InputName: 'manifest', S3Input: { S3Uri: 's3://data/manifests/today.json', LocalPath: '/opt/ml/processing/input/manifest', S3DataType: 'ManifestFile', S3InputMode: 'Pipe', S3DataDistributionType: 'ShardedByS3Key', S3CompressionType: 'Gzip' } },
      { InputName: 'events', S3Input: { S3Uri: { 'Fn::Join': ['', ['s3://', stack.resolve(bucket.bucketName), '/events/']] }, LocalPath: '/opt/ml/processing/input/events', S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' } },
      { InputName: 'dated', S3Input: { 'S3Uri.$': '$.inputUri', 'LocalPath': '/opt/ml/processing/input/dated', 'S3DataType': 'S3Prefix', 'S3InputMode': 'File', 'S3DataDistributionType': 'FullyReplicated' } },
    ]);
  });

  test('renders Athena and Redshift dataset definitions with output format, compression and KMS key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'QueryKey');
    const clusterRole = new iam.Role(stack, 'ClusterRole', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
    const { task } = jsonPathTask({
      processingInputs: [
        ProcessingInput.fromAthena('clicks', {
          database: 'web', queryString: 'SELECT * FROM clicks', workGroup: 'analytics', outputS3Uri: 's3://athena-out/clicks/',
          kmsKey: key, outputFormat: AthenaOutputFormat.ORC, outputCompression: AthenaOutputCompression.ZLIB,
        }),
        ProcessingInput.fromRedshift('orders', {
          clusterId: 'dwh', database: 'sales', dbUser: 'etl', queryString: 'SELECT * FROM orders', clusterRole,
          outputS3Uri: 's3://rs-out/orders/', outputFormat: RedshiftOutputFormat.CSV, outputCompression: RedshiftOutputCompression.GZIP,
          inputMode: ProcessingInputMode.FILE, distributionType: DataDistributionType.FULLY_REPLICATED,
        }),
      ],
    }, stack);
    expect(renderedRequest(stack, task).ProcessingInputs).toEqual([
      {
        InputName: 'clicks',
        AppManaged: false,
        DatasetDefinition: {
          AthenaDatasetDefinition: {
            Catalog: 'AwsDataCatalog', Database: 'web', QueryString: 'SELECT * FROM clicks', WorkGroup: 'analytics',
            OutputS3Uri: 's3://athena-out/clicks/', KmsKeyId: stack.resolve(key.keyArn), OutputFormat: 'ORC', OutputCompression: 'ZLIB',
          },
          LocalPath: '/opt/ml/processing/input/clicks', DataDistributionType: 'ShardedByS3Key', InputMode: 'File',
        },
      },
      {
        InputName: 'orders',
        AppManaged: false,
        DatasetDefinition: {
          RedshiftDatasetDefinition: {
            ClusterId: 'dwh', Database: 'sales', DbUser: 'etl', QueryString: 'SELECT * FROM orders',
            ClusterRoleArn: stack.resolve(clusterRole.roleArn), OutputS3Uri: 's3://rs-out/orders/', OutputFormat: 'CSV', OutputCompression: 'GZIP',
          },
          LocalPath: '/opt/ml/processing/input/orders', DataDistributionType: 'FullyReplicated', InputMode: 'File',
        },
      },
    ]);
  });

  test('renders app-managed inputs and outputs, Feature Store and S3 outputs with upload mode and output KMS key', () => {
    const stack = newStack();
    const lake = new s3.Bucket(stack, 'Lake');
    const key = new kms.Key(stack, 'OutKey');
    const { task } = jsonPathTask({
      processingInputs: [ProcessingInput.appManaged('catalog')],
      processingOutputs: [
        ProcessingOutput.toBucket('features', lake, 'features/', { uploadMode: S3UploadMode.CONTINUOUS }),
        ProcessingOutput.toS3Uri('report', 's3://reports/daily/', { localPath: '/opt/ml/processing/report' }),
        ProcessingOutput.toFeatureGroup('online', 'customer-features'),
        ProcessingOutput.appManaged('side-effects'),
      ],
      outputKmsKey: key,
    }, stack);
    const request = renderedRequest(stack, task);
    expect(request.ProcessingInputs).toEqual([{ InputName: 'catalog', AppManaged: true }]);
    expect(request.ProcessingOutputConfig).toEqual({
      Outputs: [
        { OutputName: 'features', S3Output: { S3Uri: { 'Fn::Join': ['', ['s3://', stack.resolve(lake.bucketName), '/features/']] }, LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'Continuous' } },
        { OutputName: 'report', S3Output: { S3Uri: 's3://reports/daily/', LocalPath: '/opt/ml/processing/report', S3UploadMode: 'EndOfJob' } },
        { OutputName: 'online', AppManaged: true, FeatureStoreOutput: { FeatureGroupName: 'customer-features' } },
        { OutputName: 'side-effects', AppManaged: true },
      ],
      KmsKeyId: stack.resolve(key.keyArn),
    });
  });

  test('renders experiment config and tags', () => {
    const { stack, task } = jsonPathTask({
      experimentConfig: { experimentName: 'churn', trialName: 'nightly', trialComponentDisplayName: 'features', runName: 'r1' },
      tags: { team: 'data', cost: 'ml' },
    });
    const request = renderedRequest(stack, task);
    expect(request.ExperimentConfig).toEqual({ ExperimentName: 'churn', TrialName: 'nightly', TrialComponentDisplayName: 'features', RunName: 'r1' });
    expect(request.Tags).toEqual([{ Key: 'team', Value: 'data' }, { Key: 'cost', Value: 'ml' }]);
  });

  test('uses a given role and an ECR repository image, granting pull to that role', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Given', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const repo = new ecr.Repository(stack, 'Repo');
    const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { image: ProcessingImage.fromEcrRepository(repo, 'v3'), role });
    const request = renderedRequest(stack, task);
    expect(request.RoleArn).toEqual(stack.resolve(role.roleArn));
    expect(JSON.stringify(request.AppSpecification.ImageUri)).toContain(':v3');
    expect(task.role).toBe(role);
  });

  test('JSONata state renders Arguments with JSONata values and a JSONata default name', () => {
    const stack = newStack();
    const task = SageMakerCreateProcessingJob.jsonata(stack, 'Job', {
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      arguments: Token.asList('{% $states.input.args %}'),
      instanceCount: Token.asNumber('{% $states.input.count %}'),
      environment: { RUN_DATE: '{% $states.input.date %}' },
    });
    const state: any = stack.resolve(task.toStateJson());
    expect(state.QueryLanguage).toBe('JSONata');
    expect(state.Arguments.ProcessingJobName).toBe(
      "{% 'Job-' & $fromMillis($toMillis($states.context.Execution.StartTime), '[Y0001][M01][D01]-[H01][m01][s01]') & '-' & $substring($uuid(), 0, 8) %}");
    expect(state.Arguments.AppSpecification.ContainerArguments).toBe('{% $states.input.args %}');
    expect(state.Arguments.ProcessingResources.ClusterConfig.InstanceCount).toBe('{% $states.input.count %}');
    expect(state.Arguments.Environment).toEqual({ RUN_DATE: '{% $states.input.date %}' });
  });
});
