import { GuardrailRule, GuardrailViolation } from './rule';

/**
 * `requireVpc`, `requireNetworkIsolation`, `requireInterContainerTrafficEncryption`: the
 * job's `NetworkConfig` must have a VPC configuration and the flags set to true.
 */
export const networkRule: GuardrailRule = ({ job, policy }) => {
  const violations: GuardrailViolation[] = [];
  if (policy.requireVpc && (job.spec.subnetIds === undefined || job.spec.securityGroupIds === undefined)) {
    violations.push({ rule: 'requireVpc', message: 'the job runs outside a VPC (no NetworkConfig.VpcConfig); give vpc, or a ProcessingDefaults vpc' });
  }
  if (policy.requireNetworkIsolation && job.spec.enableNetworkIsolation !== true) {
    violations.push({ rule: 'requireNetworkIsolation', message: `enableNetworkIsolation is ${job.spec.enableNetworkIsolation ?? 'not set'}; it must be true` });
  }
  if (policy.requireInterContainerTrafficEncryption && job.spec.enableInterContainerTrafficEncryption !== true) {
    violations.push({
      rule: 'requireInterContainerTrafficEncryption',
      message: `enableInterContainerTrafficEncryption is ${job.spec.enableInterContainerTrafficEncryption ?? 'not set'}; it must be true`,
    });
  }
  return violations;
};
