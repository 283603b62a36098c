/**
 * The published contracts a rendered request must keep, for any test to import:
 *
 * - `validateCreateProcessingJobRequest(request, { filledLater? })`: the SageMaker API model
 *   (botocore's service-2.json) — names, types, required members, lengths, patterns, ranges, enums;
 * - `validateCfnProcessingJobProperties(properties)`: CloudFormation's resource schema of
 *   `AWS::SageMaker::ProcessingJob` (@aws-cdk/aws-service-spec) — names, types, required, enums.
 *
 * Both return a list of violations (empty when valid). The models are extracted by
 * `node scripts/generate-contracts.js <botocore>` into test/contracts/models/.
 */
export { validateCreateProcessingJobRequest, RequestValidationOptions, SAGEMAKER_MODEL_SOURCE } from './sagemaker-model';
export { validateCfnProcessingJobProperties, CFN_SCHEMA_SOURCE } from './cfn-schema';
export { UNRESOLVED, isUnresolvedValue } from './unresolved';
