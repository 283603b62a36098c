import { aws_events as events, aws_events_targets as eventsTargets } from 'aws-cdk-lib';
import { Checks } from '../api/checks';
import { checkExpression } from './expressions';
import { JobRunOverrides } from '../definition/job-run-overrides';
import { JobRunTarget } from './job-run-target';
import type { JobScheduleOptions } from './job-schedule-options';
import { JobStartOptions } from './job-start-options';
import { startRuleName } from './start-rule-name';
import { checkStartOptions, RULE, SCHEDULER } from './validation';

/**
 * Creates the `AWS::Events::Rule` of a classic scheduled rule. Scheduled events carry their
 * time in `$.time`, which becomes the run's scheduled time.
 */
export function bindRuleSchedule(target: JobRunTarget, id: string, schedule: events.Schedule, options: JobScheduleOptions): events.Rule {
  const p = new Checks(`${target.scope.node.path}/${id}`);
  if (options.direct) {
    p.add(`direct mode is not possible on JobSchedule.rule(...): ${RULE} targets cannot call CreateProcessingJob; ` +
      `use JobSchedule.cron/rate/expression/at (${SCHEDULER}) with direct: true`);
  }
  if (options.timeZone !== undefined) {
    p.add(`timeZone ${options.timeZone.timezoneName} is not supported by JobSchedule.rule(...): ${RULE}s run in UTC; ` +
      `use JobSchedule.cron(...) (${SCHEDULER}) for a schedule in a time zone`);
  }
  for (const key of ['flexibleWindow', 'startDate', 'endDate'] as const) {
    if (options[key] !== undefined) {
      p.add(`${key} is not supported by JobSchedule.rule(...): ${RULE}s have no ${key}; use an ${SCHEDULER} schedule (JobSchedule.cron/rate/expression)`);
    }
  }
  if (options.overrides?.scheduledTime !== undefined) {
    p.add(`overrides.scheduledTime '${options.overrides.scheduledTime}' cannot be set on a schedule: each run's scheduled time is the rule's event time`);
  }
  checkExpression(p, schedule.expressionString, RULE);
  checkStartOptions(p, options, RULE);
  p.throwIfAny();
  return new events.Rule(target.scope, id, {
    ruleName: startRuleName(target, id),
    schedule,
    enabled: options.enabled ?? true,
    description: options.description,
    targets: [startExecutionRuleTarget(target, options, { ...options.overrides, scheduledTime: events.EventField.time })],
  });
}

/**
 * The rule target that starts the job's state machine with the overrides-form input, as the shared
 * start role (`SfnStateMachine` with a role given creates none; its `grantStartExecution` adds a
 * statement the start role already has, which the policy deduplicates).
 */
export function startExecutionRuleTarget(target: JobRunTarget, options: JobStartOptions, overrides: JobRunOverrides): events.IRuleTarget {
  return new eventsTargets.SfnStateMachine(target.stateMachine, {
    role: target.startRole,
    input: events.RuleTargetInput.fromObject(target.executionInput(overrides)),
    retryAttempts: options.retryAttempts,
    maxEventAge: options.maxEventAge,
    deadLetterQueue: options.deadLetterQueue,
  });
}
