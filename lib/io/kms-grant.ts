import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * Grants the use of a KMS key given as a key or as an alias. A key grants itself. An alias that
 * the app does not create (`kms.Alias.fromAliasName`, or `kms.Key.fromKeyArn` with an alias ARN)
 * has no key ARN to grant on, and KMS authorizes its operations against the key, never the alias
 * (AWS KMS Developer Guide, "Using aliases to control access to KMS keys"): such an alias is
 * granted on the account's keys with the `kms:ResourceAliases` condition, so only the key the
 * alias names is usable. An alias known only at deploy time cannot be named in that condition.
 */
export function grantKeyUse(scope: Construct, key: kms.IKey, grantee: iam.IGrantable, field: string, actions: string[]): void {
  const alias = importedAlias(scope, key);
  if (alias === undefined) {
    key.grant(grantee, ...actions);
    return;
  }
  if (Token.isUnresolved(alias.name)) {
    throw new Error(`${scope.node.path}: ${field} is a KMS alias known only at deploy time, which the job role cannot be granted on ` +
      '(KMS authorizes against the key, and the kms:ResourceAliases condition needs the alias name): pass the key itself (kms.Key.fromKeyArn with the key ARN), ' +
      "or an alias with a name (kms.Alias.fromAliasName(this, 'Key', 'alias/my-key'))");
  }
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions,
    // The keys of the alias's account and region, narrowed to the one the alias names.
    resources: [alias.keysArn],
    conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias.name } },
  }));
}

/** The alias name (`alias/…`) and the ARN of its account's keys, when `key` is an alias without a key the app knows. */
function importedAlias(scope: Construct, key: kms.IKey): { name: string; keysArn: string } | undefined {
  const stack = Stack.of(scope);
  // kms.Alias created in the app grants through its target key.
  if (key instanceof kms.Alias) return undefined;
  const aliasName = (key as Partial<kms.IAlias>).aliasName;
  if (aliasName !== undefined) {
    return { name: aliasName, keysArn: stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' }) };
  }
  if (Token.isUnresolved(key.keyArn)) return undefined;
  const arn = stack.splitArn(key.keyArn, ArnFormat.SLASH_RESOURCE_NAME);
  if (arn.service !== 'kms' || arn.resource !== 'alias') return undefined;
  return {
    name: `alias/${arn.resourceName}`,
    keysArn: stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*', region: arn.region, account: arn.account, partition: arn.partition }),
  };
}

/** What `key.grantEncryptDecrypt` allows (aws-cdk-lib's KMS action groups). */
export const KEY_ENCRYPT_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
