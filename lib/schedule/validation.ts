import { Duration, Token } from 'aws-cdk-lib';
import { JobStartOptions } from './job-start-options';

/**
 * Limits of the schedule and rule APIs, as data.
 *
 * Sources: EventBridge Scheduler API reference, CreateSchedule (`Description` ≤ 512,
 * `FlexibleTimeWindow.MaximumWindowInMinutes` 1–1440, `RetryPolicy.MaximumRetryAttempts` 0–185,
 * `RetryPolicy.MaximumEventAgeInSeconds` 60–86400); EventBridge API reference, PutRule
 * (`Description` ≤ 512) and PutTargets (`RetryPolicy`, the same ranges).
 */
export const SCHEDULE_LIMITS = {
  description: { max: 512 },
  flexibleWindowMinutes: { min: 1, max: 1440 },
  retryAttempts: { min: 0, max: 185 },
  maxEventAgeSeconds: { min: 60, max: 86400 },
} as const;

/** The two engines, as named in messages. */
export const SCHEDULER = 'EventBridge Scheduler';
export const RULE = 'EventBridge rule';

/** Collects problems, each a sentence starting with the construct path; throws them all at once. */
export class Problems {
  public readonly messages: string[] = [];
  constructor(public readonly path: string) {}

  add(message: string): void {
    this.messages.push(`${this.path}: ${message}`);
  }

  throwIfAny(): void {
    if (this.messages.length > 0) throw new Error(this.messages.join('\n'));
  }
}

/** Checks the options every schedule and trigger shares. `engine` names the API in messages. */
export function checkStartOptions(p: Problems, options: JobStartOptions, engine: string): void {
  const { description, retryAttempts, maxEventAge } = options;
  if (description !== undefined && !Token.isUnresolved(description) && description.length > SCHEDULE_LIMITS.description.max) {
    p.add(`description is ${description.length} characters; the limit is ${SCHEDULE_LIMITS.description.max} (${engine} Description)`);
  }
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
export function checkFlexibleWindow(p: Problems, window: Duration | undefined): void {
  if (window === undefined || window.isUnresolved()) return;
  const { min, max } = SCHEDULE_LIMITS.flexibleWindowMinutes;
  const minutes = window.toMilliseconds() / 60000;
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
    p.add(`flexibleWindow ${minutes} minutes is out of range ${min}–${max} minutes, in whole minutes (${SCHEDULER} FlexibleTimeWindow.MaximumWindowInMinutes)`);
  }
}

/** Checks that a date is a real date; returns false when it is not. */
export function checkDate(p: Problems, name: string, date: Date | undefined): boolean {
  if (date === undefined) return true;
  if (Number.isNaN(date.getTime())) {
    p.add(`${name} is an invalid Date`);
    return false;
  }
  return true;
}
