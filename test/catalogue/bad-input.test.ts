import { BadInput } from './bad-input';
import { CODE_ROWS } from './rows/code';
import { IMAGE_ROWS } from './rows/image';
import { IO_EDGES, IO_ROWS } from './rows/io';
import { PLATFORM_ROWS } from './rows/platform';
import { PROCESSOR_ROWS } from './rows/processors';
import { RUN_ROWS } from './rows/run';
import { TASK_EDGES, TASK_ROWS } from './rows/task';
import { VALIDATION_ROWS } from './rows/validation';
import { WARNING_ROWS } from './rows/warnings';
import { EXECUTION_ROWS } from './rows/execution';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { completed, runLocally } from '../job/local-run';
import { nightlyJobStack } from '../job/stacks';
import { stateMachineDefinition } from '../util/definition';

/**
 * The catalogue of bad input: every invalid configuration must fail at synth with exactly this
 * message (which names the construct path, the field, the value and the limit), and every
 * configuration at a limit must pass.
 */
const ROWS: BadInput[] = [...TASK_ROWS, ...IO_ROWS, ...CODE_ROWS, ...IMAGE_ROWS, ...PROCESSOR_ROWS, ...RUN_ROWS, ...PLATFORM_ROWS, ...VALIDATION_ROWS];
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
    expect(errorOf(row.build)).toEqual(row.error);
  });

  test.each(WARNING_ROWS.map((r) => [r.category, r.name, r] as const))('warns, %s: %s', (_category, _name, row) => {
    const warnings = Annotations.fromStack(row.build()).findWarning('*', Match.anyValue()).map((w) => w.entry.data);
    expect(warnings).toEqual([row.warning]);
  });

  describe('execution input', () => {
    const definition = stateMachineDefinition(nightlyJobStack().stack);
    test.each(EXECUTION_ROWS.map((r) => [r.name, r] as const))('refuses %s', async (_name, row) => {
      const run = await runLocally(definition, row.input, { Run: completed });
      expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause: row.cause });
      expect(run.requests.Run).toBeUndefined();
    });
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
  const PLACE = /^(TestStack(\/[A-Za-z0-9._]+)+|ProcessingDefaults\.of\(TestStack\)|[A-Z][A-Za-z]+(\.[a-z][A-Za-z]*(\([^)]*\))?)?): \S/;
  test('every message starts with where the problem is', () => {
    const lines = ROWS.filter((r) => typeof r.error === 'string').flatMap((r) => r.error.split('\n').map((line) => ({ row: `${r.category} / ${r.name}`, line })));
    expect(lines.filter(({ line }) => !PLACE.test(line))).toEqual([]);
  });

  test('holds at least 250 rows (invalid configurations, warnings, execution inputs), with unique names', () => {
    expect(ROWS.length + WARNING_ROWS.length + EXECUTION_ROWS.length).toBeGreaterThanOrEqual(250);
    expect(new Set(ROWS.map((r) => `${r.category}: ${r.name}`)).size).toBe(ROWS.length);
  });
});
