import { Stack, Validations } from 'aws-cdk-lib';
import { PlatformStack } from '../../examples/platform/platform-stack';
import { MaximalStack } from './maximal-stack';
import { nagFindings } from './nag';

/**
 * What cdk-nag reports on the library's own resources, and why each is accepted. The maximal
 * stack acknowledges exactly these; any other finding fails the test.
 */
const JOB_ROLE = 'JobRole/DefaultPolicy/Resource';
const ACCEPTED: Array<{ id: string; on: string[]; reason: string }> = [
  {
    id: 'AwsSolutions-IAM5[Resource::*]', on: [`Everything/${JOB_ROLE}`, `Isolated/${JOB_ROLE}`],
    reason: 'ecr:GetAuthorizationToken, cloudwatch:PutMetricData (scoped by a namespace condition) and the EC2 network interface actions of a VPC job have no resource-level permissions.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::*]', on: ['StateMachine/Role/DefaultPolicy/Resource'],
    reason: 'X-Ray and CloudWatch Logs delivery actions of Step Functions have no resource-level permissions.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/ProcessingJobs:*]', on: [`Everything/${JOB_ROLE}`, `Isolated/${JOB_ROLE}`],
    reason: 'SageMaker writes one log stream per job and instance into this log group; stream names are only known at run time.',
  },
  ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:Abort*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
    id: `AwsSolutions-IAM5[Action::${action}]`, on: [`Everything/${JOB_ROLE}`, `Isolated/${JOB_ROLE}`],
    reason: "CDK's grant action groups (bucket.grantRead/grantWrite, key.grantEncryptDecrypt), on the job's own buckets, prefixes and keys.",
  })),
  ...[
    ['<Data666C94C7.Arn>/raw/*', 'Everything'], ['<Data666C94C7.Arn>/features/*', 'Everything'], ['<Data666C94C7.Arn>/features/*', 'Isolated'],
    ['<Data666C94C7.Arn>/reports/*', 'Isolated'], ['arn:<AWS::Partition>:s3:::reference-data-bucket/countries/*', 'Everything'],
    ['arn:<AWS::Partition>:s3:::export-bucket/daily/*', 'Everything'],
  ].map(([resource, job]) => ({
    id: `AwsSolutions-IAM5[Resource::${resource}]`, on: [`${job}/${JOB_ROLE}`],
    reason: 'The objects under one input or output prefix of the job: the narrowest resource S3 allows for a prefix.',
  })),
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/events/*]', on: [`Everything/${JOB_ROLE}`],
    reason: 'The Athena input queries tables of one Glue database; the tables are named in the query, not in the construct.',
  },
  ...['everything', 'isolated'].map((prefix) => ({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:processing-job/${prefix}*]`, on: ['StateMachine/Role/DefaultPolicy/Resource'],
    reason: 'Each run creates a new job named <prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>; the role may create, describe and stop only those.',
  })),
  {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy', on: [`Everything/${JOB_ROLE}`, `Isolated/${JOB_ROLE}`, 'StateMachine/Role/DefaultPolicy/Resource', 'Vpc/all/IAMRole/DefaultPolicy/Resource'],
    reason: 'CDK grants write one AWS::IAM::Policy per role, attached to it and deployed with it; there are no users or groups.',
  },
  { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', on: ['Vpc/Resource'], reason: 'Nothing uses the default security group: the jobs have their own.' },
  {
    id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', on: ['AccessLogs/Resource'],
    reason: 'S3 delivers server access logs only to buckets encrypted with SSE-S3, not SSE-KMS (Amazon S3 User Guide, server access logging).',
  },
];

function acknowledge(stack: Stack): void {
  for (const { id, on, reason } of ACCEPTED) {
    for (const path of on) Validations.of(stack.node.findAll().find((c) => c.node.path === `${stack.node.id}/${path}`)!).acknowledge({ id, reason });
  }
}

describe('cdk-nag AwsSolutions and NIST 800-53 rev 5', () => {
  test('the platform example stack has no findings (its acknowledgements carry their reasons in the example)', () => {
    expect(nagFindings((app) => new PlatformStack(app, 'Platform'))).toEqual([]);
  });

  test('a maximal stack has exactly the accepted findings, each acknowledged with its reason', () => {
    expect(nagFindings((app) => acknowledge(new MaximalStack(app, 'Max')))).toEqual([]);
  });

  test('without the acknowledgements the maximal stack reports them (the acknowledgements are not stale)', () => {
    const findings = nagFindings((app) => new MaximalStack(app, 'Max')).map((f) => `${f.rule} on ${f.path}`).sort();
    const accepted = ACCEPTED.flatMap(({ id, on }) => on.map((p) => `${id} on Max/${p}`)).sort();
    expect(findings).toEqual(accepted);
  });
});
