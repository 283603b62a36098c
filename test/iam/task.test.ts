import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingInput, ProcessingOutput } from '../../lib';
import { jsonPathTask, newStack } from '../task/helpers';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';

const jobArn = (name: string) => `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:processing-job/${name}`;
const s3Arn = (bucketAndKey: string) => `arn:${PARTITION}:s3:::${bucketAndKey}`;
const RUN = 'nightly-features-20261130-020000-0a1b2c3d';

/**
 * A `.sync` task in a state machine: an input from a bucket of the stack and one from an S3 URI,
 * outputs to a bucket prefix and to an S3 URI.
 */
function taskStack() {
  const stack = newStack();
  const bucket = new s3.Bucket(stack, 'Lake');
  const { task } = jsonPathTask({
    jobNamePrefix: 'Nightly-Features',
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/'), ProcessingInput.fromS3Uri('ref', 's3://ref-data/lookup/')],
    processingOutputs: [ProcessingOutput.toBucket('features', bucket, 'features/'), ProcessingOutput.toS3Uri('report', 's3://results/daily/')],
  }, stack);
  new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  const iam = SynthesizedIam.of(stack);
  return { iam, stateMachineRole: iam.role('StateMachine/Role/Resource'), jobRole: iam.role('Job/JobRole/Resource'), lake: iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource')) };
}

describe('the Step Functions task, evaluated', () => {
  const { iam, stateMachineRole, jobRole, lake } = taskStack();
  const jobRoleArn = iam.att(jobRole, 'Arn');

  test.each([
    ['sagemaker:CreateProcessingJob', jobArn(RUN)],
    ['sagemaker:DescribeProcessingJob', jobArn(RUN)],
    ['sagemaker:StopProcessingJob', jobArn(RUN)],
    ['sagemaker:ListTags', jobArn(RUN)],
    ['events:PutRule', `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule`],
    ['events:PutTargets', `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule`],
  ])('the state machine may %s of its jobs', async (action, resource) => {
    expect(await iam.decide(stateMachineRole, { action, resource })).toBe('Allowed');
  });

  test('the state machine may pass the job role to SageMaker', async () => {
    expect(await iam.decide(stateMachineRole, { action: 'iam:PassRole', resource: jobRoleArn, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } })).toBe('Allowed');
  });

  test.each([
    ['create a job of another name', 'sagemaker:CreateProcessingJob', jobArn('other-job-20261130-020000-0a1b2c3d'), {}],
    ['stop a job of another name', 'sagemaker:StopProcessingJob', jobArn('nightly-other'), {}],
    ['create a training job of the same name', 'sagemaker:CreateTrainingJob', `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:training-job/${RUN}`, {}],
    ['pass the job role to Lambda', 'iam:PassRole', 'JOB_ROLE', { 'iam:PassedToService': 'lambda.amazonaws.com' }],
    ['pass another role to SageMaker', 'iam:PassRole', `arn:${PARTITION}:iam::${ACCOUNT}:role/Admin`, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }],
    ['tag jobs (the request has no tags)', 'sagemaker:AddTags', jobArn(RUN), {}],
    ['change another EventBridge rule', 'events:PutTargets', `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/other`, {}],
  ])('the state machine may not %s', async (_what, action, resource, context) => {
    expect(await iam.decide(stateMachineRole, { action, resource: resource === 'JOB_ROLE' ? jobRoleArn : resource, context })).toBe('ImplicitlyDenied');
  });

  test('only SageMaker may assume the job role', async () => {
    expect(await iam.trusts(jobRole, 'sagemaker.amazonaws.com')).toBe('Allowed');
    expect(await iam.trusts(jobRole, 'lambda.amazonaws.com')).toBe('ImplicitlyDenied');
  });

  test.each([
    ['get objects under its input prefix', 's3:GetObject', s3Arn(`${'LAKE'}/raw/2026/part-0.csv`), {}],
    ['list its input prefix', 's3:ListBucket', s3Arn('LAKE'), { 's3:prefix': 'raw/2026/' }],
    ['get objects under an S3 URI input', 's3:GetObject', s3Arn('ref-data/lookup/codes.csv'), {}],
    ['list an S3 URI input', 's3:ListBucket', s3Arn('ref-data'), { 's3:prefix': 'lookup/' }],
    ['put objects under its output prefix', 's3:PutObject', s3Arn('LAKE/features/part-0.parquet'), {}],
    ['abort its multipart uploads', 's3:AbortMultipartUpload', s3Arn('LAKE/features/part-0.parquet'), {}],
    ['put objects under an S3 URI output', 's3:PutObject', s3Arn('results/daily/report.html'), {}],
    ['write its logs', 'logs:PutLogEvents', `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs:log-stream:${RUN}/algo-1`, {}],
    ['put its metrics', 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': '/aws/sagemaker/ProcessingJobs' }],
    ['create its log group (on the first run in the account)', 'logs:CreateLogGroup', `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs`, {}],
    ['describe its log streams', 'logs:DescribeLogStreams', `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs`, {}],
  ])('the job may %s', async (_what, action, resource, context) => {
    expect(await iam.decide(jobRole, { action, resource: resource.replace('LAKE', lake), context })).toBe('Allowed');
  });

  test.each([
    ['get objects under another prefix of its bucket', 's3:GetObject', s3Arn('LAKE/secrets/keys.csv'), {}],
    ['list another prefix of its bucket', 's3:ListBucket', s3Arn('LAKE'), { 's3:prefix': 'secrets/' }],
    ['list the whole bucket', 's3:ListBucket', s3Arn('LAKE'), {}],
    ['overwrite its inputs', 's3:PutObject', s3Arn('LAKE/raw/2026/part-0.csv'), {}],
    ['delete its outputs', 's3:DeleteObject', s3Arn('LAKE/features/part-0.parquet'), {}],
    ['put a legal hold on its outputs', 's3:PutObjectLegalHold', s3Arn('LAKE/features/part-0.parquet'), {}],
    ['set the retention of its outputs', 's3:PutObjectRetention', s3Arn('LAKE/features/part-0.parquet'), {}],
    ['read its outputs', 's3:GetObject', s3Arn('LAKE/features/part-0.parquet'), {}],
    ['get objects of another bucket', 's3:GetObject', s3Arn('other-bucket/raw/x.csv'), {}],
    ['get objects next to an S3 URI input', 's3:GetObject', s3Arn('ref-data/private/x.csv'), {}],
    ['put metrics into another namespace', 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Billing' }],
    ['write to another log group', 'logs:PutLogEvents', `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`, {}],
    ['start other jobs', 'sagemaker:CreateProcessingJob', jobArn('any'), {}],
  ])('the job may not %s', async (_what, action, resource, context) => {
    expect(await iam.decide(jobRole, { action, resource: resource.replace('LAKE', lake), context })).toBe('ImplicitlyDenied');
  });
});

/** Step Functions Developer Guide, "IAM policies for Amazon SageMaker AI": a Request Response task gets the create action only. */
describe('a REQUEST_RESPONSE task, evaluated', () => {
  const stack = newStack();
  const { task } = jsonPathTask({ jobNamePrefix: 'Nightly-Features', integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE, tags: { team: 'data' } }, stack);
  new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  const iam = SynthesizedIam.of(stack);
  const stateMachineRole = iam.role('StateMachine/Role/Resource');

  test.each(['sagemaker:CreateProcessingJob', 'sagemaker:ListTags', 'sagemaker:AddTags'])('the state machine may %s of its jobs', async (action) => {
    expect(await iam.decide(stateMachineRole, { action, resource: jobArn(RUN) })).toBe('Allowed');
  });

  test.each([
    ['stop its jobs (the state returns once the job is created)', 'sagemaker:StopProcessingJob', jobArn(RUN)],
    ['describe its jobs', 'sagemaker:DescribeProcessingJob', jobArn(RUN)],
    ['change the managed EventBridge rule (.sync only)', 'events:PutRule', `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule`],
  ])('the state machine may not %s', async (_what, action, resource) => {
    expect(await iam.decide(stateMachineRole, { action, resource })).toBe('ImplicitlyDenied');
  });
});
