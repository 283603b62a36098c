import { AspectPriority, Aspects, IResolvable, Stack, Token, Tokenization, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { compactIntrinsics } from '../cfn/compact-intrinsics';
import { fitDescription, IAM_ROLE_DESCRIPTION } from '../cfn/descriptions';

/** Props of a role whose statements are inline. */
export interface InlinePolicyRoleProps extends iam.RoleProps {
  /** Statements to start with. @default - none */
  readonly statements?: iam.PolicyStatement[];
  /**
   * The managed policy of the app that holds `statement` for every role that needs it, if there is
   * one: the role attaches it instead of repeating the statement. @default - none
   */
  readonly sharedPolicyOf?: (statement: iam.PolicyStatement) => iam.ManagedPolicy | undefined;
  /**
   * Whether statements past what one inline policy holds go to aws-cdk-lib's own overflow instead: for a role that
   * others grant to (a job's role: `bucket.grantRead(job)`), whose size the library cannot plan. Roles the library
   * sizes itself (`RoleShards`) leave it off. @default false
   */
  readonly overflow?: boolean;
}

/**
 * When an `overflow` role's statements are estimated past this, they all move to the role's default policy, which
 * aws-cdk-lib splits into managed policies (`OverflowPolicy1`, …): aws-cdk-lib's own bound for that policy
 * (aws-iam/lib/role.ts, MAX_INLINE_SIZE 10,000 of IAM's 10,240 characters), and its estimate (below).
 */
const OVERFLOW_AT = 10_000;
/** aws-cdk-lib's estimate of a reference's length in a policy, and the context key that changes it (aws-iam/lib/policy-statement.ts). */
const ARN_SIZE_ESTIMATE = 150;
const ARN_SIZE_ESTIMATE_CONTEXT_KEY = '@aws-cdk/aws-iam.arnSizeEstimate';

/** IAM's default quota of managed policies per role is 10; the role keeps the rest of what it could share inline. */
const MAX_SHARED_POLICIES = 8;

/**
 * A role whose statements all live in one inline policy of the role itself, so it costs one
 * CloudFormation resource instead of two (`AWS::IAM::Role` + the `AWS::IAM::Policy` aws-cdk-lib
 * adds on the first grant). Grants (`bucket.grantRead(role)`, `stateMachine.grantStartExecution`)
 * land in that policy, merged where they can be (same actions, same conditions); the size limit is
 * IAM's for a role's inline policies (10,240 characters), the same as with a separate policy.
 * ARNs built from references are written as `Fn::Sub` (`compactIntrinsics`).
 *
 * A statement that one of the role's managed policies (created in the app, `iam.ManagedPolicy`)
 * already allows is not repeated, and one that `sharedPolicyOf` has a shared policy for attaches
 * that policy instead: the role's permissions are the same, and roles that need the same thing (a
 * stack's standalone runners and jobs) do not each carry a copy.
 */
export class InlinePolicyRole extends iam.Role {
  private readonly document: iam.PolicyDocument;
  private readonly attached: iam.ManagedPolicy[];
  private readonly sharedPolicyOf?: (statement: iam.PolicyStatement) => iam.ManagedPolicy | undefined;
  private readonly overflow: boolean;
  /** The role's `Policies` once it has a statement: the one inline policy, `Grants`. */
  private readonly policies: IResolvable;
  /** The statements of the inline policy, as added. */
  private readonly inlineStatements: iam.PolicyStatement[] = [];
  /** Whether the statements went to the default policy (the inline policy is then left out). */
  private overflowed = false;

  constructor(scope: Construct, id: string, props: InlinePolicyRoleProps) {
    if (props.inlinePolicies) throw new Error(`${scope.node.path}/${id}: an InlinePolicyRole keeps its own inline policy`);
    super(scope, id, { ...props, description: props.description === undefined ? undefined : fitDescription(props.description, IAM_ROLE_DESCRIPTION) });
    this.attached = (props.managedPolicies ?? []).filter((p): p is iam.ManagedPolicy => p instanceof iam.ManagedPolicy);
    this.sharedPolicyOf = props.sharedPolicyOf;
    this.overflow = props.overflow ?? false;
    this.document = new iam.PolicyDocument({ minimize: true });
    // ARNs with references as Fn::Sub. Set on the role with its first statement: no policy at all while there is none
    // (IAM refuses an empty policy document), and none that resolves to nothing (cdk-nag's rules read the property and
    // fail on a value that resolves to undefined, reporting the role).
    this.policies = compactIntrinsics([{ policyName: 'Grants', policyDocument: this.document }]);
    for (const statement of props.statements ?? []) this.addToPrincipalPolicy(statement);
    // Before aws-cdk-lib's own aspect (MUTATING or DEFAULT priority) splits the default policy it may hand over to.
    if (this.overflow) {
      Aspects.of(this).add({
        visit: (node) => {
          if (node === this) this.overflowIfLarge();
        },
      }, { priority: AspectPriority.MUTATING - 100 });
    }
  }

  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    super.addManagedPolicy(policy);
    if (policy instanceof iam.ManagedPolicy) this.attached.push(policy);
  }

  /** The role's inline policy: every statement added so far. */
  public get inlineDocument(): iam.PolicyDocument {
    return this.document;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (this.attached.some((policy) => allows(this, policy.document, statement))) return { statementAdded: true, policyDependable: this };
    const shared = this.attached.length < MAX_SHARED_POLICIES ? this.sharedPolicyOf?.(statement) : undefined;
    if (shared && allows(this, shared.document, statement)) {
      this.addManagedPolicy(shared);
      return { statementAdded: true, policyDependable: this };
    }
    if (this.overflowed) return super.addToPrincipalPolicy(statement);
    if (this.document.isEmpty) (this.node.defaultChild as iam.CfnRole).policies = this.policies;
    this.document.addStatements(statement);
    this.inlineStatements.push(statement);
    return { statementAdded: true, policyDependable: this };
  }

  /**
   * An overflow role whose inline policy is estimated past `OVERFLOW_AT` (once its statements are merged) hands every
   * statement to aws-cdk-lib's default policy, which aws-cdk-lib's own aspect then splits into managed policies.
   */
  private overflowIfLarge(): void {
    if (this.overflowed || this.document.isEmpty) return;
    const placeholder = 'x'.repeat(arnEstimate(this));
    // A bound first (statements as added, each reference a whole ARN): most roles are far below it, and are not resolved.
    if (estimatedLength(this.document.toJSON(), placeholder) <= OVERFLOW_AT) return;
    // Then merged as they will be written, in a copy (resolving a document freezes its statements).
    const merged = new iam.PolicyDocument({ minimize: true, statements: this.inlineStatements.map((statement) => statement.copy()) });
    if (estimatedLength(Stack.of(this).resolve(merged), placeholder) <= OVERFLOW_AT) return;
    this.overflowed = true;
    (this.node.defaultChild as iam.CfnRole).policies = undefined;
    for (const statement of this.inlineStatements.splice(0)) super.addToPrincipalPolicy(statement);
  }
}

