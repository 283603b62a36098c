import { RegionInfo } from 'aws-cdk-lib/region-info';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { stackOutputReader } from '../../cli/src/direct';
import { resolveIntrinsics, StackFacts } from '../../cli/src/intrinsics';

const facts = (overrides: Partial<StackFacts> = {}): StackFacts => ({
  stackName: 'DataLake', stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/DataLake/1', region: 'eu-west-1', account: '123456789012', partition: 'aws',
  template: {
    Parameters: {
      Stage: { Type: 'String', Default: 'dev' }, Deployed: { Type: 'String', Default: 'template' },
      Count: { Type: 'Number', Default: 2 }, Args: { Type: 'CommaDelimitedList' }, Subnets: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2' },
    },
    Mappings: { Images: { 'eu-west-1': { account: '141502667606' } } },
    Conditions: { IsEu: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }, IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      EuAndNotProd: { 'Fn::And': [{ Condition: 'IsEu' }, { 'Fn::Not': [{ Condition: 'IsProd' }] }] } },
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { Path: '/jobs/' } },
      Bucket: { Type: 'AWS::S3::Bucket' }, Repo: { Type: 'AWS::ECR::Repository' }, Topic: { Type: 'AWS::SNS::Topic' }, Fn: { Type: 'AWS::Lambda::Function' },
      TokenPathRole: { Type: 'AWS::IAM::Role', Properties: { Path: { Ref: 'Stage' } } },
    },
  },
  physicalIds: { Role: 'DataLake-Role-1', Bucket: 'datalake-bucket-1', Repo: 'jobs/r', Topic: 'arn:aws:sns:eu-west-1:123456789012:alerts', Fn: 'DataLake-Fn', TokenPathRole: 'R' },
  parameters: { Deployed: 'deployed', Count: '3', Args: '--mode, full' },
  exportValue: async (name) => (name === 'Vpc:Subnets' ? 'subnet-1,subnet-2' : undefined),
  stackOutput: async (stackName, outputName, region) => ({ 'Storage/eu-west-1/PublishOutputRefLake': 'storage-lake-1', 'Storage/us-east-1/PublishOutputRefLake': 'storage-lake-us' } as { [key: string]: string })[`${stackName}/${region}/${outputName}`],
  ...overrides,
});

