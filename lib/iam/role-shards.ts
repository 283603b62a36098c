import { aws_iam as iam } from 'aws-cdk-lib';
import { MAX_ROLE_INLINE_POLICY_CHARACTERS } from './policy-size';

/**
 * The characters kept in each shared role for what its grants write once whatever their number:
 * the statements' actions, effects, conditions and brackets (a runner role's five kinds of
 * statement, a start role's six, with their conditions, take under 900 of them).
 */
export const STATEMENT_ALLOWANCE = 1_500;

/** The characters a role of shards may hold in the ARNs of its grants: IAM's limit less the statements themselves. */
export const SHARD_CAPACITY = MAX_ROLE_INLINE_POLICY_CHARACTERS - STATEMENT_ALLOWANCE;

/**
 * Room kept in a role for grants made after it was handed out (a dead-letter queue's, a key's,
 * given once each): a role takes a new user only while this much of it is free.
 */
const LATE_GRANT_ROOM = 1_000;

/** One user's place in a role of a `RoleShards`. */
export interface RoleSeat {
  /** The role the user gets. */
  readonly role: iam.Role;
  /**
   * Counts a grant made to the role after it was handed out: `characters` the first time `key` is
   * granted to this role (later grants of the same key are the same statement, merged), none after.
   */
  charge(key: string, characters: number): void;
}

interface Shard {
  readonly role: iam.Role;
  used: number;
  readonly keys: Set<string>;
}

/**
 * Roles many users share, each role holding as many users as its inline policy can name at IAM's
 * limit: a user takes a seat with the longest its grants can be (their ARNs at their longest,
 * `policy-size`), in the first role with room for it, and a new role is made when none has. Each
 * role checks at synthesis that what it was charged fits the limit.
 */
export class RoleShards {
  private readonly shards: Shard[] = [];

  /**
   * @param create makes the role of shard `index` (0, 1, …)
   * @param what says what the roles are for, in the error of a role over the limit
   */
  constructor(private readonly create: (index: number) => iam.Role, private readonly what: string) {}

  /**
   * A seat for a user whose grants can write `characters` of ARNs, and `once[key]` characters for
   * each key the role has not been granted yet (a topic, a key all users share).
   */
  public seat(characters: number, once: { readonly [key: string]: number } = {}): RoleSeat {
    const cost = (shard: Shard) => characters + Object.entries(once).reduce((sum, [key, n]) => sum + (shard.keys.has(key) ? 0 : n), 0);
    let shard = this.shards.find((s) => s.used + cost(s) <= SHARD_CAPACITY - LATE_GRANT_ROOM);
    if (shard === undefined) {
      shard = { role: this.create(this.shards.length), used: 0, keys: new Set() };
      this.shards.push(shard);
      const made = shard;
      made.role.node.addValidation({ validate: () => this.overLimit(made) });
    }
    shard.used += cost(shard);
    for (const key of Object.keys(once)) shard.keys.add(key);
    const seated = shard;
    return {
      role: seated.role,
      charge: (key, n) => {
        if (seated.keys.has(key)) return;
        seated.keys.add(key);
        seated.used += n;
      },
    };
  }

  private overLimit(shard: Shard): string[] {
    return roleSizeProblems(shard.role.node.path, this.what, shard.used, 'grants were added to it after it was handed out (dead-letter queues and keys of schedules); '
      + 'give those schedules fewer distinct queues and keys, or move some jobs to another stack');
  }
}

/**
 * The error of a role whose grants can write `characters` of ARNs (at their longest) when that is
 * more than its inline policy can hold besides its statements (`SHARD_CAPACITY`): its path, what it
 * is for, the longest its policy can be, IAM's limit, and `remedy`.
 */
export function roleSizeProblems(rolePath: string, what: string, characters: number, remedy: string): string[] {
  if (characters <= SHARD_CAPACITY) return [];
  return [`${rolePath}: the inline policy of this role (${what}) can reach ${characters + STATEMENT_ALLOWANCE} characters with its ARNs at their longest, ` +
    `over IAM's ${MAX_ROLE_INLINE_POLICY_CHARACTERS} (IAM User Guide, "IAM and AWS STS quotas"): ${remedy}`];
}
