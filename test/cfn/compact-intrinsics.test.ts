import * as fs from 'fs';
import * as path from 'path';
import { App, Aws, CfnMapping, CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { compactIntrinsics, subForJoins } from '../../lib/cfn/compact-intrinsics';
import fc from 'fast-check';
import { flatten } from '../util/definition';
import { IntrinsicEvaluator } from '../contracts/intrinsics';

/** A stack with a bucket, a mapping and one resource whose properties are `values`, as written plainly and compacted. */
function both(values: (stack: Stack) => Record<string, string>) {
  const stack = new Stack(new App(), 'Compact');
  const plain = values(stack);
  new CfnResource(stack, 'Plain', { type: 'Test::Values', properties: plain });
  new CfnResource(stack, 'Compact', { type: 'Test::Values', properties: compactIntrinsics(plain) as unknown as Record<string, unknown> });
  const template = JSON.parse(JSON.stringify(stack.resolve((stack as any)._toCloudFormation())));
  const evaluator = new IntrinsicEvaluator({ stackName: 'Compact', template }, new Map());
  return { template, evaluate: (id: string) => evaluator.evaluate(template.Resources[id].Properties), problems: evaluator.problems };
}

describe('compactIntrinsics', () => {
  const { template, evaluate, problems } = both((stack) => {
    const bucket = new s3.Bucket(stack, 'Lake');
    const images = new CfnMapping(stack, 'Images', { mapping: { 'us-east-1': { account: '683313688378' } } });
    return {
      objects: `${bucket.bucketArn}/raw/*`,
      bucketArn: bucket.bucketArn,
      arn: `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:processing-job/nightly*`,
      literal: `s3://${bucket.bucketName}/\${not-a-variable}/`,
      mapped: `${images.findInMap(Aws.REGION, 'account')}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/sklearn:1`,
      json: Stack.of(bucket).toJsonString({ Bucket: bucket.bucketName, Prefix: 'raw/' }),
      plain: 'no tokens',
    };
  });

  test('gives every value the same string at deploy time', () => {
    expect(evaluate('Compact')).toEqual(evaluate('Plain'));
    expect(problems).toEqual([]);
    expect(evaluate('Compact')).toMatchObject({
      arn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/nightly*',
      literal: expect.stringMatching(/^s3:\/\/[a-z0-9-]+\/\$\{not-a-variable\}\/$/),
      mapped: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sklearn:1',
    });
  });

  test('writes each join as one Fn::Sub, other intrinsics as its variables, literal ${ escaped', () => {
    const compact = template.Resources.Compact.Properties;
    expect(JSON.stringify(compact)).not.toContain('Fn::Join');
    expect(compact.arn).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:processing-job/nightly*' });
    expect(compact.objects).toEqual({ 'Fn::Sub': expect.stringMatching(/^\$\{Lake[0-9A-F]{8}\.Arn\}\/raw\/\*$/) });
    expect(compact.literal['Fn::Sub']).toContain('/${!not-a-variable}/');
    expect(compact.mapped).toEqual({ 'Fn::Sub': ['${V0}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/sklearn:1', { V0: { 'Fn::FindInMap': ['Images', { Ref: 'AWS::Region' }, 'account'] } }] });
    expect(compact.bucketArn).toEqual({ 'Fn::Sub': expect.stringMatching(/^\$\{Lake[0-9A-F]{8}\.Arn\}$/) });
    expect(compact.plain).toBe('no tokens');
    // As CDK writes the template (one-space indentation): 60 % of the bytes here.
    expect(JSON.stringify(compact, undefined, 1).length).toBeLessThan(JSON.stringify(template.Resources.Plain.Properties, undefined, 1).length * 0.65);
  });

  test('names variables apart from the references of the text', () => {
    expect(subForJoins({ 'Fn::Join': ['-', [{ Ref: 'V0' }, { 'Fn::ImportValue': 'x' }]] })).toEqual({ 'Fn::Sub': ['${V0}-${V1}', { V1: { 'Fn::ImportValue': 'x' } }] });
  });

  test('a reference to another stack stays an import, and the app still deploys its value', () => {
    const app = new App();
    const producer = new Stack(app, 'Producer');
    const bucket = new s3.Bucket(producer, 'Lake');
    const consumer = new Stack(app, 'Consumer');
    new CfnOutput(consumer, 'Objects', { value: compactIntrinsics(`${bucket.bucketArn}/raw/*`) as unknown as string });
    const assembly = app.synth();
    const value = assembly.getStackByName('Consumer').template.Outputs.Objects.Value;
    expect(value).toEqual({ 'Fn::Sub': ['${V0}/raw/*', { V0: { 'Fn::ImportValue': expect.stringMatching(/^Producer:ExportsOutputFnGetAttLake/) } }] });
  });
});

describe('literal ${ in a join', () => {
  const MAPPINGS = { Mappings: { Texts: { T0: { Text: 'mapped ${x}' } } } };
  const evaluate = (value: unknown) => flatten(value, MAPPINGS);

  test('a shell default inside a span (${A:-${B}}) gets one ! for the span, as CloudFormation reads it from ${ to the next }', () => {
    const join = { 'Fn::Join': ['', ['OUT=${A:-${B}}/', { Ref: 'AWS::Region' }]] };
    expect(subForJoins(join)).toEqual({ 'Fn::Sub': 'OUT=${!A:-${B}}/${AWS::Region}' });
    expect(evaluate(subForJoins(join))).toBe('OUT=${A:-${B}}/us-east-1');
  });

  test('a ${ with no } after it in its text stays in a Fn::Join (the next reference would close it)', () => {
    const join = { 'Fn::Join': ['', ['cost ${', { Ref: 'AWS::Region' }, '}']] };
    expect(subForJoins(join)).toEqual(join);
    expect(evaluate(subForJoins(join))).toBe('cost ${us-east-1}');
  });

  test('a $ and a { from two pieces do not meet as a ${', () => {
    const join = { 'Fn::Join': ['', ['price $', { 'Fn::Sub': '{${AWS::Region}}' }]] };
    expect(subForJoins(join)).toEqual(join);
  });

  test('gives the string the join gives, whatever its literal text holds (generated: $, {, }, !)', () => {
    const literal = fc.array(fc.constantFrom('$', '{', '}', '!', '${', 'a', ':-'), { maxLength: 8 }).map((p) => p.join(''));
    const part = fc.oneof(literal, fc.constantFrom<unknown>({ Ref: 'AWS::Region' }, { 'Fn::FindInMap': ['Texts', 'T0', 'Text'] }, { 'Fn::Sub': 'x-${AWS::Partition}' }));
    fc.assert(fc.property(fc.constantFrom('', '$', '}', '-'), fc.array(part, { minLength: 1, maxLength: 6 }), (delimiter, parts) => {
      const join = { 'Fn::Join': [delimiter, parts] };
      expect(evaluate(subForJoins(join))).toBe(evaluate(join));
    }), { numRuns: 500 });
  });
});

test('a lone Fn::GetAtt of an Arn is one Fn::Sub; of any other attribute (which may be a list) it stays', () => {
  expect(subForJoins({ Role: { 'Fn::GetAtt': ['Runner', 'Arn'] } })).toEqual({ Role: { 'Fn::Sub': '${Runner.Arn}' } });
  expect(subForJoins({ Blocks: { 'Fn::GetAtt': ['Subnet', 'Ipv6CidrBlocks'] } })).toEqual({ Blocks: { 'Fn::GetAtt': ['Subnet', 'Ipv6CidrBlocks'] } });
  expect(subForJoins({ 'Fn::GetAtt': ['Stack', 'Outputs.Arn'] })).toEqual({ 'Fn::GetAtt': ['Stack', 'Outputs.Arn'] });
});

test('a Fn::Sub inside a join (aws-cdk-lib\'s asset bucket name) becomes part of the text', () => {
  expect(subForJoins({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::Sub': 'cdk-assets-${AWS::AccountId}-${AWS::Region}' }, '/a/*']] }))
    .toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::cdk-assets-${AWS::AccountId}-${AWS::Region}/a/*' });
  expect(subForJoins({ 'Fn::Join': ['', [{ 'Fn::Sub': '${AWS::Region}-${V0}' }, { 'Fn::ImportValue': 'x' }]] }))
    .toEqual({ 'Fn::Sub': ['${AWS::Region}-${V0}${V1}', { V1: { 'Fn::ImportValue': 'x' } }] });
});

test('copies: every key kept (`__proto__` too, as a key), the input left as it was', () => {
  const input = JSON.parse('{"__proto__":{"Fn::Join":["",["a",{"Ref":"B"}]]},"list":[{"Fn::Join":["-",["x","y"]]}]}');
  const before = JSON.stringify(input);
  const output = subForJoins(input) as Record<string, unknown>;
  expect(JSON.stringify(output)).toBe('{"__proto__":{"Fn::Sub":"a${B}"},"list":[{"Fn::Sub":"x-y"}]}');
  expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
  expect(JSON.stringify(input)).toBe(before);
});

describe('one synthesis resolves the wrapped value twice, not three times', () => {
  /** A value that counts its resolutions and says which one it is, in a resource of `stack`. */
  const counted = (stack: Stack) => {
    const calls: boolean[] = [];
    const counter = { creationStack: [], resolve: (context: { preparing: boolean }) => { calls.push(context.preparing); return `call-${calls.length}`; } };
    const bucket = new s3.Bucket(stack, 'B');
    // An L1 class: tree.json holds its properties (`aws:cdk:cloudformation:props`).
    new sns.CfnTopic(stack, 'R', { topicName: Token.asString(compactIntrinsics({ 'Fn::Join': ['-', [bucket.bucketName, counter]] })) });
    return calls;
  };

  test('the template and tree.json get the same value; the prepare pass and every later resolution compute anew', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const calls = counted(stack);
    const assembly = app.synth();
    // aws-cdk-lib's prepare pass (finding references), then the template; tree.json is served the template's.
    expect(calls).toEqual([true, false]);
    const template = assembly.getStackByName('S').template;
    expect(template.Resources.R.Properties.TopicName).toEqual({ 'Fn::Sub': '${B08E7C7AF}-call-2' });
    const tree = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'tree.json'), 'utf8'));
    expect(tree.tree.children.S.children.R.attributes['aws:cdk:cloudformation:props'].topicName).toEqual({ 'Fn::Sub': '${B08E7C7AF}-call-2' });
    // Outside a synthesis: computed each time.
    const topic = stack.node.findChild('R') as sns.CfnTopic;
    const first = stack.resolve(topic.topicName);
    const second = stack.resolve(topic.topicName);
    expect([first, second]).toEqual([{ 'Fn::Sub': '${B08E7C7AF}-call-3' }, { 'Fn::Sub': '${B08E7C7AF}-call-4' }]);
  });

  test('a second synthesis starts over (a value changed in between is seen)', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const calls = counted(stack);
    app.synth();
    app.synth({ force: true });
    expect(calls).toEqual([true, false, true, false]);
  });
});
