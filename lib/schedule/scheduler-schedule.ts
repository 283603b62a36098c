import { Annotations, Duration, TimeZone, Token, aws_events as events, aws_iam as iam, aws_scheduler as scheduler, aws_scheduler_targets as targets } from 'aws-cdk-lib';
import { Checks } from '../api/checks';
import { compactIntrinsics } from '../cfn/compact-intrinsics';
import { scheduleTargetInput } from './typed-input';
import { grantKeyForMessages } from '../iam/kms-permissions';
import { directRunName, DirectRunScheduleTarget } from './direct-run';
import { atExpression, checkExpression, cronExpression, parseAt, rateExpression, warnIfNeverFires } from './expressions';
import { JobRunTarget } from './job-run-target';
import type { JobScheduleOptions } from './job-schedule-options';
import { checkDate, checkFlexibleWindow, checkPastDates, checkStartOptions, checkTimeZone, SCHEDULER } from './validation';

/** When an EventBridge Scheduler schedule runs, as given to the factory. */
export type SchedulerWhen =
  | { readonly kind: 'cron'; readonly cron: events.CronOptions }
  | { readonly kind: 'rate'; readonly rate: Duration }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'at'; readonly at: Date };

/** Warning id for a one-time schedule whose time is already past at synth. */
export const AT_IN_THE_PAST_WARNING = 'cdk-sagemaker-processing:schedule-at-in-the-past';

/**
 * Creates the `AWS::Scheduler::Schedule` of a job: it starts an execution of the job's state
 * machine with the overrides-form input (the scheduled time is `<aws.scheduler.scheduled-time>`), or in
 * direct mode calls `CreateProcessingJob` itself. The start role is the job's shared one; the
 * scheduler targets only add statements to it (deduplicated), never a role of their own.
 */
export function bindSchedulerSchedule(target: JobRunTarget, id: string, when: SchedulerWhen, options: JobScheduleOptions): scheduler.Schedule {
  const p = new Checks(`${target.scope.node.path}/${id}`);
  const expression = renderExpression(p, when, options);
  if (expression !== undefined) warnIfNeverFires(p, target.scope, expression, 'schedule', options);
  checkStartOptions(p, options, SCHEDULER);
  checkFlexibleWindow(p, options.flexibleWindow);
  checkTimeZone(p, options.timeZone);
  const datesOk = checkDate(p, 'startDate', options.startDate) && checkDate(p, 'endDate', options.endDate);
  const oneTime = when.kind === 'at' || (when.kind === 'expression' && when.expression.startsWith('at('));
  if (oneTime && (options.startDate !== undefined || options.endDate !== undefined)) {
    p.add(`startDate and endDate do not apply to a one-time at(...) schedule; EventBridge Scheduler ignores them (${SCHEDULER} StartDate/EndDate)`);
  } else if (datesOk && options.startDate && options.endDate && options.endDate.getTime() <= options.startDate.getTime()) {
    p.add(`endDate ${options.endDate.toISOString()} must be after startDate ${options.startDate.toISOString()} (${SCHEDULER} StartDate/EndDate)`);
  }
  if (datesOk && !oneTime) checkPastDates(p, target.scope, options.startDate, options.endDate);
  if (options.overrides?.scheduledTime !== undefined) {
    p.add(`overrides.scheduledTime '${options.overrides.scheduledTime}' cannot be set on a schedule: each run's scheduled time is the schedule's (<aws.scheduler.scheduled-time>)`);
  }
  if (options.direct && target.skipWhenRunning) {
    p.add('direct mode cannot skip a run while another is in progress: the job has overlap OverlapPolicy.SKIP, which its state machine checks, ' +
      'and a direct schedule calls CreateProcessingJob without it; leave direct out, or give the job OverlapPolicy.ALLOW');
  }
  const jobName = options.direct ? directRunName(p, target.jobNamePrefix) : undefined;
  p.throwIfAny();
  // Defined from here on: every undefined expression came with a problem, thrown above.
  const expressionString = expression as string;

  const overrides = { ...options.overrides, scheduledTime: scheduler.ContextAttribute.scheduledTime };
  const role = target.scheduleRole(jobName !== undefined, options.deadLetterQueue);
  const targetProps = {
    role,
    retryAttempts: options.retryAttempts,
    maxEventAge: options.maxEventAge,
    deadLetterQueue: options.deadLetterQueue,
  };
  const scheduleTarget = jobName !== undefined
    ? new DirectRunScheduleTarget(target, {
      ...targetProps,
      input: scheduleTargetInput(target.directRequest(overrides, jobName)),
    })
    : new StartRunnerTarget(target.stateMachine, {
      ...targetProps,
      input: scheduleTargetInput(target.executionInput(overrides)),
    });

  const schedule = new scheduler.Schedule(target.scope, id, {
    schedule: scheduler.ScheduleExpression.expression(expressionString, options.timeZone ?? TimeZone.ETC_UTC),
    target: scheduleTarget,
    enabled: options.enabled ?? true,
    description: options.description,
    timeWindow: options.flexibleWindow ? scheduler.TimeWindow.flexible(options.flexibleWindow) : scheduler.TimeWindow.off(),
    start: options.startDate,
    end: options.endDate,
  });
  // The target's input (its overrides may reference buckets; a direct run's request does) as one Fn::Sub, not a Fn::Join of pieces.
  const cfn = schedule.node.defaultChild as scheduler.CfnSchedule;
  cfn.target = compactIntrinsics(cfn.target);
  warnIfPast(schedule, when, expressionString, options.timeZone);
  grantEncryptedDeadLetterQueue(role, options);
  return schedule;
}

