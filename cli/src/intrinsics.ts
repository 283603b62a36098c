/**
 * Resolves the CloudFormation intrinsic functions in a synthesized value (the request in a job's
 * metadata) against a deployed stack: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`,
 * `Fn::Split`, `Fn::FindInMap`, `Fn::ImportValue`, `Fn::GetStackOutput`, `Fn::If` (with the
 * template's conditions) and the pseudo parameters. Semantics from the CloudFormation User Guide, "Intrinsic function reference".
 */
import { PARTITION_DOMAINS } from '../../lib/api/partitions';
import { CliError } from './errors';

/** What the resolver knows about the deployed stack. */
export interface StackFacts {
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  /** The synthesized template (for resource types and properties, mappings, conditions, parameter defaults). */
  readonly template: { [key: string]: unknown };
  /** Logical id → physical id of the deployed resources. */
  readonly physicalIds: { [logicalId: string]: string };
  /** The deployed parameter values. */
  readonly parameters: { [name: string]: string };
  /** Looks up a CloudFormation export (`Fn::ImportValue`). */
  exportValue(name: string): Promise<string | undefined>;
  /**
   * Looks up an output of a deployed stack by its logical id (`Fn::GetStackOutput`: how aws-cdk-lib
   * writes a weak cross-stack reference, the default of a `cdk init` app).
   */
  stackOutput(stackName: string, outputName: string, region: string): Promise<string | undefined>;
}

/** Marks a value `{ "Ref": "AWS::NoValue" }` resolves to: the property is left out. */
const NO_VALUE = Symbol('AWS::NoValue');

/** `value` with every intrinsic replaced by its deployed value. */
export async function resolveIntrinsics(value: unknown, facts: StackFacts): Promise<unknown> {
  const resolved = await resolve(value, facts);
  return resolved === NO_VALUE ? undefined : resolved;
}

async function resolve(value: unknown, facts: StackFacts): Promise<unknown> {
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map((v) => resolve(v, facts)));
    return items.filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as { [key: string]: unknown });
  if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
    return intrinsic(entries[0][0], entries[0][1], facts);
  }
  const result: { [key: string]: unknown } = {};
  for (const [k, v] of entries) {
    const r = await resolve(v, facts);
    if (r !== NO_VALUE) result[k] = r;
  }
  return result;
}

async function intrinsic(name: string, arg: unknown, facts: StackFacts): Promise<unknown> {
  switch (name) {
    case 'Ref':
      return ref(String(arg), facts);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : splitOnce(String(arg), '.');
      return getAtt(logicalId, String(await resolve(attribute, facts)), facts);
    }
    case 'Fn::Join': {
      const [separator, items] = arg as [string, unknown];
      return (await resolve(items, facts) as unknown[]).map(String).join(separator);
    }
    case 'Fn::Sub':
      return sub(arg, facts);
    case 'Fn::Select': {
      const [index, list] = arg as [unknown, unknown];
      const items = await resolve(list, facts) as unknown[];
      const i = Number(await resolve(index, facts));
      if (!Array.isArray(items) || !(i >= 0 && i < items.length)) throw unresolvable(`Fn::Select index ${i} of ${JSON.stringify(items)}`);
      return items[i];
    }
    case 'Fn::Split': {
      const [separator, text] = arg as [string, unknown];
      return String(await resolve(text, facts)).split(separator);
    }
    case 'Fn::FindInMap':
      return findInMap(await resolve(arg, facts) as unknown[], facts);
    case 'Fn::ImportValue': {
      const exportName = String(await resolve(arg, facts));
      const exported = await facts.exportValue(exportName);
      if (exported === undefined) throw unresolvable(`Fn::ImportValue ${exportName} (no such export in ${facts.region})`);
      return exported;
    }
    case 'Fn::GetStackOutput': {
      // { StackName, OutputName, Region?, RoleArn? }; Region defaults to the stack's own (CloudFormation Template Reference, Fn::GetStackOutput).
      const { StackName, OutputName, Region, RoleArn } = await resolve(arg, facts) as { [key: string]: unknown };
      const where = `Fn::GetStackOutput ${String(StackName)}.${String(OutputName)}`;
      const region = Region === undefined ? facts.region : String(Region);
      // An output of another account is read with a role CloudFormation assumes, which the command's identity may not.
      if (RoleArn !== undefined) throw unresolvable(`${where} (an output of another account, read with the role ${String(RoleArn)})`);
      const value = await facts.stackOutput(String(StackName), String(OutputName), region);
      if (value === undefined) throw unresolvable(`${where} (stack ${String(StackName)} in ${region} has no such output; deploy it first)`);
      return value;
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
      return resolve(await condition_(condition, facts) ? whenTrue : whenFalse, facts);
    }
    default:
      throw unresolvable(name);
  }
}

