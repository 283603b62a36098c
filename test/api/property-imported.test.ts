import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import fc from 'fast-check';
import { ProcessingInput, ProcessingOutput } from '../../lib';
import { validateCreateProcessingJobRequest } from '../contracts';
import { jsonPathTask, newStack, renderedRequest } from '../task/helpers';

/**
 * Text that reaches the request from imported resources and free-form names, which aws-cdk-lib
 * takes as given (`Role.fromRoleArn`, `Key.fromKeyArn`, `SecurityGroup.fromSecurityGroupId`, a
 * VPC's subnet ids, feature group, Athena and Redshift names, local paths): either synth fails
 * naming the construct path and the API field, or the rendered request validates against the
 * SageMaker API model (test/contracts, botocore's service-2.json). Lengths are drawn around each
 * limit, with characters outside the BMP (one character, two UTF-16 units) and line breaks.
 */

/** `n` copies of a character. */
const run = (c: string, n: number) => c.repeat(n);
const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);
const account = fc.oneof({ weight: 4, arbitrary: oneOf('123456789012') }, { weight: 1, arbitrary: oneOf('12345678901', '1234567890123', 'abcdefghijkl') });
const nameText = fc.string({ unit: oneOf(...'aZ09_-+=,.@/ é'.split('')), minLength: 0, maxLength: 10 });
const roleArn = fc.tuple(oneOf('aws', 'aws-cn', 'aws-us-gov', 'AWS'), account, oneOf('role/', 'role/service-role/', 'user/'), nameText)
  .map(([partition, acct, kind, name]) => `arn:${partition}:iam::${acct}:${kind}${name}`);
const keyArn = fc.tuple(oneOf('key/', 'alias/'), fc.string({ unit: oneOf(...'ab09-_/. 😀'.split(/(?:)/u)), minLength: 1, maxLength: 12 }))
  .map(([kind, id]) => `arn:aws:kms:us-east-1:123456789012:${kind}${id}`);
const vpcId = (prefix: string) => fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[0-9a-f]{8,17}$/).map((h) => `${prefix}-${h}`) },
  { weight: 1, arbitrary: fc.integer({ min: 28, max: 34 - prefix.length }).map((n) => `${prefix}-${run('0', n)}`.slice(0, 33)) },
  { weight: 1, arbitrary: oneOf(`${prefix}_1`, `${prefix} 1`, `${prefix}-é`) },
);
const featureGroup = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9]([_-]{0,3}[a-zA-Z0-9]){0,20}$/),
  fc.integer({ min: 60, max: 70 }).map((n) => `a${run('-', n - 2)}b`),
  oneOf('', '-a', 'a b', run('f', 64), run('f', 65)),
);
const line = fc.oneof(
  { weight: 4, arbitrary: nameText.filter((t) => t.length > 0) },
  { weight: 1, arbitrary: oneOf('a\nb', 'a\rb', 'tab\there', `${run('😀', 63)}`, `${run('😀', 64)}`, `${run('d', 64)}`, `${run('d', 65)}`) },
);
const localPath = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z]{1,8}$/).map((p) => `/opt/ml/processing/${p}`) },
  { weight: 1, arbitrary: fc.integer({ min: 235, max: 239 }).map((n) => `/opt/ml/processing/${run('𝒜', n)}`) },
  { weight: 1, arbitrary: oneOf('/opt/ml/processing/a\nb', '/opt/ml/processing/ü b') },
);

const props = fc.record({
  role: roleArn,
  clusterRole: roleArn,
  volumeKey: keyArn,
  outputKey: keyArn,
  securityGroup: vpcId('sg'),
  subnet: vpcId('subnet'),
  featureGroup,
  athenaDatabase: line,
  redshift: fc.record({ clusterId: line, database: line, dbUser: line }),
  localPath,
});

const PATH_AND_FIELD = /^TestStack\/Job: .+\([A-Z][A-Za-z0-9]*(\[\])?(\.[A-Z][A-Za-z0-9]*(\[\])?)*( requires it)?\)$/;

describe('imported resources and free-form names (fast-check)', () => {
  test('either fail synth naming path and field, or render a request the API model accepts', () => {
    fc.assert(fc.property(props, (p) => {
      let rendered: unknown;
      let error: string | undefined;
      try {
        const stack = newStack();
        const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], isolatedSubnetIds: [p.subnet] });
        const { task } = jsonPathTask({
          role: iam.Role.fromRoleArn(stack, 'Role', p.role),
          volumeKmsKey: kms.Key.fromKeyArn(stack, 'VolumeKey', p.volumeKey),
          outputKmsKey: kms.Key.fromKeyArn(stack, 'OutputKey', p.outputKey),
          vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
          securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', p.securityGroup)],
          processingInputs: [
            ProcessingInput.fromS3Uri('raw', 's3://lake/raw/', { localPath: p.localPath }),
            ProcessingInput.fromAthena('athena', { database: p.athenaDatabase, queryString: 'SELECT 1', outputS3Uri: 's3://lake/athena/' }),
            ProcessingInput.fromRedshift('redshift', {
              ...p.redshift, queryString: 'SELECT 1', outputS3Uri: 's3://lake/redshift/', clusterRole: iam.Role.fromRoleArn(stack, 'ClusterRole', p.clusterRole),
            }),
          ],
          processingOutputs: [ProcessingOutput.toS3Uri('features', 's3://lake/features/'), ProcessingOutput.toFeatureGroup('store', p.featureGroup)],
        }, stack);
        rendered = renderedRequest(stack, task);
      } catch (e) {
        error = (e as Error).message;
      }
      if (error !== undefined) {
        for (const line of error.split('\n')) expect(line).toMatch(PATH_AND_FIELD);
      } else {
        expect(validateCreateProcessingJobRequest(rendered)).toEqual([]);
      }
    }), { numRuns: 300, seed: 7 });
  });
});
