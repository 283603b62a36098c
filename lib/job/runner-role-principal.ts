import { Stack, aws_iam as iam } from 'aws-cdk-lib';

/**
 * Who may assume a runner's role (a shared runner's own, or a runner role of a stack's standalone
 * jobs): Step Functions, for state machines of the stack's account (`aws:SourceAccount`: Step
 * Functions Developer Guide, "Cross-service confused deputy prevention").
 */
export function runnerRolePrincipal(stack: Stack): iam.IPrincipal {
  return new iam.ServicePrincipal('states.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } });
}