function ref(name: string, facts: StackFacts): unknown {
  switch (name) {
    case 'AWS::Region': return facts.region;
    case 'AWS::AccountId': return facts.account;
    case 'AWS::Partition': return facts.partition;
    case 'AWS::URLSuffix': return urlSuffix(facts.partition);
    case 'AWS::StackName': return facts.stackName;
    case 'AWS::StackId': return facts.stackId;
    case 'AWS::NoValue': return NO_VALUE;
  }
  const parameters = (facts.template.Parameters ?? {}) as { [name: string]: { Type?: unknown; Default?: unknown } };
  if (name in facts.parameters) return parameterValue(facts.parameters[name], parameters[name]?.Type);
  if (parameters[name]?.Default !== undefined) return parameterValue(parameters[name].Default, parameters[name].Type);
  const physicalId = facts.physicalIds[name];
  if (physicalId === undefined) throw unresolvable(`Ref ${name} (stack ${facts.stackName} has no such resource or parameter; deploy the current app)`);
  return physicalId;
}

/**
 * A parameter's value as its `Ref` gives it where a value is whole (CloudFormation User Guide,
 * "Parameters", Type): a list for `CommaDelimitedList` and `List<…>` types (the value split at its
 * commas), a number for `Number` (`instanceCount` from a `CfnParameter.valueAsNumber`, which
 * CreateProcessingJob takes only as an integer); the deployed value is text, as DescribeStacks gives it.
 * In `Fn::Join` and `Fn::Sub` a number becomes its text again.
 */
function parameterValue(value: unknown, type: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value);
  if (type === 'CommaDelimitedList' || (typeof type === 'string' && type.startsWith('List<'))) return text.split(',').map((item) => item.trim());
  if (type === 'Number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return value;
}

