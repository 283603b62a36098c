import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRunner } from '../../lib';
import { IMAGE_URI } from '../task/helpers';
import { checkDefinitionSize, DEFINITION_SIZE_WARNING, MAX_DEFINITION_LENGTH } from '../../lib/job/definition-asset';

describe("a shared runner's definition size against Step Functions' limit", () => {
  const definition = '{"Comment":"x","Role":"${JobRoleABCD1234_Arn}","Bucket":"${Lake1234}"}';
  const values = { JobRoleABCD1234_Arn: { 'Fn::GetAtt': ['JobRoleABCD1234', 'Arn'] }, Lake1234: { Ref: 'Lake1234' } };

  test('is 1,048,576 characters (CreateStateMachine definition)', () => {
    expect(MAX_DEFINITION_LENGTH).toBe(1048576);
  });

  test('a definition over the limit already with its placeholders fails synth, naming the runner', () => {
    const stack = new Stack(new App(), 'Platform');
    expect(() => checkDefinitionSize(stack, definition, values, definition.length - 1))
      .toThrow(`Platform: the state machine definition has ${definition.length} characters; Step Functions takes at most ${definition.length - 1}: `
        + 'split the jobs over more runners (a runner per stack, or per team)');
  });

  test('a definition that may go over once role ARNs and bucket names are filled in gets a warning', () => {
    const stack = new Stack(new App(), 'Platform');
    // The ARN placeholder (22 characters) may become 140, the bucket's (11) 63: up to 170 more.
    checkDefinitionSize(stack, definition, values, definition.length + 100);
    Annotations.fromStack(stack).hasWarning('/Platform', Match.stringLikeRegexp(
      `the state machine definition has ${definition.length} characters, and up to ${definition.length + 170} with its role ARNs and bucket names filled in; `
      + `Step Functions takes at most ${definition.length + 100}: split the jobs`));
    expect(DEFINITION_SIZE_WARNING).toBe('cdk-sagemaker-processing:definition-size');
  });

  test('a definition within the limit at its longest passes quietly', () => {
    const stack = new Stack(new App(), 'Platform');
    checkDefinitionSize(stack, definition, values, definition.length + 170);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe("a shared runner whose jobs use another stack's bucket", () => {
  test('gets the bucket name through an import in DefinitionSubstitutions, as CloudFormation needs, and names it in the S3 definition', () => {
    const app = new App();
    const lake = new s3.Bucket(new Stack(app, 'Data'), 'Lake');
    const stack = new Stack(app, 'Jobs');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'jobs' });
    new ProcessingJob(stack, 'Orders', {
      runner,
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/orders/')],
    });
    const template = Template.fromStack(stack).toJSON();
    const machine = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    const lakeId = Object.keys(Template.fromStack(Stack.of(lake)).toJSON().Resources).find((id) => id.startsWith('Lake'))!;
    expect(machine.Properties.DefinitionSubstitutions[lakeId]).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Data:ExportsOutputRefLake/) });
    const text = fs.readFileSync(path.join(app.outdir, `asset.${machine.Properties.DefinitionS3Location.Key}`), 'utf8');
    // The job's default input URI (a run may override it) names the placeholder, which Step Functions fills.
    expect(text).toContain(`s3://\${${lakeId}}/raw/orders/`);
    expect(text).not.toContain('Fn::');
  });
});
