/**
 * From raw measurements to the numbers of the table: timings with their spread, ratios of the
 * library's sides to the baseline, per-N cells, per-side cost models (linear fits of resources,
 * bytes and definition bytes in N, over the synths that made one stack) and the per-type marginal
 * cost. Pure functions, tested in test/bench; the targets are judged in targets.ts.
 */
import { Side } from './sides';
import {
  bindingLimit, largestFitting, LimitFit, LinearFit, linearFit, marginal, MAX_DEFINITION_BYTES, MAX_STACK_RESOURCES, MAX_TEMPLATE_BYTES, median,
} from './stats';
import { TypeCost } from './template';

/** One timed synth: the round it ran in (rounds interleave every side and N), its wall and CPU time and peak RSS. */
export interface Timing {
  readonly round: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  /** Of `wallMs`, aws-cdk-lib's template validation and the wait at exit it leaves (ChildResult's validatorMs + exitWaitMs); 0 without validation. */
  readonly validatorMs?: number;
}

/** What one template of a synth costs (a top-level stack's, or a nested stack's). */
export interface TemplateCostSummary {
  readonly file: string;
  readonly nested: boolean;
  readonly resources: number;
  readonly bytes: number;
  /** Bytes of its largest state machine definition, as Step Functions receives it (0 without one). */
  readonly largestDefinitionBytes: number;
}

/** Every run of one app at one N, and what its templates cost (the same in every run). */
export interface Measurement {
  readonly side: Side;
  readonly n: number;
  readonly timings: Timing[];
  /** Resources of all the app's templates. */
  readonly resources: number;
  /** Bytes of all the app's templates, as CDK writes them. */
  readonly bytes: number;
  /** The same without indentation (`suppressTemplateIndentation`). */
  readonly minifiedBytes: number;
  readonly byType: Record<string, TypeCost>;
  /** Bytes of all the state machine definitions, as Step Functions receives them. */
  readonly definitionBytes: number;
  /** Bytes of the largest definition (Step Functions' limit is per state machine). */
  readonly largestDefinitionBytes: number;
  /** Bytes of the definitions kept in S3 rather than in a template (part of `definitionBytes`). */
  readonly s3DefinitionBytes: number;
  /** Each template: one per stack, nested stacks' included. */
  readonly templates: TemplateCostSummary[];
}

/** A median with the smallest and largest value it is the median of. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}

/**
 * `library ÷ baseline` of the median wall times, with the spread of the same ratio taken round by
 * round (each round runs both sides one after the other, so a change of load on the machine hits
 * both): undefined without a run of both in some round.
 */
export function pairedRatio(library: readonly Timing[], baseline: readonly Timing[], of: (t: Timing) => number = (t) => t.wallMs): Spread | undefined {
  const perRound = roundRatios(library, baseline, of);
  if (perRound.length === 0) return undefined;
  return { median: median(library.map(of)) / median(baseline.map(of)), min: Math.min(...perRound), max: Math.max(...perRound), count: perRound.length };
}

/** A synth's wall time less aws-cdk-lib's template validation and the wait at exit it leaves: the app's own work, ms. */
export const ownWorkMs = (t: Timing): number => t.wallMs - (t.validatorMs ?? 0);

/** `library ÷ baseline` in each round that ran both, in the order of `library`'s runs. */
export function roundRatios(library: readonly Timing[], baseline: readonly Timing[], of: (t: Timing) => number = (t) => t.wallMs): number[] {
  const byRound = new Map(baseline.map((t) => [t.round, of(t)]));
  return library.filter((t) => byRound.has(t.round)).map((t) => of(t) / byRound.get(t.round)!);
}

/**
 * One timing a round for `series` measured in the same rounds (the baseline and its second synth at
 * the N the ratios are judged at): each round's mean wall and CPU time, so a ratio's denominator
 * carries half the variance of one synth's. A round only one series ran keeps that one's timing.
 */
export function roundMeans(...series: ReadonlyArray<readonly Timing[]>): Timing[] {
  const byRound = new Map<number, Timing[]>();
  for (const t of series.flat()) byRound.set(t.round, [...(byRound.get(t.round) ?? []), t]);
  return [...byRound].sort(([a], [b]) => a - b).map(([round, ts]) => ({
    round,
    wallMs: ts.reduce((sum, t) => sum + t.wallMs, 0) / ts.length,
    cpuMs: ts.reduce((sum, t) => sum + t.cpuMs, 0) / ts.length,
    maxRssKb: Math.max(...ts.map((t) => t.maxRssKb)),
    ...(ts.some((t) => t.validatorMs !== undefined) ? { validatorMs: ts.reduce((sum, t) => sum + (t.validatorMs ?? 0), 0) / ts.length } : {}),
  }));
}

