/**
 * A run's scheduled time as a person types it. It decides the run's `dt=` output partition (the
 * UTC date), so nothing is guessed: a time must carry its zone (`Z` or an offset) — read in the
 * machine's local zone, `2026-11-20T00:30:00` would be the 19th in Berlin and the 20th in London —
 * and a date that does not exist (`2026-02-30`) is refused instead of rolling over into March, as
 * `Date.parse` would. A date alone (`2026-11-20`) is that day at 00:00 UTC, the partition it names.
 */
import { CliError } from './errors';

const FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EXAMPLE = 'such as 2026-11-20T02:00:00Z, 2026-11-20T03:00:00+01:00 or 2026-11-20';

/**
 * The time in UTC without zero milliseconds (`2026-11-20T02:00:00Z`), or a one-line error that
 * names `what` (the option or field) and the value.
 */
export function parseScheduledTime(value: string, what = '--scheduled-time'): string {
  const m = FORM.exec(value.trim());
  if (!m) throw new CliError(`${what} '${value}': expected an ISO 8601 time with a zone, ${EXAMPLE}`);
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) throw new CliError(`${what} '${value}': there is no month ${mo}`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) throw new CliError(`${what} '${value}': ${y}-${mo}-${d} is not a date (${MONTHS[month - 1]} ${year} has ${days} days)`);
  if (h === undefined) return `${y}-${mo}-${d}T00:00:00Z`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) throw new CliError(`${what} '${value}': ${h}:${mi}${s ? `:${s}` : ''} is not a time of day`);
  if (zone === undefined) {
    throw new CliError(`${what} '${value}': give the time zone — ${value}Z for UTC, or an offset such as ${value}+01:00 ` +
      '(without one the run\'s date would depend on the time zone of this machine)');
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const [, sign, oh, om] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(oh) > 23 || Number(om) > 59) throw new CliError(`${what} '${value}': ${zone} is not a UTC offset`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s ?? 0), ms) - offsetMinutes * 60_000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}
