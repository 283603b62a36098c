import { createHash } from 'crypto';
import { Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { InlinePolicyRole } from './inline-policy-role';

/**
 * The start of the names of the EventBridge rules a start role trusts: the stack's name (up to 30
 * characters) and 8 hex digits of the construct path `ownerPath` (the role's owner, in `scope`'s
 * stack), so two owners, or the same app deployed as two stacks, never share rule names
 * (EventBridge rule names: 1–64 of `[.-_A-Za-z0-9]`).
 */
export function startRuleNamePrefixOf(scope: IConstruct, ownerPath: string): string {
  const stackName = Stack.of(scope).stackName;
  const stackPart = Token.isUnresolved(stackName) ? '' : `${stackName.replace(/[^.\-_A-Za-z0-9]/g, '').slice(0, 30)}-`;
  return `${stackPart}${createHash('sha256').update(ownerPath).digest('hex').slice(0, 8)}-`;
}

/**
 * A role schedules and rules start runs with. It may do nothing until it is granted
 * (`stateMachine.grantStartExecution(role)`, a direct run's statements). Trusted by EventBridge
 * Scheduler for the account's default schedule group (where the jobs' schedules are) and by
 * EventBridge for the rules named `<ruleNamePrefix>…` (the jobs' triggers and rule schedules),
 * both with `aws:SourceAccount` and `aws:SourceArn` (confused-deputy prevention: EventBridge
 * Scheduler User Guide, "Set up the execution role"; EventBridge User Guide, "Cross-service
 * confused deputy prevention").
 */
export function createStartRole(scope: Construct, id: string, ruleNamePrefix: string, description: string): iam.Role {
  const stack = Stack.of(scope);
  const account = { 'aws:SourceAccount': stack.account };
  return new InlinePolicyRole(scope, id, {
    description,
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
