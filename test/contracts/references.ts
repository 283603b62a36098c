import { ExportTable, StackTemplate } from './intrinsics';
import { isPlainObject } from './unresolved';

/** Pseudo parameters CloudFormation defines in every stack. */
const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId', 'AWS::NoValue', 'AWS::NotificationARNs']);

/**
 * Reference integrity of one template: every `Ref`, `Fn::GetAtt`, `${Name}` of `Fn::Sub`,
 * `Condition` and `DependsOn` names something of its own stack (a resource, a parameter, a pseudo
 * parameter, a condition, or a variable of the `Fn::Sub`), and every `Fn::ImportValue` with a
 * literal name names an export of another stack of the app. A bare `Ref` to another stack's
 * logical id is what CloudFormation refuses ("Unresolved resource dependencies").
 */
export function referenceProblems(stack: StackTemplate, exports: ExportTable): string[] {
  const t = stack.template;
  const resources = new Set(Object.keys(t.Resources ?? {}));
  const parameters = new Set(Object.keys(t.Parameters ?? {}));
  const conditions = new Set(Object.keys(t.Conditions ?? {}));
  const problems: string[] = [];
  const refName = (name: string) => resources.has(name) || parameters.has(name) || PSEUDO.has(name);

  const walk = (value: unknown, where: string, subVariables: Set<string> = new Set()): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${where}[${i}]`, subVariables));
      return;
    }
    if (!isPlainObject(value)) return;
    for (const [key, arg] of Object.entries(value)) {
      const at = `${where}.${key}`;
      if (key === 'Ref' && typeof arg === 'string' && !refName(arg)) {
        problems.push(`${stack.stackName} ${where}: Ref '${arg}' names no resource or parameter of the stack`);
      } else if (key === 'Fn::GetAtt') {
        const id = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
        if (typeof id === 'string' && !resources.has(id)) problems.push(`${stack.stackName} ${where}: Fn::GetAtt '${id}' names no resource of the stack`);
      } else if (key === 'Fn::Sub') {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [unknown, { [k: string]: unknown }]);
        const names = new Set(Object.keys(vars ?? {}));
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) {
            const name = m[1];
            const head = name.split('.')[0];
            const ok = names.has(name) || (name.includes('.') ? resources.has(head) : refName(name));
            if (!ok) problems.push(`${stack.stackName} ${where}: Fn::Sub \${${name}} names nothing of the stack`);
          }
        }
        walk(vars, `${at}[1]`);
        continue;
      } else if (key === 'Fn::ImportValue' && typeof arg === 'string' && !exports.has(arg)) {
        problems.push(`${stack.stackName} ${where}: Fn::ImportValue '${arg}' names no export of the app`);
      } else if (key === 'Fn::ImportValue' && typeof arg === 'string' && exports.get(arg)!.stack.stackName === stack.stackName) {
        problems.push(`${stack.stackName} ${where}: Fn::ImportValue '${arg}' imports an export of its own stack`);
      } else if ((key === 'Condition' || key === 'Fn::If') && !conditionKnown(key === 'Fn::If' ? (arg as unknown[])[0] : arg, conditions)) {
        problems.push(`${stack.stackName} ${where}: condition '${JSON.stringify(key === 'Fn::If' ? (arg as unknown[])[0] : arg)}' is not defined`);
      }
      walk(arg, at, subVariables);
    }
  };

  for (const [id, resource] of Object.entries<any>(t.Resources ?? {})) {
    for (const dep of [resource.DependsOn ?? []].flat()) {
      if (!resources.has(dep)) problems.push(`${stack.stackName} ${id}: DependsOn '${dep}' names no resource of the stack`);
    }
    if (resource.Condition !== undefined && !conditions.has(resource.Condition)) {
      problems.push(`${stack.stackName} ${id}: Condition '${resource.Condition}' is not defined`);
    }
    walk(resource.Properties, `${id}.Properties`);
    walk(resource.Metadata, `${id}.Metadata`);
  }
  walk(t.Outputs, 'Outputs');
  walk(t.Conditions, 'Conditions');
  return problems;
}

function conditionKnown(name: unknown, conditions: Set<string>): boolean {
  return typeof name !== 'string' || conditions.has(name);
}
