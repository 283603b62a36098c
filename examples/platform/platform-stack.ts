import { ArnFormat, Aspects, Duration, RemovalPolicy, Size, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  ProcessingDefaults, ProcessingGuardrails, ProcessingImage, ProcessingImageSource, ProcessingInput, ProcessingInstanceType,
  ProcessingOutput, SageMakerCreateProcessingJob,
} from '../../lib';

/**
 * A platform team's template: the organisation's network, keys and buckets, `ProcessingDefaults`
 * so every job runs isolated in the VPC with customer keys and the cost tags, and
 * `ProcessingGuardrails` so a job that breaks the rules fails `cdk synth`. Two jobs run in a
 * nightly pipeline and carry none of the settings themselves.
 */
export class PlatformStack extends Stack {
  public readonly pipeline: sfn.StateMachine;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Processing data, volumes and logs', removalPolicy: RemovalPolicy.DESTROY });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));

    // Jobs run in isolated subnets; S3 through a gateway endpoint, ECR and logs through interface endpoints.
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'jobs', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    for (const [name, service] of Object.entries({
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR, EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    })) {
      vpc.addInterfaceEndpoint(name, { service });
    }
    const jobs = new ec2.SecurityGroup(this, 'JobsSecurityGroup', { vpc, description: 'Processing jobs: no inbound, HTTPS out to the endpoints', allowAllOutbound: false });
    jobs.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'VPC endpoints');

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(accessLogs).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This is the server access log bucket; logging it into itself would loop.' },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'S3 delivers server access logs only to buckets encrypted with SSE-S3, not SSE-KMS (Amazon S3 User Guide, server access logging).' },
    );
    const data = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true, serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: 'data/', removalPolicy: RemovalPolicy.DESTROY,
    });
    const repository = new ecr.Repository(this, 'Images', { imageScanOnPush: true, imageTagMutability: ecr.TagMutability.IMMUTABLE, encryption: ecr.RepositoryEncryption.KMS, encryptionKey: key });
    const boundary = new iam.ManagedPolicy(this, 'JobBoundary', {
      description: 'The most any processing job role may do',
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucket', 's3:GetBucketLocation'], resources: [data.bucketArn, data.arnForObjects('*')] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'], resources: [key.keyArn] }),
        new iam.PolicyStatement({ actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: [repository.repositoryArn] }),
        new iam.PolicyStatement({
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/ProcessingJobs:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/ProcessingJobs' } },
        }),
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'],
          resources: ['network-interface/*', 'subnet/*', 'security-group/*'].map((resource) => this.formatArn({ service: 'ec2', resource })),
        }),
        new iam.PolicyStatement({
          actions: ['ecr:GetAuthorizationToken', 'ec2:DeleteNetworkInterfacePermission',
            'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(boundary).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'A permissions boundary caps what roles may do; the listed actions have no resource-level permissions (ECR token, metrics, ENI descriptions and permission deletes).',
    }, ...['network-interface', 'subnet', 'security-group'].map((resource) => ({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:${resource}/*]`,
      reason: 'The boundary caps the network interface actions to interfaces, subnets and security groups; each job role names its own subnets and groups.',
    })), {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/ProcessingJobs:*]',
      reason: 'SageMaker writes one log stream per job and instance into this log group; streams are named at run time.',
    }, { id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(data.node.defaultChild as s3.CfnBucket)}.Arn>/*]`, reason: 'Jobs read and write any prefix of the data bucket.' },
    { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: 'The data keys of SSE-KMS uploads.' });

    // Every job in this stack: in the VPC, isolated, encrypted with the key, tagged, small and short by default.
    ProcessingDefaults.of(this).add({
      vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, securityGroups: [jobs],
      enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true,
      volumeKmsKey: key, outputKmsKey: key, bucketKmsKey: key, serverAccessLogsBucket: accessLogs,
      tags: { team: 'data-platform', costCenter: 'cc-1234' },
      instanceType: ProcessingInstanceType.ML_M5_LARGE, maxRuntime: Duration.minutes(30),
      permissionsBoundary: boundary, logRetention: logs.RetentionDays.THREE_MONTHS,
    });
    Aspects.of(this).add(new ProcessingGuardrails({
      allowedInstanceFamilies: ['m5', 'c5', 'r5'],
      maxInstanceCount: 4,
      maxRuntime: Duration.hours(2),
      maxVolumeSize: Size.gibibytes(100),
      requireVpc: true,
      requireNetworkIsolation: true,
      requireInterContainerTrafficEncryption: true,
      requireKmsKeys: true,
      requiredTags: ['team', 'costCenter'],
      allowedImageSources: [ProcessingImageSource.ECR_REPOSITORY],
      requireImagesFromOwnAccount: true,
    }));

    const image = ProcessingImage.fromEcrRepository(repository, '1.0.0');
    const features = SageMakerCreateProcessingJob.jsonPath(this, 'Features', {
      image,
      entrypoint: ['python3', '/app/features.py'],
      arguments: ['--date', sfn.JsonPath.stringAt('$.date')],
      processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
      processingOutputs: [ProcessingOutput.toBucket('features', data, 'features/')],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const report = SageMakerCreateProcessingJob.jsonPath(this, 'Report', {
      image,
      entrypoint: ['python3', '/app/report.py'],
      processingInputs: [ProcessingInput.fromBucket('features', data, 'features/')],
      processingOutputs: [ProcessingOutput.toBucket('report', data, 'reports/')],
      instanceType: ProcessingInstanceType.ML_C5_XLARGE,
      instanceCount: 2,
      resultPath: sfn.JsonPath.DISCARD,
    });

    this.acknowledgeFindings(vpc, data, [features, report]);

    const pipelineLogs = new logs.LogGroup(this, 'PipelineLogs', { retention: logs.RetentionDays.THREE_MONTHS, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });
    this.pipeline = new sfn.StateMachine(this, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(features.next(report)),
      logs: { destination: pipelineLogs, level: sfn.LogLevel.ALL },
      tracingEnabled: true,
    });
    Validations.of(this.pipeline.role).acknowledge(
      ...['features', 'report'].map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:processing-job/${prefix}*]`,
        reason: `Each run creates a new job named ${prefix}-<yyyyMMdd>-<HHmmss>-<8 hex>; the role may create, describe and stop only those.`,
      })),
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray and CloudWatch Logs delivery actions of Step Functions have no resource-level permissions.' },
    );
  }

  /**
   * cdk-nag findings this template accepts, each with its reason. Anything else fails `cdk synth`
   * (test/platform/security.test.ts).
   */
  private acknowledgeFindings(vpc: ec2.Vpc, data: s3.Bucket, jobs: SageMakerCreateProcessingJob[]): void {
    const dataArn = `<${this.getLogicalId(data.node.defaultChild as s3.CfnBucket)}.Arn>`;
    Validations.of(this).acknowledge(
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: "CDK grants write one AWS::IAM::Policy per role, attached to it and deployed with it; there are no users or groups." },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'A single-region template; cross-region replication is a per-deployment decision of the platform team.' },
    );
    Validations.of(vpc).acknowledge({ id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group: jobs and endpoints have their own.' });
    const tokenCidr = 'Interface endpoint security groups admit HTTPS from the VPC CIDR only; the CIDR is a token the rule cannot evaluate.';
    for (const endpoint of ['EcrApi', 'EcrDocker', 'Logs']) {
      Validations.of(vpc.node.findChild(endpoint)).acknowledge(
        { id: 'AwsSolutions-EC23', reason: tokenCidr },
        { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: tokenCidr },
        { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: tokenCidr },
      );
    }
    for (const job of jobs) {
      Validations.of(job.role).acknowledge(
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ecr:GetAuthorizationToken, cloudwatch:PutMetricData (scoped by a namespace condition), the EC2 Describe actions and DeleteNetworkInterfacePermission (VPC condition) have no resource-level permissions.' },
        { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*]', reason: 'The network interfaces SageMaker creates for the job at run time: created only in the job\'s subnets with its security groups, deleted only in its VPC and subnets.' },
        { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/ProcessingJobs:*]', reason: 'SageMaker writes one log stream per job and instance into this log group; streams are named at run time.' },
        { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: 'The data keys of SSE-KMS uploads (GenerateDataKey, GenerateDataKeyWithoutPlaintext), through S3 only, on the platform key only.' },
        ...['raw', 'features', 'reports'].map((prefix) => ({
          id: `AwsSolutions-IAM5[Resource::${dataArn}/${prefix}/*]`, reason: `The objects under the '${prefix}/' input or output prefix of the job.`,
        })),
      );
    }
  }
}
