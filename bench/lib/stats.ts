/**
 * The arithmetic of the benchmark's result table, kept free of I/O so that test/bench checks it on
 * fixed numbers: medians, least-squares lines, marginal costs, ratios, limits and verdicts.
 */

/** CloudFormation's resource quota per stack (aws-cdk-lib's `MAX_RESOURCES`, checked at synth). */
export const MAX_STACK_RESOURCES = 500;
/**
 * CloudFormation's template body limit for a template in S3 ("1 MB" in the CloudFormation quotas
 * page); aws-cdk-lib's Stack warns against the same number (`TEMPLATE_BODY_MAXIMUM_SIZE = 1e6`).
 */
export const MAX_TEMPLATE_BYTES = 1_000_000;
/**
 * Step Functions' limit on one state machine's definition, wherever CloudFormation took it from:
 * the Step Functions API Reference, CreateStateMachine, `definition`: "Length Constraints: Minimum
 * length of 1. Maximum length of 1048576"; the Step Functions service quotas list "Maximum size
 * of state machine definition: 1 MB" as a hard quota.
 */
export const MAX_DEFINITION_BYTES = 1_048_576;

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A least-squares line y = intercept + slope·x, with its coefficient of determination. */
export interface LinearFit {
  readonly intercept: number;
  readonly slope: number;
  /** R² (1 when every point is on the line; 1 too when all y are equal and the line is flat). */
  readonly r2: number;
}

/** Ordinary least squares over (x, y) points; needs at least two distinct x. */
export function linearFit(points: ReadonlyArray<readonly [number, number]>): LinearFit {
  const xs = new Set(points.map(([x]) => x));
  if (xs.size < 2) throw new Error(`a linear fit needs at least two distinct x values, got ${points.length} point(s)`);
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
    syy += (y - meanY) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const ssRes = points.reduce((s, [x, y]) => s + (y - (intercept + slope * x)) ** 2, 0);
  const r2 = syy === 0 ? 1 : 1 - ssRes / syy;
  return { intercept, slope, r2 };
}

/** The cost of each job after the first: (value(n) − value(1)) / (n − 1). */
export function marginal(valueAt1: number, valueAtN: number, n: number): number {
  if (n <= 1) throw new Error(`the marginal cost needs n > 1, got ${n}`);
  return (valueAtN - valueAt1) / (n - 1);
}

/** library / baseline, or undefined when there is no baseline value to divide by. */
export function ratio(library: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline === 0) return undefined;
  return library / baseline;
}

/**
 * The largest whole n with intercept + slope·n ≤ limit (a linear cost model of one stack); Infinity
 * when the cost does not grow with n and the fixed part fits, 0 when even that does not fit.
 */
export function largestFitting(fit: Pick<LinearFit, 'intercept' | 'slope'>, limit: number): number {
  if (fit.slope <= 0) return fit.intercept <= limit ? Infinity : 0;
  // A hair of tolerance so that an exact fit (e.g. 500 resources) is not lost to floating point.
  return Math.max(0, Math.floor((limit - fit.intercept) / fit.slope + 1e-9));
}

/** Rounds to `digits` decimals (for the JSON, so that it stays readable). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** One per-stack limit and the largest N under it. */
export interface LimitFit {
  readonly limit: 'resources' | 'template' | 'definition';
  readonly maxJobs: number;
}

/**
 * The largest N under every limit, and the limit that binds first (the first listed on a tie);
 * Infinity when no limit grows with N.
 */
export function bindingLimit(fits: readonly LimitFit[]): LimitFit {
  if (fits.length === 0) throw new Error('bindingLimit needs at least one limit');
  return fits.reduce((best, f) => (f.maxJobs < best.maxJobs ? f : best));
}

/** The per-stack limits a synthesized stack is over: `resources` (500), `template` (1 MB), `definition` (1 MiB, its largest state machine). */
export function limitsExceeded(resources: number, templateBytes: number, largestDefinitionBytes: number): Array<LimitFit['limit']> {
  const over: Array<LimitFit['limit']> = [];
  if (resources > MAX_STACK_RESOURCES) over.push('resources');
  if (templateBytes > MAX_TEMPLATE_BYTES) over.push('template');
  if (largestDefinitionBytes > MAX_DEFINITION_BYTES) over.push('definition');
  return over;
}