/** `Fn::GetAtt` for the resource types a processing job request refers to. */
function getAtt(logicalId: string, attribute: string, facts: StackFacts): string {
  const resource = ((facts.template.Resources ?? {}) as { [id: string]: { Type?: string; Properties?: { [key: string]: unknown } } })[logicalId];
  const id = facts.physicalIds[logicalId];
  if (!resource || id === undefined) throw unresolvable(`Fn::GetAtt ${logicalId}.${attribute} (stack ${facts.stackName} has no resource ${logicalId}; deploy the current app)`);
  const { partition, region, account } = facts;
  const suffix = () => urlSuffix(partition);
  switch (`${resource.Type}.${attribute}`) {
    case 'AWS::IAM::Role.Arn': {
      // The role ARN is arn:<partition>:iam::<account>:role<path><name> (IAM User Guide, "IAM identifiers"); the path is in the template.
      const rolePath = resource.Properties?.Path ?? '/';
      if (typeof rolePath !== 'string') throw unresolvable(`Fn::GetAtt ${logicalId}.Arn (the role's Path is not a literal)`);
      return `arn:${partition}:iam::${account}:role${rolePath}${id}`;
    }
    case 'AWS::S3::Bucket.Arn': return `arn:${partition}:s3:::${id}`;
    case 'AWS::S3::Bucket.DomainName': return `${id}.s3.${suffix()}`;
    case 'AWS::S3::Bucket.RegionalDomainName': return `${id}.s3.${region}.${suffix()}`;
    case 'AWS::KMS::Key.Arn': return `arn:${partition}:kms:${region}:${account}:key/${id}`;
    case 'AWS::KMS::Key.KeyId': return id;
    case 'AWS::ECR::Repository.Arn': return `arn:${partition}:ecr:${region}:${account}:repository/${id}`;
    case 'AWS::ECR::Repository.RepositoryUri': return `${account}.dkr.ecr.${region}.${suffix()}/${id}`;
    case 'AWS::EC2::SecurityGroup.GroupId': return id;
  }
  if (attribute === 'Arn' && id.startsWith('arn:')) return id;
  throw unresolvable(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type})`);
}

async function sub(arg: unknown, facts: StackFacts): Promise<string> {
  const [text, variables] = Array.isArray(arg) ? arg as [string, { [name: string]: unknown }] : [String(arg), {}];
  const values: { [name: string]: unknown } = {};
  for (const [k, v] of Object.entries(variables ?? {})) values[k] = await resolve(v, facts);
  let out = '';
  let rest = text;
  for (let m = /\$\{([^}]*)\}/.exec(rest); m; m = /\$\{([^}]*)\}/.exec(rest)) {
    out += rest.slice(0, m.index);
    const name = m[1];
    if (name.startsWith('!')) out += `\${${name.slice(1)}}`; // ${!Literal} is the text ${Literal}
    else if (name in values) out += String(values[name]);
    else if (name.includes('.') && !name.startsWith('AWS::')) out += getAtt(...splitOnce(name, '.'), facts);
    else out += String(ref(name, facts));
    rest = rest.slice(m.index + m[0].length);
  }
  return out + rest;
}

function findInMap([map, top, second, defaults]: unknown[], facts: StackFacts): unknown {
  const mappings = (facts.template.Mappings ?? {}) as { [name: string]: { [key: string]: { [key: string]: unknown } } };
  const value = mappings[String(map)]?.[String(top)]?.[String(second)];
  if (value !== undefined) return value;
  const fallback = (defaults as { DefaultValue?: unknown } | undefined)?.DefaultValue;
  if (fallback !== undefined) return fallback;
  throw unresolvable(`Fn::FindInMap ${map}.${top}.${second} (the mapping has no such key${top === facts.region ? `: is ${facts.region} supported?` : ''})`);
}

async function condition_(name: string, facts: StackFacts): Promise<boolean> {
  const conditions = (facts.template.Conditions ?? {}) as { [name: string]: unknown };
  if (!(name in conditions)) throw unresolvable(`Fn::If ${name} (no such condition)`);
  return evaluate(conditions[name], facts);
}

async function evaluate(expression: unknown, facts: StackFacts): Promise<boolean> {
  const [[fn, arg]] = Object.entries(expression as { [fn: string]: unknown });
  const args = arg as unknown[];
  switch (fn) {
    case 'Fn::Equals': return JSON.stringify(await resolve(args[0], facts)) === JSON.stringify(await resolve(args[1], facts));
    case 'Fn::Not': return !(await evaluate(args[0], facts));
    case 'Fn::And': return (await Promise.all(args.map((a) => evaluate(a, facts)))).every(Boolean);
    case 'Fn::Or': return (await Promise.all(args.map((a) => evaluate(a, facts)))).some(Boolean);
    case 'Condition': return condition_(String(arg), facts);
    default: throw unresolvable(`condition function ${fn}`);
  }
}

/** AWS::URLSuffix of a partition; a partition not in the table is not guessed. */
function urlSuffix(partition: string): string {
  // The partitions' domains: lib/api/partitions.ts (botocore endpoints.json dnsSuffix).
  const suffix = PARTITION_DOMAINS[partition];
  if (suffix === undefined) throw unresolvable(`AWS::URLSuffix (partition ${partition} is not one of ${Object.keys(PARTITION_DOMAINS).join(', ')})`);
  return suffix;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

function unresolvable(what: string): CliError {
  return new CliError(`--direct cannot resolve ${what}; run the job through its state machine (without --direct)`);
}
