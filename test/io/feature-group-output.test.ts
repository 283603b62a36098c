import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingOutput, SageMakerCreateProcessingJob } from '../../lib';
import { IMAGE_URI, jsonPathTask, newStack, renderedRequest } from '../task/helpers';

/** The job role's statements that put records into feature groups, resolved. */
function putRecordStatements(stack: any): any[] {
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as any[];
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s: any) => JSON.stringify(s.Action).includes('sagemaker:PutRecord'));
}

const groupArn = (name: unknown) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':feature-group/', ...(Array.isArray(name) ? name : [name])]] });

describe('ProcessingOutput.toFeatureGroup grants', () => {
  test('a fixed name: PutRecord and DescribeFeatureGroup on the group, its name lower-cased as in its ARN', () => {
    const { stack } = jsonPathTask({ processingOutputs: [ProcessingOutput.toFeatureGroup('features', 'Customer-Features')] });
    expect(putRecordStatements(stack)).toEqual([{
      Action: ['sagemaker:PutRecord', 'sagemaker:DescribeFeatureGroup'], Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':feature-group/customer-features']] },
    }]);
  });

  test('a name known at deployment keeps its token (it was lower-cased into the text ${token[…]}, which names no group)', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'GroupName').valueAsString;
    jsonPathTask({ processingOutputs: [ProcessingOutput.toFeatureGroup('features', name)] }, stack);
    expect(putRecordStatements(stack)).toEqual([expect.objectContaining({ Resource: groupArn({ Ref: 'GroupName' }) })]);
  });

  test.each<[string, () => any]>([
    ['JSONPath', () => jsonPathTask({ processingOutputs: [ProcessingOutput.toFeatureGroup('features', sfn.JsonPath.stringAt('$.group'))] })],
    ['JSONata', () => {
      const stack = newStack();
      const task = SageMakerCreateProcessingJob.jsonata(stack, 'Job', {
        image: ProcessingImage.fromRegistry(IMAGE_URI), processingOutputs: [ProcessingOutput.toFeatureGroup('features', '{% $states.input.group %}')],
      });
      return { stack, task };
    }],
  ])('a %s name known only at run time is sent, and not granted (no statement on its text)', (_language, build) => {
    const { stack, task } = build();
    expect(putRecordStatements(stack)).toEqual([]);
    expect(JSON.stringify(renderedRequest(stack, task).ProcessingOutputConfig.Outputs[0])).toMatch(/FeatureGroupName/);
  });
});
