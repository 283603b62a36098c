import { isDynamic } from '../../api/tokens';
import { GuardrailRule } from './rule';

/** `requiredTags`: each key is a tag of the processing job (the request's `Tags`) with a non-empty value. */
export const tagRule: GuardrailRule = ({ job, policy }) => {
  const tags = job.spec.tags ?? {};
  return (policy.requiredTags ?? []).flatMap((key) => {
    if (!(key in tags)) return [{ rule: 'requiredTags', message: `tag '${key}' is missing (Tags)` }];
    const value = tags[key];
    return !isDynamic(value) && value.trim() === '' ? [{ rule: 'requiredTags', message: `tag '${key}' is empty (Tags)` }] : [];
  });
};
