/**
 * Issue 19's targets, each judged on what one `npm run bench` measured: the measured value, its
 * spread over the rounds where it has one, and PASS, FAIL or "not available" (the 1,000-job case
 * until a runner shards its jobs over nested stacks).
 */
import { Measurement, pairedRatio, perJobSpan, roundMeans, roundRatios, sideModel, Spread, Timing } from './analysis';
import { Side } from './sides';
import { MAX_DEFINITION_BYTES, MAX_STACK_RESOURCES, MAX_TEMPLATE_BYTES, marginal } from './stats';

/** The N the synth time ratios are judged at. */
export const RATIO_AT = [80, 240] as const;
/** The largest N: one stack with nested stacks (issue 19, item 3). */
export const SHARDED_N = 1000;
/** The share of each CloudFormation and Step Functions limit a nested stack may use at N = 1,000. */
export const SHARD_MARGIN = 0.8;

export type Status = 'PASS' | 'FAIL' | 'not available';

/** A target and where the measurement stands. */
export interface Verdict {
  readonly target: string;
  /** The measured value, or why there is none. */
  readonly measured: string;
  /**
   * The spread of the measured value over the rounds (`min–max`), when it has one; for a time
   * ratio, also how many rounds' own ratios are within the limit (see `roundsWithin`).
   */
  readonly spread?: string;
  readonly status: Status;
}

/**
 * The key of a (side, N, validation) timing series: `shared:80`, `shared:80:validation`; with
 * `repeat`, the series of the same app's second synth in each round (`baseline:80:again`).
 */
export function timingKey(side: Side, n: number, validation = false, repeat = false): string {
  return `${side}:${n}${validation ? ':validation' : ''}${repeat ? ':again' : ''}`;
}

/**
 * The hand-written app's timings a library side's ratio divides by: at (N, validation), with its
 * second synth of each round where the plan has one (`repeat`), each round's mean (`roundMeans`).
 */
export function baselineTimings(timings: Record<string, Timing[] | undefined>, n: number, validation = false): Timing[] {
  return roundMeans(timings[timingKey('baseline', n, validation)] ?? [], timings[timingKey('baseline', n, validation, true)] ?? []);
}

/** Everything the verdicts need. */
export interface TargetInputs {
  /** Timings by `timingKey`. */
  readonly timings: Record<string, Timing[]>;
  /** What each synth without validation produced (costs are the same in every round). */
  readonly measurements: readonly Measurement[];
  /** State transitions of one scheduled run, by side. */
  readonly transitions: Partial<Record<Side, number>>;
  /** Why the 1,000-job synth has no measurement (e.g. its synth failed), when it has none. */
  readonly shardedUnavailable?: string;
  /** Wall time of the whole `npm run bench`, s. */
  readonly benchS?: number;
  /** The bench's time budget, s. */
  readonly budgetS: number;
}

const x = (v: number) => `${v.toFixed(2)}×`;
const range = (s: Spread) => `${s.min.toFixed(2)}–${s.max.toFixed(2)} over ${s.count} round${s.count === 1 ? '' : 's'}`;
const judge = (value: number, op: '<=' | '>=', limit: number): Status => ((op === '<=' ? value <= limit : value >= limit) ? 'PASS' : 'FAIL');
const notMeasured = (target: string): Verdict => ({ target, measured: 'not measured', status: 'FAIL' });

/**
 * How many of the rounds' own ratios are within `limit` (at or under it), as the spread column
 * says it: `…; 2 of 5 within the limit`. A verdict this run settles has every round on its side;
 * when the rounds split, the median's PASS or FAIL is as much the machine's noise as the code's
 * (a sign test: were the true ratio at the limit, all 5 rounds would fall on one side of it only
 * 2 × 0.5⁵ ≈ 6 % of the time).
 */
export function roundsWithin(ratios: readonly number[], limit: number): string {
  return `${ratios.filter((r) => r <= limit).length} of ${ratios.length} within the limit`;
}
/** A time ratio's verdict: the medians' ratio against `limit`, with the rounds' spread and how many of them are within it. */
const timeRatio = (target: string, library: readonly Timing[], baseline: readonly Timing[], limit: number): Verdict => {
  const r = pairedRatio(library, baseline);
  return r
    ? { target, measured: x(r.median), spread: `${range(r)}; ${roundsWithin(roundRatios(library, baseline), limit)}`, status: judge(r.median, '<=', limit) }
    : notMeasured(target);
};

