import { Duration, Token, aws_events as events } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checks } from '../api/checks';
import { RULE, SCHEDULE_LIMITS, SCHEDULER } from './validation';

/**
 * Schedule expression checks, done at synth on concrete values (tokens are skipped).
 *
 * Facts: EventBridge Scheduler User Guide, "Schedule types on EventBridge Scheduler" (cron: six
 * fields `minutes hours day-of-month month day-of-week year` with their ranges and wildcards,
 * one of day-of-month / day-of-week must be `?`; rate: `rate(value unit)` with a positive value and
 * minute(s) | hour(s) | day(s); one-time: `at(yyyy-mm-ddThh:mm:ss)`), and the EventBridge User
 * Guide, "Creating a rule that runs on a schedule" (the same cron fields; a rate of 1 takes the
 * singular unit, larger values the plural; no `at`).
 */
interface CronField {
  /** The `events.CronOptions` key. */
  readonly option: string;
  /** The field's name in the AWS documentation. */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Whether `?` is allowed (day-of-month and day-of-week only). */
  readonly question?: boolean;
  /** Whether `/` steps are allowed (not in day-of-week). */
  readonly steps: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const CRON_FIELDS: readonly CronField[] = [
  { option: 'minute', label: 'minutes', min: 0, max: 59, steps: true },
  { option: 'hour', label: 'hours', min: 0, max: 23, steps: true },
  { option: 'day', label: 'day-of-month', min: 1, max: 31, question: true, steps: true },
  { option: 'month', label: 'month', min: 1, max: 12, names: MONTHS, steps: true },
  { option: 'weekDay', label: 'day-of-week', min: 1, max: 7, names: WEEK_DAYS, question: true, steps: false },
  { option: 'year', label: 'year', min: 1970, max: 2199, steps: true },
];

/** The expressions of valid cron options without tokens, by their fields: many jobs share a schedule (a nightly 02:00). */
const RENDERED_CRONS = new Map<string, string>();

/** Checks the fields of `JobSchedule.cron(...)` and renders the expression, or returns undefined. */
export function cronExpression(p: Checks, options: events.CronOptions): string | undefined {
  const values = options as { [option: string]: string | undefined };
  const fields = CRON_FIELDS.map((field) => values[field.option]);
  const key = fields.some((value) => value !== undefined && Token.isUnresolved(value)) ? undefined : JSON.stringify(fields);
  const rendered = key === undefined ? undefined : RENDERED_CRONS.get(key);
  if (rendered !== undefined) return rendered;
  let ok = true;
  CRON_FIELDS.forEach((field, i) => {
    const value = values[field.option];
    if (value === undefined || Token.isUnresolved(value)) return;
    const reason = cronFieldProblem(field, value);
    if (reason) {
      p.add(`cron ${field.option} '${value}' is invalid: ${reason} (${SCHEDULER} cron field ${i + 1}, ${field.label})`);
      ok = false;
    }
  });
  if (options.minute === undefined) {
    p.add(`cron minute is missing: without it the job would start every minute of the matching hours; give minute: '0' (or minute: '*' if every minute is meant)`);
    ok = false;
  }
  // '?' ("no specific value") in one day field is how AWS cron writes that the other names the days: taken as not given.
  const day = options.day === '?' ? undefined : options.day;
  const weekDay = options.weekDay === '?' ? undefined : options.weekDay;
  if (options.day === '?' && options.weekDay === '?') {
    p.add(`cron day and weekDay are both '?'; one of them must name the days (leave it out for every day) (${SCHEDULER} cron expression)`);
    ok = false;
  } else if (day !== undefined && weekDay !== undefined) {
    p.add(`cron day '${day}' and weekDay '${weekDay}' are both given; give one (leave the other out, or '?')`);
    ok = false;
  }
  if (!ok) return undefined;
  const expression = events.Schedule.cron({ ...options, day, weekDay }).expressionString;
  if (!checkExpression(p, expression, SCHEDULER)) return undefined;
  if (key !== undefined) RENDERED_CRONS.set(key, expression);
  return expression;
}

/** Renders `rate(...)` from a Duration: whole minutes, at least one. */
export function rateExpression(p: Checks, interval: Duration): string | undefined {
  if (interval.isUnresolved()) return events.Schedule.rate(interval).expressionString;
  const minutes = interval.toMilliseconds() / 60000;
  if (!Number.isInteger(minutes) || minutes < 1) {
    p.add(`rate interval ${interval.toMilliseconds() / 1000} seconds must be a whole number of minutes, at least 1 (${SCHEDULER} rate expression)`);
    return undefined;
  }
  return events.Schedule.rate(interval).expressionString;
}

/** Renders `at(...)` from a Date: its UTC time, to the second. */
export function atExpression(date: Date): string {
  return `at(${date.toISOString().slice(0, 19)})`;
}

/**
 * Checks a raw `cron(...)`, `rate(...)` or `at(...)` expression for the given engine; adds the
 * problems and returns whether it is valid. Tokens pass.
 */
export function checkExpression(p: Checks, expression: string, engine: string): boolean {
  if (Token.isUnresolved(expression)) return true;
  const before = p.messages.length;
  const where = `expression '${expression}'`;
  const cron = /^cron\((.*)\)$/.exec(expression);
  const rate = /^rate\((.*)\)$/.exec(expression);
  const at = /^at\((.*)\)$/.exec(expression);
  if (expression.length > SCHEDULE_LIMITS.expression.max) {
    p.add(`${where} is ${expression.length} characters; ${engine} takes at most ${SCHEDULE_LIMITS.expression.max} (ScheduleExpression): use ranges (1-5) or steps (*/5) for long lists`);
  }
  if (cron) {
    checkCronFields(p, where, cron[1], engine);
  } else if (rate) {
    checkRate(p, where, rate[1], engine);
  } else if (at) {
    if (engine === RULE) {
      p.add(`${where}: ${RULE}s have no one-time at(...) expressions; use JobSchedule.at(...) or JobSchedule.expression('at(...)') (${SCHEDULER})`);
    } else if (parseAt(at[1]) === undefined) {
      p.add(`${where} must be at(yyyy-mm-ddThh:mm:ss) with a real date and time (${engine} one-time schedule)`);
    }
  } else {
    p.add(`${where} must be cron(...), rate(...)${engine === SCHEDULER ? ' or at(...)' : ''} (${engine} schedule expression)`);
  }
  return p.messages.length === before;
}

/** The UTC time of `at(...)`'s literal (read as UTC), or undefined when it is not a real date. */
export function parseAt(literal: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(literal);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return same ? date : undefined;
}

function checkCronFields(p: Checks, where: string, body: string, engine: string): void {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== CRON_FIELDS.length) {
    p.add(`${where} has ${parts.length} fields; a cron expression has 6: minutes hours day-of-month month day-of-week year (${engine} cron expression)`);
    return;
  }
  parts.forEach((value, i) => {
    const field = CRON_FIELDS[i];
    const reason = cronFieldProblem(field, value);
    if (reason) p.add(`${where} has an invalid ${field.label} field '${value}': ${reason} (${engine} cron expression, field ${i + 1})`);
  });
  const [day, weekDay] = [parts[2], parts[4]];
  if ((day === '?') === (weekDay === '?')) {
    p.add(`${where} has day-of-month '${day}' and day-of-week '${weekDay}'; exactly one of them must be '?' (${engine} cron expression)`);
  }
}

