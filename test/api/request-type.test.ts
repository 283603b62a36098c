import type { CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import { renderProcessingJobRequest } from '../../lib/api/render';
import { ProcessingJobSpec } from '../../lib/api/spec';

// Compile-time check (run by `npm run typecheck`): the renderer's result is the SDK's request type,
// so a field renamed or retyped in the SageMaker API model breaks the build.
const typed: (spec: ProcessingJobSpec) => CreateProcessingJobRequest = renderProcessingJobRequest;

test('renders a minimal spec to exactly the required request fields', () => {
  const request: CreateProcessingJobRequest = typed({
    jobName: 'j-1', roleArn: 'arn:aws:iam::123456789012:role/r', imageUri: 'img:1', instanceType: 'ml.t3.medium',
    instanceCount: 1, volumeSizeInGb: 10, inputs: [], outputs: [],
  });
  expect(request).toEqual({
    ProcessingJobName: 'j-1',
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    AppSpecification: { ImageUri: 'img:1' },
    ProcessingResources: { ClusterConfig: { InstanceType: 'ml.t3.medium', InstanceCount: 1, VolumeSizeInGB: 10 } },
  });
});
