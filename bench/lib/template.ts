/**
 * Reading a synthesized CloudFormation template: what it costs (resources and bytes, by resource
 * type), the CloudFormation intrinsics in it, and what its schedules and rules send to their targets.
 * Intrinsics are resolved against a fixed, fake environment (us-east-1, account 123456789012), so
 * that a definition or a target input can be executed locally (bench/lib/definition.ts reads the
 * state machine definitions, inline or in S3).
 */

export type Template = { Resources?: Record<string, CfnResource>; Mappings?: Record<string, any>; [section: string]: unknown };
export interface CfnResource { Type: string; Properties?: Record<string, any>; [key: string]: unknown }

/** The cost of one resource type in a template. */
export interface TypeCost {
  readonly count: number;
  /** Bytes of the resources of this type as CDK writes them (JSON, one-space indentation, nested two levels deep). */
  readonly bytes: number;
}

/** What a template costs against CloudFormation's per-stack limits. */
export interface TemplateCost {
  readonly resources: number;
  /** The template file's size in bytes, as written by CDK (what `cdk deploy` uploads). */
  readonly bytes: number;
  /** The size without indentation, as CDK writes it with the stack's `suppressTemplateIndentation`. */
  readonly minifiedBytes: number;
  readonly byType: Record<string, TypeCost>;
}

export function templateCost(template: Template, fileBytes: number): TemplateCost {
  const byType: Record<string, { count: number; bytes: number }> = {};
  const resources = Object.entries(template.Resources ?? {});
  for (const [logicalId, resource] of resources) {
    const entry = byType[resource.Type] ?? (byType[resource.Type] = { count: 0, bytes: 0 });
    entry.count += 1;
    // `"<id>": {…}` inside "Resources", as CDK indents it (JSON.stringify with one space, depth 2).
    entry.bytes += `  "${logicalId}": `.length + indent(JSON.stringify(resource, undefined, 1), '  ').length + 2;
  }
  return { resources: resources.length, bytes: fileBytes, minifiedBytes: JSON.stringify(template).length, byType };
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line, i) => (i === 0 ? line : prefix + line)).join('\n');
}

/** The fake deployment environment the intrinsics resolve against. */
export const FAKE_ENV = { partition: 'aws', region: 'us-east-1', account: '123456789012', urlSuffix: 'amazonaws.com', stackName: 'Bench' };

const PSEUDO: Record<string, string> = {
  'AWS::Partition': FAKE_ENV.partition,
  'AWS::Region': FAKE_ENV.region,
  'AWS::AccountId': FAKE_ENV.account,
  'AWS::URLSuffix': FAKE_ENV.urlSuffix,
  'AWS::StackName': FAKE_ENV.stackName,
  'AWS::StackId': `arn:aws:cloudformation:${FAKE_ENV.region}:${FAKE_ENV.account}:stack/${FAKE_ENV.stackName}/1`,
};

/**
 * Which physical names `Ref` and `Fn::GetAtt` resolve to, for resources without an explicit name:
 * - `logical`: the logical id (readable; what the local executions use);
 * - `longest`: a name as long as CloudFormation may generate for the type (`<stack>-<logical id>-<suffix>`,
 *   the stack name up to 128 characters, cut to the type's limit: 64 for a role, 63 for a bucket).
 *   Sizes of text that embeds names (a definition with its substitutions filled) are then upper bounds.
 */
export type PhysicalNames = 'logical' | 'longest';

/** The longest name CloudFormation may generate, per type (the service's own limit on the name). */
const NAME_LIMITS: Record<string, number> = {
  // IAM RoleName: 64 characters; S3 bucket names: 63 (IAM and S3 user guides).
  'AWS::IAM::Role': 64,
  'AWS::S3::Bucket': 63,
  // Step Functions, SQS, Lambda: 80, 80, 64 characters.
  'AWS::StepFunctions::StateMachine': 80,
  'AWS::SQS::Queue': 80,
  'AWS::Lambda::Function': 64,
};
/** Stack names have at most 128 characters; CloudFormation appends a 12 or 13 character suffix. */
const MAX_STACK_NAME = 128;
const SUFFIX = 'ABCDEFGHIJKLM';

/** The physical name of a resource without an explicit name, in the given style. */
export function physicalName(logicalId: string, type: string | undefined, names: PhysicalNames): string {
  const lower = type === 'AWS::S3::Bucket';
  if (names === 'logical') return lower ? logicalId.toLowerCase() : logicalId;
  const limit = NAME_LIMITS[type ?? ''] ?? 64;
  const stack = 'S'.repeat(MAX_STACK_NAME);
  const name = `${stack}-${logicalId}-`.slice(0, limit - SUFFIX.length) + SUFFIX;
  return lower ? name.toLowerCase() : name;
}

