import { createHash } from 'crypto';
import { Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { InlinePolicyRole } from './inline-policy-role';

/**
 * The start of the names of the EventBridge rules a start role trusts: the stack's name (up to 21
 * characters, to read) and 8 hex digits of the deployed stack's whole name with the construct path
 * `ownerPath` (the role's owner, in `scope`'s stack). Two owners, or the same app deployed as two
 * stacks (two `stackName`s, however alike their first characters), never share rule names. A nested
 * stack's name is known only at deploy time: its top-level stack's name stands for it (with the
 * construct path, which runs through the nested stack). EventBridge rule names: 1–64 of `[.-_A-Za-z0-9]`.
 */
export function startRuleNamePrefixOf(scope: IConstruct, ownerPath: string): string {
  const stackName = deployedStackName(Stack.of(scope));
  const stackPart = stackName === undefined ? '' : `${stackName.replace(/[^.\-_A-Za-z0-9]/g, '').slice(0, 21)}-`;
  return `${stackPart}${createHash('sha256').update(`${stackName ?? ''}\0${ownerPath}`).digest('hex').slice(0, 8)}-`;
}

/** The name of `stack`, or of the top-level stack it is nested in when its own is known only at deploy time. */
function deployedStackName(stack: Stack): string | undefined {
  let s: Stack | undefined = stack;
  while (s !== undefined && Token.isUnresolved(s.stackName)) s = s.nestedStackParent;
  return s?.stackName;
}

/**
 * A role schedules and rules start runs with. It may do nothing until it is granted
 * (`stateMachine.grantStartExecution(role)`, a direct run's statements). Trusted by EventBridge
 * Scheduler for the account's default schedule group (where the jobs' schedules are) and by
 * EventBridge for the rules named `<ruleNamePrefix>…` (the jobs' triggers and rule schedules),
 * both with `aws:SourceAccount` and `aws:SourceArn` (confused-deputy prevention: EventBridge
 * Scheduler User Guide, "Set up the execution role"; EventBridge User Guide, "Cross-service
 * confused deputy prevention"). `overflow`: statements past one inline policy go to aws-cdk-lib's
 * overflow (a shared runner's start role, which users may grant to); sharded roles size themselves.
 */
export function createStartRole(scope: Construct, id: string, ruleNamePrefix: string, description: string, overflow = false): iam.Role {
  const stack = Stack.of(scope);
  const account = { 'aws:SourceAccount': stack.account };
  return new InlinePolicyRole(scope, id, {
    description,
    overflow,
    assumedBy: new iam.CompositePrincipal(
      new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: {
        ...account, 'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
      } } }),
      new iam.ServicePrincipal('events.amazonaws.com', { conditions: {
        StringEquals: account,
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: `${ruleNamePrefix}*` }) },
      } })),
  });
}
