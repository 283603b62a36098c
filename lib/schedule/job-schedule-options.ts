import { Duration, TimeZone, aws_events as events } from 'aws-cdk-lib';
import { JobStartOptions } from './job-start-options';

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
  /**
   * The first time a recurring schedule may run (UTC). Not for one-time schedules. EventBridge
   * Scheduler refuses a start date more than 5 minutes old when it creates the schedule, so synth
   * refuses one already past; once it has passed, leave it out (the schedule keeps running).
   * @default - from deployment on
   */
  readonly startDate?: Date;
  /** The time after which a recurring schedule no longer runs (UTC). Not for one-time schedules. @default - no end */
  readonly endDate?: Date;
  /**
   * Direct mode: EventBridge Scheduler calls `CreateProcessingJob` itself (universal target), with
   * no state machine and no state transitions. The run is named `<jobNamePrefix>-<execution id>`;
   * there is no waiting, no retry of a failed job, no notification and no per-date output
   * partitioning (docs/schedules-and-triggers.md, "Direct mode"). Not for `JobSchedule.rule(...)`.
   * @default false - the schedule starts an execution of the job's state machine
   */
  readonly direct?: boolean;
}

/** The fields of a cron schedule plus the schedule options. */
export interface JobScheduleCronOptions extends events.CronOptions, JobScheduleOptions {}
