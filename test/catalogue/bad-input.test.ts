import { BadInput } from './bad-input';
import { CODE_ROWS } from './rows/code';
import { IMAGE_ROWS } from './rows/image';
import { IO_EDGES, IO_ROWS } from './rows/io';
import { PLATFORM_ROWS } from './rows/platform';
import { PROCESSOR_ROWS } from './rows/processors';
import { RUN_ROWS } from './rows/run';
import { TASK_EDGES, TASK_ROWS } from './rows/task';

/**
 * The catalogue of bad input: every invalid configuration must fail at synth with exactly this
 * message (which names the construct path, the field, the value and the limit), and every
 * configuration at a limit must pass.
 */
const ROWS: BadInput[] = [...TASK_ROWS, ...IO_ROWS, ...CODE_ROWS, ...IMAGE_ROWS, ...PROCESSOR_ROWS, ...RUN_ROWS, ...PLATFORM_ROWS];
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

  /**
   * Where: the construct path (`TestStack/Job: …`), or, for a check made before there is a scope
   * (a constructor, a static factory, a policy), the class and method (`ScriptProcessor: …`,
   * `ProcessingCode.fromAsset: …`, `ProcessingDefaults.of(TestStack): …`). Each line of a message
   * that reports several problems says it again.
   */
  const PLACE = /^(TestStack\/[A-Za-z]+|ProcessingDefaults\.of\(TestStack\)|[A-Z][A-Za-z]+(\.[a-z][A-Za-z]*(\([^)]*\))?)?): \S/;
  test('every message starts with where the problem is', () => {
    const lines = ROWS.flatMap((r) => r.error.split('\n').map((line) => ({ row: `${r.category} / ${r.name}`, line })));
    expect(lines.filter(({ line }) => !PLACE.test(line))).toEqual([]);
  });

  test('holds at least 60 invalid configurations, with unique names', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ROWS.map((r) => `${r.category}: ${r.name}`)).size).toBe(ROWS.length);
  });
});
