import * as cdk from 'aws-cdk-lib';
import { CfnResource, Stack, Stage, aws_iam as iam } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { subForJoins } from '../cfn/compact-intrinsics';

/**
 * cdk-nag acknowledgements the library records on its own constructs, without depending on
 * cdk-nag: aws-cdk-lib's `Validations.of(scope).acknowledge({ id, reason })` writes them as
 * construct metadata (`aws:cdk:acknowledged-rules`), which cdk-nag 3 reads on a resource and its
 * ancestors (cdk-nag `src/nag-pack.ts`, `isAcknowledged`).
 *
 * cdk-nag's wildcard rule (`AwsSolutions-IAM5`) reports one finding per wildcard action and per
 * wildcard resource of a policy, with ids such as `AwsSolutions-IAM5[Resource::<Raw.Arn>/in/*]`
 * (`src/rules/iam/IAMNoWildcardPermissions.ts`, resources flattened by
 * `src/utils/flatten-cfn-reference.ts`). A cross-stack resource is flattened to the export name,
 * which exists only once aws-cdk-lib has resolved the app's references: so the ids are computed in
 * a construct validation, which synthesis runs after that and before the validation plugins.
 *
 * The library records the statements it writes whose wildcards are inherent (with the reason). A
 * finding is acknowledged on a policy only when every statement of that policy yielding it is the
 * library's own (same action, resource and condition), so a user's own grant with the same
 * wildcard keeps it visible.
 */

/** The cdk-nag rule of wildcard permissions. */
const IAM5 = 'AwsSolutions-IAM5';

/** aws-cdk-lib's `Validations` (2.23x and later); older versions have none. */
interface Acknowledger {
  acknowledge(...rules: Array<{ id: string; reason: string }>): void;
}
const validations = (cdk as unknown as { Validations?: { of(scope: IConstruct): Acknowledger } }).Validations;

/**
 * Whether this aws-cdk-lib records acknowledgements (`Validations.of(scope).acknowledge`). Older
 * versions (the peer range starts at 2.224) have no `Validations`, and no cdk-nag 3 runs on them:
 * the library then records nothing.
 */
export const ACKNOWLEDGEMENTS_SUPPORTED = typeof validations?.of === 'function';

/** The rules already acknowledged on each construct (an app synthesized twice validates twice). */
const acknowledged = new WeakMap<IConstruct, Set<string>>();

/** Acknowledges one rule on `scope` (and what is under it), when aws-cdk-lib can record it. */
export function acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
  if (!ACKNOWLEDGEMENTS_SUPPORTED) return;
  const done = acknowledged.get(scope) ?? new Set<string>();
  acknowledged.set(scope, done);
  if (done.has(id)) return;
  done.add(id);
  try {
    validations!.of(scope).acknowledge({ id, reason });
  } catch {
    // aws-cdk-lib refuses ids with unbalanced brackets (a resource no id can name): the finding stays visible.
  }
}

/** What the library owns on the policies under a construct. */
interface Owned {
  readonly statements: Array<{ statement: iam.PolicyStatement; reason: string }>;
  /** Resources acknowledged whatever the actions on them (a user's own prefix grants). */
  readonly resources: Array<{ resource: string; reason: string }>;
}

/**
 * The context key that makes the library acknowledge its findings in every synthesis, for a
 * pack run outside synthesis (`new AwsSolutionsChecks().validateScope(app)` after `app.synth()`).
 */
export const ACKNOWLEDGE_NAG_FINDINGS_CONTEXT = 'cdk-sagemaker-processing:acknowledgeNagFindings';

/** The name of aws-cdk-lib's own template validation plugin (`CloudFormationValidatePlugin.PLUGIN_NAME`), which reads no acknowledgement of cdk-nag's. */
const CLOUDFORMATION_VALIDATE = 'CloudFormation Validate';

/**
 * Whether anything will read the acknowledgements of `stage`'s stacks: a validation plugin
 * registered on the stage or a stage above it (`Validations.of(app).addPlugins(...)`, as cdk-nag 3
 * runs; an app's plugins validate its nested stages' stacks too), or the context key. Computing
 * the ids resolves every policy of the library's roles (about 1 ms a job), so an app without a
 * plugin skips it. An aws-cdk-lib whose plugins cannot be read gets the acknowledgements.
 */
function acknowledgementsRead(stage: IConstruct): boolean {
  const forced = stage.node.tryGetContext(ACKNOWLEDGE_NAG_FINDINGS_CONTEXT);
  if (forced === true || forced === 'true') return true;
  for (let scope: IConstruct | undefined = stage; scope !== undefined; scope = scope.node.scope) {
    if (!Stage.isStage(scope)) continue;
    // aws-cdk-lib keeps a stage's plugins in `_validationPlugins` (2.23x; read by its own synthesis-validation.js), with no public reader.
    const plugins = (scope as unknown as { _validationPlugins?: unknown })._validationPlugins;
    if (!Array.isArray(plugins)) return true;
    if (plugins.some((plugin: { name?: unknown }) => plugin.name !== CLOUDFORMATION_VALIDATE)) return true;
  }
  return false;
}

