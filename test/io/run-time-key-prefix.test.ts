import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingInput, ProcessingOutput, SageMakerCreateProcessingJob, SageMakerCreateProcessingJobJsonPathProps } from '../../lib';
import { IMAGE_URI } from '../task/helpers';

function task(props: (stack: Stack, lake: s3.Bucket) => Partial<SageMakerCreateProcessingJobJsonPathProps>): () => void {
  const stack = new Stack(new App(), 'Keys');
  const lake = new s3.Bucket(stack, 'Lake');
  return () => SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { image: ProcessingImage.fromRegistry(IMAGE_URI), ...props(stack, lake) });
}

describe('a bucket location\'s key prefix must be known at synth: it scopes the grant', () => {
  test('an input\'s, with what to do instead', () => {
    expect(task((_s, lake) => ({ processingInputs: [ProcessingInput.fromBucket('raw', lake, sfn.JsonPath.stringAt('$.key'))] }))).toThrow(
      "Keys/Job: input 'raw': the key prefix of ProcessingInput.fromBucket is a run-time value ($.key); it must be known at synth, where it scopes the job role's "
      + "grant (S3Uri). For a location chosen per run, give the run's URI in its overrides.inputs (a schedule's, trigger's or step's), or use "
      + 'ProcessingInput.fromS3Uri with a job role that can read it');
  });

  test('an output\'s, a JSONPath intrinsic or a JSONata expression', () => {
    expect(task((_s, lake) => ({ processingOutputs: [ProcessingOutput.toBucket('features', lake, sfn.JsonPath.format('features/{}/', sfn.JsonPath.stringAt('$.date')))] })))
      .toThrow(/^Keys\/Job: output 'features': the key prefix of ProcessingOutput.toBucket is a run-time value \(States.Format\('features\/\{\}\/', \$.date\)\); .* use ProcessingOutput.toS3Uri with a job role that can write it$/);
    expect(task((_s, lake) => ({ processingOutputs: [ProcessingOutput.toBucket('features', lake, '{% $states.input.prefix %}')] })))
      .toThrow(/output 'features': the key prefix of ProcessingOutput.toBucket is a run-time value \(\{% \$states.input.prefix %\}\)/);
  });

  test('a literal key prefix, or one known at deploy time, is granted as before', () => {
    expect(task((stack, lake) => ({
      processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')],
      processingOutputs: [ProcessingOutput.toBucket('features', lake, `${stack.stackName}/features/`)],
    }))).not.toThrow();
  });
});
