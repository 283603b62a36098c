import { runName } from '../../lib/api/run-name';

describe('runName', () => {
  test('follows <prefix>-<yyyyMMdd>-<HHmmss>-<8 hex> in UTC', () => {
    expect(runName('prep', new Date('2026-11-24T02:00:07.123Z'))).toMatch(/^prep-20261124-020007-[0-9a-f]{8}$/);
  });

  test('two names of the same second differ', () => {
    const now = new Date('2026-11-24T02:00:07Z');
    expect(runName('prep', now)).not.toEqual(runName('prep', now));
  });
});