/** The value a `Ref` to a resource stands for here (a name or an ARN, by resource type). */
function refOf(logicalId: string, template: Template, names: PhysicalNames): string {
  const { partition, region, account } = FAKE_ENV;
  const type = template.Resources?.[logicalId]?.Type;
  const name = physicalName(logicalId, type, names);
  switch (type) {
    case 'AWS::StepFunctions::StateMachine': return `arn:${partition}:states:${region}:${account}:stateMachine:${name}`;
    case 'AWS::SNS::Topic': return `arn:${partition}:sns:${region}:${account}:${name}`;
    default: return name;
  }
}

function getAttOf(logicalId: string, attr: string, template: Template, names: PhysicalNames): string {
  const { partition, region, account } = FAKE_ENV;
  const resource = template.Resources?.[logicalId];
  const type = resource?.Type;
  const name = physicalName(logicalId, type, names);
  if (attr !== 'Arn') return `${logicalId}.${attr}`;
  switch (type) {
    // A role's ARN holds its path (`arn:aws:iam::123456789012:role/processing-jobs/x/Name`).
    case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role${typeof resource?.Properties?.Path === 'string' ? resource.Properties.Path : '/'}${name}`;
    case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${name}`;
    case 'AWS::StepFunctions::StateMachine': return `arn:${partition}:states:${region}:${account}:stateMachine:${name}`;
    case 'AWS::Events::Rule': return `arn:${partition}:events:${region}:${account}:rule/${name}`;
    case 'AWS::Scheduler::Schedule': return `arn:${partition}:scheduler:${region}:${account}:schedule/default/${name}`;
    case 'AWS::SQS::Queue': return `arn:${partition}:sqs:${region}:${account}:${name}`;
    case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${name}:*`;
    default: return `arn:${partition}:${name}`;
  }
}

/** Resolves CloudFormation intrinsics in a value (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::FindInMap, Fn::Select, Fn::Split). */
export function resolveIntrinsics(value: unknown, template: Template, names: PhysicalNames = 'logical'): any {
  const resolve = (v: unknown) => resolveIntrinsics(v, template, names);
  if (Array.isArray(value)) return value.map(resolve);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, any>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = obj[key];
    switch (key) {
      case 'Ref': return PSEUDO[arg] ?? refOf(arg, template, names);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAttOf(id, attr, template, names);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg;
        return (resolve(parts) as unknown[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = resolve(arg);
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [sep, text] = resolve(arg);
        return String(text).split(sep);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = resolve(arg);
        const found = template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new Error(`Fn::FindInMap: no ${map}.${top}.${second} in the template`);
        return found;
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolvedVars = resolve(vars) as Record<string, string>;
        return String(text).replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in resolvedVars) return resolvedVars[name];
          if (name in PSEUDO) return PSEUDO[name];
          const [id, attr] = name.split('.');
          return attr ? getAttOf(id, attr, template, names) : refOf(id, template, names);
        });
      }
    }
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = resolve(v);
  return out;
}

/** What one schedule or rule starts, and with which input. */
export interface ScheduleTarget {
  readonly logicalId: string;
  readonly type: 'AWS::Scheduler::Schedule' | 'AWS::Events::Rule';
  /** The target's ARN, resolved (a state machine ARN, or a Scheduler universal target). */
  readonly targetArn: string;
  /** The unresolved ARN as in the template, e.g. `{ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ...]] }`. */
  readonly rawTargetArn: unknown;
  /** The logical id of the state machine the target starts, when it is one of the template's. */
  readonly stateMachineLogicalId?: string;
  /** The target's constant input, resolved (a JSON string), when it has one. */
  readonly input?: string;
  /** An EventBridge input transformer, resolved. */
  readonly inputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  /** The schedule expression. */
  readonly scheduleExpression?: string;
}

/** Every schedule (EventBridge Scheduler) and rule target of a template, in template order. */
export function scheduleTargets(template: Template): ScheduleTarget[] {
  const out: ScheduleTarget[] = [];
  const machineOf = (raw: unknown) => {
    const ref = raw as { Ref?: string };
    return ref && typeof ref.Ref === 'string' && template.Resources?.[ref.Ref]?.Type === 'AWS::StepFunctions::StateMachine' ? ref.Ref : undefined;
  };
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Scheduler::Schedule') {
      const t = p.Target ?? {};
      out.push({
        logicalId, type: resource.Type, rawTargetArn: t.Arn, targetArn: resolveIntrinsics(t.Arn, template),
        stateMachineLogicalId: machineOf(t.Arn), input: t.Input === undefined ? undefined : resolveIntrinsics(t.Input, template),
        scheduleExpression: p.ScheduleExpression,
      });
    } else if (resource.Type === 'AWS::Events::Rule') {
      for (const t of p.Targets ?? []) {
        out.push({
          logicalId, type: resource.Type, rawTargetArn: t.Arn, targetArn: resolveIntrinsics(t.Arn, template),
          stateMachineLogicalId: machineOf(t.Arn), input: t.Input === undefined ? undefined : resolveIntrinsics(t.Input, template),
          inputTransformer: t.InputTransformer ? resolveIntrinsics(t.InputTransformer, template) : undefined,
          scheduleExpression: p.ScheduleExpression,
        });
      }
    }
  }
  return out;
}
