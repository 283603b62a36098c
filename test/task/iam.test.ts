import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
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

  test('REQUEST_RESPONSE: the create action only (no describe, stop or events permissions); AddTags only when tags are passed', () => {
    const plain = inStateMachine(sfn.IntegrationPattern.REQUEST_RESPONSE);
    expect(stateMachinePolicy(plain.stack)).toEqual([
      { Action: 'sagemaker:CreateProcessingJob', Effect: 'Allow', Resource: jobArn('nightly-features*') },
      { Action: 'sagemaker:ListTags', Effect: 'Allow', Resource: jobArn('nightly-features*') },
      { Action: 'iam:PassRole', Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, Effect: 'Allow', Resource: plain.stack.resolve(plain.task.role.roleArn) },
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

// What the job role may do is evaluated by a policy simulator in test/iam/task.test.ts.

describe('a job name with deploy-time parts', () => {
  const policyFor = (jobName: (stack: any) => string) => {
    const stack = newStack();
    const { task } = jsonPathTask({ integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE, jobName: jobName(stack) }, stack);
    new sfn.StateMachine(stack, 'Named', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const entry = Object.entries<any>(policies).find(([id]) => id.startsWith('NamedRoleDefaultPolicy'));
    return stack.resolve(entry![1].Properties.PolicyDocument.Statement)[0];
  };

  test('is scoped to its literal head, lower-cased (every name the state creates starts with it)', () => {
    const statement = policyFor((stack) => `Nightly-${new CfnParameter(stack, 'Run', { type: 'String', default: 'r1' }).valueAsString}`);
    expect(statement).toEqual({ Action: 'sagemaker:CreateProcessingJob', Effect: 'Allow', Resource: jobArn('nightly-*') });
  });

  test.each<[string, (stack: any) => string]>([
    ['one deploy-time value', (stack) => new CfnParameter(stack, 'Name', { type: 'String', default: 'job-1' }).valueAsString],
    ['a JSONPath value', () => sfn.JsonPath.stringAt('$.name')],
  ])('%s: every job (no literal head)', (_what, name) => {
    expect(policyFor(name)).toEqual({ Action: 'sagemaker:CreateProcessingJob', Effect: 'Allow', Resource: jobArn('*') });
  });
});
