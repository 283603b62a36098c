import { RUN_NAME_SUFFIX_IAM_PATTERN, RUN_NAME_SUFFIX_LENGTH, runName, runNameTime } from '../../lib/api/run-name';

describe('runName', () => {
  test('follows <prefix>-<yyyyMMdd>-<HHmmss>-<8 hex> in UTC', () => {
    expect(runName('prep', new Date('2026-11-24T02:00:07.123Z'))).toMatch(/^prep-20261124-020007-[0-9a-f]{8}$/);
  });

  test('two names of the same second differ', () => {
    const now = new Date('2026-11-24T02:00:07Z');
    expect(runName('prep', now)).not.toEqual(runName('prep', now));
  });
});

describe('runNameTime', () => {
  test('the UTC time a name was given at, to the second', () => {
    expect(runNameTime(runName('prep-2', new Date('2026-11-24T02:00:07.123Z')))).toBe('2026-11-24T02:00:07Z');
  });

  test('a name of another scheme has none', () => {
    expect(runNameTime('prep-20261124-020007')).toBeUndefined();
    expect(runNameTime('prep-c0ffee00-1111-2222-3333-444455556666')).toBeUndefined();
  });
});

describe('the run suffix', () => {
  /** An IAM ARN pattern as a regular expression: `?` is one character, `*` any run of characters. */
  const iamPattern = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\?/g, '.').replace(/\*/g, '.*')}$`);

  test('the IAM pattern of a prefix matches its run names, and no name of a prefix that starts with it', () => {
    expect(RUN_NAME_SUFFIX_IAM_PATTERN).toBe('-????????-??????-????????');
    const names = iamPattern(`prep${RUN_NAME_SUFFIX_IAM_PATTERN}`);
    for (const at of ['2026-11-24T02:00:07.123Z', '1999-01-01T00:00:00Z', '2099-12-31T23:59:59.999Z']) {
      expect(runName('prep', new Date(at))).toMatch(names);
      expect(runName('prep-extra', new Date(at))).not.toMatch(names);
      expect(runName('prepare', new Date(at))).not.toMatch(names);
    }
  });

  test('is as long as the names it ends', () => {
    expect(runName('p', new Date('2026-11-24T02:00:07Z')).length).toBe(1 + RUN_NAME_SUFFIX_LENGTH);
    expect(RUN_NAME_SUFFIX_LENGTH).toBe(25);
  });
});