/** Whether a measurement made one stack (no nested stacks): the per-job and per-stack numbers are read from those. */
export function oneStack(m: Pick<Measurement, 'templates'>): boolean {
  return m.templates.length === 1;
}

/** One side at one N, as the table shows it. */
export interface Cell {
  readonly n: number;
  readonly wall: Spread;
  readonly cpu: Spread;
  /**
   * What each further job adds to the synth wall time, ms: (T(N) − T(1)) / (N − 1) of the median
   * times (with the stacks and nested stacks N needs); undefined at N = 1. What is left of T(N) is
   * what every synth pays once (node, the loader, the modules it loads, the first run of their code).
   */
  readonly marginalWallMs?: number;
  /** Largest peak RSS over the runs, MB (10^6 bytes). */
  readonly rssMb: number;
  /** Templates: top-level stacks and nested stacks. */
  readonly templates: number;
  readonly resources: number;
  /** (R(N) − R(1)) / (N − 1); undefined at N = 1 or over several stacks. */
  readonly marginalResources?: number;
  readonly kb: number;
  /** The largest template, KB. */
  readonly largestTemplateKb: number;
  /** (B(N) − B(1)) / (N − 1) in KB (10^3 bytes); undefined at N = 1 or over several stacks. */
  readonly marginalKb?: number;
  /** The same, without indentation (`suppressTemplateIndentation`). */
  readonly marginalMinifiedKb?: number;
  /** All the state machine definitions, KB, as Step Functions receives them. */
  readonly definitionKb: number;
  /** The largest definition, KB. */
  readonly largestDefinitionKb: number;
  /** (D(N) − D(1)) / (N − 1) of all definitions, KB; undefined at N = 1 or over several stacks. */
  readonly marginalDefinitionKb?: number;
  /** What each further job adds to the template and to the definitions kept in S3 together, KB. */
  readonly marginalDeployedKb?: number;
}

export function cell(m: Measurement, at1: Measurement | undefined): Cell {
  const hasMarginal = at1 !== undefined && m.n > 1 && oneStack(m) && oneStack(at1);
  return {
    n: m.n,
    wall: spread(m.timings.map((t) => t.wallMs / 1000)),
    cpu: spread(m.timings.map((t) => t.cpuMs / 1000)),
    marginalWallMs: at1 !== undefined && m.n > 1 ? marginal(median(at1.timings.map((t) => t.wallMs)), median(m.timings.map((t) => t.wallMs)), m.n) : undefined,
    rssMb: Math.max(...m.timings.map((t) => t.maxRssKb)) * 1024 / 1e6,
    templates: m.templates.length,
    resources: m.resources,
    marginalResources: hasMarginal ? marginal(at1.resources, m.resources, m.n) : undefined,
    kb: m.bytes / 1000,
    largestTemplateKb: Math.max(...m.templates.map((t) => t.bytes)) / 1000,
    marginalKb: hasMarginal ? marginal(at1.bytes, m.bytes, m.n) / 1000 : undefined,
    marginalMinifiedKb: hasMarginal ? marginal(at1.minifiedBytes, m.minifiedBytes, m.n) / 1000 : undefined,
    definitionKb: m.definitionBytes / 1000,
    largestDefinitionKb: m.largestDefinitionBytes / 1000,
    marginalDefinitionKb: hasMarginal ? marginal(at1.definitionBytes, m.definitionBytes, m.n) / 1000 : undefined,
    marginalDeployedKb: hasMarginal ? marginal(at1.bytes + at1.s3DefinitionBytes, m.bytes + m.s3DefinitionBytes, m.n) / 1000 : undefined,
  };
}

/** How one side's cost grows with N in one stack, and how many jobs one stack holds. */
export interface SideModel {
  readonly resources: LinearFit;
  readonly bytes: LinearFit;
  /** The largest definition's bytes against N. */
  readonly definition: LinearFit;
  /** The largest N under 500 resources. */
  readonly maxJobsByResources: number;
  /** The largest N under 1 MB of template. */
  readonly maxJobsByBytes: number;
  /** The largest N whose largest definition is under Step Functions' 1 MiB. */
  readonly maxJobsByDefinition: number;
  /** The largest N under all three limits. */
  readonly maxJobs: number;
  /** The limit that stops N first. */
  readonly binding: LimitFit['limit'];
  /** The largest N under all three limits with `suppressTemplateIndentation`. */
  readonly maxJobsMinified: number;
}

