import { Stack, aws_events as events, aws_events_targets as eventsTargets } from 'aws-cdk-lib';
import { Checks } from '../api/checks';
import { allowServiceKeyUse } from '../iam/service-key-use';
import { checkExpression, warnIfNeverFires } from './expressions';
import { JobRunOverrides } from '../definition/job-run-overrides';
import { JobRunTarget } from './job-run-target';
import type { JobScheduleOptions } from './job-schedule-options';
import { JobStartOptions } from './job-start-options';
import { startRuleName } from './start-rule-name';
import { ruleTargetInput } from './typed-input';
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
  if (checkExpression(p, schedule.expressionString, RULE)) warnIfNeverFires(p, target.scope, schedule.expressionString, 'rule');
  checkStartOptions(p, options, RULE);
  p.throwIfAny();
  const rule = new events.Rule(target.scope, id, {
    ruleName: startRuleName(target, id),
    schedule,
    enabled: options.enabled ?? true,
    description: options.description,
    targets: [startExecutionRuleTarget(target, options, { ...options.overrides, scheduledTime: events.EventField.time })],
  });
  checkRuleInputSize(rule);
  allowRuleToEncryptedDeadLetterQueue(rule, target, options);
  return rule;
}

/** Warning id for a rule's dead-letter queue whose KMS key policy this app cannot change. */
export const DEAD_LETTER_KEY_WARNING = 'cdk-sagemaker-processing:dead-letter-queue-key';

/**
 * EventBridge sends a rule's undelivered events to its dead-letter queue as the service itself (the
 * queue policy aws-cdk-lib adds), so a queue encrypted with a customer managed key must also let
 * `events.amazonaws.com` use the key: `kms:Decrypt` and `kms:GenerateDataKey`, for the runner's start rules
 * (EventBridge User Guide, "Using dead-letter queues to process undelivered events", encrypted
 * queues). aws-cdk-lib adds only the queue policy. A key defined in this app gets the statement; an
 * imported key cannot, and a warning says what to add.
 */
export function allowRuleToEncryptedDeadLetterQueue(rule: events.Rule, target: JobRunTarget, options: JobStartOptions): void {
  const key = options.deadLetterQueue?.encryptionMasterKey;
  if (key === undefined) return;
  // The ARNs of the runner's start rules, by name, not a reference to the rule (the rule references the queue, which
  // references the key): one statement however many of the runner's rules use the queue, as in the start role's trust.
  const ruleArns = Stack.of(rule).formatArn({ service: 'events', resource: 'rule', resourceName: `${target.startRuleNamePrefix}*` });
  allowServiceKeyUse(rule, key, {
    service: 'events.amazonaws.com',
    conditions: { ArnLike: { 'aws:SourceArn': ruleArns } },
    warningId: DEAD_LETTER_KEY_WARNING,
    warning: `deadLetterQueue ${options.deadLetterQueue?.node.path} is encrypted with key ${key.node.path}, which is not defined in this app, so its key policy cannot be changed here; ` +
      'EventBridge can put undelivered events in the queue only if the key policy lets events.amazonaws.com kms:Decrypt and kms:GenerateDataKey ' +
      `(with aws:SourceArn like ${target.startRuleNamePrefix}* rules): add that statement where the key is defined`,
  });
}

/**
 * EventBridge takes a rule target's input of at most 8,192 characters, as `Input` and as an input
 * transformer's `InputTemplate` (events API model: `TargetInput` and `TransformerInput`, max 8192);
 * PutTargets refuses a longer one, and the deployment fails.
 */
export const MAX_RULE_TARGET_INPUT = 8192;

/** EventBridge takes at most 100 paths in an input transformer's `InputPathsMap` (events API model: `TransformerPaths`, max 100). */
export const MAX_RULE_INPUT_PATHS = 100;

/**
 * Refuses a rule whose target input is over EventBridge's limit: its length counted with the
 * CloudFormation values left out (at least that long once they are filled in).
 */
export function checkRuleInputSize(rule: events.Rule): void {
  const targets = Stack.of(rule).resolve((rule.node.defaultChild as events.CfnRule).targets) as
    Array<{ input?: unknown; inputTransformer?: { inputTemplate?: unknown; inputPathsMap?: { [key: string]: unknown } } }> | undefined;
  const p = new Checks(rule.node.path);
  for (const t of targets ?? []) {
    const paths = Object.keys(t.inputTransformer?.inputPathsMap ?? {}).length;
    if (paths > MAX_RULE_INPUT_PATHS) {
      p.add(`the rule's target reads ${paths} event paths; EventBridge takes at most ${MAX_RULE_INPUT_PATHS} (PutTargets Target.InputTransformer.InputPathsMap): ` +
        'read fewer distinct events.EventField paths in the overrides');
    }
    const [field, text] = t.inputTransformer ? ['InputTransformer.InputTemplate', t.inputTransformer.inputTemplate] : ['Input', t.input];
    const length = literalLength(text);
    if (length > MAX_RULE_TARGET_INPUT) {
      p.add(`the rule's target input is ${length} characters; EventBridge takes at most ${MAX_RULE_TARGET_INPUT} (PutTargets Target.${field}): ` +
        'set fewer or shorter values in the overrides (the job\'s own values are not sent), or move them into the job');
    }
  }
  p.throwIfAny();
}

/**
 * The characters of a template value that are text: a `Fn::Join`'s text parts and separators, a
 * `Fn::Sub`'s text without its `${…}` references; any other CloudFormation value counts 0.
 */
function literalLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; 'Fn::Sub'?: string | [string, unknown] } | undefined;
  const join = v?.['Fn::Join'];
  if (join) return join[1].reduce<number>((sum, part) => sum + literalLength(part), join[0].length * Math.max(join[1].length - 1, 0));
  const sub = v?.['Fn::Sub'];
  if (sub !== undefined) return (typeof sub === 'string' ? sub : sub[0]).replace(/\$\{[^!][^}]*\}/g, '').length;
  return 0;
}

/**
 * The rule target that starts the job's state machine with the overrides-form input, as the shared
 * start role (`SfnStateMachine` with a role given creates none; its `grantStartExecution` adds a
 * statement the start role already has, which the policy deduplicates).
 */
export function startExecutionRuleTarget(target: JobRunTarget, options: JobStartOptions, overrides: JobRunOverrides): events.IRuleTarget {
  return new eventsTargets.SfnStateMachine(target.stateMachine, {
    role: target.startRole,
    input: ruleTargetInput(target.executionInput(overrides)),
    retryAttempts: options.retryAttempts,
    maxEventAge: options.maxEventAge,
    deadLetterQueue: options.deadLetterQueue,
  });
}
