import { Stack, Token, Tokenization, aws_iam as iam } from 'aws-cdk-lib';
import { PARTITION_DOMAINS } from '../api/partitions';

/**
 * The most characters a role's inline policies may have together (IAM User Guide, "IAM and AWS STS
 * quotas": "Role policy size cannot exceed 10,240 characters"; IAM does not count white space).
 */
export const MAX_ROLE_INLINE_POLICY_CHARACTERS = 10_240;

/** The longest partition name (`aws-us-gov`): the partitions of `PARTITION_DOMAINS`. */
const LONGEST_PARTITION = Math.max(...Object.keys(PARTITION_DOMAINS).map((p) => p.length));

/**
 * The longest region name: `us-isof-south-1` (15 characters, the longest in aws-cdk-lib's
 * region-info, which test/iam/policy-size.test.ts holds to this), with 5 to spare for regions named
 * after it. A constant: aws-cdk-lib's region list loads its whole fact base (about 150 ms).
 */
export const LONGEST_REGION = 15 + 5;

/** An account id: 12 digits. */
const ACCOUNT_LENGTH = 12;

/** The longest a reference to a pseudo parameter can be, by its name. */
const PSEUDO_PARAMETER_LONGEST: { readonly [name: string]: number } = {
  'AWS::Partition': LONGEST_PARTITION,
  'AWS::Region': LONGEST_REGION,
  'AWS::AccountId': ACCOUNT_LENGTH,
  'AWS::URLSuffix': Math.max(...Object.values(PARTITION_DOMAINS).map((d) => d.length)),
};

/** The longest ARN an IAM policy may name: IAM's limit for a resource ARN (IAM API reference, `arnType`: 20–2048). */
export const LONGEST_ARN = 2048;

/**
 * The most characters `value` can have once deployed, in any partition, region and account: its
 * literal parts as they are, each reference to a pseudo parameter at its longest, and any other
 * token at `otherToken` characters.
 */
export function longestLength(stack: Stack, value: string, otherToken: number = LONGEST_ARN): number {
  if (!Token.isUnresolved(value)) return value.length;
  let tokens = 0;
  const literal = Tokenization.reverseString(value)
    .mapTokens({
      mapToken: (token) => {
        const resolved = stack.resolve(token);
        if (typeof resolved === 'string') return resolved;
        const pseudo = typeof resolved === 'object' && resolved !== null && typeof resolved.Ref === 'string' ? PSEUDO_PARAMETER_LONGEST[resolved.Ref] : undefined;
        tokens += pseudo ?? otherToken;
        return '';
      },
    })
    .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
  return String(literal).length + tokens;
}

/**
 * The longest ARN of an AWS resource: `arn:<partition>:<service>:<region>:<account>:<resource>`,
 * `regional` false for a global service's (IAM: no region).
 */
export function arnLongest(service: string, resourceLongest: number, regional = true): number {
  return 'arn:'.length + LONGEST_PARTITION + 1 + service.length + 1 + (regional ? LONGEST_REGION : 0) + 1 + ACCOUNT_LENGTH + 1 + resourceLongest;
}

/** The longest name CloudFormation generates for a role (IAM role names: 1–64 characters). */
const ROLE_NAME_LONGEST = 64;

/** The longest ARN of `role`: its ARN's own length where the app knows it, else `role/<path><name>` at IAM's limits. */
export function roleArnLongest(stack: Stack, role: iam.IRole): number {
  if (role instanceof iam.Role) {
    const cfn = role.node.defaultChild as iam.CfnRole;
    const path = typeof cfn.path === 'string' && !Token.isUnresolved(cfn.path) ? cfn.path : undefined;
    const name = typeof cfn.roleName === 'string' && !Token.isUnresolved(cfn.roleName) ? cfn.roleName.length : ROLE_NAME_LONGEST;
    // IAM paths: 1–512 characters, `/` when none is given (IAM API reference, CreateRole).
    return arnLongest('iam', 'role'.length + (path === undefined ? (cfn.path === undefined ? 1 : 512) : path.length) + name, false);
  }
  return longestLength(stack, role.roleArn);
}

/** The longest ARN of a state machine named by CloudFormation or by `name` (Step Functions: names of 1–80 characters). */
export function stateMachineArnLongest(stack: Stack, name?: string): number {
  return arnLongest('states', 'stateMachine:'.length + (name === undefined ? 80 : longestLength(stack, name, 80)));
}

/** The characters one more ARN adds to a statement's `Resource` list: its quotes and a comma. */
export const LISTED_ARN_OVERHEAD = 3;
