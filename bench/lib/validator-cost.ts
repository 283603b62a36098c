/**
 * The fixed cost of aws-cdk-lib's built-in template validation, measured apart from any app (bench/apps/validator-cost.ts),
 * and what it leaves of a validation-on ratio: with F seconds of every validation-on synth the same on every side, a ratio
 * R against a baseline of B seconds asks the app's own work for at most (R·B − F) / (B − F) of the baseline's.
 */
import type { ValidatorCostResult } from '../apps/validator-cost';
import { Spread, spread } from './analysis';
import { ROOT, RUNNER, sh } from './runs';

/** The validator's cost over several runs, seconds. */
export interface ValidatorCost {
  readonly version: string;
  /** The template validated: the hand-written app's at this N. */
  readonly n: number;
  readonly loadS: Spread;
  readonly engineS: Spread;
  readonly firstTemplateS: Spread;
  readonly againS: Spread;
  /** The wait at exit for V8's background compilation of the engine (see ValidatorCostResult.exitWaitMs). */
  readonly exitWaitS: Spread;
  /** What does not depend on the app: loading, constructing the engine, the first validation's time over a second one and the wait at exit. */
  readonly fixedS: Spread;
}

/** Runs bench/apps/validator-cost.ts `runs` times on `templateFile` (each its own process). */
export async function measureValidatorCost(templateFile: string, n: number, runs: number): Promise<ValidatorCost> {
  const results: ValidatorCostResult[] = [];
  const [node, ...flags] = [process.execPath, ...RUNNER.split(' ').slice(1)];
  for (let i = 0; i < runs; i++) {
    const run = await sh(node, [...flags, 'bench/apps/validator-cost.ts', templateFile], {});
    const line = run.stdout.split('\n').find((l) => l.startsWith('VALIDATOR_COST '));
    if (run.code !== 0 || !line) throw new Error(`validator cost: the measurement failed in ${ROOT}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
    results.push(JSON.parse(line.slice('VALIDATOR_COST '.length)) as ValidatorCostResult);
  }
  const s = (get: (r: ValidatorCostResult) => number) => spread(results.map((r) => get(r) / 1000));
  return {
    version: results[0].version, n,
    loadS: s((r) => r.loadMs), engineS: s((r) => r.engineMs), firstTemplateS: s((r) => r.firstTemplateMs), againS: s((r) => r.againMs),
    exitWaitS: s((r) => r.exitWaitMs),
    fixedS: s((r) => r.loadMs + r.engineMs + Math.max(0, r.firstTemplateMs - r.againMs) + r.exitWaitMs),
  };
}

/**
 * The largest ratio of the app's own work (its validation-on time less the fixed cost) to the baseline's that still meets
 * `limit`, for a baseline of `baselineS` seconds; undefined when the fixed cost alone is the baseline's whole time.
 */
export function ownWorkRatioFor(limit: number, baselineS: number, fixedS: number): number | undefined {
  return baselineS > fixedS ? (limit * baselineS - fixedS) / (baselineS - fixedS) : undefined;
}
