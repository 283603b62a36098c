import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { grantS3Prefix } from '../../lib/iam/s3-permissions';
import { PARTITION, SynthesizedIam } from '../util/iam-evaluator';

/** One read grant: an object key (code, an asset) or a key prefix (an input). */
interface ReadGrant {
  readonly key: string;
  readonly isObjectKey: boolean;
}

/**
 * Two roles with the same read grants of one bucket: `Merged` through `grantS3Prefix`, `Apart` with
 * one `s3:ListBucket` statement per grant (`StringEquals` for an object key, `StringLike` `prefix*`
 * for a prefix).
 */
function rolesWith(grants: ReadGrant[]) {
  const stack = new Stack(new App(), 'TestStack');
  const bucket = new s3.Bucket(stack, 'Lake');
  const merged = new iam.Role(stack, 'Merged', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const apart = new iam.Role(stack, 'Apart', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  for (const g of grants) {
    grantS3Prefix(merged, { bucketArn: bucket.bucketArn, keyPrefix: g.key, isObjectKey: g.isObjectKey }, { read: true });
    apart.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: g.isObjectKey ? { StringEquals: { 's3:prefix': [g.key] } } : { StringLike: { 's3:prefix': [`${g.key}*`] } },
    }));
  }
  const synthesized = SynthesizedIam.of(stack);
  const listStatements = (path: string) => Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles[0].Ref === synthesized.role(`${path}/Resource`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => s.Action === 's3:ListBucket');
  return {
    iam: synthesized,
    merged: synthesized.role('Merged/Resource'),
    apart: synthesized.role('Apart/Resource'),
    bucketArn: `arn:${PARTITION}:s3:::${synthesized.ref(synthesized.logicalId('AWS::S3::Bucket', 'Lake/Resource'))}`,
    listStatements,
  };
}

// Keys from a small alphabet, so that generated keys and listings share prefixes often; `*` and `?` are IAM's wildcards.
// No leading '/' (grantS3Prefix drops it, as S3 keys have none).
const keyChar = fc.constantFrom('a', 'b', '/', '.', '*', '?');
const key = fc.tuple(fc.constantFrom('a', 'b', '.', '*', '?'), fc.array(keyChar, { maxLength: 5 })).map(([first, rest]) => [first, ...rest].join(''));
const grant = fc.record({ key, isObjectKey: fc.boolean() });

describe('s3:ListBucket grants of one bucket are one statement', () => {
  test('an object key and a prefix: one StringLike statement with both', () => {
    const { listStatements } = rolesWith([{ key: 'code/job/features.py', isObjectKey: true }, { key: 'raw/job/', isObjectKey: false }]);
    expect(listStatements('Merged')).toEqual([expect.objectContaining({ Condition: { StringLike: { 's3:prefix': ['code/job/features.py', 'raw/job/*'] } } })]);
  });

  test('an object key with IAM\'s wildcard characters is in the same statement, each written as IAM\'s literal (${*}, ${?}, ${$})', () => {
    const { listStatements } = rolesWith([{ key: 'code/a*b?$.py', isObjectKey: true }, { key: 'raw/', isObjectKey: false }]);
    expect(listStatements('Merged').map((s: any) => s.Condition)).toEqual([{ StringLike: { 's3:prefix': ['code/a${*}b${?}${$}.py', 'raw/*'] } }]);
  });

  test('the same listing granted twice is one value', () => {
    const { listStatements } = rolesWith([{ key: 'raw/', isObjectKey: false }, { key: 'raw/', isObjectKey: false }]);
    expect(listStatements('Merged').map((s: any) => s.Condition)).toEqual([{ StringLike: { 's3:prefix': ['raw/*'] } }]);
  });

  test('IAM allows listing exactly the granted keys and what starts with the granted prefixes, * and ? taken literally (generated keys, iam-simulate)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(grant, { minLength: 1, maxLength: 4 }),
      fc.array(key, { maxLength: 4 }),
      async (grants, others) => {
        const { iam: synthesized, merged, bucketArn } = rolesWith(grants);
        // What SageMaker lists: a granted object key itself, anything under a granted prefix.
        const granted = (listing: string) => grants.some((g) => (g.isObjectKey ? listing === g.key : listing.startsWith(g.key)));
        // Listings of each granted key, of its start and of it with more after it, and of unrelated keys.
        const listed = new Set<string>(['', ...others]);
        for (const g of grants) {
          listed.add(g.key).add(`${g.key}a`).add(`${g.key}*`).add(g.key.slice(0, -1)).add(g.key.replace(/[*?]/g, 'a'));
        }
        for (const prefix of listed) {
          const request = { action: 's3:ListBucket', resource: bucketArn, context: { 's3:prefix': prefix } };
          expect({ prefix, decision: await synthesized.decide(merged, request) }).toEqual({ prefix, decision: granted(prefix) ? 'Allowed' : 'ImplicitlyDenied' });
        }
      },
    ), { numRuns: 40 });
  });

  test('IAM allows getting the objects under the granted prefix only, * ? and $ taken literally (iam-simulate)', async () => {
    const { iam: synthesized, merged, bucketArn } = rolesWith([{ key: 'raw/*/', isObjectKey: false }, { key: 'day/d?t/', isObjectKey: false }, { key: 'cost/$x/', isObjectKey: false }]);
    // iam-simulate reads a requested resource with * or ? as a pattern (any resource it matches): requests here have neither.
    const get = (k: string) => synthesized.decide(merged, { action: 's3:GetObject', resource: `${bucketArn}/${k}` });
    expect(await get('cost/$x/part-0.csv')).toBe('Allowed');
    expect(await get('raw/2026/part-0.csv')).toBe('ImplicitlyDenied');
    expect(await get('day/dat/part-0.csv')).toBe('ImplicitlyDenied');
    expect(await get('cost/x/part-0.csv')).toBe('ImplicitlyDenied');
  });

  test('a granted object key is listable, and nothing else of its folder', async () => {
    const { iam: synthesized, merged, bucketArn } = rolesWith([{ key: 'code/job/features.py', isObjectKey: true }, { key: 'raw/job/', isObjectKey: false }]);
    const decide = (prefix: string) => synthesized.decide(merged, { action: 's3:ListBucket', resource: bucketArn, context: { 's3:prefix': prefix } });
    expect(await decide('code/job/features.py')).toBe('Allowed');
    expect(await decide('raw/job/2026/')).toBe('Allowed');
    expect(await decide('code/job/features.pyc')).toBe('ImplicitlyDenied');
    expect(await decide('code/job/')).toBe('ImplicitlyDenied');
    expect(await decide('raw/')).toBe('ImplicitlyDenied');
  });
});
