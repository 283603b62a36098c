import type { CreateProcessingJobRequest } from '../api/api-request';
import { aws_sagemaker as sagemaker } from 'aws-cdk-lib';

/**
 * Turns a rendered CreateProcessingJob request into `CfnProcessingJobProps`. The request and
 * the `AWS::SageMaker::ProcessingJob` properties have the same shape (the CloudFormation schema
 * mirrors the API), so this only changes key case: `AppSpecification.ImageUri` becomes
 * `appSpecification.imageUri`, and CDK writes it back as `AppSpecification.ImageUri`.
 * Environment keys are user data and keep their case.
 */
export function cfnProcessingJobProps(request: CreateProcessingJobRequest): sagemaker.CfnProcessingJobProps {
  const rest: Partial<CreateProcessingJobRequest> = { ...request };
  const Environment = rest.Environment;
  delete rest.Environment;
  const props = camelKeys(rest) as Omit<sagemaker.CfnProcessingJobProps, 'environment'>;
  return { ...props, ...(Environment ? { environment: Environment } : {}) };
}

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cdkPropertyName(k), camelKeys(v)]));
  }
  return value;
}

/** CDK's names of CloudFormation properties: first letter lower case, `GB` as `Gb` (`VolumeSizeInGB` → `volumeSizeInGb`). */
function cdkPropertyName(key: string): string {
  const name = key.replace(/GB$/, 'Gb');
  return name.charAt(0).toLowerCase() + name.slice(1);
}
