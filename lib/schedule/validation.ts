import { Duration, TimeZone, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checks } from '../api/checks';
import { JobStartOptions } from './job-start-options';

/**
 * Limits of the schedule and rule APIs, as data.
 *
 * Sources: EventBridge Scheduler API reference, CreateSchedule (`Description` ≤ 512,
 * `FlexibleTimeWindow.MaximumWindowInMinutes` 1–1440, `RetryPolicy.MaximumRetryAttempts` 0–185,
 * `RetryPolicy.MaximumEventAgeInSeconds` 60–86400, `ScheduleExpression` ≤ 256); EventBridge API
 * reference, PutRule (`Description` ≤ 512, `ScheduleExpression` ≤ 256) and PutTargets (`RetryPolicy`,
 * the same ranges). The lengths are those of the API models (botocore `scheduler/2021-06-30` and
 * `events/2015-10-07` service-2.json).
 */
export const SCHEDULE_LIMITS = {
  description: { max: 512 },
  expression: { max: 256 },
  flexibleWindowMinutes: { min: 1, max: 1440 },
  retryAttempts: { min: 0, max: 185 },
  maxEventAgeSeconds: { min: 60, max: 86400 },
} as const;

/** The two engines, as named in messages. */
export const SCHEDULER = 'EventBridge Scheduler';
export const RULE = 'EventBridge rule';

/** Checks the options every schedule and trigger shares. `engine` names the API in messages. */
export function checkStartOptions(p: Checks, options: JobStartOptions, engine: string): void {
  const { description, retryAttempts, maxEventAge, deadLetterQueue } = options;
  // EventBridge and EventBridge Scheduler dead-letter queues must be standard queues (EventBridge User Guide,
  // "Using dead-letter queues"; Scheduler User Guide, "Configuring a dead-letter queue"): a FIFO queue is refused.
  if (deadLetterQueue?.fifo === true) {
    p.add(`deadLetterQueue ${deadLetterQueue.node.path} is a FIFO queue; ${engine} dead-letter queues must be standard SQS queues (${engine} DeadLetterConfig)`);
  }
  if (description !== undefined && !Token.isUnresolved(description) && description.length > SCHEDULE_LIMITS.description.max) {
    p.add(`description is ${description.length} characters; the limit is ${SCHEDULE_LIMITS.description.max} (${engine} Description)`);
  }
  // aws-cdk-lib's Scheduler and EventBridge targets check these at synth, and take a deploy-time value's placeholder number for it.
  const use = `aws-cdk-lib's ${engine} target checks it at synth`;
  p.knownAtSynth('retryAttempts', `${engine} RetryPolicy.MaximumRetryAttempts`, retryAttempts, use);
  p.knownAtSynth('maxEventAge', `${engine} RetryPolicy.MaximumEventAgeInSeconds`, maxEventAge, use);
  if (retryAttempts !== undefined && !Token.isUnresolved(retryAttempts)) {
    const { min, max } = SCHEDULE_LIMITS.retryAttempts;
    if (!Number.isInteger(retryAttempts) || retryAttempts < min || retryAttempts > max) {
      p.add(`retryAttempts ${retryAttempts} is out of range ${min}–${max} (${engine} RetryPolicy.MaximumRetryAttempts)`);
    }
  }
  if (maxEventAge !== undefined && !maxEventAge.isUnresolved()) {
    const { min, max } = SCHEDULE_LIMITS.maxEventAgeSeconds;
    const seconds = maxEventAge.toMilliseconds() / 1000;
    if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
      p.add(`maxEventAge ${seconds} seconds is out of range ${min}–${max} seconds, in whole seconds (${engine} RetryPolicy.MaximumEventAgeInSeconds)`);
    }
  }
}

/** Checks a flexible window: whole minutes within 1–1440. */
export function checkFlexibleWindow(p: Checks, window: Duration | undefined): void {
  p.knownAtSynth('flexibleWindow', `${SCHEDULER} FlexibleTimeWindow.MaximumWindowInMinutes`, window, "aws-cdk-lib's schedule checks it at synth");
  if (window === undefined || window.isUnresolved()) return;
  const { min, max } = SCHEDULE_LIMITS.flexibleWindowMinutes;
  const minutes = window.toMilliseconds() / 60000;
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
    p.add(`flexibleWindow ${minutes} minutes is out of range ${min}–${max} minutes, in whole minutes (${SCHEDULER} FlexibleTimeWindow.MaximumWindowInMinutes)`);
  }
}

