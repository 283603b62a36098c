/**
 * From raw measurements to the numbers of the table: per-N cells, per-side cost models (linear
 * fits of resources, bytes and synth time in N), the per-type marginal cost, and the verdicts
 * against the issue's targets. Pure functions, tested in test/bench.
 */
import {
  bindingLimit, curvature, largestFitting, LimitFit, LinearFit, linearFit, marginal, MAX_DEFINITION_BYTES, MAX_STACK_RESOURCES, MAX_TEMPLATE_BYTES,
  median, ratio, verdict, Verdict,
} from './stats';
import { TypeCost } from './template';

export type Side = 'baseline' | 'library';

/** Every run of one app at one N, and what its template costs (the same in every run). */
export interface Measurement {
  readonly side: Side;
  readonly n: number;
  /** Wall time of each run (child process start to exit), ms. */
  readonly wallMs: number[];
  /** CPU time (user + system) of each run, ms. */
  readonly cpuMs: number[];
  /** Peak RSS of each run, KiB. */
  readonly maxRssKb: number[];
  readonly resources: number;
  readonly bytes: number;
  /** The template without indentation (`suppressTemplateIndentation`). */
  readonly minifiedBytes: number;
  readonly byType: Record<string, TypeCost>;
  /** Bytes of all the stack's state machine definitions, as Step Functions receives them. */
  readonly definitionBytes: number;
  /** Bytes of its largest definition (Step Functions' limit is per state machine). */
  readonly largestDefinitionBytes: number;
  /** Bytes of the definitions kept in S3 rather than in the template (part of `definitionBytes`). */
  readonly s3DefinitionBytes: number;
}

/** One side at one N, as the table shows it. */
export interface Cell {
  readonly n: number;
  /** Median wall time, s. */
  readonly wallS: number;
  /** Median CPU time, s. */
  readonly cpuS: number;
  /** Largest peak RSS over the runs, MB (10^6 bytes). */
  readonly rssMb: number;
  readonly resources: number;
  readonly resourcesPerJob: number;
  /** (R(N) − R(1)) / (N − 1); undefined at N = 1. */
  readonly marginalResources?: number;
  readonly kb: number;
  readonly kbPerJob: number;
  /** (B(N) − B(1)) / (N − 1) in KB (10^3 bytes); undefined at N = 1. */
  readonly marginalKb?: number;
  /** The same, without indentation (`suppressTemplateIndentation`). */
  readonly marginalMinifiedKb?: number;
  /** All the state machine definitions, KB, as Step Functions receives them. */
  readonly definitionKb: number;
  /** The largest definition, KB. */
  readonly largestDefinitionKb: number;
  /** (D(N) − D(1)) / (N − 1) of all definitions, KB; undefined at N = 1. */
  readonly marginalDefinitionKb?: number;
  /**
   * What each further job adds to the template and to the definitions kept in S3 together, KB
   * (a definition inline in the template is already in the template's bytes); undefined at N = 1.
   */
  readonly marginalDeployedKb?: number;
}

export function cell(m: Measurement, at1: Measurement | undefined): Cell {
  const hasMarginal = at1 !== undefined && m.n > 1;
  return {
    n: m.n,
    wallS: median(m.wallMs) / 1000,
    cpuS: median(m.cpuMs) / 1000,
    rssMb: Math.max(...m.maxRssKb) * 1024 / 1e6,
    resources: m.resources,
    resourcesPerJob: m.resources / m.n,
    marginalResources: hasMarginal ? marginal(at1.resources, m.resources, m.n) : undefined,
    kb: m.bytes / 1000,
    kbPerJob: m.bytes / 1000 / m.n,
    marginalKb: hasMarginal ? marginal(at1.bytes, m.bytes, m.n) / 1000 : undefined,
    marginalMinifiedKb: hasMarginal ? marginal(at1.minifiedBytes, m.minifiedBytes, m.n) / 1000 : undefined,
    definitionKb: m.definitionBytes / 1000,
    largestDefinitionKb: m.largestDefinitionBytes / 1000,
    marginalDefinitionKb: hasMarginal ? marginal(at1.definitionBytes, m.definitionBytes, m.n) / 1000 : undefined,
    marginalDeployedKb: hasMarginal ? marginal(at1.bytes + at1.s3DefinitionBytes, m.bytes + m.s3DefinitionBytes, m.n) / 1000 : undefined,
  };
}