function checkRate(p: Checks, where: string, body: string, engine: string): void {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m || Number(m[1]) < 1) {
    p.add(`${where} must be rate(<positive whole number> <minute(s)|hour(s)|day(s)>) (${engine} rate expression)`);
    return;
  }
  const plural = m[2].endsWith('s');
  if (engine === RULE && (Number(m[1]) === 1) === plural) {
    p.add(`${where} must use the singular unit for 1 and the plural unit otherwise, e.g. rate(1 hour), rate(2 hours) (${engine} rate expression)`);
  }
}

/** Why a cron field value is invalid, or undefined when it is valid. */
function cronFieldProblem(field: CronField, value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value === '?') return field.question ? undefined : `'?' is only allowed in day-of-month and day-of-week`;
  for (const part of value.split(',')) {
    const reason = cronPartProblem(field, part);
    if (reason) return reason;
  }
  return undefined;
}

function cronPartProblem(field: CronField, part: string): string | undefined {
  if (part === '*') return undefined;
  if (field.option === 'day') {
    if (part === 'L' || part === 'LW') return undefined;
    const weekday = /^(\d+)W$/.exec(part);
    if (weekday) return cronValueProblem(field, weekday[1]);
  }
  if (field.option === 'weekDay') {
    if (part === 'L') return undefined;
    const last = /^([A-Za-z0-9]+)L$/.exec(part);
    if (last) return cronValueProblem(field, last[1]);
    const nth = /^([A-Za-z0-9]+)#(\d+)$/.exec(part);
    if (nth) {
      const n = Number(nth[2]);
      return cronValueProblem(field, nth[1]) ?? (n >= 1 && n <= 5 ? undefined : `'#${nth[2]}' must be #1–#5`);
    }
  }
  const [range, step, ...rest] = part.split('/');
  if (step !== undefined) {
    if (!field.steps) return `'/' is not allowed in ${field.label}`;
    if (rest.length > 0 || !/^\d+$/.test(step) || Number(step) < 1) return `step '${step}' in '${part}' must be a positive whole number`;
    if (range === '*') return undefined;
  }
  const bounds = range.split('-');
  if (bounds.length > 2) return `'${range}' is not a value or a range a-b`;
  for (const bound of bounds) {
    const reason = cronValueProblem(field, bound);
    if (reason) return reason;
  }
  return undefined;
}