/**
 * `StepFunctionsStartExecution` with the start role as it comes: the runner allowed it to start
 * its state machine when it handed the role out (`ProcessingJobRunner.startRole`), so the target
 * does not grant the same again for every schedule.
 */
class StartRunnerTarget extends targets.StepFunctionsStartExecution {
  protected addTargetActionToRole(): void {
    // Granted by the runner: see the class comment.
  }
}

/**
 * EventBridge Scheduler sends a failed start to the dead-letter queue as the schedule's execution
 * role (Scheduler User Guide, "Configuring a dead-letter queue for EventBridge Scheduler"), and SQS
 * lets a producer send to a queue encrypted with a customer managed key only with
 * `kms:GenerateDataKey` and `kms:Decrypt` on that key (SQS Developer Guide, "Key management":
 * permissions of producers). aws-cdk-lib's scheduler targets grant `sqs:SendMessage` alone, so the
 * start role gets the key permissions here, through SQS only.
 */
function grantEncryptedDeadLetterQueue(role: iam.IRole, options: JobScheduleOptions): void {
  const key = options.deadLetterQueue?.encryptionMasterKey;
  if (key) grantKeyForMessages(role, key, 'sqs');
}

function renderExpression(p: Checks, when: SchedulerWhen, options: JobScheduleOptions): string | undefined {
  switch (when.kind) {
    case 'cron': {
      const { minute, hour, day, month, weekDay, year } = when.cron;
      return cronExpression(p, { minute, hour, day, month, weekDay, year });
    }
    case 'rate':
      if (options.timeZone !== undefined) p.add(`timeZone ${options.timeZone.timezoneName} has no effect on a rate(...) schedule; remove it (a rate counts from startDate or deployment)`);
      return rateExpression(p, when.rate);
    case 'at':
      if (options.timeZone !== undefined) {
        p.add(`timeZone ${options.timeZone.timezoneName} cannot be used with JobSchedule.at(date): a Date is an absolute instant; ` +
          `use JobSchedule.expression('at(yyyy-mm-ddThh:mm:ss)', { timeZone }) for a wall-clock time in a time zone`);
      }
      if (!checkDate(p, 'at', when.at)) return undefined;
      return atExpression(when.at);
    case 'expression':
      return checkExpression(p, when.expression, SCHEDULER) ? when.expression : undefined;
  }
}

/**
 * Warns (does not fail: the synth clock is not the deploy clock) about a one-time schedule whose
 * time is already past. A raw `at(...)` literal is a wall-clock time in the schedule's time zone
 * (`ScheduleExpressionTimezone`, UTC by default), read here in that zone; a time zone known only at
 * deployment leaves 14 hours (the largest UTC offset) of doubt.
 */
function warnIfPast(schedule: scheduler.Schedule, when: SchedulerWhen, expression: string, timeZone: TimeZone | undefined): void {
  const now = Date.now();
  let time: Date | undefined;
  let slack = 0;
  if (when.kind === 'at') {
    time = when.at;
  } else if (when.kind === 'expression') {
    const at = /^at\((.*)\)$/.exec(expression);
    const wallClock = at ? parseAt(at[1]) : undefined;
    const zone = timeZone?.timezoneName ?? TimeZone.ETC_UTC.timezoneName;
    if (wallClock !== undefined && Token.isUnresolved(zone)) {
      time = wallClock;
      slack = 14 * 3600 * 1000;
    } else if (wallClock !== undefined) {
      time = new Date(wallClock.getTime() - zoneOffset(zone, new Date(wallClock.getTime() - zoneOffset(zone, wallClock))));
    }
  }
  if (time !== undefined && time.getTime() + slack < now) {
    Annotations.of(schedule).addWarningV2(AT_IN_THE_PAST_WARNING,
      `one-time schedule ${expression} is already past at synth time (${new Date(now).toISOString()}); a one-time schedule is meant for a future time: check the date`);
  }
}

/** How far `zone`'s wall clock is ahead of UTC at `instant`, in milliseconds (the time zone database of the Node.js running the synth). */
function zoneOffset(zone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(instant);
  const part = (type: string) => Number(parts.find((x) => x.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant.getTime() / 1000) * 1000;
}
