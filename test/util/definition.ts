import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * The state machine definitions of a stack as plain ASL objects, keyed by logical id: the
 * `DefinitionString`, or the asset file of a `DefinitionS3Location` with its
 * `DefinitionSubstitutions` filled in.
 * CloudFormation intrinsics in the DefinitionString are replaced by readable stand-ins:
 * `Ref X` → `X`, `Fn::GetAtt [X, Arn]` → `arn:aws:iam::123456789012:role/X` for roles, else `X.Attr`,
 * `Fn::ImportValue X` → `import:X`, `AWS::Partition` → `aws`, `AWS::Region` → `us-east-1`, `AWS::AccountId` → `123456789012`;
 * `Fn::FindInMap` → the template's mapping value (else `Map.Key.Attr`), `Fn::Sub` with its variables.
 */
export function stateMachineDefinitions(stack: Stack): Record<string, any> {
  const template = Template.fromStack(stack).toJSON();
  const out: Record<string, any> = {};
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const props = resource.Properties;
    if (props.DefinitionS3Location) {
      // Template.fromStack synthesized the app: the asset is staged in its output folder as asset.<key>.
      const file = path.join((stack.node.root as App).outdir, `asset.${props.DefinitionS3Location.Key}`);
      const substitutions = Object.fromEntries(Object.entries<any>(props.DefinitionSubstitutions ?? {}).map(([k, v]) => [k, flatten(v, template)]));
      out[id] = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, k: string) => substitutions[k] ?? `\${${k}}`));
      continue;
    }
    out[id] = JSON.parse(flatten(props.DefinitionString, template));
  }
  return out;
}

/** The only state machine definition of a stack. */
export function stateMachineDefinition(stack: Stack): any {
  const all = Object.values(stateMachineDefinitions(stack));
  if (all.length !== 1) throw new Error(`expected one state machine, found ${all.length}`);
  return all[0];
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'TestStack',
};

/** A template string value (a `DefinitionString`) as text, with the stand-ins above for its CloudFormation values. */
export function flatten(value: any, template: any): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => flatten(v, template)).join('');
  if (value && typeof value === 'object') {
    if ('Fn::Join' in value) {
      const [sep, parts] = value['Fn::Join'];
      return parts.map((p: any) => flatten(p, template)).join(sep);
    }
    if ('Ref' in value) return PSEUDO[value.Ref] ?? value.Ref;
    if ('Fn::GetAtt' in value) {
      const [id, attr] = value['Fn::GetAtt'];
      const type = template.Resources?.[id]?.Type;
      if (type === 'AWS::IAM::Role' && attr === 'Arn') return `arn:aws:iam::123456789012:role/${id}`;
      return `${id}.${attr}`;
    }
    if ('Fn::ImportValue' in value) return `import:${flatten(value['Fn::ImportValue'], template)}`;
    if ('Fn::FindInMap' in value) {
      // A text of the template's Mappings (a standalone runner's states); else a stand-in (an image URI by region).
      const [map, first, second] = value['Fn::FindInMap'].map((p: any) => flatten(p, template));
      return template.Mappings?.[map]?.[first]?.[second] ?? `${map}.${first}.${second}`;
    }
    if ('Fn::Sub' in value) {
      const [text, variables] = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'] : [value['Fn::Sub'], {}];
      // `${!x}` is the literal `${x}` (CloudFormation User Guide, Fn::Sub).
      return text.replace(/\$\{(!?)([^}]*)\}/g, (_: string, bang: string, name: string) => {
        if (bang) return `\${${name}}`;
        return name in variables ? flatten(variables[name], template) : PSEUDO[name] ?? name;
      });
    }
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}