/**
 * Checks a time zone against the IANA time zone database of the Node.js running the synth
 * (ICU's, the database EventBridge Scheduler's `ScheduleExpressionTimezone` takes names from);
 * the message suggests the closest canonical name from `Intl.supportedValuesOf('timeZone')`.
 */
export function checkTimeZone(p: Checks, timeZone: TimeZone | undefined): void {
  if (timeZone === undefined || Token.isUnresolved(timeZone.timezoneName)) return;
  const name = timeZone.timezoneName;
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  // ICU takes names in any case; the time zone database (and so the Scheduler) spells them one way.
  const wrongCase = resolved !== undefined && resolved !== name && resolved.toLowerCase() === name.toLowerCase();
  if (resolved === undefined || wrongCase) {
    const near = wrongCase ? resolved : closestTimeZone(name);
    p.add(`timeZone '${name}' is not an IANA time zone name${near ? `; did you mean ${near}?` : ''} (${SCHEDULER} ScheduleExpressionTimezone)`);
  }
}

function closestTimeZone(name: string): string | undefined {
  const lower = name.toLowerCase();
  const zones = Intl.supportedValuesOf('timeZone');
  const sameCity = zones.find((z) => z.toLowerCase() === lower);
  if (sameCity) return sameCity;
  const area = lower.split('/')[0];
  return zones.filter((z) => z.toLowerCase().startsWith(`${area}/`))
    .map((z) => ({ z, d: letterDistance(lower, z.toLowerCase()) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d)[0]?.z;
}

function letterDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** Warning id for a start or end date of a recurring schedule already past at synth. */
export const SCHEDULE_DATE_PAST_WARNING = 'schedule-date-past';

/**
 * Warns of dates of a recurring schedule already past at synth. EventBridge Scheduler refuses to
 * create a schedule whose EndDate is past (CreateSchedule EndDate), or whose StartDate is earlier
 * than 5 minutes before the call ("The StartDate you specify cannot be earlier than 5 minutes ago.",
 * the ValidationException of CreateSchedule as reported in getmoto/moto#8172, which reproduces it).
 * A warning, not an error: a date that was in the future when the schedule was deployed is past at
 * every synth after it, and CloudFormation does not call the API for a schedule whose properties
 * are unchanged, so an error would refuse every later deployment of the app (an unrelated fix too)
 * until the code is changed.
 */
export function checkPastDates(p: Checks, on: IConstruct, startDate: Date | undefined, endDate: Date | undefined): void {
  const now = new Date();
  if (endDate !== undefined && endDate.getTime() <= now.getTime()) {
    p.warn(on, SCHEDULE_DATE_PAST_WARNING, `endDate ${endDate.toISOString()} is already past at synth (${now.toISOString()}): the schedule runs no more, ` +
      `and ${SCHEDULER} refuses to create a schedule whose EndDate is past (a deployed one stays as it is): remove the schedule, or give a later endDate ` +
      `(${SCHEDULER} EndDate)`);
  }
  if (startDate !== undefined && startDate.getTime() < now.getTime()) {
    p.warn(on, SCHEDULE_DATE_PAST_WARNING, `startDate ${startDate.toISOString()} is already past at synth (${now.toISOString()}): ${SCHEDULER} refuses a ` +
      'StartDate more than 5 minutes old when it creates the schedule (a deployed one stays as it is): for a new schedule give a future date; ' +
      `once the schedule has started, leave startDate out (${SCHEDULER} StartDate)`);
  }
}

/** Checks that a date is a real date; returns false when it is not. */
export function checkDate(p: Checks, name: string, date: Date | undefined): boolean {
  if (date === undefined) return true;
  if (Number.isNaN(date.getTime())) {
    p.add(`${name} is an invalid Date`);
    return false;
  }
  return true;
}
