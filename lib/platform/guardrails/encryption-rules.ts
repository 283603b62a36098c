import { GuardrailRule, GuardrailViolation } from './rule';

/**
 * `requireKmsKeys`: a customer KMS key for the storage volume, and for the outputs when the job
 * writes any to S3.
 */
export const kmsRule: GuardrailRule = ({ job, policy }) => {
  if (!policy.requireKmsKeys) return [];
  const violations: GuardrailViolation[] = [];
  if (job.spec.volumeKmsKeyId === undefined) {
    violations.push({ rule: 'requireKmsKeys', message: 'volumeKmsKey is not set (ProcessingResources.ClusterConfig.VolumeKmsKeyId)' });
  }
  const s3Outputs = job.spec.outputs.filter((o) => o.s3 !== undefined).map((o) => o.outputName);
  if (s3Outputs.length > 0 && job.spec.outputKmsKeyId === undefined) {
    violations.push({ rule: 'requireKmsKeys', message: `outputKmsKey is not set, and the job writes S3 outputs (${s3Outputs.join(', ')}) (ProcessingOutputConfig.KmsKeyId)` });
  }
  return violations;
};