function cronValueProblem(field: CronField, value: string): string | undefined {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return n < field.min || n > field.max ? `${n} is out of range ${field.min}–${field.max}` : undefined;
  }
  if (field.names?.includes(value.toUpperCase())) return undefined;
  const names = field.names ? ` or ${field.names[0]}–${field.names[field.names.length - 1]}` : '';
  return `'${value}' is not a ${field.label} value (${field.min}–${field.max}${names})`;
}

/** Warning id for a valid schedule expression that can never start a run. */
const NEVER_FIRES_WARNING = 'schedule-never-fires';

/** A schedule's start and end dates, when it has them. */
export interface ScheduleDates {
  readonly startDate?: Date;
  readonly endDate?: Date;
}

/** Warns on `on` when a valid cron expression of a schedule or rule can never fire (`cronNeverFires`). */
export function warnIfNeverFires(p: Checks, on: IConstruct, expression: string, what: 'schedule' | 'rule', dates: ScheduleDates = {}): void {
  const never = cronNeverFires(expression, new Date(), dates);
  if (never) p.warn(on, NEVER_FIRES_WARNING, `expression '${expression}' can never fire: ${never}; the ${what} would deploy and never start a run`);
}

/** The most days each month has (February in a leap year). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The largest UTC offset (UTC+14): a year of a time zone begins and ends at most this far from the UTC year. */
const MAX_UTC_OFFSET_MS = 14 * 3600 * 1000;

/**
 * Why a valid cron expression can never fire, or undefined: every year it names is past at synth,
 * before the schedule's startDate or after its endDate (with a day's margin for the time zone), or
 * no month it names has a day it names (`30` of February). Only plain numbers, ranges and lists are
 * read; wildcards, steps and names may fire.
 */
function cronNeverFires(expression: string, now: Date, dates: ScheduleDates): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) return undefined;
  const [, , day, month, , year] = fields;
  const years = plainNumbers(year);
  if (years && Math.max(...years) < now.getUTCFullYear()) return `every year it names (${year}) is past`;
  const { startDate, endDate } = dates;
  if (years && startDate && Math.max(...years) < new Date(startDate.getTime() - MAX_UTC_OFFSET_MS).getUTCFullYear()) {
    return `every year it names (${year}) is before startDate ${startDate.toISOString()}`;
  }
  if (years && endDate && Math.min(...years) > new Date(endDate.getTime() + MAX_UTC_OFFSET_MS).getUTCFullYear()) {
    return `every year it names (${year}) is after endDate ${endDate.toISOString()}`;
  }
  const days = plainNumbers(day);
  const months = plainNumbers(month);
  if (days && months && months.every((m) => days.every((d) => d > MONTH_DAYS[m - 1]))) return `no month it names (${month}) has day ${day}`;
  return undefined;
}

/** The numbers of a field of plain numbers, ranges and lists (`2026`, `1-3,5`), or undefined. */
function plainNumbers(field: string): number[] | undefined {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(field)) return undefined;
  return field.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from] : Array.from({ length: Math.max(to - from + 1, 0) }, (_, i) => from + i);
  });
}
