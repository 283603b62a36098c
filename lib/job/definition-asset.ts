import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
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