describe('resolveIntrinsics', () => {
  test.each<[string, unknown, unknown]>([
    ['pseudo parameters', ['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName'].map((Ref) => ({ Ref })),
      ['eu-west-1', '123456789012', 'aws', 'amazonaws.com', 'DataLake']],
    ['a parameter: the deployed value, else the template default', [{ Ref: 'Deployed' }, { Ref: 'Stage' }], ['deployed', 'dev']],
    // CreateProcessingJob takes InstanceCount as an integer and ContainerArguments as a list: a Number parameter's
    // deployed text is a number, a list parameter's a list, where the value is whole; in a Fn::Join or Fn::Sub they are text.
    ['typed parameters: a number, a list (items trimmed), a list type\'s default',
      { InstanceCount: { Ref: 'Count' }, ContainerArguments: { Ref: 'Args' }, Subnets: { Ref: 'Subnets' }, Name: { 'Fn::Sub': 'n-${Count}' } },
      { InstanceCount: 3, ContainerArguments: ['--mode', 'full'], Subnets: ['subnet-1', 'subnet-2'], Name: 'n-3' }],
    ['Ref of a resource is its physical id', { Ref: 'Bucket' }, 'datalake-bucket-1'],
    ['role ARN with the role path of the template', { 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws:iam::123456789012:role/jobs/DataLake-Role-1'],
    ['GetAtt in its string form', { 'Fn::GetAtt': 'Bucket.Arn' }, 'arn:aws:s3:::datalake-bucket-1'],
    ['ECR repository URI', { 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }, '123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs/r'],
    ['an ARN attribute of a resource whose id is its ARN', { 'Fn::GetAtt': ['Topic', 'Arn'] }, 'arn:aws:sns:eu-west-1:123456789012:alerts'],
    ['Fn::Sub with variables, resources, attributes and ${!Literal}',
      { 'Fn::Sub': ['s3://${Bucket}/${Key}/${AWS::Region}/${!Literal}/${Role.Arn}', { Key: { 'Fn::Join': ['-', ['a', 'b']] } }] },
      's3://datalake-bucket-1/a-b/eu-west-1/${Literal}/arn:aws:iam::123456789012:role/jobs/DataLake-Role-1'],
    ['Fn::Select of Fn::Split of Fn::ImportValue', { 'Fn::Select': [1, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Vpc:Subnets' }] }] }, 'subnet-2'],
    // A weak cross-stack reference (aws-cdk-lib with @aws-cdk/core:defaultCrossStackReferences 'weak', as in a cdk init app).
    ['Fn::GetStackOutput in the stack\'s region (as aws-cdk-lib writes it: Region as a Ref)',
      { 'Fn::Join': ['', ['s3://', { 'Fn::GetStackOutput': { StackName: 'Storage', Region: { Ref: 'AWS::Region' }, OutputName: 'PublishOutputRefLake' } }, '/raw/']] },
      's3://storage-lake-1/raw/'],
    ['Fn::GetStackOutput of another region, and without Region (the stack\'s own)',
      [{ 'Fn::GetStackOutput': { StackName: 'Storage', Region: 'us-east-1', OutputName: 'PublishOutputRefLake' } }, { 'Fn::GetStackOutput': { StackName: 'Storage', OutputName: 'PublishOutputRefLake' } }],
      ['storage-lake-us', 'storage-lake-1']],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Images', { Ref: 'AWS::Region' }, 'account'] }, '141502667606'],
    ['Fn::FindInMap with a default value', { 'Fn::FindInMap': ['Images', 'us-east-1', 'account', { DefaultValue: 'none' }] }, 'none'],
    ['Fn::If with nested conditions; AWS::NoValue leaves the key out',
      { a: { 'Fn::If': ['EuAndNotProd', 'yes', 'no'] }, b: { 'Fn::If': ['IsProd', 'x', { Ref: 'AWS::NoValue' }] }, c: [1, { Ref: 'AWS::NoValue' }, 2] },
      { a: 'yes', c: [1, 2] }],
    ['plain values stay', { n: 1, t: true, s: 'x', nil: null }, { n: 1, t: true, s: 'x', nil: null }],
  ])('%s', async (_name, value, expected) => {
    expect(await resolveIntrinsics(value, facts())).toEqual(expected);
  });

  test.each(RegionInfo.regions.map((r) => [r.name, r.partition!, r.domainSuffix!]))(
    'AWS::URLSuffix in %s (partition %s) is region-info\'s domain suffix %s, as CloudFormation resolves it', async (region, partition, suffix) => {
      expect(await resolveIntrinsics({ Ref: 'AWS::URLSuffix' }, facts({ region, partition }))).toBe(suffix);
      // A Docker image asset's URI, as aws-cdk-lib writes it, and an ECR repository's.
      expect(await resolveIntrinsics({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/assets:1' }, facts({ region, partition })))
        .toBe(`123456789012.dkr.ecr.${region}.${suffix}/assets:1`);
      expect(await resolveIntrinsics({ 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }, facts({ region, partition }))).toBe(`123456789012.dkr.ecr.${region}.${suffix}/jobs/r`);
    });

  test('a partition the CLI does not know: no guessed URL suffix, ARNs still resolve', async () => {
    await expect(resolveIntrinsics({ Ref: 'AWS::URLSuffix' }, facts({ partition: 'aws-xx' }))).rejects.toThrow(/--direct cannot resolve AWS::URLSuffix \(partition aws-xx is not one of aws, aws-cn/);
    expect(await resolveIntrinsics({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, facts({ partition: 'aws-xx' }))).toBe('arn:aws-xx:s3:::datalake-bucket-1');
  });

  test('the China partition has its own URL suffix', async () => {
    expect(await resolveIntrinsics({ Ref: 'AWS::URLSuffix' }, facts({ partition: 'aws-cn' }))).toBe('amazonaws.com.cn');
  });

  test.each<[string, unknown, string]>([
    ['an unknown function', { 'Fn::Base64': 'x' }, 'Fn::Base64'],
    ['an attribute it does not know', { 'Fn::GetAtt': ['Fn', 'Arn'] }, 'Fn::GetAtt Fn.Arn (AWS::Lambda::Function)'],
    ['a role path that is not a literal', { 'Fn::GetAtt': ['TokenPathRole', 'Arn'] }, "Fn::GetAtt TokenPathRole.Arn (the role's Path is not a literal)"],
    ['a resource the stack does not have', { Ref: 'Missing' }, 'Ref Missing (stack DataLake has no such resource or parameter; deploy the current app)'],
    ['a mapping key that is not there', { 'Fn::FindInMap': ['Images', 'us-east-1', 'account'] }, 'Fn::FindInMap Images.us-east-1.account (the mapping has no such key)'],
    ['an index out of range', { 'Fn::Select': [5, ['a']] }, 'Fn::Select index 5 of ["a"]'],
    ['an export that does not exist', { 'Fn::ImportValue': 'Nope' }, 'Fn::ImportValue Nope (no such export in eu-west-1)'],
    ['an output that does not exist', { 'Fn::GetStackOutput': { StackName: 'Storage', OutputName: 'Nope' } },
      'Fn::GetStackOutput Storage.Nope (stack Storage in eu-west-1 has no such output; deploy it first)'],
    ['an output of another account', { 'Fn::GetStackOutput': { StackName: 'Storage', OutputName: 'PublishOutputRefLake', RoleArn: 'arn:aws:iam::222222222222:role/reader' } },
      'Fn::GetStackOutput Storage.PublishOutputRefLake (an output of another account, read with the role arn:aws:iam::222222222222:role/reader)'],
  ])('%s is an error', async (_name, value, what) => {
    await expect(resolveIntrinsics(value, facts())).rejects.toThrow(`--direct cannot resolve ${what}; run the job through its state machine (without --direct)`);
  });
});

describe('run --direct reads another stack\'s outputs (Fn::GetStackOutput)', () => {
  test('with DescribeStacks, once per stack and region, in the output\'s region', async () => {
    const cfn = mockClient(CloudFormationClient);
    cfn.on(DescribeStacksCommand, { StackName: 'Storage' }).resolves({ Stacks: [{
      StackName: 'Storage', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE',
      Outputs: [{ OutputKey: 'PublishOutputRefLake', OutputValue: 'storage-lake-1' }, { OutputKey: 'PublishOutputRefKey', OutputValue: 'key-1' }],
    }] });
    const read = stackOutputReader(new CloudFormationClient({ region: 'eu-west-1' }), 'eu-west-1');
    expect(await read('Storage', 'PublishOutputRefLake', 'eu-west-1')).toBe('storage-lake-1');
    expect(await read('Storage', 'PublishOutputRefKey', 'eu-west-1')).toBe('key-1');
    expect(await read('Storage', 'Nope', 'eu-west-1')).toBeUndefined();
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    cfn.restore();
  });
});
