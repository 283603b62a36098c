import { Duration, Resource, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { JobRunTarget } from './job-run-target';
import { JobStartOptions } from './job-start-options';
import { bindRuleSchedule } from './rule-schedule';
import { bindSchedulerSchedule, SchedulerWhen } from './scheduler-schedule';

/** Options of a schedule, besides when it runs. */
export interface JobScheduleOptions extends JobStartOptions {
  /**
   * The time zone the cron or one-time expression is read in (daylight saving time included).
   * Not for `rate(...)` schedules, `JobSchedule.at(date)` (a Date is an absolute instant) or
   * `JobSchedule.rule(...)` (EventBridge rules run in UTC).
   * @default TimeZone.ETC_UTC
   */
  readonly timeZone?: TimeZone;
  /**
   * Lets EventBridge Scheduler start each run at any time within this window after the scheduled
   * time (1–1440 whole minutes), to spread load. The run's scheduled time stays the planned one.
   * @default - off: runs start at the scheduled time
   */
  readonly flexibleWindow?: Duration;
  /** The first time a recurring schedule may run (UTC). Not for one-time schedules. @default - from deployment on */
  readonly startDate?: Date;
  /** The time after which a recurring schedule no longer runs (UTC). Not for one-time schedules. @default - no end */
  readonly endDate?: Date;
  /**
   * Direct mode: EventBridge Scheduler calls `CreateProcessingJob` itself (universal target), with
   * no state machine and no state transitions. The run is named `<jobNamePrefix>-<execution id>`;
   * there is no waiting, no retry of a failed job, no notification and no per-date output
   * partitioning (see the README's "Direct mode"). Not for `JobSchedule.rule(...)`.
   * @default false - the schedule starts an execution of the job's state machine
   */
  readonly direct?: boolean;
}

/** The fields of a cron schedule plus the schedule options. */
export interface JobScheduleCronOptions extends events.CronOptions, JobScheduleOptions {}

/**
 * When a `ProcessingJob` runs. The default engine is EventBridge Scheduler (time zones with
 * daylight saving time, flexible windows, one-time runs, start and end dates, and universal
 * targets for direct mode); `JobSchedule.rule(...)` uses a classic EventBridge rule (UTC only).
 * Either way a schedule is one CloudFormation resource, and starts runs with the job's shared
 * start role; each run receives the scheduled time as `PROCESSING_SCHEDULED_TIME`.
 */
export abstract class JobSchedule {
  /**
   * Runs on a cron schedule, e.g. `{ minute: '0', hour: '2' }` for 02:00 every day. `minute` is
   * required (a missing minute would start a run every minute); the other fields default to
   * every value.
   */
  public static cron(options: JobScheduleCronOptions): JobSchedule {
    return new SchedulerJobSchedule({ kind: 'cron', cron: options }, options);
  }

  /** Runs every `interval` (whole minutes, at least one), from `startDate` or deployment on. */
  public static rate(interval: Duration, options: JobScheduleOptions = {}): JobSchedule {
    return new SchedulerJobSchedule({ kind: 'rate', rate: interval }, options);
  }

  /** Runs on a raw EventBridge Scheduler expression: `cron(...)`, `rate(...)` or `at(...)`. */
  public static expression(expression: string, options: JobScheduleOptions = {}): JobSchedule {
    return new SchedulerJobSchedule({ kind: 'expression', expression }, options);
  }

  /**
   * Runs once, at this instant (to the second). A date already past at synth time gets a
   * warning: a one-time schedule created after its time does not run the job.
   */
  public static at(date: Date, options: JobScheduleOptions = {}): JobSchedule {
    return new SchedulerJobSchedule({ kind: 'at', at: date }, options);
  }

  /**
   * Runs on a classic EventBridge rule schedule (`events.Schedule.cron/rate/expression`), in UTC.
   * Takes no `timeZone`, `flexibleWindow`, `startDate`, `endDate` or `direct`.
   */
  public static rule(schedule: events.Schedule, options: JobScheduleOptions = {}): JobSchedule {
    return new RuleJobSchedule(schedule, options);
  }

  protected constructor() {}

  /**
   * Creates the schedule's one resource in `target.scope`, validated (errors name the path).
   * @internal
   */
  public abstract _bind(target: JobRunTarget, id: string): Resource;
}

class SchedulerJobSchedule extends JobSchedule {
  constructor(private readonly when: SchedulerWhen, private readonly options: JobScheduleOptions) {
    super();
  }

  public _bind(target: JobRunTarget, id: string): Resource {
    return bindSchedulerSchedule(target, id, this.when, this.options);
  }
}

class RuleJobSchedule extends JobSchedule {
  constructor(private readonly schedule: events.Schedule, private readonly options: JobScheduleOptions) {
    super();
  }

  public _bind(target: JobRunTarget, id: string): Resource {
    return bindRuleSchedule(target, id, this.schedule, this.options);
  }
}