/** aws-cdk-lib's estimate of an ARN with references, or the app's (`@aws-cdk/aws-iam.arnSizeEstimate`). */
function arnEstimate(scope: Construct): number {
  const estimate = scope.node.tryGetContext(ARN_SIZE_ESTIMATE_CONTEXT_KEY);
  return typeof estimate === 'number' ? estimate : ARN_SIZE_ESTIMATE;
}

/**
 * A policy document's length as aws-cdk-lib estimates it to split a policy: its JSON with each value that holds a
 * reference (a string with tokens, an intrinsic function) counted as one ARN of `placeholder`'s length.
 */
function estimatedLength(document: unknown, placeholder: string): number {
  return JSON.stringify(document, (_key, value) => {
    if (Tokenization.isResolvable(value) || (typeof value === 'string' && Token.isUnresolved(value))) return placeholder;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'))) return placeholder;
    return value;
  }).length;
}

/**
 * Whether `document` has an Allow statement that allows everything `statement` does: the same
 * conditions (none, or identical), all of its actions and all of its resources (the same values
 * once resolved, e.g. two lookups of one image's account; no `NotAction`/`NotResource`/principals
 * on either side).
 */
function allows(scope: Construct, document: iam.PolicyDocument, statement: iam.PolicyStatement): boolean {
  if (statement.effect !== iam.Effect.ALLOW || statement.hasPrincipal || statement.notActions.length > 0 || statement.notResources.length > 0) return false;
  const json = statement.toStatementJson() as StatementJson;
  // A role's grants ask this of each attached policy: only the statements that may list every action are compared.
  const actions = actionTexts(json.Action);
  const covering = renderedStatements(document)
    .filter((s) => s.actions === undefined || actions === undefined || actions.every((a) => s.actions!.includes(a))).map((s) => s.json);
  if (covering.length === 0) return false;
  // One token is one value: a statement that covers this one as written (the same ARN built twice) needs no resolving.
  // Token objects are left to resolving: JSON writes two of them alike.
  if (!holdsTokenObject([json, ...covering]) && covering.some((s) => covers(s, json))) return true;
  const [mine, ...theirs] = Stack.of(scope).resolve([json, ...covering]) as StatementJson[];
  return theirs.some((s) => covers(s, mine));
}

