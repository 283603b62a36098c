import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { Checks } from '../../lib/api/checks';
import { JobRunTarget } from '../../lib/schedule/job-run-target';
import { objectCreatedSource } from '../../lib/schedule/trigger-sources';

/**
 * Whether a key matches one EventBridge string filter, as the EventBridge User Guide ("Content
 * filtering in event patterns") describes them: an exact value, `prefix`, `suffix`, or `wildcard`
 * (`*` any run of characters, `\*` and `\\` the characters themselves); a list matches when any matches.
 */
function matches(filters: unknown[], key: string): boolean {
  return filters.some((f) => {
    if (typeof f === 'string') return f === key;
    const filter = f as { prefix?: string; suffix?: string; wildcard?: string };
    if (filter.prefix !== undefined) return key.startsWith(filter.prefix);
    if (filter.suffix !== undefined) return key.endsWith(filter.suffix);
    let source = '';
    const wildcard = filter.wildcard!;
    for (let i = 0; i < wildcard.length; i++) {
      const escaped = wildcard[i] === '\\';
      if (escaped) i++;
      source += !escaped && wildcard[i] === '*' ? '.*' : wildcard[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return new RegExp(`^${source}$`, 's').test(key);
  });
}

function keyFilter(prefix: string | undefined, suffix: string | undefined): unknown[] {
  const stack = new Stack();
  const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'lake');
  const event = objectCreatedSource(bucket, { prefix, suffix }).render(new Checks('Test'), { scope: stack } as unknown as JobRunTarget);
  return stack.resolve((event.pattern.detail as { object: { key: unknown[] } }).object.key);
}

describe('an object-created trigger matches the keys that start with its prefix and end with its suffix, as S3 filters do', () => {
  test.each([
    ['exports/latest.csv', '.csv', 'exports/latest.csv'],
    ['raw/a.c', '.csv', 'raw/a.csv'],
    ['logs/', '/', 'logs/'],
  ])('prefix %s and suffix %s overlap in the key %s', (prefix, suffix, key) => {
    expect(matches(keyFilter(prefix, suffix), key)).toBe(true);
  });

  test('without overlap the filter is the one wildcard', () => {
    expect(keyFilter('raw/', '.csv')).toEqual([{ wildcard: 'raw/*.csv' }]);
  });

  test('for any prefix, suffix and key (fast-check)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '*', '\\'), minLength: 1, maxLength: 5 });
    fc.assert(fc.property(text, text, fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '*', '\\'), maxLength: 9 }), (prefix, suffix, key) => {
      const filters = keyFilter(prefix, suffix);
      expect(matches(filters, key)).toBe(key.startsWith(prefix) && key.endsWith(suffix));
      // keys built to have both, the shorter ones overlapping
      const built = [prefix + suffix, prefix + key + suffix, ...Array.from({ length: suffix.length }, (_, k) => prefix + suffix.slice(k))];
      for (const k of built) expect(matches(filters, k)).toBe(k.startsWith(prefix) && k.endsWith(suffix));
    }), { numRuns: 500 });
  });

  test('a prefix alone or a suffix alone keeps its own filter', () => {
    expect(keyFilter('raw/', undefined)).toEqual([{ prefix: 'raw/' }]);
    expect(keyFilter(undefined, '.csv')).toEqual([{ suffix: '.csv' }]);
  });
});
