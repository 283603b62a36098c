import * as crypto from 'crypto';
import { UNRESOLVED, isIntrinsic, isPlainObject } from './unresolved';

/**
 * Evaluates CloudFormation intrinsics the way a deployment into one account and region would,
 * with realistic values for what CloudFormation makes up (a bucket's generated name, a role's
 * ARN with its path, a security group id), so the evaluated request meets the same patterns the
 * real one does. What cannot be known offline (a custom resource's attribute, an SSM parameter)
 * becomes a string holding {@link UNRESOLVED}, which the validators accept as anything.
 *
 * `Fn::ImportValue` follows the export into the stack that declares it (`exports`), as
 * CloudFormation does; a missing export is reported through `problems`.
 */
export const ENV = { account: '123456789012', region: 'us-east-1', partition: 'aws', urlSuffix: 'amazonaws.com' };

export interface StackTemplate {
  readonly stackName: string;
  readonly template: any;
}

/** Every export of an app, by name, with the stack that declares it. */
export type ExportTable = Map<string, { readonly stack: StackTemplate; readonly value: unknown }>;

export function exportTable(stacks: StackTemplate[]): ExportTable {
  const table: ExportTable = new Map();
  for (const stack of stacks) {
    for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
      const name = output.Export?.Name;
      if (typeof name === 'string') table.set(name, { stack, value: output.Value });
    }
  }
  return table;
}

export class IntrinsicEvaluator {
  public readonly problems: string[] = [];

  constructor(private readonly stack: StackTemplate, private readonly exports: ExportTable) {}

