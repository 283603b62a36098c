import { runName, runNameTime } from '../../lib/api/run-name';

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
