import { App, Stack } from 'aws-cdk-lib';
import { OutputPartitioning, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRunner, ProcessingOutput } from '../../lib';
import { stateMachineDefinition, stateMachineDefinitions } from '../util/definition';
import { completed, runLocally } from './local-run';
import { IMAGE_URI, nightlyJobStack } from './stacks';

/**
 * Malformed execution inputs, executed against a job's own runner and a shared runner: each must
 * end with `InvalidExecutionInput` and a cause that names the key at fault, start no job, and
 * never fail with `States.Runtime` (which cannot be caught and says nothing of the input).
 */

const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const vars = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, 'x']));

/** [the key the cause must name, the malformed value] per overridable key. */
const BAD_VALUES: Record<string, unknown[]> = {
  arguments: [5, 'x', {}, null, true, [], [1], ['a', 2], ['x'.repeat(257)], many(101, (i) => `a${i}`), [null], [[]], [{}], [true]],
  environment: [[], 'A=1', 5, null, true, { K: 1 }, { K: null }, { K: {} }, { K: [] }, { K: true }, { 'MY-VAR': 'x' }, { '1A': 'x' }, { '': 'x' },
    { ['A'.repeat(257)]: 'x' }, { K: 'x'.repeat(257) }, vars(98), vars(100), { PROCESSING_RUN_ID: 'x' }, { PROCESSING_SCHEDULED_TIME: 'x' }, { 'A B': 'x' }],
  instanceType: [4, null, true, [], {}, '', 'm5.xlarge', 'ml.m5.xlarg', 'ml.m5', 'ML.M5.XLARGE', 'ml.m5.xlarge ', 'ml..xlarge', ['ml.m5.large']],
  instanceCount: [0, -1, 2.5, 101, 1e9, '2', null, true, [], {}, [2], 0.5],
  inputs: [[], 's3://x/', 5, null, true, { raw: 5 }, { raw: null }, { raw: 'ftp://x/y' }, { raw: 'not-a-uri' }, { raw: '' }, { raw: 's3://my bucket/x/' },
    { raw: `s3://b/${'a'.repeat(1100)}` }, { unknown: 's3://b/x/' }, { raw: [] }, { raw: {} }, { raw: 's3://bucket$/x/' }],
  outputs: [[], 's3://x/', 5, null, true, { features: 5 }, { features: null }, { features: 'ftp://x/y/' }, { features: 'not-a-uri' }, { features: '' },
    { features: 's3://my bucket/x/' }, { other: 's3://b/x/' }, { features: 's3://b/no-slash' }, { features: [] }, { features: {} }],
  scheduledTime: [5, null, '', '2026-11-24', 'yesterday', '2026-13-01T00:00:00Z', '2026-11-24T25:00:00Z', '2026-11-24T02:00:00Z","LD_PRELOAD":"/tmp/x.so',
    [], {}, true, '2026-11-24 02:00:00', '2026-11-24T02:00:00+25:00'],
};

/** Inputs wrong as a whole: [what the cause must name, the input]. */
const BAD_SHAPES: Array<[string, unknown]> = [
  ['execution input', 'just a string'], ['execution input', 5], ['execution input', null], ['execution input', true], ['execution input', []],
  ['execution input', [{ instanceCount: 2 }]], ['__sentinel__', { __sentinel__: 1 }], ['instancetype', { instancetype: 'ml.m5.large' }],
  ['Environment', { Environment: {} }], ['extra', { extra: 1 }], ['run', { run: 5 }], ['run', { run: 'x' }], ['run', { run: [] }], ['run', { run: null }],
  ['extra', { run: {}, extra: 1 }], ['bogus', { run: { bogus: 1 } }], ['__sentinel__', { run: { __sentinel__: 0 } }],
];