  /** The value with every intrinsic evaluated; `AWS::NoValue` drops the key or item. */
  public evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v)).filter((v) => v !== NO_VALUE);
    if (isIntrinsic(value)) return this.intrinsic(Object.keys(value)[0], Object.values(value)[0]);
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.evaluate(v)]).filter(([, v]) => v !== NO_VALUE));
    }
    return value;
  }

  private intrinsic(fn: string, arg: any): unknown {
    switch (fn) {
      case 'Ref': return this.ref(arg);
      case 'Fn::GetAtt': {
        const [id, attr] = typeof arg === 'string' ? arg.split(/\.(.*)/s) : arg;
        return this.getAtt(id, attr);
      }
      case 'Fn::Join': {
        const [sep, list] = arg;
        const items = this.evaluate(list);
        if (!Array.isArray(items)) return unresolved('Fn::Join of a list known at deploy time');
        return items.map((i) => (typeof i === 'string' || typeof i === 'number' ? String(i) : unresolved('a non-string item'))).join(sep);
      }
      case 'Fn::Sub': return this.sub(arg);
      case 'Fn::Select': {
        const list = this.evaluate(arg[1]);
        return Array.isArray(list) ? list[Number(this.evaluate(arg[0]))] : unresolved('Fn::Select');
      }
      case 'Fn::Split': {
        const text = this.evaluate(arg[1]);
        return typeof text === 'string' ? text.split(arg[0]) : unresolved('Fn::Split');
      }
      case 'Fn::FindInMap': {
        const [map, first, second] = (arg as unknown[]).map((a) => this.evaluate(a));
        const found = this.stack.template.Mappings?.[map as string]?.[first as string]?.[second as string];
        if (found === undefined) this.problems.push(`${this.stack.stackName}: Fn::FindInMap ${JSON.stringify([map, first, second])} finds nothing`);
        return found ?? unresolved('Fn::FindInMap');
      }
      case 'Fn::ImportValue': return this.importValue(this.evaluate(arg));
      case 'Fn::If': return this.condition(arg[0]) ? this.evaluate(arg[1]) : this.evaluate(arg[2]);
      case 'Fn::Equals': return JSON.stringify(this.evaluate(arg[0])) === JSON.stringify(this.evaluate(arg[1]));
      case 'Fn::Not': return !this.evaluate(arg[0]);
      case 'Fn::And': return (arg as unknown[]).every((a) => this.evaluate(a) === true);
      case 'Fn::Or': return (arg as unknown[]).some((a) => this.evaluate(a) === true);
      case 'Condition': return this.condition(arg);
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map((z) => `${ENV.region}${z}`);
      case 'Fn::Base64': {
        const text = this.evaluate(arg);
        return typeof text === 'string' ? Buffer.from(text).toString('base64') : unresolved('Fn::Base64');
      }
      default: return unresolved(fn);
    }
  }

  private condition(name: string): boolean {
    const definition = this.stack.template.Conditions?.[name];
    if (definition === undefined) {
      this.problems.push(`${this.stack.stackName}: condition '${name}' is not defined`);
      return false;
    }
    return this.evaluate(definition) === true;
  }

  private ref(name: string): unknown {
    const pseudo = pseudoParameter(name, this.stack.stackName);
    if (pseudo !== undefined) return pseudo;
    const parameter = this.stack.template.Parameters?.[name];
    if (parameter) return parameter.Default !== undefined && !String(parameter.Type).startsWith('AWS::SSM') ? typedDefault(parameter.Default, parameter.Type) : unresolved(`parameter ${name}`);
    const resource = this.stack.template.Resources?.[name];
    if (!resource) return unresolved(`Ref ${name}`);
    return this.resourceValue(name, resource, 'Ref');
  }

  private getAtt(id: string, attr: string): unknown {
    const resource = this.stack.template.Resources?.[id];
    if (!resource) return unresolved(`Fn::GetAtt ${id}.${attr}`);
    return this.resourceValue(id, resource, attr);
  }

  private importValue(name: unknown): unknown {
    if (typeof name !== 'string') return unresolved('Fn::ImportValue of a computed name');
    const found = this.exports.get(name);
    if (!found) {
      this.problems.push(`${this.stack.stackName}: Fn::ImportValue '${name}' names no export of the app`);
      return unresolved(`import ${name}`);
    }
    return new IntrinsicEvaluator(found.stack, this.exports).evaluate(found.value);
  }

  private sub(arg: unknown): unknown {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, { [name: string]: unknown }]);
    const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, this.evaluate(v)]));
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_all, bang: string, name: string) => {
      if (bang === '!') return `\${${name}}`;
      const value = name in values ? values[name] : name.includes('.') ? this.getAtt(name.split('.')[0], name.slice(name.indexOf('.') + 1)) : this.ref(name);
      return typeof value === 'string' || typeof value === 'number' ? String(value) : unresolved(`\${${name}}`);
    });
  }

  /** What `Ref` or `Fn::GetAtt` gives for a resource, as its service would make it. */
  private resourceValue(id: string, resource: any, attr: string): unknown {
    const p = resource.Properties ?? {};
    const given = (key: string) => (typeof p[key] === 'string' ? p[key] : undefined);
    const name = (max: number, lower = false) => generatedName(this.stack.stackName, id, max, lower);
    const arn = (service: string, resourcePart: string, region = ENV.region, account = ENV.account) =>
      `arn:${ENV.partition}:${service}:${region}:${account}:${resourcePart}`;
    switch (resource.Type) {
      case 'AWS::S3::Bucket': {
        const bucket = given('BucketName') ?? name(63, true);
        return { Ref: bucket, Arn: `arn:${ENV.partition}:s3:::${bucket}`, DomainName: `${bucket}.s3.${ENV.urlSuffix}`, RegionalDomainName: `${bucket}.s3.${ENV.region}.${ENV.urlSuffix}` }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::IAM::Role': {
        const roleName = given('RoleName') ?? name(64);
        const rolePath = typeof p.Path === 'string' ? p.Path : '/';
        return { Ref: roleName, Arn: `arn:${ENV.partition}:iam::${ENV.account}:role${rolePath}${roleName}`, RoleId: `AROA${hex(id, 17).toUpperCase()}` }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::IAM::ManagedPolicy':
        return attr === 'Ref' || attr === 'PolicyArn' ? `arn:${ENV.partition}:iam::${ENV.account}:policy${typeof p.Path === 'string' ? p.Path : '/'}${given('ManagedPolicyName') ?? name(128)}` : unresolved(`${id}.${attr}`);
      case 'AWS::KMS::Key': {
        const keyId = uuid(id);
        return { Ref: keyId, KeyId: keyId, Arn: arn('kms', `key/${keyId}`) }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::KMS::Alias': return attr === 'Ref' ? given('AliasName') ?? unresolved(`${id}`) : unresolved(`${id}.${attr}`);
      case 'AWS::EC2::SecurityGroup': return attr === 'Ref' || attr === 'GroupId' ? `sg-${hex(id, 17)}` : unresolved(`${id}.${attr}`);
      case 'AWS::EC2::Subnet': return attr === 'Ref' || attr === 'SubnetId' ? `subnet-${hex(id, 17)}` : unresolved(`${id}.${attr}`);
      case 'AWS::EC2::VPC': return attr === 'Ref' || attr === 'VpcId' ? `vpc-${hex(id, 17)}` : unresolved(`${id}.${attr}`);
      case 'AWS::SNS::Topic': {
        const topic = given('TopicName') ?? name(256);
        return { Ref: arn('sns', topic), TopicArn: arn('sns', topic), TopicName: topic }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::StepFunctions::StateMachine': {
        const machine = given('StateMachineName') ?? name(80);
        return { Ref: arn('states', `stateMachine:${machine}`), Arn: arn('states', `stateMachine:${machine}`), Name: machine }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::Lambda::Function': {
        const fn = given('FunctionName') ?? name(64);
        return { Ref: fn, Arn: arn('lambda', `function:${fn}`) }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::Lambda::Version': {
        // Ref is the version's ARN, `<function ARN>:<version>` (CloudFormation, AWS::Lambda::Version return values); the first version is 1.
        const fnArn = this.evaluate(p.FunctionName);
        if (typeof fnArn !== 'string') return unresolved(`${id}.${attr}`);
        const functionArn = fnArn.startsWith('arn:') ? fnArn : arn('lambda', `function:${fnArn}`);
        return { Ref: `${functionArn}:1`, FunctionArn: functionArn, Version: '1' }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::Logs::LogGroup': {
        const group = given('LogGroupName') ?? name(512);
        return { Ref: group, Arn: arn('logs', `log-group:${group}:*`) }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::ECR::Repository': {
        const repo = given('RepositoryName') ?? name(256, true);
        return { Ref: repo, Arn: arn('ecr', `repository/${repo}`), RepositoryUri: `${ENV.account}.dkr.ecr.${ENV.region}.${ENV.urlSuffix}/${repo}` }[attr] ?? unresolved(`${id}.${attr}`);
      }
      case 'AWS::SageMaker::ProcessingJob':
        return attr === 'Ref' || attr === 'ProcessingJobArn' ? arn('sagemaker', `processing-job/${name(63, true)}`) : unresolved(`${id}.${attr}`);
      case 'Custom::ProcessingJobRunName':
        // The run handler's name rule (src/run-handler): `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`.
        return attr === 'JobName' && typeof p.Prefix === 'string' ? `${p.Prefix}-20261130-020000-${hex(id, 8)}` : unresolved(`${id}.${attr}`);
      default:
        return unresolved(`${resource.Type} ${id}.${attr}`);
    }
  }
}

/** Marks the end of a list or object entry that `AWS::NoValue` removes. */
const NO_VALUE = Symbol('AWS::NoValue');

function pseudoParameter(name: string, stackName: string): unknown {
  switch (name) {
    case 'AWS::AccountId': return ENV.account;
    case 'AWS::Region': return ENV.region;
    case 'AWS::Partition': return ENV.partition;
    case 'AWS::URLSuffix': return ENV.urlSuffix;
    case 'AWS::StackName': return stackName;
    case 'AWS::StackId': return `arn:${ENV.partition}:cloudformation:${ENV.region}:${ENV.account}:stack/${stackName}/${uuid(stackName)}`;
    case 'AWS::NoValue': return NO_VALUE;
    case 'AWS::NotificationARNs': return [];
    default: return undefined;
  }
}

/** A value that depends on something only a deployment knows, marked so the validators skip it. */
export function unresolved(what: string): string {
  return `${UNRESOLVED}(${what})`;
}

/** A name as CloudFormation generates one: `<stack>-<logical id>-<13 random characters>`, cut to the service's limit. */
function generatedName(stackName: string, id: string, max: number, lower: boolean): string {
  const suffix = hex(`${stackName}/${id}`, 12);
  const text = `${stackName}-${id}`.slice(0, max - suffix.length - 1) + `-${suffix}`;
  return lower ? text.toLowerCase() : text;
}

function hex(seed: string, length: number): string {
  return crypto.createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A parameter's default as its `Ref` gives it where a value is whole (CloudFormation User Guide, "Parameters", Type):
 * a list for `CommaDelimitedList` and `List<…>` (split at the commas, each item trimmed), a number for `Number`.
 */
function typedDefault(value: unknown, type: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value);
  if (type === 'CommaDelimitedList' || String(type).startsWith('List<')) return text.split(',').map((item) => item.trim());
  if (type === 'Number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return value;
}
