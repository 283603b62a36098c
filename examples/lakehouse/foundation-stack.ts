import { RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * What the lakehouse's other stacks share: the raw and curated buckets (encrypted with the data
 * key, access-logged), the Athena results bucket, the data key and its alias, the network the
 * jobs run in, and the topic failures are announced on.
 */
export class LakeFoundationStack extends Stack {
  public readonly dataKey: kms.Key;
  public readonly raw: s3.Bucket;
  public readonly curated: s3.Bucket;
  public readonly athenaResults: s3.Bucket;
  public readonly vpc: ec2.Vpc;
  public readonly alerts: sns.Topic;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.dataKey = new kms.Key(this, 'DataKey', { enableKeyRotation: true, description: 'Lakehouse data, job volumes and alerts', alias: 'alias/lakehouse-data' });
    this.dataKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true, removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'The server access log bucket itself; logging it into itself would loop.' },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'The server access log bucket itself; logging it into itself would loop.' },
      // Amazon S3 User Guide, "Enabling Amazon S3 server access logging": the destination bucket's default encryption may be SSE-S3 only.
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'S3 delivers server access logs only to a bucket encrypted with SSE-S3, not SSE-KMS.' },
    );
    const bucket = (bucketId: string, logPrefix: string) => new s3.Bucket(this, bucketId, {
      encryption: s3.BucketEncryption.KMS, encryptionKey: this.dataKey, bucketKeyEnabled: true, enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true, serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: logPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.raw = bucket('Raw', 'raw/');
    this.curated = bucket('Curated', 'curated/');
    this.athenaResults = bucket('AthenaResults', 'athena/');

    // Jobs run in private subnets and reach AWS through the NAT gateway (S3 through its gateway endpoint).
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: this.dataKey, removalPolicy: RemovalPolicy.RETAIN });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    this.alerts = new sns.Topic(this, 'Alerts', { enforceSSL: true, masterKey: this.dataKey });

    for (const b of [accessLogs, this.raw, this.curated, this.athenaResults]) {
      Validations.of(b).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Cross-region replication is a per-deployment decision (a second region, a replica key).' });
    }
    Validations.of(this.vpc).acknowledge(
      { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group: the jobs have their own.' },
      // The NAT gateway lives in the public subnets: their route to the internet gateway and public addresses are what they are for.
      { id: 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled', reason: 'Public subnets hold the NAT gateway only; the jobs run in the private subnets.' },
      { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason: 'Public subnets hold the NAT gateway only; the jobs run in the private subnets.' },
    );
  }
}
