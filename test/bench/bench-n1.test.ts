/**
 * `npm run bench` is not part of CI; this runs its analysis on N = 1 so that a change of the
 * library or of aws-cdk-lib that breaks the bench shows here: each app synthesized (in this
 * process, from the sources), its templates and definitions read, one scheduled run of each
 * executed, the results and verdicts computed and the report rendered. No timing is asserted: the
 * timings given are placeholders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../bench/apps/build';
import { CLI_DEFAULT_CONTEXT } from '../../bench/apps/child';
import { Timing } from '../../bench/lib/analysis';
import { BenchResults, renderReport } from '../../bench/lib/report';
import { benchResults, PlanEntry, scheduledRuns } from '../../bench/lib/results';
import { readAssembly, StackRead } from '../../bench/lib/runs';
import { Side, SIDES } from '../../bench/lib/sides';
import { timingKey } from '../../bench/lib/targets';

let tmp: string;
const assemblies = new Map<string, StackRead[]>();
let results: BenchResults;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-n1-'));
  for (const side of SIDES) {
    const outdir = path.join(tmp, side);
    const app = new App({ context: CLI_DEFAULT_CONTEXT, outdir, builtinCloudFormationValidation: false });
    buildApp(app, side, 1);
    const templateFiles = app.synth().stacks.map((s) => s.templateFile);
    assemblies.set(timingKey(side, 1), readAssembly({ outdir, result: { templateFiles, maxRssKb: 0, loadMs: 0, synthMs: 0, cpuMs: 0, libraryFrom: 'sources', validatorMs: 0, exitWaitMs: 0 } }));
  }
  const plan: PlanEntry[] = [...SIDES.map((side) => ({ side, n: 1, validation: false })), { side: 'baseline', n: 1, validation: false, repeat: true }];
  const placeholder: Timing[] = [{ round: 0, wallMs: 1, cpuMs: 1, maxRssKb: 1 }];
  // The hand-written app's second synth of the round: 3 ms, so that the round's baseline is their mean, 2 ms.
  const again: Timing[] = [{ round: 0, wallMs: 3, cpuMs: 3, maxRssKb: 1 }];
  results = benchResults({
    plan, assemblies, timings: { ...Object.fromEntries(SIDES.map((side) => [timingKey(side, 1), placeholder])), [timingKey('baseline', 1, false, true)]: again },
    transitions: await scheduledRuns(assemblies), failures: { [timingKey('shared', 1000)]: 'not run in the test' }, limitCheck: [],
    machine: { cpus: 1, cpuModel: 'test', memoryGb: 1, node: process.version, loadAverageBefore: [0, 0, 0], loadAverageAfter: [0, 0, 0] },
    runner: 'jest', rounds: { plain: 1, validation: 0 }, quick: true, benchSeconds: 1, budgetS: 900,
  });
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(SIDES)('the %s app at N = 1', (side: Side) => {
  test('is one stack with one schedule or rule that starts a state machine', () => {
    const stacks = assemblies.get(timingKey(side, 1))!;
    expect(stacks).toHaveLength(1);
    const [stack] = stacks;
    expect(stack.cost.resources).toBeGreaterThan(0);
    expect(Object.keys(stack.definitions)).toHaveLength(1);
    expect(results.cells[side]).toHaveLength(1);
    expect(results.cells[side][0]).toMatchObject({ n: 1, templates: 1, resources: stack.cost.resources });
  });

  test('one scheduled run, executed from the synthesized definition, succeeds and creates one job of bench-job-001', () => {
    const run = results.transitions[side]!;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.transitions).toBe(run.statesEntered.length);
    expect(run.jobName).toMatch(/bench-?job-?001/);
  });
});

test('where the hand-written app runs twice a round, its cell and the ratios use the mean of the two', () => {
  expect(results.cells.baseline[0].wall.median).toBe(0.002);
  expect(results.cells.shared[0].wall.median).toBe(0.001);
  expect(results.ratios.find((r) => r.side === 'shared' && r.n === 1)?.wall.median).toBe(0.5);
});

test('the shared runner keeps its definition in S3, the others in their templates', () => {
  expect(results.sharedDefinitionLocation).toBe('s3');
  expect(Object.values(assemblies.get(timingKey('standalone', 1))![0].definitions)[0].location).toBe('template');
});

test('the report shows every target with a result; those that need more N are not measured, and 1,000 jobs not available', () => {
  const report = renderReport(results);
  expect(results.verdicts).toHaveLength(16);
  for (const v of results.verdicts) expect(report).toContain(`| ${v.target} | ${v.measured} | ${v.spread ?? '–'} | ${v.status} |`);
  const byStatus = (status: string) => results.verdicts.filter((v) => v.status === status).map((v) => v.target);
  expect(byStatus('not available')).toEqual([
    'shared: 1000 jobs (nested stacks) synth ≤ 4× the time of 240, validation off',
    expect.stringMatching(/^shared: at 1000 jobs every template and definition < 80 %/),
  ]);
  expect(results.verdicts.filter((v) => v.target.startsWith('transitions per scheduled run')).map((v) => v.measured))
    .toEqual([String(results.transitions.shared!.transitions), String(results.transitions.standalone!.transitions)]);
  expect(report).toContain('| state transitions per scheduled run | – | 1 |');
  // The baseline's repeat is its noise floor, not a side: no measurement or ratio of its own.
  expect(results.noiseFloor).toEqual([{ side: 'baseline', n: 1, wall: { median: 3, min: 3, max: 3, count: 1 } }]);
  expect(results.cells.baseline).toHaveLength(1);
  expect(results.ratios.every((r) => r.side !== 'baseline')).toBe(true);
});
