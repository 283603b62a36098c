import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingInput, ProcessingOutput, SageMakerCreateProcessingJob } from '../../lib';
import { IMAGE_URI } from '../task/helpers';

/** The statements of the task's job role. */
function jobRoleStatements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values<any>(policies).flatMap((p) => stack.resolve(p.Properties.PolicyDocument.Statement));
}

function job(stack: Stack, props: object): void {
  SageMakerCreateProcessingJob.jsonPath(stack, 'Job', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://lake/out/')],
    ...props,
  });
}

describe('KMS keys given as aliases', () => {
  const keyStatements = (stack: Stack) => jobRoleStatements(stack).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('kms:')));
  const ACCOUNT_KEYS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':key/*']] };

  test('kms.Alias.fromAliasName: the use of the key the alias names, through kms:ResourceAliases', () => {
    const stack = new Stack(new App(), 'Alias');
    job(stack, { outputKmsKey: kms.Alias.fromAliasName(stack, 'Key', 'alias/lake-data') });
    const statements = keyStatements(stack);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.Resource).toEqual(ACCOUNT_KEYS);
      expect(s.Condition['ForAnyValue:StringEquals']).toEqual({ 'kms:ResourceAliases': 'alias/lake-data' });
    }
  });

  test('kms.Key.fromKeyArn with an alias ARN: the same condition, in the ARN\'s account and region', () => {
    const stack = new Stack(new App(), 'AliasArn');
    job(stack, { volumeKmsKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:alias/volumes') });
    const statements = keyStatements(stack);
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['kms:CreateGrant', 'kms:DescribeKey']);
    for (const s of statements) {
      expect(s.Resource).toBe('arn:aws:kms:eu-west-1:111122223333:key/*');
      expect(s.Condition['ForAnyValue:StringEquals']).toEqual({ 'kms:ResourceAliases': 'alias/volumes' });
    }
  });

  test('an alias created in the app grants on its key', () => {
    const stack = new Stack(new App(), 'OwnAlias');
    const key = new kms.Key(stack, 'Key');
    job(stack, { outputKmsKey: new kms.Alias(stack, 'Alias', { aliasName: 'alias/own', targetKey: key }) });
    const statements = keyStatements(stack);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.Resource)).toEqual(statements.map(() => stack.resolve(key.keyArn)));
  });

  test('an alias whose name is known only at deploy time is refused, saying how to pass a key', () => {
    const stack = new Stack(new App(), 'TokenAlias');
    const name = new kms.Key(stack, 'Other').keyId;
    expect(() => job(stack, { outputKmsKey: kms.Alias.fromAliasName(stack, 'Key', name) })).toThrow(
      'TokenAlias/Key: this KMS alias is known only at deploy time, so a job role cannot be granted its key');
  });
});

describe('https:// S3 URIs', () => {
  const s3Statements = (stack: Stack) => jobRoleStatements(stack).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));

  test.each([
    ['virtual-hosted style', 'https://lake.s3.eu-west-1.amazonaws.com/raw/2026/'],
    ['path style', 'https://s3.eu-west-1.amazonaws.com/lake/raw/2026/'],
  ])('%s: granted like s3://lake/raw/2026/', (_style, uri) => {
    const stack = new Stack(new App(), 'Https');
    job(stack, { processingInputs: [ProcessingInput.fromS3Uri('raw', uri)], processingOutputs: [] });
    const resources = s3Statements(stack).map((s) => s.Resource);
    expect(resources).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake/raw/2026/*']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake']] },
    ]);
  });

  test.each([
    ['China', 'https://lake.s3.cn-north-1.amazonaws.com.cn/raw/2026/'],
    ['aws-iso, path style', 'https://s3.us-iso-east-1.c2s.ic.gov/lake/raw/2026/'],
    ['aws-iso-b', 'https://lake.s3.us-isob-east-1.sc2s.sgov.gov/raw/2026/'],
    ['aws-iso-e', 'https://lake.s3.eu-isoe-west-1.cloud.adc-e.uk/raw/2026/'],
    ['aws-iso-f', 'https://s3.us-isof-south-1.csp.hci.ic.gov/lake/raw/2026/'],
    ['aws-eusc', 'https://lake.s3.eusc-de-east-1.amazonaws.eu/raw/2026/'],
  ])('%s: the partition\'s S3 domain is granted like s3://lake/raw/2026/', (_partition, uri) => {
    const stack = new Stack(new App(), 'Https');
    job(stack, { processingInputs: [ProcessingInput.fromS3Uri('raw', uri)], processingOutputs: [] });
    expect(s3Statements(stack).map((s) => s.Resource)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake/raw/2026/*']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake']] },
    ]);
  });

  test.each([
    ['urlForObject', (b: s3.IBucket) => b.urlForObject('raw/')],
    ['virtualHostedUrlForObject', (b: s3.IBucket) => b.virtualHostedUrlForObject('raw/')],
  ])('bucket.%s (AWS::URLSuffix as the domain), in a stack with a region and an env-agnostic one: granted on the prefix', (_method, url) => {
    for (const env of [{ region: 'us-east-1' }, undefined]) {
      const stack = new Stack(new App(), 'Https', { env });
      const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'lake');
      job(stack, { processingInputs: [ProcessingInput.fromS3Uri('raw', url(bucket))], processingOutputs: [] });
      expect(s3Statements(stack).map((s) => s.Resource)).toEqual([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake/raw/*']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake']] },
      ]);
    }
  });

  test('an https:// URI that names no bucket is refused', () => {
    const stack = new Stack(new App(), 'Https');
    expect(() => job(stack, { processingInputs: [ProcessingInput.fromS3Uri('raw', 'https://example.com/raw/')], processingOutputs: [] })).toThrow(
      "Https/Job: input 'raw' 'https://example.com/raw/' is an https:// URI whose bucket cannot be read from it, so the job role cannot be granted access "
      + '(S3Uri); give it as s3://<bucket>/<key prefix>, or use ProcessingInput.fromBucket / ProcessingOutput.toBucket');
  });
});
