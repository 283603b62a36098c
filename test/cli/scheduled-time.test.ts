import { parseScheduledTime } from '../../cli/src/scheduled-time';

describe('a scheduled time as a person types it', () => {
  test.each([
    ['2026-11-20T02:00:00Z', '2026-11-20T02:00:00Z'],
    ['2026-11-20T02:00Z', '2026-11-20T02:00:00Z'],
    ['2026-11-20 02:00:00z', '2026-11-20T02:00:00Z'],
    ['2026-11-20T01:30:00+02:00', '2026-11-19T23:30:00Z'],
    ['2026-11-19T22:30:00-0300', '2026-11-20T01:30:00Z'],
    ['2026-11-20T02:00:00.250Z', '2026-11-20T02:00:00.250Z'],
    ['2026-11-20', '2026-11-20T00:00:00Z'],
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00Z'],
  ])('%s is %s (UTC)', (value, utc) => {
    expect(parseScheduledTime(value)).toBe(utc);
  });

  test.each([
    ['2026-02-30T02:00:00Z', "--scheduled-time '2026-02-30T02:00:00Z': 2026-02-30 is not a date (February 2026 has 28 days)"],
    ['2026-04-31', "--scheduled-time '2026-04-31': 2026-04-31 is not a date (April 2026 has 30 days)"],
    ['2026-13-01', "--scheduled-time '2026-13-01': there is no month 13"],
    ['2026-11-20T24:00:00Z', "--scheduled-time '2026-11-20T24:00:00Z': 24:00:00 is not a time of day"],
    ['2026-11-20T02:00:00+25:00', "--scheduled-time '2026-11-20T02:00:00+25:00': +25:00 is not a UTC offset"],
    ['2026-11-20T00:30:00', "--scheduled-time '2026-11-20T00:30:00': give the time zone — 2026-11-20T00:30:00Z for UTC, or an offset such as " +
      "2026-11-20T00:30:00+01:00 (without one the run's date would depend on the time zone of this machine)"],
    ['yesterday', "--scheduled-time 'yesterday': expected an ISO 8601 time with a zone, such as 2026-11-20T02:00:00Z, 2026-11-20T03:00:00+01:00 or 2026-11-20"],
  ])('%s is refused', (value, message) => {
    expect(() => parseScheduledTime(value)).toThrow(message);
  });

  test('the time without a zone does not depend on the machine\'s zone: refused under TZ=Europe/Berlin too', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      expect(() => parseScheduledTime('2026-11-20T00:30:00')).toThrow(/give the time zone/);
      expect(parseScheduledTime('2026-11-20T00:30:00+01:00')).toBe('2026-11-19T23:30:00Z');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
