import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { JobSchedule, JobTrigger } from '../../lib';
import { newTarget } from './target-double';

type Binding = { _bind(target: any, id: string): unknown };

const S = 'Jobs/Nightly/S: ';
const SCHEDULER_TZ = TimeZone.EUROPE_LONDON;
/** Every minute and every hour as lists: a cron expression of 245 characters with its other fields '*'. */
const EVERY_MINUTE = Array.from({ length: 60 }, (_, i) => i).join(',');
const EVERY_HOUR = Array.from({ length: 24 }, (_, i) => i).join(',');
const LAKE = s3.Bucket.fromBucketName(new Stack(), 'Lake', 'raw-data');

/** [case, what to bind, exact error]. Every schedule or trigger is bound as `S` on a job with prefix `nightly-features`. */
const cases: Array<[string, () => Binding, string]> = [
  // cron fields
  ['cron hour out of range', () => JobSchedule.cron({ minute: '0', hour: '25' }),
    `${S}cron hour '25' is invalid: 25 is out of range 0–23 (EventBridge Scheduler cron field 2, hours)`],
  ['cron minute in a list out of range', () => JobSchedule.cron({ minute: '0,60' }),
    `${S}cron minute '0,60' is invalid: 60 is out of range 0–59 (EventBridge Scheduler cron field 1, minutes)`],
  ['cron without minute', () => JobSchedule.cron({ hour: '2' }),
    `${S}cron minute is missing: without it the job would start every minute of the matching hours; give minute: '0' (or minute: '*' if every minute is meant)`],
  ['cron day and weekDay', () => JobSchedule.cron({ minute: '0', day: '1', weekDay: 'MON' }),
    `${S}cron day '1' and weekDay 'MON' are both given; give one (leave the other out, or '?')`],
  ['cron weekDay step', () => JobSchedule.cron({ minute: '0', weekDay: '2/3' }),
    `${S}cron weekDay '2/3' is invalid: '/' is not allowed in day-of-week (EventBridge Scheduler cron field 5, day-of-week)`],
  ['cron month name', () => JobSchedule.cron({ minute: '0', month: 'FOO' }),
    `${S}cron month 'FOO' is invalid: 'FOO' is not a month value (1–12 or JAN–DEC) (EventBridge Scheduler cron field 4, month)`],
  ['cron year', () => JobSchedule.cron({ minute: '0', year: '1969' }),
    `${S}cron year '1969' is invalid: 1969 is out of range 1970–2199 (EventBridge Scheduler cron field 6, year)`],
  ['cron weekDay nth', () => JobSchedule.cron({ minute: '0', weekDay: 'MON#6' }),
    `${S}cron weekDay 'MON#6' is invalid: '#6' must be #1–#5 (EventBridge Scheduler cron field 5, day-of-week)`],
  ['cron ? in hours', () => JobSchedule.cron({ minute: '0', hour: '?' }),
    `${S}cron hour '?' is invalid: '?' is only allowed in day-of-month and day-of-week (EventBridge Scheduler cron field 2, hours)`],
  // raw expressions
  ['raw cron with both day fields', () => JobSchedule.expression('cron(0 2 * * * *)'),
    `${S}expression 'cron(0 2 * * * *)' has day-of-month '*' and day-of-week '*'; exactly one of them must be '?' (EventBridge Scheduler cron expression)`],
  ['raw cron with 4 fields', () => JobSchedule.expression('cron(0 2 * *)'),
    `${S}expression 'cron(0 2 * *)' has 4 fields; a cron expression has 6: minutes hours day-of-month month day-of-week year (EventBridge Scheduler cron expression)`],
  ['raw cron with a bad field', () => JobSchedule.expression('cron(0 2 32 * ? *)'),
    `${S}expression 'cron(0 2 32 * ? *)' has an invalid day-of-month field '32': 32 is out of range 1–31 (EventBridge Scheduler cron expression, field 3)`],
  ['raw rate of 0', () => JobSchedule.expression('rate(0 minutes)'),
    `${S}expression 'rate(0 minutes)' must be rate(<positive whole number> <minute(s)|hour(s)|day(s)>) (EventBridge Scheduler rate expression)`],
  ['raw rate in weeks', () => JobSchedule.expression('rate(1 week)'),
    `${S}expression 'rate(1 week)' must be rate(<positive whole number> <minute(s)|hour(s)|day(s)>) (EventBridge Scheduler rate expression)`],
  ['not an expression', () => JobSchedule.expression('every day'),
    `${S}expression 'every day' must be cron(...), rate(...) or at(...) (EventBridge Scheduler schedule expression)`],
  ['raw at on 30 February', () => JobSchedule.expression('at(2027-02-30T00:00:00)'),
    `${S}expression 'at(2027-02-30T00:00:00)' must be at(yyyy-mm-ddThh:mm:ss) with a real date and time (EventBridge Scheduler one-time schedule)`],
  ['cron of long lists over 256 characters', () => JobSchedule.cron({ minute: EVERY_MINUTE, hour: EVERY_HOUR, year: '2026,2027,2028' }),
    `${S}expression 'cron(${EVERY_MINUTE} ${EVERY_HOUR} * * ? 2026,2027,2028)' is 258 characters; EventBridge Scheduler takes at most 256 (ScheduleExpression): ` +
    'use ranges (1-5) or steps (*/5) for long lists'],
  ['rule cron over 256 characters', () => JobSchedule.rule(events.Schedule.expression(`cron(${EVERY_MINUTE} ${EVERY_HOUR} * * ? 2026,2027,2028)`)),
    `${S}expression 'cron(${EVERY_MINUTE} ${EVERY_HOUR} * * ? 2026,2027,2028)' is 258 characters; EventBridge rule takes at most 256 (ScheduleExpression): ` +
    'use ranges (1-5) or steps (*/5) for long lists'],
  // rate, at
  ['rate of 90 seconds', () => JobSchedule.rate(Duration.seconds(90)),
    `${S}rate interval 90 seconds must be a whole number of minutes, at least 1 (EventBridge Scheduler rate expression)`],
  ['rate with a time zone', () => JobSchedule.rate(Duration.hours(1), { timeZone: SCHEDULER_TZ }),
    `${S}timeZone Europe/London has no effect on a rate(...) schedule; remove it (a rate counts from startDate or deployment)`],
  ['at(Date) with a time zone', () => JobSchedule.at(new Date('2030-01-01T00:00:00Z'), { timeZone: SCHEDULER_TZ }),
    `${S}timeZone Europe/London cannot be used with JobSchedule.at(date): a Date is an absolute instant; use JobSchedule.expression('at(yyyy-mm-ddThh:mm:ss)', { timeZone }) for a wall-clock time in a time zone`],
  ['at with an invalid Date', () => JobSchedule.at(new Date('not a date')),
    `${S}at is an invalid Date`],
  ['at with start and end dates', () => JobSchedule.at(new Date('2030-01-01T00:00:00Z'), { startDate: new Date('2029-01-01T00:00:00Z') }),
    `${S}startDate and endDate do not apply to a one-time at(...) schedule; EventBridge Scheduler ignores them (EventBridge Scheduler StartDate/EndDate)`],
  // common options
  ['flexible window of 0 minutes', () => JobSchedule.rate(Duration.hours(1), { flexibleWindow: Duration.minutes(0) }),
    `${S}flexibleWindow 0 minutes is out of range 1–1440 minutes, in whole minutes (EventBridge Scheduler FlexibleTimeWindow.MaximumWindowInMinutes)`],
  ['flexible window of 25 hours', () => JobSchedule.rate(Duration.hours(1), { flexibleWindow: Duration.hours(25) }),
    `${S}flexibleWindow 1500 minutes is out of range 1–1440 minutes, in whole minutes (EventBridge Scheduler FlexibleTimeWindow.MaximumWindowInMinutes)`],
  ['186 retries', () => JobSchedule.rate(Duration.hours(1), { retryAttempts: 186 }),
    `${S}retryAttempts 186 is out of range 0–185 (EventBridge Scheduler RetryPolicy.MaximumRetryAttempts)`],
  ['-1 retries', () => JobSchedule.rate(Duration.hours(1), { retryAttempts: -1 }),
    `${S}retryAttempts -1 is out of range 0–185 (EventBridge Scheduler RetryPolicy.MaximumRetryAttempts)`],
  ['event age of 30 seconds', () => JobSchedule.rate(Duration.hours(1), { maxEventAge: Duration.seconds(30) }),
    `${S}maxEventAge 30 seconds is out of range 60–86400 seconds, in whole seconds (EventBridge Scheduler RetryPolicy.MaximumEventAgeInSeconds)`],
  ['event age of 25 hours', () => JobSchedule.rate(Duration.hours(1), { maxEventAge: Duration.hours(25) }),
    `${S}maxEventAge 90000 seconds is out of range 60–86400 seconds, in whole seconds (EventBridge Scheduler RetryPolicy.MaximumEventAgeInSeconds)`],
  ['end before start', () => JobSchedule.rate(Duration.hours(1), { startDate: new Date('2027-06-01T00:00:00Z'), endDate: new Date('2027-01-01T00:00:00Z') }),
    `${S}endDate 2027-01-01T00:00:00.000Z must be after startDate 2027-06-01T00:00:00.000Z (EventBridge Scheduler StartDate/EndDate)`],
  ['scheduledTime override on a schedule', () => JobSchedule.rate(Duration.hours(1), { overrides: { scheduledTime: '2026-01-01T00:00:00Z' } }),
    `${S}overrides.scheduledTime '2026-01-01T00:00:00Z' cannot be set on a schedule: each run's scheduled time is the schedule's (<aws.scheduler.scheduled-time>)`],
  ['a 513-character description', () => JobSchedule.rate(Duration.hours(1), { description: 'd'.repeat(513) }),
    `${S}description is 513 characters; the limit is 512 (EventBridge Scheduler Description)`],
  // classic rules
  ['rule with a time zone', () => JobSchedule.rule(events.Schedule.cron({ minute: '0' }), { timeZone: SCHEDULER_TZ }),
    `${S}timeZone Europe/London is not supported by JobSchedule.rule(...): EventBridge rules run in UTC; use JobSchedule.cron(...) (EventBridge Scheduler) for a schedule in a time zone`],
  ['rule in direct mode', () => JobSchedule.rule(events.Schedule.rate(Duration.hours(1)), { direct: true }),
    `${S}direct mode is not possible on JobSchedule.rule(...): EventBridge rule targets cannot call CreateProcessingJob; use JobSchedule.cron/rate/expression/at (EventBridge Scheduler) with direct: true`],
  ['rule with a flexible window', () => JobSchedule.rule(events.Schedule.rate(Duration.hours(1)), { flexibleWindow: Duration.minutes(5) }),
    `${S}flexibleWindow is not supported by JobSchedule.rule(...): EventBridge rules have no flexibleWindow; use an EventBridge Scheduler schedule (JobSchedule.cron/rate/expression)`],
  ['rule with at(...)', () => JobSchedule.rule(events.Schedule.expression('at(2030-01-01T00:00:00)')),
    `${S}expression 'at(2030-01-01T00:00:00)': EventBridge rules have no one-time at(...) expressions; use JobSchedule.at(...) or JobSchedule.expression('at(...)') (EventBridge Scheduler)`],
  ['rule rate with a plural unit for 1', () => JobSchedule.rule(events.Schedule.expression('rate(1 hours)')),
    `${S}expression 'rate(1 hours)' must use the singular unit for 1 and the plural unit otherwise, e.g. rate(1 hour), rate(2 hours) (EventBridge rule rate expression)`],
  ['rule with 200 retries', () => JobSchedule.rule(events.Schedule.rate(Duration.hours(1)), { retryAttempts: 200 }),
    `${S}retryAttempts 200 is out of range 0–185 (EventBridge rule RetryPolicy.MaximumRetryAttempts)`],
  // several problems at once
  ['every problem at once', () => JobSchedule.cron({ minute: '61', hour: '2', retryAttempts: 500, flexibleWindow: Duration.seconds(30) }),
    `${S}cron minute '61' is invalid: 61 is out of range 0–59 (EventBridge Scheduler cron field 1, minutes)\n` +
    `${S}retryAttempts 500 is out of range 0–185 (EventBridge Scheduler RetryPolicy.MaximumRetryAttempts)\n` +
    `${S}flexibleWindow 0.5 minutes is out of range 1–1440 minutes, in whole minutes (EventBridge Scheduler FlexibleTimeWindow.MaximumWindowInMinutes)`],
  // triggers
  ['S3 trigger with an empty prefix', () => JobTrigger.onObjectCreated(LAKE, { prefix: '' }),
    `${S}prefix is empty; leave it out to match every key`],
  ['S3 trigger input also in overrides.inputs', () => JobTrigger.onObjectCreated(LAKE, { input: 'raw', overrides: { inputs: { raw: 's3://x/y' } } }),
    `${S}overrides.inputs sets 'raw', which this trigger sets from the event; remove it from the overrides`],
  ['S3 trigger with the object key variable in overrides', () => JobTrigger.onObjectCreated(LAKE, { overrides: { environment: { PROCESSING_TRIGGER_OBJECT_KEY: 'x' } } }),
    `${S}overrides.environment sets 'PROCESSING_TRIGGER_OBJECT_KEY', which this trigger sets from the event; remove it from the overrides`],
  ['processing trigger without a prefix (matches itself)', () => JobTrigger.onProcessingJobStateChange(),
    `${S}onProcessingJobStateChange without jobNamePrefix matches every processing job, this job's own runs ('nightly-features-…') included: each run's end would start another run; give the upstream job's jobNamePrefix`],
  ['processing trigger on a prefix of its own prefix', () => JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'nightly' }),
    `${S}jobNamePrefix 'nightly' matches this job's own runs ('nightly-features-…'): each run's end would start another run; give the upstream job's jobNamePrefix`],
  ['processing trigger on a longer prefix of its own runs', () => JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'nightly-features-2026' }),
    `${S}jobNamePrefix 'nightly-features-2026' matches this job's own runs ('nightly-features-…'): each run's end would start another run; give the upstream job's jobNamePrefix`],
  ['SageMaker trigger with an invalid prefix', () => JobTrigger.onTrainingJobStateChange({ jobNamePrefix: 'bad_name' }),
    `${S}jobNamePrefix 'bad_name' must be 1–63 characters of [a-zA-Z0-9-] (it is matched against TrainingJobName)`],
  ['SageMaker trigger with no statuses', () => JobTrigger.onTrainingJobStateChange({ statuses: [] }),
    `${S}statuses is empty; give at least one`],
  ['Glue trigger without a job name', () => JobTrigger.onGlueJobStateChange({ jobName: '' }),
    `${S}jobName is 0 characters; it must be 1–255 (Glue Job Name)`],
  ['an empty custom pattern', () => JobTrigger.onEvent({}),
    `${S}the event pattern is empty; give at least one field to match (e.g. source and detailType)`],
  ['trigger with 200 retries', () => JobTrigger.onEvent({ source: ['my.app'] }, { retryAttempts: 200 }),
    `${S}retryAttempts 200 is out of range 0–185 (EventBridge rule RetryPolicy.MaximumRetryAttempts)`],
];

test.each(cases)('%s', (_name, make, message) => {
  const { target } = newTarget('nightly-features');
  expect(() => make()._bind(target, 'S')).toThrow(new Error(message));
});

test('a cron expression of exactly 256 characters binds (ScheduleExpression max 256)', () => {
  const { target } = newTarget('nightly-features');
  const options = { minute: EVERY_MINUTE, hour: EVERY_HOUR, month: '1-12', year: '2026,2027' };
  expect(events.Schedule.cron(options).expressionString).toHaveLength(256);
  expect(() => JobSchedule.cron(options)._bind(target, 'S')).not.toThrow();
  expect(() => JobSchedule.rule(events.Schedule.cron(options))._bind(newTarget('nightly-features').target, 'S')).not.toThrow();
});
