import { BadInput } from './bad-input';
import { CODE_ROWS } from './rows/code';
import { IMAGE_ROWS } from './rows/image';
import { IO_EDGES, IO_ROWS } from './rows/io';
import { PLATFORM_ROWS } from './rows/platform';
import { TASK_EDGES, TASK_ROWS } from './rows/task';

/**
 * The catalogue of bad input: every invalid configuration must fail at synth with exactly this
 * message (which names the construct path, the field, the value and the limit), and every
 * configuration at a limit must pass.
 */
const ROWS: BadInput[] = [...TASK_ROWS, ...IO_ROWS, ...CODE_ROWS, ...IMAGE_ROWS, ...PLATFORM_ROWS];
const EDGES = [...TASK_EDGES, ...IO_EDGES];

function errorOf(build: () => unknown): string | undefined {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

describe('bad-input catalogue', () => {
  test.each(ROWS.map((r) => [r.category, r.name, r] as const))('%s: %s', (_category, _name, row) => {
    expect(errorOf(row.build)).toBe(row.error);
  });

  test.each(EDGES.map((r) => [r.category, r.name, r] as const))('at the edge, %s: %s passes', (_category, _name, row) => {
    expect(errorOf(row.build)).toBeUndefined();
  });

  test('holds at least 60 invalid configurations, with unique names', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ROWS.map((r) => `${r.category}: ${r.name}`)).size).toBe(ROWS.length);
  });
});