/** The issue's targets, in the order of the issue. */
export function verdicts(t: TargetInputs): Verdict[] {
  const out: Verdict[] = [];
  const of = (side: Side) => t.measurements.filter((m) => m.side === side);
  for (const [side, limit] of [['shared', 0.9], ['standalone', 1.0]] as const) {
    for (const n of RATIO_AT) {
      for (const validation of [false, true]) {
        const target = `synth time ${side} ÷ baseline ≤ ${limit.toFixed(1)} at N = ${n}, aws-cdk-lib validation ${validation ? 'on' : 'off'}`;
        out.push(timeRatio(target, t.timings[timingKey(side, n, validation)] ?? [], baselineTimings(t.timings, n, validation), limit));
      }
    }
  }

  const standalone = perJobSpan(of('standalone'));
  const perJobTarget = 'standalone: template per job ≤ 6.6 KB';
  out.push(standalone
    ? (() => {
      const kb = marginal(standalone.low.bytes, standalone.high.bytes, standalone.high.n) / 1000;
      return { target: perJobTarget, measured: `${kb.toFixed(2)} KB (N = 1 → ${standalone.high.n})`, status: judge(kb, '<=', 6.6) };
    })()
    : notMeasured(perJobTarget));
  const model = sideModel(of('standalone'));
  const perStackTarget = 'standalone: ≥ 82 jobs per stack (500 resources, 1 MB template, 1 MiB definition)';
  out.push(model
    ? { target: perStackTarget, measured: `${Number.isFinite(model.maxJobs) ? model.maxJobs : '∞'} (${model.binding} limit binds)`, status: judge(model.maxJobs, '>=', 82) }
    : notMeasured(perStackTarget));
  const shared = perJobSpan(of('shared'));
  const definitionTarget = 'shared: definition per job ≤ 1.5 KB';
  out.push(shared
    ? (() => {
      const kb = marginal(shared.low.definitionBytes, shared.high.definitionBytes, shared.high.n) / 1000;
      return { target: definitionTarget, measured: `${kb.toFixed(2)} KB (N = 1 → ${shared.high.n}, longest physical names)`, status: judge(kb, '<=', 1.5) };
    })()
    : notMeasured(definitionTarget));

  out.push(...shardedVerdicts(t, of('shared').find((m) => m.n === SHARDED_N)));

  for (const side of ['shared', 'standalone'] as const) {
    const target = `transitions per scheduled run ≤ 2 (${side})`;
    const v = t.transitions[side];
    out.push(v === undefined ? notMeasured(target) : { target, measured: String(v), status: judge(v, '<=', 2) });
  }
  const benchTarget = `\`npm run bench\` ≤ ${Math.round(t.budgetS / 60)} min on this machine`;
  out.push(t.benchS === undefined ? notMeasured(benchTarget) : { target: benchTarget, measured: `${Math.round(t.benchS)} s`, status: judge(t.benchS, '<=', t.budgetS) });
  return out;
}

/** The two 1,000-job targets: synth time against 240 jobs, and every nested template and definition under 80 % of its limit. */
function shardedVerdicts(t: TargetInputs, at1000: Measurement | undefined): Verdict[] {
  const timeTarget = `shared: ${SHARDED_N} jobs (nested stacks) synth ≤ 4× the time of 240, validation off`;
  const limitTarget = `shared: at ${SHARDED_N} jobs every template and definition < ${SHARD_MARGIN * 100} % of its limit ` +
    `(${MAX_STACK_RESOURCES * SHARD_MARGIN} resources, ${MAX_TEMPLATE_BYTES * SHARD_MARGIN / 1000} KB template, ${Math.floor(MAX_DEFINITION_BYTES * SHARD_MARGIN / 1024)} KiB definition)`;
  if (!at1000) {
    const why = `not available${t.shardedUnavailable ? `: ${t.shardedUnavailable}` : ''}`;
    return [{ target: timeTarget, measured: why, status: 'not available' }, { target: limitTarget, measured: why, status: 'not available' }];
  }
  const time = timeRatio(timeTarget, t.timings[timingKey('shared', SHARDED_N)] ?? [], t.timings[timingKey('shared', 240)] ?? [], 4);
  const worst = {
    resources: Math.max(...at1000.templates.map((s) => s.resources)) / MAX_STACK_RESOURCES,
    template: Math.max(...at1000.templates.map((s) => s.bytes)) / MAX_TEMPLATE_BYTES,
    definition: at1000.largestDefinitionBytes / MAX_DEFINITION_BYTES,
  };
  const highest = Math.max(worst.resources, worst.template, worst.definition);
  const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
  const limits: Verdict = {
    target: limitTarget,
    measured: `${at1000.templates.length} templates; at most ${pct(worst.resources)} of the resources, ${pct(worst.template)} of the template bytes, ` +
      `${pct(worst.definition)} of the definition bytes`,
    status: judge(highest, '<=', SHARD_MARGIN - 1e-9),
  };
  return [time, limits];
}
