import { createHash } from 'crypto';
import { CfnMapping, RemovalPolicy, Stack, aws_iam as iam, aws_logs as logs, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { resolveProcessingDefaults } from '../definition/scope-defaults';
import { jobRoleBaseStatements } from '../iam/job-role-base';
import { recordInherentStatements } from '../iam/nag-acknowledgements';
import { ECR_PULL_ACTIONS, registryLoginStatement } from '../iam/registry-login';
import { RoleSeat, RoleShards } from '../iam/role-shards';
import { syncRuleStatement } from '../task/task-rendering';
import { InlinePolicyRole } from './inline-policy-role';
import type { AslDefinition, DefinitionTextStore } from './mapped-definition';
import { RunnerStates, RunnerStatesOptions, runnerStatesKey } from './runner-states';
import { runnerRolePrincipal } from './runner-role-principal';
import { createStartRole, startRuleNamePrefixOf } from './start-role';

/** The id of the one `StandaloneRunners` of a stack, at the stack's root. */
export const STANDALONE_RUNNERS_ID = 'ProcessingJobsShared';

/** The retention of a runner's log group when no `ProcessingDefaults` sets `logRetention`. */
export const DEFAULT_RUNNER_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * What the runners of the standalone jobs of one stack (each job with a runner of its own) share,
 * so that a job costs its state machine, its job role and its schedules, nothing else:
 *
 * - start roles for all their schedules and rules, each allowed to `states:StartExecution` exactly
 *   the state machines it serves (one statement listing them) and trusted for the rules named
 *   with its own prefix; and runner roles for their state machines, each allowed what its runners'
 *   jobs need (create, describe, stop, tag the jobs of their prefixes; pass their job roles). As
 *   many of each as IAM's 10,240 characters of a role's inline policy need (`RoleShards`), one set
 *   per permissions boundary in effect at the jobs (`ProcessingDefaults`), so every role still gets
 *   its job's boundary;
 * - one log group for their executions (Step Functions writes each execution's events with its
 *   execution ARN), one per retention in effect. One group per stack, not one per job, also keeps
 *   the account's CloudWatch Logs resource policy, to which Step Functions adds every log group it
 *   delivers to, under its 5,120 characters (Step Functions Developer Guide, "Avoiding Amazon
 *   CloudWatch Logs resource policy size restrictions").
 *
 * - two managed policies with what every one of those runner roles and job roles needs whatever
 *   the job (log delivery and X-Ray, the `.sync` rule; the jobs' logs and metrics), which their
 *   inline policies then leave out (`InlinePolicyRole`): the same permissions, written once; and
 *   one policy for each ECR statement many job roles need alike (the ECR login, the pull of one
 *   repository), attached to exactly the job roles that need it.
 *
 * Created on first use (a stack without standalone jobs gets none of it).
 */
export class StandaloneRunners extends Construct implements DefinitionTextStore {
  /** The stack's one instance, created on first use. */
  public static of(scope: IConstruct): StandaloneRunners {
    const stack = Stack.of(scope);
    const found = stack.node.tryFindChild(STANDALONE_RUNNERS_ID);
    if (found === undefined) return new StandaloneRunners(stack, STANDALONE_RUNNERS_ID);
    if (!(found instanceof StandaloneRunners)) {
      throw new Error(`${found.node.path}: the id '${STANDALONE_RUNNERS_ID}' at the root of stack ${stack.node.path} is reserved for what the stack's ` +
        'processing jobs share (their start role and log group); give this construct another id');
    }
    return found;
  }

  /** The `Fn::FindInMap` of each text kept by `textRef`, by its key. */
  private readonly definitionTexts = new Map<string, string>();
  /** The fixed states rendered by `runnerGraph`, by their options' key. */
  private readonly runnerGraphs = new Map<string, AslDefinition>();
  /** Pull and login statements the stack's jobs asked about, as written → as resolved. */
  private readonly resolvedStatements = new Map<string, string>();
  /** The runner roles, by boundary and tracing (`runnerRoleSeat`). */
  private readonly runnerRoles = new Map<string, RoleShards>();
  /** The start roles, by boundary (`startRoleSeat`). */
  private readonly startRoles = new Map<string, RoleShards>();
  /** The rule-name prefix each start role trusts. */
  private readonly ruleNamePrefixes = new Map<iam.IRole, string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /**
   * A text of the standalone runners' definitions, kept once in the template's Mappings: a
   * `Fn::FindInMap` of it (see `mappedDefinitionString`). Keyed by its hash, so equal texts are one
   * entry; a mapping takes 200 entries (CloudFormation User Guide, "CloudFormation quotas":
   * "Mapping attributes … 200"; cfn-lint's Mappings schema: at most 200 keys at each level, names
   * `[a-zA-Z0-9]+`, no limit on a value's length), so each 200 take a mapping of their own.
   */
  public textRef(text: string): string {
    const key = `T${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    let ref = this.definitionTexts.get(key);
    if (ref === undefined) {
      const n = Math.floor(this.definitionTexts.size / 200);
      const id = `Texts${n === 0 ? '' : n}`;
      let mapping = this.node.tryFindChild(id) as CfnMapping | undefined;
      if (mapping === undefined) {
        // Rendered, not inlined: each text is written once and named by every job's definition (`lazy: false` also
        // spares the app aws-cdk-lib's info that suggests a lazy mapping).
        mapping = new CfnMapping(this, id, { lazy: false });
        // Each job's definition names it: a short name, unique in the stack (the root id ProcessingJobsShared is reserved).
        mapping.overrideLogicalId(`${STANDALONE_RUNNERS_ID}${id}`);
      }
      mapping.setValue(key, 'Text', text);
      ref = mapping.findInMap(key, 'Text');
      this.definitionTexts.set(key, ref);
    }
    return ref;
  }

  /**
   * The fixed states of the standalone runners with these options, rendered once per stack and
   * options (`runnerStatesKey`): a job's own runner adds only its `Job` state. The states are
   * constructs of this one, not of each runner.
   */
  public runnerGraph(options: RunnerStatesOptions, skipWhenRunning: boolean): AslDefinition {
    const key = `${runnerStatesKey(options)}/${skipWhenRunning}`;
    let graph = this.runnerGraphs.get(key);
    if (graph === undefined) {
      const states = new RunnerStates(new Construct(this, `States${this.runnerGraphs.size}`), options);
      graph = new sfn.StateGraph(states.entry(skipWhenRunning), `The runners of standalone jobs in ${Stack.of(this).node.path}`).toGraphJson() as AslDefinition;
      this.runnerGraphs.set(key, graph);
    }
    return graph;
  }

  /**
   * A place in a runner role of the standalone jobs with this permissions boundary and tracing,
   * for a runner whose grants can write `characters` of ARNs (`RoleShards`). The roles are shared
   * as a shared runner's role is by its jobs: each may create, describe, stop and tag the jobs of
   * the runners it serves and pass their job roles, and holds as many runners as IAM's 10,240
   * characters of inline policy can name at their longest.
   */
  public runnerRoleSeat(boundary: iam.IManagedPolicy | undefined, tracing: boolean, characters: number, once: { [key: string]: number } = {}): RoleSeat {
    const suffix = `${this.suffix(boundary)}${tracing ? '' : 'Untraced'}`;
    let shards = this.runnerRoles.get(suffix);
    if (shards === undefined) {
      shards = new RoleShards((index) => {
        const role = new InlinePolicyRole(this, `RunnerRole${suffix}${index === 0 ? '' : index + 1}`, {
          assumedBy: runnerRolePrincipal(Stack.of(this)),
          description: `Runs the processing jobs of ${Stack.of(this).node.path} that have runners of their own`,
          // What every runner of a standalone job needs, whatever its job, is one managed policy of the stack's.
          managedPolicies: [this.runnerPolicy(tracing)],
        });
        if (boundary) iam.PermissionsBoundary.of(role).apply(boundary);
        return role;
      }, 'a runner role of standalone jobs');
      this.runnerRoles.set(suffix, shards);
    }
    return shards.seat(characters, once);
  }

  /**
   * A place in a start role of the standalone jobs with this permissions boundary (none:
   * `undefined`) for grants that can write `characters` of ARNs (`RoleShards`): each start role is
   * allowed to start exactly the state machines it was granted, and trusted for the rules named
   * with its own prefix (`startRuleNamePrefix`); a stack has as many as IAM's 10,240 characters of
   * inline policy need, the first with the id and rule prefix a stack had before it had more.
   */
  public startRoleSeat(boundary: iam.IManagedPolicy | undefined, characters: number, once: { [key: string]: number } = {}): RoleSeat {
    const suffix = this.suffix(boundary);
    let shards = this.startRoles.get(suffix);
    if (shards === undefined) {
      shards = new RoleShards((index) => {
        const id = `StartRole${suffix}${index === 0 ? '' : index + 1}`;
        // The first role's rules keep the prefix of the stack's path (what one start role per stack had): deployed rules keep their names.
        const prefix = startRuleNamePrefixOf(this, boundary || index > 0 ? `${this.node.path}/${id}` : this.node.path);
        const role = createStartRole(this, id, prefix, `Starts the runs of the processing jobs of ${Stack.of(this).node.path} (schedules and event triggers)`);
        if (boundary) iam.PermissionsBoundary.of(role).apply(boundary);
        this.ruleNamePrefixes.set(role, prefix);
        return role;
      }, 'a start role of standalone jobs');
      this.startRoles.set(suffix, shards);
    }
    return shards.seat(characters, once);
  }

  /** The start of the names of the rules the start role `role` (of `startRoleSeat`) trusts. */
  public startRuleNamePrefix(role: iam.IRole): string {
    const prefix = this.ruleNamePrefixes.get(role);
    if (prefix === undefined) throw new Error(`${role.node.path} is not a start role of ${this.node.path}`);
    return prefix;
  }

  /**
   * The log group of the runners whose log retention is `retention`. The retention in effect for
   * the whole stack (its `ProcessingDefaults` or its app's, else the default) is the group `Logs`,
   * whatever it is: a change of it updates the group's `RetentionInDays` in place (an id that
   * followed the retention made a new group and left the retained one behind, the runners' earlier
   * logs in it). A job's scope with another retention gets a group of its own, `Logs<days>`.
   */
  public logGroup(retention: logs.RetentionDays = DEFAULT_RUNNER_LOG_RETENTION): logs.ILogGroup {
    const stackRetention = resolveProcessingDefaults(this).logRetention ?? DEFAULT_RUNNER_LOG_RETENTION;
    const id = retention === stackRetention ? 'Logs' : `Logs${retention}`;
    return (this.node.tryFindChild(id) as logs.LogGroup | undefined) ?? new logs.LogGroup(this, id, { retention, removalPolicy: RemovalPolicy.RETAIN });
  }

  /**
   * What every standalone runner's role needs whatever its job: CloudWatch Logs vended-log delivery
   * and, with tracing, X-Ray (the statements aws-cdk-lib's StateMachine adds for `logs` and
   * `tracingEnabled`, aws-stepfunctions/lib/state-machine.ts; no resource-level permissions), and
   * the `.sync` integration's managed EventBridge rule.
   */
  public runnerPolicy(tracing: boolean): iam.ManagedPolicy {
    const id = tracing ? 'RunnerPolicy' : 'RunnerPolicyUntraced';
    return (this.node.tryFindChild(id) as iam.ManagedPolicy | undefined) ?? new iam.ManagedPolicy(this, id, {
      description: `What every runner of the processing jobs of ${Stack.of(this).node.path} needs: log delivery${tracing ? ', X-Ray' : ''}, the .sync rule`,
      document: new iam.PolicyDocument({ minimize: true, statements: [...this.runnerAnyResourceStatements(tracing), syncRuleStatement(Stack.of(this))] }),
    });
  }

  /** Log delivery and X-Ray, on "*" (no resource-level permissions), recorded as inherent for cdk-nag. */
  private runnerAnyResourceStatements(tracing: boolean): iam.PolicyStatement[] {
    const statements = [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
          'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        resources: ['*'],
      }),
      ...(tracing ? [new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
        resources: ['*'],
      })] : []),
    ];
    recordInherentStatements(this, statements, 'Step Functions logging (CloudWatch Logs vended-log delivery) and X-Ray tracing have no resource-level '
      + 'permissions (Step Functions Developer Guide, "IAM policies for logging to CloudWatch Logs"; X-Ray actions have no resource types).');
    return statements;
  }

  /** What every standalone job's created role needs whatever the job: its logs and its metrics. */
  public jobPolicy(): iam.ManagedPolicy {
    return (this.node.tryFindChild('JobPolicy') as iam.ManagedPolicy | undefined) ?? new iam.ManagedPolicy(this, 'JobPolicy', {
      description: `What every job role of the processing jobs of ${Stack.of(this).node.path} needs: its logs, its metrics`,
      document: new iam.PolicyDocument({ minimize: true, statements: jobRoleBaseStatements(Stack.of(this)) }),
    });
  }

  /**
   * The policy of the stack that holds `statement` for every job role that needs it, when it is a
   * statement many jobs of a stack need alike: the ECR login (`ecr:GetAuthorizationToken`, which
   * has no resource-level permissions) and the pull of one repository (a managed image's, an image
   * asset's). One policy per distinct statement, holding exactly it; anything else stays inline.
   */
  public sharedPolicyOf(statement: iam.PolicyStatement): iam.ManagedPolicy | undefined {
    const json = statement.toStatementJson();
    const actions = [json.Action].flat() as string[];
    const plain = statement.effect === iam.Effect.ALLOW && !statement.hasPrincipal && Object.keys(statement.conditions).length === 0
      && statement.notActions.length === 0 && statement.notResources.length === 0;
    const login = plain && actions.length === 1 && actions[0] === 'ecr:GetAuthorizationToken' && json.Resource === '*';
    const pullActions = plain && actions.every((a) => ECR_PULL_ACTIONS.includes(a)) && [json.Resource].flat().every((r) => typeof r === 'string');
    // Every grant of a job role asks: resolved only when the actions say it may be one of these.
    if (!login && !pullActions) return undefined;
    // Each job of an image asks with a statement of its own, written alike (tokens are their text): resolved once.
    const asked = JSON.stringify(json);
    let resolved = this.resolvedStatements.get(asked);
    if (resolved === undefined) {
      resolved = JSON.stringify(Stack.of(this).resolve(json));
      this.resolvedStatements.set(asked, resolved);
    }
    const pull = pullActions && resolved.includes(':repository/');
    if (!login && !pull) return undefined;
    const id = login ? 'EcrLoginPolicy' : `PullPolicy${createHash('sha256').update(resolved).digest('hex').slice(0, 8)}`;
    return (this.node.tryFindChild(id) as iam.ManagedPolicy | undefined) ?? new iam.ManagedPolicy(this, id, {
      description: login ? 'The ECR login of the processing jobs whose images are in ECR'
        : 'The pull of one image repository, and the ECR login, by the processing jobs that run its images',
      // The login is the library's one registry-login statement (acknowledged for cdk-nag as inherent: no resource types).
      // A pull needs the login: the pull's policy holds it too, so the role that attaches it is not given the login
      // policy as well (a role's grant that an attached policy already allows is not repeated): one reference a job.
      document: new iam.PolicyDocument({ statements: login ? [registryLoginStatement(Stack.of(this))] : [statement.copy(), registryLoginStatement(Stack.of(this))] }),
    });
  }

  /** '' without a boundary; else 8 hex digits of the boundary's ARN, as the template has it. */
  private suffix(boundary?: iam.IManagedPolicy): string {
    if (!boundary) return '';
    const arn = JSON.stringify(Stack.of(this).resolve(boundary.managedPolicyArn));
    return createHash('sha256').update(arn).digest('hex').slice(0, 8);
  }
}
