/**
 * From what the synths wrote and how long they took to the results of one `npm run bench`:
 * measurements per side and N, cells, ratios round by round, cost models, the per-job breakdown,
 * one executed scheduled run per side, and the verdicts. No I/O but reading the synths' outputs,
 * so that test/bench runs the same code on N = 1.
 */
import { cell, marginalByState, marginalByType, Measurement, ownWorkMs, pairedRatio, perJobSpan, sideModel, spread, Timing } from './analysis';
import { definitionStateSizes, stateMachineDefinitions } from './definition';
import { countTransitions, inputSentBy } from './execute';
import { BenchResults, RatioCell, TransitionResult } from './report';
import { StackRead } from './runs';
import { Side, SIDES } from './sides';
import { baselineTimings, RATIO_AT, SHARDED_N, timingKey, verdicts } from './targets';
import { scheduleTargets } from './template';

/** One (side, N, validation) the bench synthesizes in each round. */
export interface PlanEntry {
  readonly side: Side;
  readonly n: number;
  readonly validation: boolean;
  /**
   * A second synth of the same app in the round, timed against the first: the bench's noise floor
   * (what a ratio of two identical apps measures on this machine). @default false
   */
  readonly repeat?: boolean;
}

/** What one synth's templates cost (all its stacks, nested ones included), with its timings. */
export function measurementOf(side: Side, n: number, timings: Timing[], stacks: readonly StackRead[]): Measurement {
  const byType: Measurement['byType'] = {};
  for (const s of stacks) {
    for (const [type, c] of Object.entries(s.cost.byType)) {
      const e = byType[type] ?? { count: 0, bytes: 0 };
      byType[type] = { count: e.count + c.count, bytes: e.bytes + c.bytes };
    }
  }
  const sum = (get: (s: StackRead) => number) => stacks.reduce((acc, s) => acc + get(s), 0);
  return {
    side, n, timings, byType,
    resources: sum((s) => s.cost.resources), bytes: sum((s) => s.cost.bytes), minifiedBytes: sum((s) => s.cost.minifiedBytes),
    definitionBytes: sum((s) => s.definitionCost.totalBytes), s3DefinitionBytes: sum((s) => s.definitionCost.inS3Bytes),
    largestDefinitionBytes: Math.max(0, ...stacks.map((s) => s.definitionCost.largestBytes)),
    templates: stacks.map((s) => ({ file: s.file, nested: s.nested, resources: s.cost.resources, bytes: s.cost.bytes, largestDefinitionBytes: s.definitionCost.largestBytes })),
  };
}

/**
 * The measurements of every synth without validation that has an output in `assemblies` (keyed by `timingKey`). The
 * hand-written app's timings are those its ratios divide by: where it runs twice a round, each round's mean (`baselineTimings`).
 */
export function measurementsOf(plan: readonly PlanEntry[], timings: Record<string, Timing[]>, assemblies: ReadonlyMap<string, StackRead[]>): Measurement[] {
  return plan.filter((p) => !p.validation && !p.repeat && assemblies.has(timingKey(p.side, p.n)))
    .map((p) => measurementOf(p.side, p.n, p.side === 'baseline' ? baselineTimings(timings, p.n) : timings[timingKey(p.side, p.n)] ?? [],
      assemblies.get(timingKey(p.side, p.n))!));
}

/** Executes the state machine the first schedule of an app starts, with the input the schedule sends; undefined without a schedule. */
export async function scheduledRun(stacks: readonly StackRead[]): Promise<TransitionResult | undefined> {
  for (const stack of stacks) {
    const target = scheduleTargets(stack.template).find((t) => t.stateMachineLogicalId);
    if (!target) continue;
    const definition = stateMachineDefinitions(stack.template, stack.outdir)[target.stateMachineLogicalId!];
    const input = inputSentBy(target);
    const run = await countTransitions(definition, input);
    if (run.status !== 'SUCCEEDED') throw new Error(`the run of ${target.stateMachineLogicalId} failed: ${run.error}`);
    if (run.requests.length !== 1) throw new Error(`the run of ${target.stateMachineLogicalId} sent ${run.requests.length} CreateProcessingJob requests, expected 1`);
    return { transitions: run.transitions, statesEntered: run.statesEntered, status: run.status, input, jobName: run.requests[0].ProcessingJobName };
  }
  return undefined;
}

/** One scheduled run of each side, from its synth at N = 10 (else N = 1). */
export async function scheduledRuns(assemblies: ReadonlyMap<string, StackRead[]>): Promise<BenchResults['transitions']> {
  const out: BenchResults['transitions'] = {};
  for (const side of SIDES) {
    const stacks = assemblies.get(timingKey(side, 10)) ?? assemblies.get(timingKey(side, 1));
    if (stacks) out[side] = await scheduledRun(stacks);
  }
  return out;
}

