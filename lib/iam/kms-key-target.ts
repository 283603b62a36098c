import { ArnFormat, Stack, Token, aws_kms as kms } from 'aws-cdk-lib';

/** What a key grant names: the resource and, for an alias, the condition that narrows it to the alias's key. */
export interface KeyGrantTarget {
  readonly resourceArn: string;
  readonly conditions: { [operator: string]: { [key: string]: unknown } };
}

/**
 * The resource a grant on `key` names, with the conditions to add. A key is its own ARN. An alias
 * the app does not create (`kms.Alias.fromAliasName`, or `kms.Key.fromKeyArn` with an alias ARN)
 * has no key ARN to grant on, and KMS authorizes its operations against the key, never the alias
 * (AWS KMS Developer Guide, "Using aliases to control access to KMS keys"): the grant names the
 * keys of the alias's account and region, with the `kms:ResourceAliases` condition, so only the
 * key the alias names is usable. An alias whose name is a token cannot be named in the condition.
 */
export function keyGrantTarget(key: kms.IKey, conditions: { [operator: string]: { [key: string]: unknown } } = {}): KeyGrantTarget {
  // A kms.Alias created in the app names its target key; grant on that key.
  if (key instanceof kms.Alias) return keyGrantTarget(key.aliasTargetKey, conditions);
  const alias = importedAlias(key);
  if (alias === undefined) return { resourceArn: key.keyArn, conditions };
  if (Token.isUnresolved(alias.name)) {
    throw new Error(`${key.node.path}: this KMS alias is known only at deploy time, so a job role cannot be granted its key (KMS authorizes ` +
      'against the key, and the kms:ResourceAliases condition needs the alias name): pass the key itself (kms.Key.fromKeyArn with the key ARN), ' +
      "or an alias by name (kms.Alias.fromAliasName(this, 'Key', 'alias/my-key'))");
  }
  return {
    resourceArn: alias.keysArn,
    conditions: { ...conditions, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias.name } },
  };
}

/** The alias name (`alias/…`) and the ARN of its account's keys, when `key` is an alias without a key the app knows. */
function importedAlias(key: kms.IKey): { name: string; keysArn: string } | undefined {
  const stack = Stack.of(key);
  const aliasName = (key as Partial<kms.IAlias>).aliasName;
  if (aliasName !== undefined) return { name: aliasName, keysArn: stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' }) };
  if (Token.isUnresolved(key.keyArn)) return undefined;
  const arn = stack.splitArn(key.keyArn, ArnFormat.SLASH_RESOURCE_NAME);
  if (arn.service !== 'kms' || arn.resource !== 'alias') return undefined;
  return {
    name: `alias/${arn.resourceName}`,
    keysArn: stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*', region: arn.region, account: arn.account, partition: arn.partition }),
  };
}
