import { ExportTable, IntrinsicEvaluator, StackTemplate } from './intrinsics';
import { UNRESOLVED } from './unresolved';

/**
 * The size quotas of the policies of a set of stacks deployed into one account and region, with
 * their intrinsics evaluated as a deployment would (a value known only at deploy time counts with
 * the length of its marker, about an ARN's):
 *
 * - IAM ("IAM and AWS STS quotas", IAM User Guide; white space not counted): a role's inline
 *   policies together at most 10,240 characters (its `Policies` and every `AWS::IAM::Policy`
 *   attached to it), a managed policy at most 6,144, at most 10 managed policies attached to a
 *   role (the default quota);
 * - an S3 bucket policy at most 20 KB ("Bucket policy examples", S3 User Guide: "the maximum
 *   size of a bucket policy is 20 KB");
 * - a KMS key policy at most 32 KB ("Key policies", AWS KMS Developer Guide: 32 kilobytes);
 * - an SNS topic policy at most 30 KB ("Amazon SNS quotas": policy size 30 KB);
 * - an ECR repository policy at most 10,240 characters (ECR API Reference, SetRepositoryPolicy:
 *   `policyText` "Maximum length of 10240").
 */
export const POLICY_QUOTA = { roleInline: 10_240, managed: 6_144, managedPerRole: 10, bucketPolicy: 20_480, keyPolicy: 32_768, topicPolicy: 30_720, repositoryPolicy: 10_240 };

export function policySizeProblems(stacks: StackTemplate[], exports: ExportTable): string[] {
  const problems: string[] = [];
  /** By role name (as the evaluator makes it): where it is, the characters of its inline policies, and its managed policies. */
  const roles = new Map<string, { where: string; inline: number; managed: Set<string> }>();
  const role = (name: unknown, where: string) => {
    const key = String(name);
    let r = roles.get(key);
    if (!r) roles.set(key, r = { where, inline: 0, managed: new Set() });
    return r;
  };
  const attachments: Array<[unknown, string, string, string]> = [];
  for (const stack of stacks) {
    const evaluator = new IntrinsicEvaluator(stack, exports);
    for (const [id, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      const where = `${stack.stackName}/${id}`;
      const p = resource.Properties ?? {};
      switch (resource.Type) {
        case 'AWS::IAM::Role': {
          const r = role(evaluator.evaluate({ Ref: id }), where);
          r.where = where;
          for (const policy of p.Policies ?? []) r.inline += size(evaluator.evaluate(policy.PolicyDocument));
          for (const arn of evaluator.evaluate(p.ManagedPolicyArns ?? []) as unknown[]) r.managed.add(String(arn));
          break;
        }
        case 'AWS::IAM::Policy': {
          const n = size(evaluator.evaluate(p.PolicyDocument));
          for (const name of evaluator.evaluate(p.Roles ?? []) as unknown[]) role(name, where).inline += n;
          break;
        }
        case 'AWS::IAM::ManagedPolicy': {
          const n = size(evaluator.evaluate(p.PolicyDocument));
          if (n > POLICY_QUOTA.managed) problems.push(`${where}: the managed policy has ${n} characters, over IAM's ${POLICY_QUOTA.managed}`);
          const arn = String(evaluator.evaluate({ Ref: id }));
          for (const name of evaluator.evaluate(p.Roles ?? []) as unknown[]) attachments.push([name, arn, where, stack.stackName]);
          break;
        }
        case 'AWS::S3::BucketPolicy':
          over(problems, where, 'bucket policy', byteSize(evaluator.evaluate(p.PolicyDocument)), POLICY_QUOTA.bucketPolicy);
          break;
        case 'AWS::KMS::Key':
          over(problems, where, 'key policy', byteSize(evaluator.evaluate(p.KeyPolicy)), POLICY_QUOTA.keyPolicy);
          break;
        case 'AWS::ECR::Repository':
          if (p.RepositoryPolicyText !== undefined) over(problems, where, 'repository policy', size(evaluator.evaluate(p.RepositoryPolicyText)), POLICY_QUOTA.repositoryPolicy);
          break;
        case 'AWS::SNS::TopicPolicy':
          over(problems, where, 'topic policy', byteSize(evaluator.evaluate(p.PolicyDocument)), POLICY_QUOTA.topicPolicy);
          break;
        default:
      }
    }
  }
  for (const [name, arn, where] of attachments) role(name, where).managed.add(arn);
  for (const [name, r] of roles) {
    if (String(name).includes(UNRESOLVED)) continue;
    if (r.inline > POLICY_QUOTA.roleInline) problems.push(`${r.where}: the role's inline policies have ${r.inline} characters together, over IAM's ${POLICY_QUOTA.roleInline}`);
    if (r.managed.size > POLICY_QUOTA.managedPerRole) problems.push(`${r.where}: the role has ${r.managed.size} managed policies, over IAM's default quota of ${POLICY_QUOTA.managedPerRole}`);
  }
  return problems;
}

function over(problems: string[], where: string, what: string, n: number, quota: number): void {
  if (n > quota) problems.push(`${where}: the ${what} has ${n} bytes, over the quota of ${quota}`);
}

/** IAM counts a policy's characters without white space; JSON.stringify writes none. */
function size(document: unknown): number {
  return JSON.stringify(document ?? {}).length;
}

function byteSize(document: unknown): number {
  return Buffer.byteLength(JSON.stringify(document ?? {}), 'utf8');
}
