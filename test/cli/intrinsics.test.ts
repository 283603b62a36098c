import { RegionInfo } from 'aws-cdk-lib/region-info';
import { resolveIntrinsics, StackFacts } from '../../cli/src/intrinsics';

const facts = (overrides: Partial<StackFacts> = {}): StackFacts => ({
  stackName: 'DataLake', stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/DataLake/1', region: 'eu-west-1', account: '123456789012', partition: 'aws',
  template: {
    Parameters: { Stage: { Type: 'String', Default: 'dev' }, Deployed: { Type: 'String', Default: 'template' } },
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
  parameters: { Deployed: 'deployed' },
  exportValue: async (name) => (name === 'Vpc:Subnets' ? 'subnet-1,subnet-2' : undefined),
  ...overrides,
});

describe('resolveIntrinsics', () => {
  test.each<[string, unknown, unknown]>([
    ['pseudo parameters', ['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName'].map((Ref) => ({ Ref })),
      ['eu-west-1', '123456789012', 'aws', 'amazonaws.com', 'DataLake']],
    ['a parameter: the deployed value, else the template default', [{ Ref: 'Deployed' }, { Ref: 'Stage' }], ['deployed', 'dev']],
    ['Ref of a resource is its physical id', { Ref: 'Bucket' }, 'datalake-bucket-1'],
    ['role ARN with the role path of the template', { 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws:iam::123456789012:role/jobs/DataLake-Role-1'],
    ['GetAtt in its string form', { 'Fn::GetAtt': 'Bucket.Arn' }, 'arn:aws:s3:::datalake-bucket-1'],
    ['ECR repository URI', { 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }, '123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs/r'],
    ['an ARN attribute of a resource whose id is its ARN', { 'Fn::GetAtt': ['Topic', 'Arn'] }, 'arn:aws:sns:eu-west-1:123456789012:alerts'],
    ['Fn::Sub with variables, resources, attributes and ${!Literal}',
      { 'Fn::Sub': ['s3://${Bucket}/${Key}/${AWS::Region}/${!Literal}/${Role.Arn}', { Key: { 'Fn::Join': ['-', ['a', 'b']] } }] },
      's3://datalake-bucket-1/a-b/eu-west-1/${Literal}/arn:aws:iam::123456789012:role/jobs/DataLake-Role-1'],
    ['Fn::Select of Fn::Split of Fn::ImportValue', { 'Fn::Select': [1, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Vpc:Subnets' }] }] }, 'subnet-2'],
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
  ])('%s is an error', async (_name, value, what) => {
    await expect(resolveIntrinsics(value, facts())).rejects.toThrow(`--direct cannot resolve ${what}; run the job through its state machine (without --direct)`);
  });
});
