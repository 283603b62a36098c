import { Duration, Resource, aws_events as events } from 'aws-cdk-lib';
import { JobRunTarget } from './job-run-target';
import { JobScheduleCronOptions, JobScheduleOptions } from './job-schedule-options';
import { bindRuleSchedule } from './rule-schedule';
import { bindSchedulerSchedule, SchedulerWhen } from './scheduler-schedule';

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
   * every value. Give `day` or `weekDay`, not both; `'?'` in one of them, as AWS cron writes it,
   * leaves the days to the other.
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
