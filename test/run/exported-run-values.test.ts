import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ProcessingImage, ProcessingJobRun, ProcessingOutput } from '../../lib';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1';

/** A run in stack `Runs` (its output in a bucket there) and a stack `Consumer` that may read it. */
function twoStacks(context: { [key: string]: unknown } = {}) {
  const app = new App({ context });
  const runs = new Stack(app, 'Runs');
  const bucket = new s3.Bucket(runs, 'Data');
  const run = new ProcessingJobRun(runs, 'Migrate', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    processingOutputs: [ProcessingOutput.toBucket('prepared', bucket, 'prepared/')],
  });
  return { app, runs, run, consumer: new Stack(app, 'Consumer') };
}

describe('a deploy-time run\'s values exported to another stack', () => {
  // Each run gets a new name and job ARN; an export another stack imports cannot change (Fn::ImportValue),
  // so the first deployment works and the next run's deployment fails with "Cannot update export ... as it is in use".
  test.each([
    ['jobName', (run: ProcessingJobRun) => run.jobName],
    ['jobArn', (run: ProcessingJobRun) => run.jobArn],
  ])('%s read by another stack is an error at synth that names the run, the value, the export and the way out', (attribute, value) => {
    const { app, run, consumer } = twoStacks();
    new ssm.StringParameter(consumer, 'LatestRun', { stringValue: value(run) });
    expect(() => app.synth()).toThrow(new RegExp(
      `Runs/Migrate: its ${attribute} is exported as 'Runs:ExportsOutput[^']+' for another stack, and it changes with every run: ` +
      'CloudFormation refuses to change an export another stack imports .*write it to an SSM parameter in this stack and read the parameter by name there'));
  });

  test('an export of the run\'s name written by hand is refused too', () => {
    const { app, runs, run } = twoStacks();
    new CfnOutput(runs, 'LatestRunName', { value: run.jobName, exportName: 'latest-migrate-run' });
    expect(() => app.synth()).toThrow(/Runs\/Migrate: its jobName is exported as 'latest-migrate-run'/);
  });

  test('what stays the same from run to run crosses stacks, and the run\'s values stay usable in its own stack', () => {
    const { app, runs, run, consumer } = twoStacks();
    new ssm.StringParameter(consumer, 'Prepared', { stringValue: run.outputS3Uri('prepared') });
    new ssm.StringParameter(runs, 'LatestRun', { parameterName: '/migrate/latest-run', stringValue: run.jobName });
    new CfnOutput(runs, 'RunName', { value: run.jobName });
    expect(() => app.synth()).not.toThrow();
  });
});

/** The cross-stack reference strength `cdk init` writes into cdk.json (aws-cdk-lib cx-api NEW_PROJECT_DEFAULT_CONTEXT; from 2.2xx on). */
const WEAK_REFERENCES = { '@aws-cdk/core:defaultCrossStackReferences': 'weak' };

describe('a deploy-time run\'s values read by another stack through a weak reference (Fn::GetStackOutput)', () => {
  // The deployment succeeds, but the other stack reads the output only when its own template changes, which a run does
  // not change: it keeps the first run's name. aws-cdk-lib versions without weak references (the peer minimum) export instead.
  test.each([
    ['jobName', (run: ProcessingJobRun) => run.jobName],
    ['jobArn', (run: ProcessingJobRun) => run.jobArn],
  ])('%s is a warning that names the run, the value, the output and the way out', (attribute, value) => {
    const { app, runs, run, consumer } = twoStacks(WEAK_REFERENCES);
    new ssm.StringParameter(consumer, 'LatestRun', { stringValue: value(run) });
    const consumerTemplate = JSON.stringify(app.synth().getStackByName('Consumer').template);
    if (!consumerTemplate.includes('Fn::GetStackOutput')) return;
    const warnings = Annotations.fromStack(runs).findWarning('/Runs/Migrate', Match.stringLikeRegexp('run-value-read-by-another-stack'));
    expect(warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(new RegExp(
      `^Runs/Migrate: its ${attribute} is read by another stack through a weak cross-stack reference \\(Fn::GetStackOutput of output 'PublishOutput[^']+'\\), ` +
      'and it changes with every run: that stack reads it only when its own template changes, so it keeps an earlier run\'s value\\. ' +
      'Use it in this stack only; to hand the latest run to another stack, write it to an SSM parameter in this stack and read the parameter by name there ' +
      '\\[ack: cdk-sagemaker-processing:run-value-read-by-another-stack\\]$'))]);
  });

  test('what stays the same from run to run crosses stacks without a warning', () => {
    const { app, runs, run, consumer } = twoStacks(WEAK_REFERENCES);
    new ssm.StringParameter(consumer, 'Prepared', { stringValue: run.outputS3Uri('prepared') });
    new CfnOutput(runs, 'RunName', { value: run.jobName });
    app.synth();
    expect(Annotations.fromStack(runs).findWarning('*', Match.stringLikeRegexp('run-value-read-by-another-stack'))).toEqual([]);
  });
});
