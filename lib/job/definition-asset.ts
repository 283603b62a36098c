import * as crypto from 'crypto';
import {
  Annotations, DefaultTokenResolver, FileAssetLocation, FileAssetPackaging, IPostProcessor, IResolvable, IResolveContext, Stack, StringConcat, Token,
  TokenizedStringFragments, Tokenization, aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { requireAssets } from '../staging/asset-support';
import { writeAssemblyFile } from '../staging/assembly-file';
import { markTypedTokens, unquoteTypedValues } from '../cfn/typed-tokens';

/**
 * Stores a state machine definition as a file asset (`DefinitionS3Location`) instead of inline in
 * the template (`DefinitionString`): the definition of a runner grows with its jobs, and
 * CloudFormation allows 1 MB of template, Step Functions 1 MB of definition. Every CloudFormation
 * value in the definition (role ARNs, bucket names, the partition, image mappings) becomes a
 * `${name}` placeholder filled by `DefinitionSubstitutions`.
 */
export function storeDefinitionInS3(scope: Construct, resource: sfn.CfnStateMachine, graphJson: object): void {
  requireAssets(scope, 'the state machine definition (definitionInS3: true)', 'leave definitionInS3 out, or set it to false, to write the definition into the template');
  const { text, substitutions, resolved } = definitionWithSubstitutions(scope, graphJson);
  checkDefinitionSize(scope, text, resolved);
  const location = stageFileAsset(scope, text, '.json', `${scope.node.path} state machine definition`);
  resource.definitionS3Location = { bucket: location.bucketName, key: location.objectKey };
  // The values are tokens: aws-cdk-lib resolves them with the template (cross-stack references included).
  resource.definitionSubstitutions = substitutions;
}

/** `text` as a file asset of the scope's stack, written into the cloud assembly (`writeAssemblyFile`). */
function stageFileAsset(scope: Construct, text: string, extension: string, displayName: string): FileAssetLocation {
  const { fileName, sourceHash } = writeAssemblyFile(scope, text, extension);
  return Stack.of(scope).synthesizer.addFileAsset({ sourceHash, fileName, packaging: FileAssetPackaging.FILE, displayName });
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

/**
 * The definition as text with a `${name}` for each CloudFormation value; the values by name, as
 * tokens; and the same values resolved (for names and the size check).
 *
 * The values must stay tokens: the definition is written when aspects run, before aws-cdk-lib
 * resolves references, and only then does a reference to another stack's resource become an
 * `Fn::ImportValue` (or `Fn::GetStackOutput`). Resolved here, it would stay a `Ref` to a logical id
 * of the other stack, which CloudFormation refuses. So each token is replaced in the text by its
 * placeholder and kept, unresolved, as the value of `DefinitionSubstitutions`.
 */
function definitionWithSubstitutions(scope: Construct, graphJson: object):
{ text: string; substitutions: { [name: string]: string }; resolved: { [name: string]: unknown } } {
  const substitutions: { [name: string]: string } = {};
  const resolved: { [name: string]: unknown } = {};
  // Each value is first a mark no text of the definition holds (a random nonce in it), then its `${name}`.
  const nonce = crypto.randomBytes(12).toString('hex');
  const mark = new RegExp(`\uE000${nonce}:([A-Za-z0-9_]+)\uE000`, 'g');
  const literal = resolveWithPlaceholders(scope, graphJson, (token, value) => {
    // A value may hold another (`Fn::FindInMap` of an image's mapping holds `Ref AWS::Region`), already a mark here: named by
    // its `${name}`, not by the mark, or the nonce would make every synth name it anew, a new definition file to upload and
    // an update of the state machine at every deployment.
    const stable: unknown = JSON.parse(JSON.stringify(value).replace(mark, '$${$1}'));
    const name = substitutionName(stable);
    substitutions[name] = Token.asString(token);
    resolved[name] = stable;
    return `\uE000${nonce}:${name}\uE000`;
  });
  const text = escapeSubstitutionSyntax(unquoteTypedValues(JSON.stringify(literal))).replace(mark, '$${$1}');
  return { text, substitutions, resolved };
}

/**
 * The JSON text of a definition with every `${` of its own written `\u0024{`: CloudFormation
 * replaces each `${key}` of `DefinitionSubstitutions` in the text (the AWS::StepFunctions::StateMachine
 * resource handler, `DefinitionProcessor.transformDefinition`, aws-cloudformation-resource-providers-stepfunctions),
 * so a job's text such as `${Partition}` in an environment value would become the partition. In JSON
 * a `$` is only ever inside a string, where `\u0024` is the same `$` once Step Functions parses it.
 */
function escapeSubstitutionSyntax(jsonText: string): string {
  return jsonText.split('${').join('\\u0024{');
}

/**
 * `value` resolved to plain JSON now, except that every token whose value is a CloudFormation
 * function becomes the text `placeholder` returns for it (the token itself is left unresolved:
 * see `definitionWithSubstitutions` for why it must be). Write its JSON text with
 * `unquoteTypedValues(JSON.stringify(…))`, so that a deploy-time number or list is one in the text.
 */
export function resolveWithPlaceholders(scope: Construct, value: unknown, placeholder: (token: IResolvable, value: unknown) => string): unknown {
  // Whole number and list tokens are marked first: their JSON text is unquoted after (`unquoteTypedValues`).
  return Tokenization.resolve(markTypedTokens(value), { scope: Stack.of(scope), resolver: new PlaceholderResolver(placeholder), removeEmpty: true });
}

/**
 * Resolves a definition to plain JSON, except that every token whose value is a CloudFormation
 * function (`Ref`, `Fn::GetAtt`, `Fn::FindInMap`, …) becomes the text its `placeholder` returns,
 * asked for once per token: a value the definition names many times (the data bucket in every job's
 * URIs) is resolved and named once.
 */
class PlaceholderResolver extends DefaultTokenResolver {
  private readonly placeholders = new Map<IResolvable, string>();

  constructor(private readonly placeholder: (token: IResolvable, value: unknown) => string) {
    super(new StringConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    const seen = this.placeholders.get(t);
    if (seen !== undefined) return seen;
    const value: unknown = super.resolveToken(t, context, postProcessor);
    if (!isIntrinsic(value)) return value;
    const text = this.placeholder(t, value);
    this.placeholders.set(t, text);
    return text;
  }

  public resolveString(fragments: TokenizedStringFragments, context: IResolveContext): unknown {
    // A string that is one whole token takes the token's value, whatever it is (e.g. JsonPath.DISCARD is null).
    if (fragments.length === 1 && fragments.firstToken !== undefined) return context.resolve(fragments.firstToken);
    const text = fragments.mapTokens({
      mapToken: (t) => {
        const value: unknown = context.resolve(t);
        if (typeof value !== 'string' && typeof value !== 'number') {
          throw new Error(`a value inside a text of the state machine definition is not text: ${JSON.stringify(value).slice(0, 200)}`);
        }
        return value;
      },
    });
    return text.join(new StringConcat());
  }
}

/** `{ "Ref": … }` or `{ "Fn::…": … }`: one key, a CloudFormation function. */
function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** A readable, stable placeholder name: `Partition`, `LakeBucket1A2B3C4D`, `JobRoleABCD1234_Arn`, else a hash. */
function substitutionName(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (typeof v.Ref === 'string') return v.Ref.replace(/^AWS::/, '').replace(/[^A-Za-z0-9_]/g, '_');
  if (Array.isArray(v['Fn::GetAtt'])) return v['Fn::GetAtt'].join('_').replace(/[^A-Za-z0-9_]/g, '_');
  return `Value_${crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12)}`;
}
