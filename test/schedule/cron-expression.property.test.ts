import * as fc from 'fast-check';
import { Checks } from '../../lib/api/checks';
import { checkExpression } from '../../lib/schedule/expressions';
import { RULE, SCHEDULER } from '../../lib/schedule/validation';

/**
 * A reference of the cron expressions EventBridge Scheduler and EventBridge rules take, written from
 * the table of the EventBridge Scheduler User Guide ("Schedule types on EventBridge Scheduler", cron
 * expressions) and the EventBridge User Guide ("Creating a rule that runs on a schedule"): six
 * fields, their values and the wildcards each allows, and exactly one of day-of-month and
 * day-of-week `?`.
 */
interface Field {
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
  /** `/` allowed (not in day-of-week). */
  readonly steps: boolean;
  /** `?`, and `L` (and `W` in day-of-month, `#` in day-of-week) allowed. */
  readonly day?: 'month' | 'week';
}
const FIELDS: Field[] = [
  { min: 0, max: 59, steps: true },
  { min: 0, max: 23, steps: true },
  { min: 1, max: 31, steps: true, day: 'month' },
  { min: 1, max: 12, steps: true, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 1, max: 7, steps: false, day: 'week', names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { min: 1970, max: 2199, steps: true },
];

const isValue = (f: Field, v: string) => (/^\d+$/.test(v) && Number(v) >= f.min && Number(v) <= f.max) || (f.names?.includes(v.toUpperCase()) ?? false);

function isItem(f: Field, item: string): boolean {
  if (item === '*') return true;
  if (f.day === 'month' && (item === 'L' || item === 'LW')) return true;
  if (f.day === 'month' && /^\d+W$/.test(item)) return isValue(f, item.slice(0, -1));
  if (f.day === 'week' && item === 'L') return true;
  if (f.day === 'week' && item.endsWith('L')) return isValue(f, item.slice(0, -1));
  if (f.day === 'week' && item.includes('#')) {
    const [day, nth] = item.split('#');
    return isValue(f, day) && /^[1-5]$/.test(nth);
  }
  const [range, step, ...more] = item.split('/');
  if (more.length > 0) return false;
  if (step !== undefined && (!f.steps || !/^\d+$/.test(step) || Number(step) < 1)) return false;
  if (range === '*') return step !== undefined;
  const bounds = range.split('-');
  return bounds.length <= 2 && bounds.every((b) => isValue(f, b));
}

function referenceAccepts(body: string): boolean {
  const parts = body.split(' ');
  if (parts.length !== 6) return false;
  const fieldsOk = parts.every((part, i) => (part === '?' ? FIELDS[i].day !== undefined : part.split(',').every((item) => isItem(FIELDS[i], item))));
  return fieldsOk && (parts[2] === '?') !== (parts[4] === '?');
}

const ATOMS = ['*', '?', 'L', 'LW', 'W', '0', '1', '5', '7', '12', '15', '23', '24', '31', '32', '59', '60', '1969', '1970', '2199', '2200',
  'MON', 'fri', 'JAN', 'dec', 'FOO', '#', '-', '/', '5W', '5L', 'MON#2', '3#6', '1-5', 'JAN-MAR', 'MON-FRI', '*/5', '0/15', '10-20/2', '/5', '5/', ''];
const atom = fc.constantFrom(...ATOMS);
const field = fc.oneof(atom, fc.array(atom, { minLength: 2, maxLength: 3 }).map((a) => a.join(',')));
const body = fc.array(field, { minLength: 5, maxLength: 7 }).map((parts) => parts.join(' '));

describe('cron expressions are checked as the AWS documentation describes them (fast-check against a reference)', () => {
  test.each([SCHEDULER, RULE])('%s', (engine) => {
    fc.assert(fc.property(body, (text) => {
      const p = new Checks('Test');
      expect([text, checkExpression(p, `cron(${text})`, engine)]).toEqual([text, referenceAccepts(text)]);
    }), { numRuns: 3000 });
  });
});
