import aslValidator from 'asl-validator';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingJob } from '../../lib';
import { stateMachineDefinition } from '../util/definition';
import { IMAGE_URI } from './stacks';

function stepOnlyJob() {
  const stack = new Stack(new App(), 'Lake');
  const job = new ProcessingJob(stack, 'Features', { image: ProcessingImage.fromRegistry(IMAGE_URI), jobNamePrefix: 'features', stepOnly: true });
  return { stack, job };
}

/** The actions of the pipeline role's policy. */
function pipelineActions(stack: Stack): unknown[] {
  const policies = Object.entries<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('PipelineRole'));
  return policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement.map((s: any) => s.Action));
}

describe("a job's step: integration pattern and query language", () => {
  test('integrationPattern REQUEST_RESPONSE is honoured: no .sync, no EventBridge rule permissions', () => {
    const { stack, job } = stepOnlyJob();
    const step = job.asStep(stack, 'Step', { integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE });
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(step) });
    expect(stack.resolve(step.toStateJson()).Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::sagemaker:createProcessingJob']] });
    expect(pipelineActions(stack)).not.toContainEqual(['events:PutTargets', 'events:PutRule', 'events:DescribeRule']);
  });

  test('the default stays RUN_JOB (.sync), with the EventBridge rule permissions', () => {
    const { stack, job } = stepOnlyJob();
    const step = job.asStep(stack, 'Step');
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(step) });
    expect(stack.resolve(step.toStateJson()).Resource['Fn::Join'][1][2]).toBe(':states:::sagemaker:createProcessingJob.sync');
    expect(pipelineActions(stack)).toContainEqual(['events:PutTargets', 'events:PutRule', 'events:DescribeRule']);
  });

  test('WAIT_FOR_TASK_TOKEN is refused, as by SageMakerCreateProcessingJob', () => {
    const { stack, job } = stepOnlyJob();
    expect(() => job.asStep(stack, 'Step', { integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN })).toThrow(
      'Lake/Step: integrationPattern WAIT_FOR_TASK_TOKEN is not supported; CreateProcessingJob supports REQUEST_RESPONSE and RUN_JOB (.sync), not WAIT_FOR_TASK_TOKEN');
  });

  test('a JSONata queryLanguage is refused: the step renders JSONPath Parameters', () => {
    const { stack, job } = stepOnlyJob();
    expect(() => job.asStep(stack, 'Step', { queryLanguage: sfn.QueryLanguage.JSONATA })).toThrow(
      /^Lake\/Step: queryLanguage is JSONata, but a job's step is a JSONPath state .* or use SageMakerCreateProcessingJob\.jsonata\(\.\.\.\) with the job's props$/);
  });

  test('a JSONata state machine is refused at synth, instead of a definition Step Functions rejects', () => {
    const { stack, job } = stepOnlyJob();
    const step = job.asStep(stack, 'Step');
    expect(() => new sfn.StateMachine(stack, 'Pipeline', { queryLanguage: sfn.QueryLanguage.JSONATA, definitionBody: sfn.DefinitionBody.fromChainable(step) })).toThrow(/Lake\/Step: the state machine's queryLanguage is JSONata, but a job's step is a JSONPath state/);
  });

  test('in a JSONPath state machine with JSONata states, the step is a valid JSONPath state', () => {
    const { stack, job } = stepOnlyJob();
    const before = sfn.Pass.jsonata(stack, 'Prepare', { outputs: { date: '{% $now() %}' } });
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(before.next(job.asStep(stack, 'Step'))) });
    const result = aslValidator(stateMachineDefinition(stack));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });
});
