/**
 * Reading a synthesized CloudFormation template: what it costs (resources and bytes, by resource
 * type), the state machine definitions in it, and what its schedules and rules send to their targets.
 * Intrinsics are resolved against a fixed, fake environment (us-east-1, account 123456789012), so
 * that a definition or a target input can be executed locally.
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

/**
 * The size of each state of a definition as it sits in the template's DefinitionString (a JSON
 * string inside JSON: quotes escaped), keyed by state name with every job name (`bench-job-007`)
 * replaced by `<job>`, so that per-job states of different N add up under one key.
 */
export function definitionStateSizes(definition: any): Record<string, { type: string; count: number; bytes: number }> {
  const out: Record<string, { type: string; count: number; bytes: number }> = {};
  const visit = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      const key = name.replace(/bench-job-\d{3}/g, '<job>');
      const entry = out[key] ?? (out[key] = { type: state.Type, count: 0, bytes: 0 });
      entry.count += 1;
      entry.bytes += JSON.stringify(JSON.stringify({ [name]: state })).length - 4;
      for (const branch of state.Branches ?? []) visit(branch.States);
      if (state.ItemProcessor) visit(state.ItemProcessor.States);
    }
  };
  visit(definition.States);
  return out;
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

/** The value a `Ref` to a resource stands for here (a name or an ARN, by resource type). */
function refOf(logicalId: string, type: string | undefined): string {
  const { partition, region, account } = FAKE_ENV;
  switch (type) {
    case 'AWS::StepFunctions::StateMachine': return `arn:${partition}:states:${region}:${account}:stateMachine:${logicalId}`;
    case 'AWS::SNS::Topic': return `arn:${partition}:sns:${region}:${account}:${logicalId}`;
    case 'AWS::S3::Bucket': return logicalId.toLowerCase();
    default: return logicalId;
  }
}

function getAttOf(logicalId: string, attr: string, type: string | undefined): string {
  const { partition, region, account } = FAKE_ENV;
  if (attr !== 'Arn') return `${logicalId}.${attr}`;
  switch (type) {
    case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role/${logicalId}`;
    case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${logicalId.toLowerCase()}`;
    case 'AWS::StepFunctions::StateMachine': return `arn:${partition}:states:${region}:${account}:stateMachine:${logicalId}`;
    case 'AWS::Events::Rule': return `arn:${partition}:events:${region}:${account}:rule/${logicalId}`;
    case 'AWS::Scheduler::Schedule': return `arn:${partition}:scheduler:${region}:${account}:schedule/default/${logicalId}`;
    case 'AWS::SQS::Queue': return `arn:${partition}:sqs:${region}:${account}:${logicalId}`;
    case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${logicalId}:*`;
    default: return `arn:${partition}:${logicalId}`;
  }
}

/** Resolves CloudFormation intrinsics in a value (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::FindInMap, Fn::Select, Fn::Split). */
export function resolveIntrinsics(value: unknown, template: Template): any {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, any>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = obj[key];
    switch (key) {
      case 'Ref': return PSEUDO[arg] ?? refOf(arg, template.Resources?.[arg]?.Type);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAttOf(id, attr, template.Resources?.[id]?.Type);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg;
        return (resolveIntrinsics(parts, template) as unknown[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = resolveIntrinsics(arg, template);
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [sep, text] = resolveIntrinsics(arg, template);
        return String(text).split(sep);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = resolveIntrinsics(arg, template);
        const found = template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new Error(`Fn::FindInMap: no ${map}.${top}.${second} in the template`);
        return found;
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolvedVars = resolveIntrinsics(vars, template) as Record<string, string>;
        return String(text).replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in resolvedVars) return resolvedVars[name];
          if (name in PSEUDO) return PSEUDO[name];
          const [id, attr] = name.split('.');
          const type = template.Resources?.[id]?.Type;
          return attr ? getAttOf(id, attr, type) : refOf(id, type);
        });
      }
    }
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = resolveIntrinsics(v, template);
  return out;
}

/** The state machine definitions of a template (ASL objects), by logical id. */
export function stateMachineDefinitions(template: Template): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const definition = resource.Properties?.DefinitionString ?? resource.Properties?.Definition;
    out[id] = typeof definition === 'object' && !('Fn::Join' in definition) && !('Fn::Sub' in definition)
      ? resolveIntrinsics(definition, template)
      : JSON.parse(resolveIntrinsics(definition, template));
  }
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
