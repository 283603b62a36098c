import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingInput, ProcessingOutput } from '../../lib';
import { jsonPathTask, newStack } from './helpers';

/** The statements of the state machine role's default policy. */
function stateMachinePolicy(stack: any): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const entry = Object.entries<any>(policies).find(([id]) => id.startsWith('StateMachineRoleDefaultPolicy'));
  return stack.resolve(entry![1].Properties.PolicyDocument.Statement);
}

function jobArn(resourceName: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:processing-job/${resourceName}`]] };
}

function inStateMachine(pattern: sfn.IntegrationPattern, extra: object = {}) {
  const { stack, task } = jsonPathTask({ integrationPattern: pattern, jobNamePrefix: 'Nightly-Features', ...extra });
  new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  return { stack, task };
}

describe('state machine role IAM', () => {
  test('.sync: job actions on the lower-cased name prefix, ListTags, PassRole with condition, the managed events rule', () => {
    const { stack, task } = inStateMachine(sfn.IntegrationPattern.RUN_JOB);
    expect(stateMachinePolicy(stack)).toEqual([
      { Action: ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob'], Effect: 'Allow', Resource: jobArn('nightly-features*') },
      { Action: 'sagemaker:ListTags', Effect: 'Allow', Resource: jobArn('nightly-features*') },
      { Action: 'iam:PassRole', Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, Effect: 'Allow', Resource: stack.resolve(task.role.roleArn) },
      {
        Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule']] },
      },
    ]);
  });

  test('REQUEST_RESPONSE: no events permissions; AddTags only when tags are passed', () => {
    const plain = inStateMachine(sfn.IntegrationPattern.REQUEST_RESPONSE);
    expect(stateMachinePolicy(plain.stack).map((s) => s.Action)).toEqual([
      ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob'],
      'sagemaker:ListTags',
      'iam:PassRole',
    ]);
    const tagged = inStateMachine(sfn.IntegrationPattern.REQUEST_RESPONSE, { tags: { team: 'data' } });
    expect(stateMachinePolicy(tagged.stack)[2]).toEqual({ Action: 'sagemaker:AddTags', Effect: 'Allow', Resource: jobArn('nightly-features*') });
  });

  test('a fixed job name scopes to that name; a run-time name cannot be scoped', () => {
    const fixed = jsonPathTask({ jobName: 'Backfill-1' });
    new sfn.StateMachine(fixed.stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(fixed.task) });
    expect(stateMachinePolicy(fixed.stack)[0].Resource).toEqual(jobArn('backfill-1*'));
    const dynamic = jsonPathTask({ jobName: sfn.JsonPath.stringAt('$.name') });
    new sfn.StateMachine(dynamic.stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(dynamic.task) });
    expect(stateMachinePolicy(dynamic.stack)[0].Resource).toEqual(jobArn('*'));
  });
});

describe('job role IAM', () => {
  function jobRolePolicy(stack: any): any[] {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const entry = Object.entries<any>(policies).find(([id]) => id.startsWith('JobJobRoleDefaultPolicy'));
    return stack.resolve(entry![1].Properties.PolicyDocument.Statement);
  }

  test('created role is assumed by SageMaker and gets logs, scoped metrics, ECR auth, input read and output write', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Data');
    jsonPathTask({
      processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/'), ProcessingInput.fromS3Uri('ref', 's3://ref-data/lookup/')],
      processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://results/daily/')],
    }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }] },
    });
    const statements = jobRolePolicy(stack);
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:/aws/sagemaker/ProcessingJobs:*']] },
      },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/ProcessingJobs' } }, Effect: 'Allow', Resource: '*' },
      { Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Effect: 'Allow', Resource: [stack.resolve(bucket.bucketArn), { 'Fn::Join': ['', [stack.resolve(bucket.bucketArn), '/raw/*']] }] },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::ref-data/lookup/*']] } },
      { Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['lookup/*'] } }, Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::ref-data']] } },
      { Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::results/daily/*']] } },
      { Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['daily/*'] } }, Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::results']] } },
    ]);
  });

  test('registry images need no ECR permission; KMS keys are granted exactly where given', () => {
    const stack = newStack();
    const volumeKey = new kms.Key(stack, 'VolumeKey');
    const outputKey = new kms.Key(stack, 'OutputKey');
    jsonPathTask({ volumeKmsKey: volumeKey, outputKmsKey: outputKey, processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://results/x/')] }, stack);
    const statements = jobRolePolicy(stack);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('ecr:'))).toEqual([]);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('kms:'))).toEqual([
      { Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: stack.resolve(outputKey.keyArn) },
      { Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Effect: 'Allow', Resource: stack.resolve(volumeKey.keyArn) },
    ]);
  });
});