/** How one side's cost grows with N, and how many jobs one stack holds. */
export interface SideModel {
  readonly resources: LinearFit;
  readonly bytes: LinearFit;
  /** The largest definition's bytes against N. */
  readonly definition: LinearFit;
  /** Median wall time (ms) against N. */
  readonly wall: LinearFit;
  /** Median CPU time (ms) against N: what the synth itself costs, whatever else runs on the machine. */
  readonly cpu: LinearFit;
  /**
   * Slope of the last segment of the CPU time over the one before (1 = linear, > 1 = each job
   * costs more than the ones before); undefined with fewer than 3 N. CPU time, not wall time: on a
   * shared machine the wall time of one run can move by more than a whole segment's growth.
   */
  readonly cpuCurvature?: number;
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

export function sideModel(measurements: readonly Measurement[]): SideModel {
  const ms = [...measurements].sort((a, b) => a.n - b.n);
  const resources = linearFit(ms.map((m) => [m.n, m.resources] as const));
  const bytes = linearFit(ms.map((m) => [m.n, m.bytes] as const));
  const minified = linearFit(ms.map((m) => [m.n, m.minifiedBytes] as const));
  const wall = linearFit(ms.map((m) => [m.n, median(m.wallMs)] as const));
  const cpuPoints = ms.map((m) => [m.n, median(m.cpuMs)] as const);
  const cpu = linearFit(cpuPoints);
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
    resources, bytes, definition, wall, cpu,
    cpuCurvature: cpuPoints.length >= 3 ? curvature(cpuPoints) : undefined,
    maxJobsByResources, maxJobsByBytes, maxJobsByDefinition,
    maxJobs: binding.maxJobs,
    binding: binding.limit,
    maxJobsMinified: Math.min(maxJobsByResources, largestFitting(minified, MAX_TEMPLATE_BYTES), maxJobsByDefinition),
  };
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

/** Everything the verdicts need. */
export interface TargetInputs {
  /** N where both sides are compared (80). */
  readonly compareAt: number;
  readonly baselineAtCompare?: Cell;
  readonly libraryAtCompare?: Cell;
  /** The largest N measured for the library (240) and its cell. */
  readonly libraryAtMax?: Cell;
  readonly baselineModel?: SideModel;
  readonly libraryModel?: SideModel;
  /** library/baseline wall time at `compareAt` with aws-cdk-lib's template validation on, both sides. */
  readonly ratioWithValidation?: number;
  readonly libraryTransitions?: number;
  readonly directTransitions?: number;
  /** Median wall time of the example app's `npx cdk synth --quiet`, s. */
  readonly exampleSynthS?: number;
  /** Wall time of the whole `npm run bench`, s. */
  readonly benchS?: number;
}

const s = (v: number) => `${v.toFixed(2)} s`;
const x = (v: number) => `${v.toFixed(2)}×`;
const int = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : '∞');

/** The issue's targets, each with the measured value and PASS/FAIL. */
export function verdicts(t: TargetInputs): Verdict[] {
  const out: Verdict[] = [];
  out.push(verdict(`synth time library/baseline ≤ 1.2 at N = ${t.compareAt}`,
    t.libraryAtCompare && ratio(t.libraryAtCompare.wallS, t.baselineAtCompare?.wallS), '<=', 1.2,
    (v) => `${x(v)}${t.ratioWithValidation === undefined ? '' : ` (${x(t.ratioWithValidation)} with CDK's template validation on both sides)`}`));
  const c = t.libraryModel?.cpuCurvature;
  const lib = t.libraryModel;
  out.push(verdict('synth time linear in N (CPU time: last segment slope ≤ 1.5× the one before)', c, '<=', 1.5,
    (v) => `${v.toFixed(2)}× (slope ${lib ? `${lib.cpu.slope.toFixed(1)} ms CPU, ${lib.wall.slope.toFixed(1)} ms wall` : '?'} per job)`));
  out.push(verdict('≤ 2 resources per additional scheduled job (shared runner)', t.libraryAtMax?.marginalResources, '<=', 2,
    (v) => `${v.toFixed(2)} (N = ${t.libraryAtMax?.n})`));
  out.push(verdict('≥ 240 scheduled jobs in one stack (500 resources, 1 MB template, 1 MiB definition)', t.libraryModel?.maxJobs, '>=', 240,
    (v) => `${int(v)} (${t.libraryModel?.binding} limit)`));
  out.push(verdict('template bytes per job ≤ the baseline\'s (marginal)',
    t.libraryAtCompare?.marginalKb, '<=', t.baselineAtCompare?.marginalKb ?? NaN,
    (v) => `${v.toFixed(2)} KB vs ${t.baselineAtCompare?.marginalKb?.toFixed(2) ?? '?'} KB`));
  out.push(verdict('≤ 2 state transitions per successful scheduled run', t.libraryTransitions, '<=', 2, int));
  out.push(verdict('0 state transitions in direct mode', t.directTransitions, '<=', 0, int));
  out.push(verdict('example app `npx cdk synth --quiet` < 10 s', t.exampleSynthS, '<=', 10, s));
  out.push(verdict('`npm run bench` < 5 min', t.benchS, '<=', 300, s));
  return out;
}