/** The cost model of one side from its one-stack measurements (at least two N); undefined with fewer. */
export function sideModel(measurements: readonly Measurement[]): SideModel | undefined {
  const ms = measurements.filter(oneStack).sort((a, b) => a.n - b.n);
  if (new Set(ms.map((m) => m.n)).size < 2) return undefined;
  const resources = linearFit(ms.map((m) => [m.n, m.resources] as const));
  const bytes = linearFit(ms.map((m) => [m.n, m.bytes] as const));
  const minified = linearFit(ms.map((m) => [m.n, m.minifiedBytes] as const));
  const definition = linearFit(ms.map((m) => [m.n, m.largestDefinitionBytes] as const));
  const maxJobsByResources = largestFitting(resources, MAX_STACK_RESOURCES);
  const maxJobsByBytes = largestFitting(bytes, MAX_TEMPLATE_BYTES);
  const maxJobsByDefinition = largestFitting(definition, MAX_DEFINITION_BYTES);
  const binding = bindingLimit([
    { limit: 'resources', maxJobs: maxJobsByResources },
    { limit: 'template', maxJobs: maxJobsByBytes },
    { limit: 'definition', maxJobs: maxJobsByDefinition },
  ]);
  return {
    resources, bytes, definition,
    maxJobsByResources, maxJobsByBytes, maxJobsByDefinition,
    maxJobs: binding.maxJobs,
    binding: binding.limit,
    maxJobsMinified: Math.min(maxJobsByResources, largestFitting(minified, MAX_TEMPLATE_BYTES), maxJobsByDefinition),
  };
}

/** The per-job cost of a side: from N = 1 to its largest one-stack N. */
export function perJobSpan(measurements: readonly Measurement[]): { low: Measurement; high: Measurement } | undefined {
  const ms = measurements.filter(oneStack).sort((a, b) => a.n - b.n);
  if (ms.length < 2 || ms[0].n !== 1) return undefined;
  return { low: ms[0], high: ms[ms.length - 1] };
}

/** What each resource type adds per job between two measurements of one side. */
export interface TypeMarginal {
  readonly type: string;
  readonly resourcesPerJob: number;
  readonly bytesPerJob: number;
  /** Resources of this type that do not grow with N (the count at N = 1 minus one job's share). */
  readonly fixed: number;
}

/** Per-type marginal cost from `low` to `high`, most bytes first. */
export function marginalByType(low: Measurement, high: Measurement): TypeMarginal[] {
  if (high.n <= low.n) throw new Error(`marginalByType needs a larger N second (got ${low.n} then ${high.n})`);
  const span = high.n - low.n;
  const types = new Set([...Object.keys(low.byType), ...Object.keys(high.byType)]);
  const out: TypeMarginal[] = [];
  for (const type of types) {
    const a = low.byType[type] ?? { count: 0, bytes: 0 };
    const b = high.byType[type] ?? { count: 0, bytes: 0 };
    const perJob = (b.count - a.count) / span;
    out.push({ type, resourcesPerJob: perJob, bytesPerJob: (b.bytes - a.bytes) / span, fixed: a.count - perJob * low.n });
  }
  return out.sort((x, y) => y.bytesPerJob - x.bytesPerJob || x.type.localeCompare(y.type));
}

/** What each state (per-job states keyed `<job>`) adds to a definition per job, most bytes first. */
export function marginalByState(
  low: Record<string, { type: string; count: number; bytes: number }>, lowN: number,
  high: Record<string, { type: string; count: number; bytes: number }>, highN: number,
): Array<{ state: string; type: string; bytesPerJob: number }> {
  const span = highN - lowN;
  const out: Array<{ state: string; type: string; bytesPerJob: number }> = [];
  for (const state of new Set([...Object.keys(low), ...Object.keys(high)])) {
    const bytesPerJob = ((high[state]?.bytes ?? 0) - (low[state]?.bytes ?? 0)) / span;
    if (bytesPerJob !== 0) out.push({ state, type: (high[state] ?? low[state]).type, bytesPerJob });
  }
  return out.sort((a, b) => b.bytesPerJob - a.bytesPerJob);
}
