import { aws_events as events, aws_scheduler as scheduler } from 'aws-cdk-lib';
import { markTypedTokens, unquoteMarkedNumbers } from '../cfn/typed-tokens';

/**
 * The JSON input of a schedule's or rule's target, with deploy-time numbers as JSON numbers.
 *
 * aws-cdk-lib writes a number token of `fromObject` inside quotes (`"instanceCount":"${Count}"`): the
 * runner refuses a run whose `instanceCount` is text, and SageMaker a direct run's `InstanceCount` that is
 * (CreateProcessingJob's ProcessingInstanceCount, VolumeSizeInGB and MaxRuntimeInSeconds are integers).
 * The numbers are marked before aws-cdk-lib writes the text, and unquoted after (lib/cfn/typed-tokens.ts).
 */
export function scheduleTargetInput(value: object): scheduler.ScheduleTargetInput {
  return new TypedScheduleInput(scheduler.ScheduleTargetInput.fromObject(markTypedTokens(value, false)));
}

/** The same for an EventBridge rule's target (`Input`, or an input transformer's `InputTemplate`). */
export function ruleTargetInput(value: object): events.RuleTargetInput {
  return new TypedRuleInput(events.RuleTargetInput.fromObject(markTypedTokens(value, false)));
}

class TypedScheduleInput extends scheduler.ScheduleTargetInput {
  constructor(private readonly inner: scheduler.ScheduleTargetInput) {
    super();
  }

  public bind(schedule: scheduler.ISchedule): string {
    return unquoteMarkedNumbers(this.inner.bind(schedule));
  }
}

/** What `RuleTargetInput.bind` takes: `IRuleRef` in recent aws-cdk-lib, `IRule` in the peer minimum (2.224). */
type BoundRule = Parameters<events.RuleTargetInput['bind']>[0];

class TypedRuleInput extends events.RuleTargetInput {
  constructor(private readonly inner: events.RuleTargetInput) {
    super();
  }

  public bind(rule: BoundRule): events.RuleTargetInputProperties {
    const bound = this.inner.bind(rule);
    return {
      ...bound,
      input: bound.input === undefined ? undefined : unquoteMarkedNumbers(bound.input),
      inputTemplate: bound.inputTemplate === undefined ? undefined : unquoteMarkedNumbers(bound.inputTemplate),
    };
  }
}
