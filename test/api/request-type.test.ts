import type * as Sdk from '@aws-sdk/client-sagemaker';
import type * as Ours from '../../lib/api/api-request';
import { renderProcessingJobRequest } from '../../lib/api/render';
import { ProcessingJobSpec } from '../../lib/api/spec';

// Compile-time checks (run by `npm run typecheck`): the library declares the request itself
// (lib/api/api-request.ts), so that its published types need no AWS SDK; that declaration is held
// to the SDK's, the SageMaker API model: a field renamed, removed or retyped there breaks the build.

/** The SDK's shape with its enums (string literal unions) as strings, as the library declares them. */
type Loose<T> = T extends string ? string : T extends Array<infer U> ? Array<Loose<U>> : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;
/** `true` when every member the library declares is a member of the API's shape. */
type Declared<O, S> = Exclude<keyof O, keyof S> extends never ? true : false;
const declared: Array<true> = [
  true as Declared<Ours.CreateProcessingJobRequest, Sdk.CreateProcessingJobRequest>,
  true as Declared<Ours.ProcessingInput, Sdk.ProcessingInput>,
  true as Declared<Ours.ProcessingS3Input, Sdk.ProcessingS3Input>,
  true as Declared<Ours.DatasetDefinition, Sdk.DatasetDefinition>,
  true as Declared<Ours.AthenaDatasetDefinition, Sdk.AthenaDatasetDefinition>,
  true as Declared<Ours.RedshiftDatasetDefinition, Sdk.RedshiftDatasetDefinition>,
  true as Declared<Ours.ProcessingOutputConfig, Sdk.ProcessingOutputConfig>,
  true as Declared<Ours.ProcessingOutput, Sdk.ProcessingOutput>,
  true as Declared<Ours.ProcessingS3Output, Sdk.ProcessingS3Output>,
  true as Declared<Ours.ProcessingFeatureStoreOutput, Sdk.ProcessingFeatureStoreOutput>,
  true as Declared<Ours.ProcessingResources, Sdk.ProcessingResources>,
  true as Declared<Ours.ProcessingClusterConfig, Sdk.ProcessingClusterConfig>,
  true as Declared<Ours.ProcessingInstancePreference, Sdk.ProcessingInstancePreference>,
  true as Declared<Ours.ProcessingStoppingCondition, Sdk.ProcessingStoppingCondition>,
  true as Declared<Ours.AppSpecification, Sdk.AppSpecification>,
  true as Declared<Ours.NetworkConfig, Sdk.NetworkConfig>,
  true as Declared<Ours.VpcConfig, Sdk.VpcConfig>,
  true as Declared<Ours.Tag, Sdk.Tag>,
  true as Declared<Ours.ExperimentConfig, Sdk.ExperimentConfig>,
];
// Each member the library declares has the API's type and optionality (enums as strings)...
const fromSdk: (request: Loose<Sdk.CreateProcessingJobRequest>) => Ours.CreateProcessingJobRequest = (request) => request;
// ...and what the renderer writes is a request the SDK sends once its enum strings are taken as the API's values.
const toSdk: (request: Ours.CreateProcessingJobRequest) => Loose<Sdk.CreateProcessingJobRequest> = (request) => request;

test('renders a minimal spec to exactly the required request fields', () => {
  expect([declared.length, typeof fromSdk, typeof toSdk]).toEqual([19, 'function', 'function']);
  const request: Ours.CreateProcessingJobRequest = renderProcessingJobRequest({
    jobName: 'j-1', roleArn: 'arn:aws:iam::123456789012:role/r', imageUri: 'img:1', instanceType: 'ml.t3.medium',
    instanceCount: 1, volumeSizeInGb: 10, inputs: [], outputs: [],
  } as ProcessingJobSpec);
  expect(request).toEqual({
    ProcessingJobName: 'j-1',
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    AppSpecification: { ImageUri: 'img:1' },
    ProcessingResources: { ClusterConfig: { InstanceType: 'ml.t3.medium', InstanceCount: 1, VolumeSizeInGB: 10 } },
  });
});