/** Every malformed input of a runner (`job` names the job in a shared runner). */
function malformed(job?: string): Array<[string, string, unknown]> {
  const withJob = (input: Record<string, unknown>) => (job ? { job, ...input } : input);
  const cases: Array<[string, string, unknown]> = [];
  for (const [key, values] of Object.entries(BAD_VALUES)) {
    values.forEach((value, i) => {
      // Inputs and outputs are named one by one ("input 'raw' s3Uri …") when the map itself is an object.
      const names = key.replace(/^(input|output)s$/, '$1');
      cases.push([`${key} #${i} (overrides form)`, names, withJob({ [key]: value })]);
      // The run form a schedule sends, with the same bad value: a hand-made run form gets no shortcut.
      if (i % 2 === 0) cases.push([`${key} #${i} (run form)`, names, withJob({ run: { [key]: value } })]);
    });
  }
  for (const [i, [names, input]] of BAD_SHAPES.entries()) {
    const shaped = job && input !== null && typeof input === 'object' && !Array.isArray(input) ? { job, ...input } : input;
    cases.push([`shape #${i}`, names, shaped]);
  }
  return cases;
}

function expectRefused(run: Awaited<ReturnType<typeof runLocally>>, names: string, task: string): void {
  expect(run.error?.name).toBe('InvalidExecutionInput');
  expect(run.error?.cause).toContain(names);
  expect(run.requests[task]).toBeUndefined();
}

describe('malformed execution input, executed', () => {
  const own = stateMachineDefinition(nightlyJobStack().stack);
  const shared = (() => {
    const stack = new Stack(new App(), 'Platform');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'Alpha', {
      runner, image: ProcessingImage.fromRegistry(IMAGE_URI), arguments: ['--mode', 'full'], environment: { LOG_LEVEL: 'info' },
      processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://lake/raw/')],
      processingOutputs: [ProcessingOutput.toS3Uri('features', 's3://lake/features/')],
      outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    });
    new ProcessingJob(stack, 'Beta', { runner, image: ProcessingImage.fromRegistry(IMAGE_URI) });
    return Object.values(stateMachineDefinitions(stack))[0];
  })();
  const ownCases = malformed();
  const sharedCases = [
    ...malformed('Alpha'),
    ...([5, null, [], {}, 'Nope', 'alpha', true] as unknown[]).map((job, i) => [`job #${i}`, 'job', { job }] as [string, string, unknown]),
    ['no job', 'job', { instanceCount: 2 }] as [string, string, unknown],
  ];

  test('holds at least 200 malformed inputs over the two runners', () => {
    expect(ownCases.length + sharedCases.length).toBeGreaterThanOrEqual(200);
  });

  test.each(ownCases)('a job\'s own runner refuses %s', async (_name, names, input) => {
    expectRefused(await runLocally(own, input, { Run: completed }), names, 'Run');
  });

  test.each(sharedCases)('a shared runner refuses %s', async (_name, names, input) => {
    expectRefused(await runLocally(shared, input, { Run: completed }), names, 'Run');
  });

  test('an input of 256 KB is checked without any state holding more than the input', async () => {
    const input = { environment: { BIG: 'x'.repeat(262_000) } };
    const size = Buffer.byteLength(JSON.stringify(input));
    expect(size).toBeLessThanOrEqual(262_144);
    const run = await runLocally(own, input, { Run: completed });
    expect(run.error).toEqual({ name: 'InvalidExecutionInput', cause: 'environment variable BIG is 262000 characters; the limit is 256 (Environment)' });
    expect(run.largestStateData).toBe(size);
  });

  test('a scheduled time cannot add environment variables (no value is pasted into JSON text)', async () => {
    const run = await runLocally(own, { scheduledTime: '2026-11-24T02:00:00Z","LD_PRELOAD":"/tmp/x.so' }, { Run: completed });
    expect(run.error?.name).toBe('InvalidExecutionInput');
    const fine = await runLocally(own, { scheduledTime: '2026-11-24T02:00:00Z' }, { Run: completed });
    expect(Object.keys(fine.requests.Run[0].Environment).sort()).toEqual(['LOG_LEVEL', 'PROCESSING_RUN_ID', 'PROCESSING_SCHEDULED_TIME']);
  });
});
