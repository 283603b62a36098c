import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Stack } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * Stores a state machine definition as a file asset (`DefinitionS3Location`) instead of inline in
 * the template (`DefinitionString`): the definition of a runner grows with its jobs, and
 * CloudFormation allows 1 MB of template, Step Functions 1 MB of definition. Every CloudFormation
 * value in the definition (role ARNs, bucket names, the partition, image mappings) becomes a
 * `${name}` placeholder filled by `DefinitionSubstitutions`.
 */
export function storeDefinitionInS3(scope: Construct, resource: sfn.CfnStateMachine, graphJson: object): void {
  const { text, substitutions } = definitionWithSubstitutions(scope, graphJson);
  checkDefinitionSize(scope, text, substitutions);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sagemaker-processing-'));
  const file = path.join(dir, 'definition.asl.json');
  fs.writeFileSync(file, text);
  const asset = new s3assets.Asset(scope, 'Definition', { path: file, displayName: `${scope.node.path} state machine definition` });
  // The asset copied the file into the cloud assembly; the temporary copy is no longer needed.
  fs.rmSync(dir, { recursive: true, force: true });
  resource.definitionS3Location = { bucket: asset.s3BucketName, key: asset.s3ObjectKey };
  // The values are CloudFormation functions (Ref, Fn::GetAtt, …): CloudFormation resolves them, as it does for any string property.
  resource.definitionSubstitutions = substitutions as { [name: string]: string };
}

/**
 * Step Functions takes a definition of at most 1,048,576 characters (API Reference,
 * CreateStateMachine `definition`: "Maximum length of 1048576").
 */
export const MAX_DEFINITION_LENGTH = 1_048_576;

/** The longest a substituted value is taken to be: a role ARN with the runner's path and a generated name, a bucket name. */
const SUBSTITUTION_BOUND = { arn: 140, other: 63 };

/** Warning id for a definition that may be over the limit once its values are filled in. */
export const DEFINITION_SIZE_WARNING = 'cdk-sagemaker-processing:definition-size';

/**
 * Refuses a definition over Step Functions' limit already with its `${placeholders}` (the values
 * are at least that long in practice), and warns when the values, at their longest, may take it over.
 */
export function checkDefinitionSize(scope: Construct, text: string, substitutions: { [name: string]: unknown }, limit: number = MAX_DEFINITION_LENGTH): void {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  let longest = text.length;
  for (const [name, count] of counts) {
    const bound = JSON.stringify(substitutions[name] ?? '').includes('"Arn"') ? SUBSTITUTION_BOUND.arn : SUBSTITUTION_BOUND.other;
    longest += count * (bound - `\${${name}}`.length);
  }
  const fix = 'split the jobs over more runners (a runner per stack, or per team)';
  if (text.length > limit) {
    throw new Error(`${scope.node.path}: the state machine definition has ${text.length} characters; Step Functions takes at most ${limit}: ${fix}`);
  }
  if (longest > limit) {
    Annotations.of(scope).addWarningV2(DEFINITION_SIZE_WARNING, `the state machine definition has ${text.length} characters, and up to ${longest} with its role ARNs ` +
      `and bucket names filled in; Step Functions takes at most ${limit}: ${fix}`);
  }
}

/** The definition as text with a `${name}` for each CloudFormation value, and the values by name. */
function definitionWithSubstitutions(scope: Construct, graphJson: object): { text: string; substitutions: { [name: string]: unknown } } {
  const stack = Stack.of(scope);
  const resolved: unknown = stack.resolve(stack.toJsonString(graphJson));
  const substitutions: { [name: string]: unknown } = {};
  const parts = typeof resolved === 'string' ? [resolved] : joinedParts(resolved);
  const text = parts.map((part) => {
    if (typeof part === 'string') return part;
    const name = substitutionName(part);
    substitutions[name] = part;
    return `\${${name}}`;
  }).join('');
  return { text, substitutions };
}

/** The pieces of `{ "Fn::Join": ["", [...]] }`, the form `Stack.toJsonString` resolves to when the JSON holds tokens. */
function joinedParts(value: unknown): unknown[] {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join || join[0] !== '') throw new Error(`unexpected resolved definition: ${JSON.stringify(value).slice(0, 200)}`);
  return join[1];
}

/** A readable, stable placeholder name: `Partition`, `LakeBucket1A2B3C4D`, `JobRoleABCD1234_Arn`, else a hash. */
function substitutionName(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (typeof v.Ref === 'string') return v.Ref.replace(/^AWS::/, '').replace(/[^A-Za-z0-9_]/g, '_');
  if (Array.isArray(v['Fn::GetAtt'])) return v['Fn::GetAtt'].join('_').replace(/[^A-Za-z0-9_]/g, '_');
  return `Value_${crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12)}`;
}
