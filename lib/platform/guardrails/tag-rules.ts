import { isDynamic } from '../../api/tokens';
import { GuardrailRule } from './rule';

/**
 * `requiredTags`: each key is a tag of the processing job with a non-empty value: the request's `Tags`, or for a deploy-time
 * run the tags its `AWS::SageMaker::ProcessingJob` is deployed with (`Tags.of(scope)` included).
 */
export const tagRule: GuardrailRule = ({ job, policy }) => {
  if ((policy.requiredTags ?? []).length === 0) return [];
  const tags = job.deployedTags?.() ?? job.spec.tags ?? {};
  return (policy.requiredTags ?? []).flatMap((key) => {
    if (!(key in tags)) return [{ rule: 'requiredTags', message: `tag '${key}' is missing (Tags)` }];
    const value = tags[key];
    return !isDynamic(value) && value.trim() === '' ? [{ rule: 'requiredTags', message: `tag '${key}' is empty (Tags)` }] : [];
  });
};
