import { Stack, aws_events as events } from 'aws-cdk-lib';
import { Checks } from '../api/checks';
import { JobRunOverrides } from '../definition/job-run-overrides';
import { JobRunTarget } from './job-run-target';
import type { JobTriggerOptions } from './job-trigger-options';
import { allowRuleToEncryptedDeadLetterQueue, checkRuleInputSize, startExecutionRuleTarget } from './rule-schedule';
import { startRuleName } from './start-rule-name';
import { TriggerSource } from './trigger-sources';
import { checkStartOptions, RULE } from './validation';

/**
 * Creates a trigger's `AWS::Events::Rule`: the source's pattern, and a target starting the job's
 * state machine with the overrides form of `overrides` plus what the event provides. The event's values
 * are EventBridge input-transformer placeholders; the scheduled time is `$.time` unless
 * `overrides.scheduledTime` says otherwise.
 */
export function bindTriggerRule(target: JobRunTarget, id: string, source: TriggerSource, options: JobTriggerOptions): events.Rule {
  const p = new Checks(`${target.scope.node.path}/${id}`);
  const event = source.render(p, target);
  checkStartOptions(p, options, RULE);
  const given = options.overrides ?? {};
  const environment = merge(p, 'overrides.environment', given.environment, event.environment);
  const inputs = merge(p, 'overrides.inputs', given.inputs, event.inputs);
  p.throwIfAny();

  const overrides: JobRunOverrides = {
    ...given,
    ...(environment ? { environment } : {}),
    ...(inputs ? { inputs } : {}),
    scheduledTime: given.scheduledTime ?? events.EventField.time,
  };
  const rule = new events.Rule(target.scope, id, {
    ruleName: startRuleName(target, id),
    eventPattern: event.pattern,
    enabled: options.enabled ?? true,
    description: options.description,
    targets: [startExecutionRuleTarget(target, options, overrides)],
  });
  checkRuleInputSize(rule);
  checkEventPatternSize(rule);
  allowRuleToEncryptedDeadLetterQueue(rule, target, options);
  source.afterBind?.(rule);
  return rule;
}

/** PutRule takes an event pattern of at most 4,096 characters (events API model: `EventPattern`, max 4096). */
export const MAX_EVENT_PATTERN = 4096;

/**
 * The account's default quota on an event pattern's size: 2,048 characters, adjustable up to the API's
 * 4,096 (EventBridge User Guide, "Amazon EventBridge quotas": Event pattern size). PutRule refuses a
 * longer pattern in an account whose quota was not raised.
 */
export const DEFAULT_EVENT_PATTERN_QUOTA = 2048;

/** Warning id for an event pattern over the default quota (within the API's limit). */
export const EVENT_PATTERN_QUOTA_WARNING = 'event-pattern-quota';

/**
 * Refuses a rule whose event pattern is over EventBridge's limit, and warns of one over the default
 * quota: its JSON counted with the CloudFormation values (a bucket's name) left out, so at least
 * that long once they are filled in.
 */
function checkEventPatternSize(rule: events.Rule): void {
  const pattern: unknown = Stack.of(rule).resolve((rule.node.defaultChild as events.CfnRule).eventPattern);
  const length = JSON.stringify(withoutIntrinsics(pattern)).length;
  const p = new Checks(rule.node.path);
  if (length > MAX_EVENT_PATTERN) {
    p.add(`the rule's event pattern is ${length} characters of JSON; EventBridge takes at most ${MAX_EVENT_PATTERN} (PutRule EventPattern): match fewer or shorter values`);
  } else if (length > DEFAULT_EVENT_PATTERN_QUOTA) {
    p.warn(rule, EVENT_PATTERN_QUOTA_WARNING, `the rule's event pattern is ${length} characters of JSON; EventBridge's default quota is ${DEFAULT_EVENT_PATTERN_QUOTA} ` +
      `(Service Quotas: Event pattern size, adjustable up to ${MAX_EVENT_PATTERN}), and PutRule refuses a longer pattern in an account whose quota was not raised: ` +
      'match fewer or shorter values, or acknowledge this warning where the quota is raised');
  }
  p.throwIfAny();
}

/** `value` with each CloudFormation intrinsic (`{ Ref }`, `{ 'Fn::…' }`) replaced by an empty string. */
function withoutIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return '';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIntrinsics(v)]));
}

/** Adds the event's entries to the user's; a key set by both is a problem (the event's would win silently). */
function merge(p: Checks, name: string, given: { [key: string]: string } | undefined, fromEvent: { [key: string]: string } | undefined) {
  if (fromEvent === undefined) return given;
  for (const key of Object.keys(fromEvent)) {
    if (given && key in given) p.add(`${name} sets '${key}', which this trigger sets from the event; remove it from the overrides`);
  }
  return { ...given, ...fromEvent };
}
