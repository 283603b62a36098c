import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ProcessingImage, ProcessingJobRun, ProcessingOutput } from '../../lib';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1';

/** A run in stack `Runs` (its output in a bucket there) and a stack `Consumer` that may read it. */
function twoStacks() {
  const app = new App();
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
