import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingInput, ProcessingInputMode, S3CompressionType } from '../../lib';
import { validateCreateProcessingJobRequest } from '../contracts';
import { jsonPathTask, newStack, renderedRequest } from '../task/helpers';

/**
 * service-2.json, ProcessingS3Input.LocalPath: "LocalPath is a required parameter when AppManaged
 * is False (default)", whatever the input mode: a Pipe-mode S3 input gets its folder too.
 */
describe('a Pipe-mode S3 input', () => {
  test.each<[string, (bucket: s3.IBucket) => ProcessingInput]>([
    ['fromS3Uri', () => ProcessingInput.fromS3Uri('events', 's3://lake/events/', { inputMode: ProcessingInputMode.PIPE, compressionType: S3CompressionType.GZIP })],
    ['fromBucket', (bucket) => ProcessingInput.fromBucket('events', bucket, 'events/', { inputMode: ProcessingInputMode.PIPE })],
  ])('%s: the request has the default LocalPath, as its docs say', (_how, input) => {
    const stack = newStack();
    const { task } = jsonPathTask({ processingInputs: [input(new s3.Bucket(stack, 'Lake'))] }, stack);
    const request = renderedRequest(stack, task);
    expect(request.ProcessingInputs[0].S3Input).toEqual(expect.objectContaining({ LocalPath: '/opt/ml/processing/input/events', S3InputMode: 'Pipe' }));
  });

  test('a given localPath is kept', () => {
    const { stack, task } = jsonPathTask({
      processingInputs: [ProcessingInput.fromS3Uri('events', 's3://lake/events/', { inputMode: ProcessingInputMode.PIPE, localPath: '/opt/ml/processing/stream' })],
    });
    expect(renderedRequest(stack, task).ProcessingInputs[0].S3Input.LocalPath).toBe('/opt/ml/processing/stream');
  });

  test('the rendered request meets the API model', () => {
    const { stack, task } = jsonPathTask({ jobName: 'pipe-1', processingInputs: [ProcessingInput.fromS3Uri('events', 's3://lake/events/', { inputMode: ProcessingInputMode.PIPE })] });
    expect(validateCreateProcessingJobRequest(renderedRequest(stack, task))).toEqual([]);
  });
});