/** Everything a bench run gathered, for `benchResults`. */
export interface Gathered extends Pick<BenchResults, 'machine' | 'runner' | 'rounds' | 'quick' | 'transitions' | 'limitCheck' | 'failures' | 'exampleApp' | 'validatorCost' | 'benchSeconds'> {
  readonly plan: readonly PlanEntry[];
  /** Timings by `timingKey`. */
  readonly timings: Record<string, Timing[]>;
  /** The templates of one synth without validation of each (side, N), by `timingKey`. */
  readonly assemblies: ReadonlyMap<string, StackRead[]>;
  readonly budgetS: number;
}

export function benchResults(g: Gathered): BenchResults {
  const measurements = measurementsOf(g.plan, g.timings, g.assemblies);
  const of = (side: Side) => measurements.filter((m) => m.side === side).sort((a, b) => a.n - b.n);
  const bySide = <T>(f: (side: Side) => T) => Object.fromEntries(SIDES.map((side) => [side, f(side)])) as Record<Side, T>;
  const ratios: RatioCell[] = [];
  for (const { side, n, validation, repeat } of g.plan) {
    if (side === 'baseline' || repeat) continue;
    const library = g.timings[timingKey(side, n, validation)] ?? [];
    const baseline = baselineTimings(g.timings, n, validation);
    const wall = pairedRatio(library, baseline);
    const ownWork = validation ? pairedRatio(library, baseline, ownWorkMs) : undefined;
    if (wall) ratios.push({ side, n, validation, wall, ...(ownWork ? { ownWork } : {}) });
  }
  const sharedSpan = perJobSpan(of('shared'));
  const sizesOf = (n: number) => (g.assemblies.get(timingKey('shared', n)) ?? []).flatMap((s) => Object.values(s.definitions))
    .map((d) => definitionStateSizes(JSON.parse(d.text)))
    .reduce((acc, x) => {
      for (const [k, v] of Object.entries(x)) acc[k] = { type: v.type, count: (acc[k]?.count ?? 0) + v.count, bytes: (acc[k]?.bytes ?? 0) + v.bytes };
      return acc;
    }, {} as Record<string, { type: string; count: number; bytes: number }>);
  const sharedDefinitions = (g.assemblies.get(timingKey('shared', 1)) ?? []).flatMap((s) => Object.values(s.definitions));
  const sharded = g.failures[timingKey('shared', SHARDED_N)];
  const t = g.transitions;
  return {
    date: new Date().toISOString(),
    machine: g.machine, runner: g.runner, rounds: g.rounds, quick: g.quick,
    cells: bySide((side) => of(side).map((m) => cell(m, of(side).find((x) => x.n === 1)))),
    withValidation: bySide((side) => RATIO_AT.filter((n) => g.timings[timingKey(side, n, true)]?.length).map((n) => {
      const ts = g.timings[timingKey(side, n, true)];
      return {
        n, wall: spread(ts.map((x) => x.wallMs / 1000)), cpu: spread(ts.map((x) => x.cpuMs / 1000)),
        validator: spread(ts.map((x) => (x.validatorMs ?? 0) / 1000)), ownWork: spread(ts.map((x) => ownWorkMs(x) / 1000)),
      };
    })),
    ratios,
    noiseFloor: g.plan.filter((p) => p.repeat).flatMap(({ side, n }) => {
      const wall = pairedRatio(g.timings[timingKey(side, n, false, true)] ?? [], g.timings[timingKey(side, n)] ?? []);
      return wall ? [{ side, n, wall }] : [];
    }),
    models: bySide((side) => sideModel(of(side))),
    byType: bySide((side) => { const span = perJobSpan(of(side)); return span ? marginalByType(span.low, span.high) : []; }),
    sharedByState: sharedSpan ? marginalByState(sizesOf(1), 1, sizesOf(sharedSpan.high.n), sharedSpan.high.n) : [],
    sharedDefinitionLocation: sharedDefinitions.length === 1 ? sharedDefinitions[0].location : undefined,
    transitions: t, limitCheck: g.limitCheck, failures: g.failures, exampleApp: g.exampleApp, validatorCost: g.validatorCost,
    verdicts: verdicts({
      timings: g.timings, measurements,
      transitions: { baseline: t.baseline?.transitions, standalone: t.standalone?.transitions, shared: t.shared?.transitions },
      shardedUnavailable: sharded === undefined ? undefined : `its synth failed: ${sharded}`,
      benchS: g.benchSeconds, budgetS: g.budgetS,
    }),
    benchSeconds: g.benchSeconds,
  };
}