/** Per stage (each synthesizes and validates its own tree): the constructs whose policies hold owned statements. */
const stages = new WeakMap<IConstruct, Map<IConstruct, Owned>>();

function ownedOn(on: IConstruct): Owned | undefined {
  if (!ACKNOWLEDGEMENTS_SUPPORTED) return undefined;
  const stage = Stage.of(on) ?? on.node.root;
  let owned = stages.get(stage);
  if (!owned) {
    const map = new Map<IConstruct, Owned>();
    stages.set(stage, map);
    owned = map;
    stage.node.addValidation({
      validate: () => {
        if (acknowledgementsRead(stage)) acknowledgeOwnedWildcards(map);
        return [];
      },
    });
  }
  let entry = owned.get(on);
  if (!entry) {
    entry = { statements: [], resources: [] };
    owned.set(on, entry);
  }
  return entry;
}

/**
 * Records statements of the library whose wildcards are inherent, on the policies under `on` (a
 * role, or the stack when the policy that will hold them is not known, as a task's). For
 * statements aws-cdk-lib writes for the library, and statements the caller adds itself.
 */
export function recordInherentStatements(on: IConstruct, statements: iam.PolicyStatement[], reason: string): void {
  const owned = ownedOn(on);
  owned?.statements.push(...statements.map((statement) => ({ statement, reason })));
}

/**
 * Records the statements on `*` that aws-cdk-lib has written so far into a policy document of the
 * library (a runner's role, the Provider's waiter role), which the library cannot write itself.
 */
export function recordAnyResourceStatementsOf(on: IConstruct, document: iam.PolicyDocument, reason: string): void {
  const statements = (list(document.toJSON()?.Statement) as StatementJson[]).filter((s) => list(s.Resource).includes('*')).map((s) => iam.PolicyStatement.fromJson(s));
  recordInherentStatements(on, statements, reason);
}

/** Adds an inherent-wildcard statement to the grantee's policy and records it. */
export function addInherentStatement(grantee: iam.IGrantable, statement: iam.PolicyStatement, reason: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(statement);
  recordInherentStatements(principalScope(grantee), [statement], reason);
}

/** Records resources (ARN patterns, tokens allowed) whose wildcard findings are acknowledged on the policies under `on`. */
export function recordAcknowledgedResources(on: IConstruct, resources: string[], reason: string): void {
  const owned = ownedOn(on);
  owned?.resources.push(...resources.map((resource) => ({ resource, reason })));
}

/** The construct whose policies hold a grantee's statements: the principal (a role) when it is a construct, else the grantee's stack. */
function principalScope(grantee: iam.IGrantable): IConstruct {
  const principal = grantee.grantPrincipal as unknown as Partial<IConstruct>;
  if (principal.node !== undefined) return principal as IConstruct;
  return Stack.of(grantee as unknown as IConstruct);
}

/**
 * A CloudFormation value as cdk-nag writes it into a finding id: strings with `${X}` as `<X>`,
 * `Fn::Join` joined, `Ref` as `<Id>`, `Fn::GetAtt` as `<Id.Attr>`, `Fn::ImportValue` as the export
 * name, `Fn::Sub` as its string, anything else as JSON (cdk-nag `flattenCfnReference`).
 */
