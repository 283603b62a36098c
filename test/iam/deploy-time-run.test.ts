import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingInput, ProcessingJobRun, ProcessingOutput } from '../../lib';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';

const jobArn = (name: string) => `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:processing-job/${name}`;
const functionArn = (name: string) => `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** A deploy-time run reading one prefix of a bucket and writing another. */
function runStack() {
  const stack = new Stack(new App(), 'TestStack');
  const bucket = new s3.Bucket(stack, 'Lake');
  new ProcessingJobRun(stack, 'Seed', {
    image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/seed:1'),
    jobNamePrefix: 'seed-lake',
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('seeded', bucket, 'seeded/')],
  });
  return SynthesizedIam.of(stack);
}

describe('a deploy-time run, evaluated', () => {
  const iam = runStack();
  const provider = 'ProcessingJobRunProvider3600s';
  const roles = {
    onEvent: iam.role(`${provider}/OnEventRole/Resource`),
    isComplete: iam.role(`${provider}/IsCompleteRole/Resource`),
    frameworkOnEvent: iam.role(`${provider}/FrameworkOnEventRole/Resource`),
    frameworkWait: iam.role(`${provider}/FrameworkWaitRole/Resource`),
  };
  const logGroup = (id: string) => iam.ref(iam.logicalId('AWS::Logs::LogGroup', `${provider}/${id}/Resource`));
  const stream = (group: string) => `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:2026/11/30/[$LATEST]0a1b2c3d`;
  const fn = (id: string) => functionArn(iam.ref(iam.logicalId('AWS::Lambda::Function', id)));

  test('no role of the run has an AWS managed policy (AWSLambdaBasicExecutionRole allows every log group)', () => {
    expect(iam.roles().filter((r) => iam.pathOf(r).includes(provider)).flatMap((r) => iam.externalManagedPolicies(r))).toEqual([]);
  });

  test.each([
    ['onEvent', 'OnEventLogs'],
    ['isComplete', 'IsCompleteLogs'],
    ['frameworkOnEvent', 'FrameworkLogs'],
    ['frameworkWait', 'FrameworkLogs'],
  ] as const)('the %s function writes its own log group only', async (role, group) => {
    expect(await iam.decide(roles[role], { action: 'logs:PutLogEvents', resource: stream(logGroup(group)) })).toBe('Allowed');
    expect(await iam.decide(roles[role], { action: 'logs:CreateLogStream', resource: stream(logGroup(group)) })).toBe('Allowed');
    expect(await iam.decide(roles[role], { action: 'logs:PutLogEvents', resource: stream(logGroup('WaiterLogs')) })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles[role], { action: 'logs:PutLogEvents', resource: stream('/aws/lambda/another-function') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles[role], { action: 'logs:CreateLogGroup', resource: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/x` })).toBe('ImplicitlyDenied');
  });

  test.each(['onEvent', 'isComplete'] as const)('the %s handler describes the run\'s jobs only, and starts or stops none', async (role) => {
    expect(await iam.decide(roles[role], { action: 'sagemaker:DescribeProcessingJob', resource: jobArn('seed-lake-20261130-020000-0a1b2c3d') })).toBe('Allowed');
    expect(await iam.decide(roles[role], { action: 'sagemaker:DescribeProcessingJob', resource: jobArn('other-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
    // Names that start with the prefix but are not its run names: another run's (prefix seed-lake-backfill), a job's (seed-lakes).
    expect(await iam.decide(roles[role], { action: 'sagemaker:DescribeProcessingJob', resource: jobArn('seed-lake-backfill-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles[role], { action: 'sagemaker:DescribeProcessingJob', resource: jobArn('seed-lakes-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles[role], { action: 'sagemaker:DescribeProcessingJob', resource: jobArn('seed-lake-20261130-020000-0a1b2c3d-retry') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles[role], { action: 'sagemaker:CreateProcessingJob', resource: jobArn('seed-lake-1') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles[role], { action: 'sagemaker:StopProcessingJob', resource: jobArn('seed-lake-1') })).toBe('ImplicitlyDenied');
  });

  test('the framework functions invoke the run\'s handlers only', async () => {
    expect(await iam.decide(roles.frameworkOnEvent, { action: 'lambda:InvokeFunction', resource: fn(`${provider}/OnEvent/Resource`) })).toBe('Allowed');
    expect(await iam.decide(roles.frameworkWait, { action: 'lambda:InvokeFunction', resource: fn(`${provider}/IsComplete/Resource`) })).toBe('Allowed');
    expect(await iam.decide(roles.frameworkOnEvent, { action: 'lambda:InvokeFunction', resource: functionArn('another-function') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(roles.frameworkWait, { action: 'lambda:InvokeFunction', resource: functionArn('another-function') })).toBe('ImplicitlyDenied');
  });

  test('the job role reads and writes its prefixes; SageMaker only may assume it', async () => {
    const job = iam.role('Seed/JobRole/Resource');
    const lake = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));
    expect(await iam.decide(job, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/a.csv` })).toBe('Allowed');
    expect(await iam.decide(job, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/seeded/a.csv` })).toBe('Allowed');
    expect(await iam.decide(job, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/a.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.trusts(job, 'sagemaker.amazonaws.com')).toBe('Allowed');
    expect(await iam.trusts(job, 'lambda.amazonaws.com')).toBe('ImplicitlyDenied');
  });
});