/** Whether the Allow statement `s` allows everything `mine` does, their values compared as JSON. */
function covers(s: StatementJson, mine: StatementJson): boolean {
  const list = (v: unknown) => [v].flat().map((x) => JSON.stringify(x));
  const conditions = JSON.stringify(mine.Condition ?? {});
  return s.Effect === 'Allow' && s.Principal === undefined && s.NotAction === undefined && s.NotResource === undefined
    && JSON.stringify(s.Condition ?? {}) === conditions
    && list(mine.Action).every((a) => list(s.Action).includes(a))
    && list(mine.Resource).every((r) => list(s.Resource).includes(r));
}

/** Whether a value holds a token object (a token written in a string or a number is text of its own). */
function holdsTokenObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (Tokenization.isResolvable(value) || Object.values(value as object).some(holdsTokenObject));
}

/** An Allow statement of an attached policy as JSON, and its actions when they are all text without tokens. */
interface RenderedStatement {
  readonly json: StatementJson;
  readonly actions?: string[];
}

/**
 * The statements of attached policy documents, rendered once for as long as the document holds as
 * many statements (the stack's shared policies are asked about by every job's grants). A document
 * only grows; a statement changed in place after it was rendered can only allow more, and then a
 * grant it would cover is written inline too, which allows the same.
 */
const RENDERED = new WeakMap<iam.PolicyDocument, { readonly count: number; readonly statements: RenderedStatement[] }>();

function renderedStatements(document: iam.PolicyDocument): RenderedStatement[] {
  const kept = RENDERED.get(document);
  if (kept?.count === document.statementCount) return kept.statements;
  const statements = ((document.toJSON()?.Statement ?? []) as StatementJson[]).map((json) => ({ json, actions: actionTexts(json.Action) }));
  RENDERED.set(document, { count: document.statementCount, statements });
  return statements;
}

/** A statement's actions when they are all text without tokens (as actions almost always are); else only resolving can compare them. */
function actionTexts(actions: unknown): string[] | undefined {
  const items = [actions].flat();
  return items.every((x) => typeof x === 'string' && !Token.isUnresolved(x)) ? items as string[] : undefined;
}

/** A statement as `PolicyStatement.toStatementJson()` writes it. */
interface StatementJson {
  readonly [key: string]: unknown;
}