export function flattenForNag(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as { [key: string]: unknown };
  if (v['Fn::Join']) {
    const [delimiter, items] = v['Fn::Join'] as [string, unknown[]];
    return items.map(flattenForNag).join(delimiter);
  }
  if (v['Fn::Sub']) return flattenForNag(v['Fn::Sub']);
  if (v['Fn::GetAtt']) {
    const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenForNag(resource)}.${flattenForNag(attribute)}>`;
  }
  if (v['Fn::ImportValue']) return flattenForNag(v['Fn::ImportValue']);
  if (v.Ref) return `<${flattenForNag(v.Ref)}>`;
  return JSON.stringify(value);
}

const IAM_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::User', 'AWS::IAM::Group']);
const list = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** A policy statement as a resolved template holds it. */
interface StatementJson {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}
interface PolicyDocumentJson {
  readonly Statement?: unknown;
}

/**
 * A resolved value as a comparable string: keys sorted, and every `Fn::Join` written as the
 * `Fn::Sub` the library's compacted policies hold (`compactIntrinsics`), so a statement compares
 * equal however its policy writes it.
 */
function canonical(value: unknown): string {
  // Most actions and resources are plain strings, which need neither.
  return typeof value === 'string' ? JSON.stringify(value) : sorted(subForJoins(value));
}

function sorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as { [key: string]: unknown };
    return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${sorted(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The owned (action, resource, condition) triples and resources of one policy resource, resolved in its stack. */
interface OwnedIndex {
  readonly grants: Map<string, string>;
  readonly resources: Map<string, string>;
}

/** The key of one (action, resource, condition) of an Allow statement, from their canonical forms. */
const grantKey = (action: string, resource: string, condition: string) => `${action}|${resource}|${condition}`;

function acknowledgeOwnedWildcards(owned: Map<IConstruct, Owned>): void {
  // Each construct with owned statements, and the IAM resources under it.
  const resolvedIn = new Map<Stack, Map<Owned, OwnedIndex>>();
  const indexOf = (stack: Stack, entry: Owned): OwnedIndex => {
    let perStack = resolvedIn.get(stack);
    if (!perStack) resolvedIn.set(stack, perStack = new Map());
    let index = perStack.get(entry);
    if (!index) {
      index = { grants: new Map(), resources: new Map() };
      for (const { statement, reason } of entry.statements) {
        const json = stack.resolve(statement.toStatementJson()) as StatementJson;
        if (json.Effect !== 'Allow') continue;
        const condition = canonical(json.Condition ?? {});
        const resources = list(json.Resource).map(canonical);
        for (const action of list(json.Action).map(canonical)) for (const resource of resources) index.grants.set(grantKey(action, resource, condition), reason);
      }
      for (const { resource, reason } of entry.resources) index.resources.set(canonical(stack.resolve(resource)), reason);
      perStack.set(entry, index);
    }
    return index;
  };
  const policies = new Map<CfnResource, OwnedIndex[]>();
  for (const [on, entry] of owned) {
    const resources = on.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && IAM_TYPES.has(c.cfnResourceType));
    for (const resource of resources) {
      const indexes = policies.get(resource) ?? [];
      indexes.push(indexOf(Stack.of(resource), entry));
      policies.set(resource, indexes);
    }
  }
  for (const [resource, indexes] of policies) {
    for (const [id, reason] of ownedFindings(resource, indexes)) acknowledgeRule(resource, id, reason);
  }
}

/** The policy documents of an IAM resource, resolved as cdk-nag resolves them (once: what resolve returns has no tokens left). */
function policyDocuments(resource: CfnResource): PolicyDocumentJson[] {
  const stack = Stack.of(resource);
  if (resource instanceof iam.CfnRole || resource instanceof iam.CfnUser || resource instanceof iam.CfnGroup) {
    return list(stack.resolve(resource.policies)).map((p) => (p as { policyDocument?: PolicyDocumentJson } | undefined)?.policyDocument ?? {});
  }
  if (resource instanceof iam.CfnPolicy || resource instanceof iam.CfnManagedPolicy) return [stack.resolve(resource.policyDocument)];
  return [];
}

/** The IAM5 finding ids of a policy resource that only owned grants yield, with their reasons. */
function ownedFindings(resource: CfnResource, indexes: OwnedIndex[]): Map<string, string> {
  // Arguments in canonical form.
  const grantReason = (action: string, r: string, condition: string) => {
    const key = grantKey(action, r, condition);
    for (const index of indexes) {
      const reason = index.grants.get(key);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
  const resourceReason = (r: string) => {
    for (const index of indexes) {
      const reason = index.resources.get(r);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
  const findings = new Map<string, { owned: boolean; reasons: Set<string> }>();
  const yieldFinding = (id: string, reasons: Array<string | undefined>) => {
    const finding = findings.get(id) ?? { owned: true, reasons: new Set<string>() };
    finding.owned &&= reasons.every((r) => r !== undefined);
    reasons.forEach((r) => r !== undefined && finding.reasons.add(r));
    findings.set(id, finding);
  };
  for (const document of policyDocuments(resource)) {
    for (const statement of list(document?.Statement) as StatementJson[]) {
      if (statement.Effect !== 'Allow') continue;
      const actions = list(statement.Action);
      const resources = list(statement.Resource);
      const condition = canonical(statement.Condition ?? {});
      const canonicalActions = actions.map(canonical);
      const canonicalResources = resources.map(canonical);
      actions.forEach((action, a) => {
        if (typeof action !== 'string' || !action.includes('*')) return;
        yieldFinding(`${IAM5}[Action::${action}]`, canonicalResources.map((r) => grantReason(canonicalActions[a], r, condition)));
      });
      resources.forEach((resource, r) => {
        const flat = flattenForNag(resource);
        if (!flat.includes('*')) return;
        const whole = resourceReason(canonicalResources[r]);
        yieldFinding(`${IAM5}[Resource::${flat}]`, whole !== undefined ? [whole] : canonicalActions.map((a) => grantReason(a, canonicalResources[r], condition)));
      });
    }
  }
  const result = new Map<string, string>();
  for (const [id, { owned, reasons }] of findings) if (owned) result.set(id, [...reasons].join(' '));
  return result;
}
