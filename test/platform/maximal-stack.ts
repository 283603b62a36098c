import * as path from 'path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AthenaOutputFormat, JobSchedule, JobTrigger, OutputPartitioning, ProcessingDefaults, ProcessingImage, ProcessingInput, ProcessingInstanceType,
  ProcessingJob, ProcessingJobRunner, ProcessingOutput, SageMakerCreateProcessingJob,
} from '../../lib';

/**
 * A stack that uses every option of the library that creates AWS resources or IAM statements:
 * every input and output kind, both query languages and integration patterns, a VPC, customer
 * keys, defaults, deployed jobs (shared and own runners, a schedule, a trigger, the job bucket, a
 * failure alarm and notifications, a job as a step). Its own supporting resources (VPC, buckets, keys, logs) follow the nag packs.
 */
export class MaximalStack extends Stack {
  public readonly jobs: SageMakerCreateProcessingJob[];
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2, natGateways: 0,
      subnetConfiguration: [{ name: 'jobs', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true, removalPolicy: RemovalPolicy.DESTROY,
    });
    const data = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true,
      serverAccessLogsBucket: accessLogs, removalPolicy: RemovalPolicy.DESTROY,
    });
    const repository = new ecr.Repository(this, 'Images', { imageScanOnPush: true, imageTagMutability: ecr.TagMutability.IMMUTABLE });
    const redshiftRole = iam.Role.fromRoleArn(this, 'RedshiftRole', 'arn:aws:iam::123456789012:role/redshift-unload');

    ProcessingDefaults.of(this).add({
      vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, volumeKmsKey: key, outputKmsKey: key,
      enableInterContainerTrafficEncryption: true, tags: { team: 'data' }, maxRuntime: Duration.minutes(45),
      bucketKmsKey: key, serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: 'jobs/', logRetention: logs.RetentionDays.SIX_MONTHS,
    });

    const everything = SageMakerCreateProcessingJob.jsonPath(this, 'Everything', {
      image: ProcessingImage.fromEcrRepository(repository, '1'),
      entrypoint: ['python3', '/app/main.py'],
      arguments: ['--date', sfn.JsonPath.stringAt('$.date')],
      environment: { STAGE: 'prod' },
      processingInputs: [
        ProcessingInput.fromBucket('raw', data, 'raw/'),
        ProcessingInput.fromS3Uri('reference', 's3://reference-data-bucket/countries/'),
        ProcessingInput.fromAsset('config', path.join(__dirname, 'maximal-stack.ts')),
        ProcessingInput.fromAthena('athena', { database: 'events', queryString: 'SELECT 1', outputS3Uri: data.s3UrlForObject('athena/'), outputFormat: AthenaOutputFormat.PARQUET }),
        ProcessingInput.fromRedshift('redshift', {
          clusterId: 'warehouse', database: 'dev', dbUser: 'etl', queryString: 'SELECT 1', clusterRole: redshiftRole, outputS3Uri: data.s3UrlForObject('redshift/'),
        }),
        ProcessingInput.appManaged('catalog'),
      ],
      processingOutputs: [
        ProcessingOutput.toBucket('features', data, 'features/'),
        ProcessingOutput.toS3Uri('export', 's3://export-bucket/daily/'),
        ProcessingOutput.toFeatureGroup('store', 'customer-features'),
        ProcessingOutput.appManaged('upload'),
      ],
      instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE }, { instanceType: ProcessingInstanceType.ML_C5_XLARGE }],
      instanceCount: 2,
      experimentConfig: { experimentName: 'features', trialName: 'nightly' },
      tags: { dataset: 'events' },
    });
    const isolated = SageMakerCreateProcessingJob.jsonata(this, 'Isolated', {
      integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
      image: ProcessingImage.fromEcrRepository(repository, '1'),
      enableNetworkIsolation: true,
      processingInputs: [ProcessingInput.fromBucket('features', data, 'features/')],
      processingOutputs: [ProcessingOutput.toBucket('report', data, 'reports/')],
    });
    this.jobs = [everything, isolated];

    // Deployed jobs: a shared runner with a scheduled and an event-triggered job, and a job of its own
    // with a failure alarm, notifications, tracing and the runner's bucket; one of them is also a step below.
    const topic = new sns.Topic(this, 'Failures', { masterKey: key, enforceSSL: true });
    const runner = new ProcessingJobRunner(this, 'Runner', { jobNamePrefix: 'lake', notificationTopic: topic, tracingEnabled: true });
    new ProcessingJob(this, 'Nightly', {
      runner, image: ProcessingImage.fromEcrRepository(repository, '1'),
      processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
      processingOutputs: [ProcessingOutput.toJobBucket('features')],
      outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
      schedule: JobSchedule.cron({ minute: '0', hour: '2' }),
    });
    new ProcessingJob(this, 'OnArrival', {
      runner, image: ProcessingImage.fromEcrRepository(repository, '1'),
      triggers: [JobTrigger.onObjectCreated(data, { prefix: 'incoming/' })],
      processingOutputs: [ProcessingOutput.toBucket('clean', data, 'clean/')],
    });
    const report = new ProcessingJob(this, 'Report', {
      image: ProcessingImage.fromEcrRepository(repository, '1'),
      processingOutputs: [ProcessingOutput.toJobBucket('report')],
      failureAlarm: true, notificationTopic: topic, tracingEnabled: true, outputExpiration: Duration.days(90),
    });

    const stateMachineLogs = new logs.LogGroup(this, 'StateMachineLogs', { retention: logs.RetentionDays.THREE_MONTHS, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(everything.next(isolated).next(report.asStep(this, 'ReportStep'))),
      logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL },
      tracingEnabled: true,
    });
    // The stack's own supporting resources; the library's findings are in nag-accepted.ts.
    Validations.of(this).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Replication is a per-deployment decision.' });
    Validations.of(vpc).acknowledge({ id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group: the jobs have their own.' });
    Validations.of(accessLogs).acknowledge({
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'S3 delivers server access logs only to buckets encrypted with SSE-S3, not SSE-KMS (Amazon S3 User Guide, server access logging).',
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray and CloudWatch Logs delivery actions of Step Functions have no resource-level permissions.',
    });
  }
}
