/**
 * The results of one `npm run bench` (the shape of bench/results/latest.json) and the tables printed
 * from them (Markdown, so that docs/performance.md and the README can take them as they are).
 */
import { Cell, SideModel, Spread, TypeMarginal } from './analysis';
import { Side, SIDES } from './sides';
import { LimitFit } from './stats';
import { Verdict } from './targets';
import { ownWorkRatioFor, ValidatorCost } from './validator-cost';

export interface BenchResults {
  readonly date: string;
  readonly machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** How each app was run, e.g. `BENCH_SIDE=<side> node --import tsx bench/apps/app.ts`. */
  readonly runner: string;
  /** Rounds of the synths without and with aws-cdk-lib's validation. */
  readonly rounds: { plain: number; validation: number };
  readonly quick: boolean;
  /** Each side at each N, aws-cdk-lib's template validation off. */
  readonly cells: Record<Side, Cell[]>;
  /** The same synths with aws-cdk-lib's built-in CloudFormation template validation on (CDK_VALIDATION=true). */
  readonly withValidation: Record<Side, ValidationCell[]>;
  /** `side ÷ baseline` of the wall times, by side, N and validation, with the round-by-round spread. */
  readonly ratios: RatioCell[];
  /**
   * The same app synthesized twice in each round, second ÷ first (the plan's `repeat` entries): the
   * ratio two identical apps measure on this machine in this run, so a ratio's distance from its
   * limit can be read against it.
   */
  readonly noiseFloor: NoiseCell[];
  readonly models: Partial<Record<Side, SideModel>>;
  /** Each side's per-type marginal cost between N = 1 and its largest one-stack N. */
  readonly byType: Partial<Record<Side, TypeMarginal[]>>;
  /** What each state of the shared runner's definition adds per job (bytes as Step Functions receives it). */
  readonly sharedByState: Array<{ state: string; type: string; bytesPerJob: number }>;
  /** Where the shared runner keeps its definition (`s3`: a file asset, not in the template). */
  readonly sharedDefinitionLocation?: 'template' | 's3';
  readonly transitions: Partial<Record<Side, TransitionResult>> & { direct?: DirectResult };
  readonly limitCheck: LimitCheck[];
  /** Synths that failed, by `side:N[:validation]`, with the error. */
  readonly failures: Record<string, string>;
  readonly exampleApp?: ExampleAppResult;
  /** aws-cdk-lib's template validation measured apart from any app (not in `--quick`). */
  readonly validatorCost?: ValidatorCost;
  readonly verdicts: Verdict[];
  readonly benchSeconds: number;
}

export interface ValidationCell {
  readonly n: number;
  readonly wall: Spread;
  readonly cpu: Spread;
  /** Of the wall time, aws-cdk-lib's validation and the wait at exit it leaves, s. */
  readonly validator: Spread;
  /** The wall time less that: the app's own work, s. */
  readonly ownWork: Spread;
}

export interface RatioCell {
  readonly side: Side;
  readonly n: number;
  readonly validation: boolean;
  readonly wall: Spread;
  /** With validation: the same ratio of the wall times less aws-cdk-lib's validation (`ownWorkMs`), round by round. */
  readonly ownWork?: Spread;
}

export interface NoiseCell {
  readonly side: Side;
  readonly n: number;
  readonly wall: Spread;
}

export interface TransitionResult {
  readonly transitions: number;
  readonly statesEntered: string[];
  readonly status: string;
  /** The execution input used (what the schedule or rule sends). */
  readonly input: unknown;
  /** The ProcessingJobName the run requested. */
  readonly jobName?: string;
}

export interface DirectResult {
  readonly transitions: number;
  /** The schedule's target ARN as synthesized (resolved against us-east-1). */
  readonly targetArn: string;
  readonly stateMachines: number;
}

export interface LimitCheck {
  readonly side: string;
  readonly n: number;
  /** Under all three limits. */
  readonly ok: boolean;
  readonly resources?: number;
  /** Template bytes. */
  readonly bytes?: number;
  /** Bytes of the largest state machine definition, as Step Functions receives it. */
  readonly definitionBytes?: number;
  /** The limits the synthesized stack is over (`resources`, `template`, `definition`). */
  readonly over?: Array<LimitFit['limit']>;
  /** The synth error, when synth failed (e.g. CDK's TooManyResourcesInStack). */
  readonly error?: string;
}

export interface ExampleAppResult {
  readonly command: string;
  /** cdk.json's `app`. */
  readonly appRunner: string;
  readonly wallS: number[];
  readonly medianS: number;
  /** CPU time (user + system) of the command and its children, s, per run. */
  readonly cpuS: number[];
  readonly maxRssMb: number;
  /** `npx cdk --version`: the CLI's own start-up, s (one run). */
  readonly cliStartS: number;
  /** The app alone (`node --import tsx bin/app.ts`), without the cdk CLI, as configured (validation off), s (one run). */
  readonly appAloneS: number;
  /** The same with CDK_VALIDATION=true (aws-cdk-lib's template validation on), s (one run). */
  readonly appWithValidationS: number;
}

const f = (v: number | undefined, digits = 2) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
/** A spread as `median (min–max)`. */
export const withSpread = (s: Spread | undefined, digits = 2): string => (s ? `${f(s.median, digits)} (${f(s.min, digits)}–${f(s.max, digits)})` : '–');
const count = (v: number) => (Number.isFinite(v) ? String(v) : '∞');

/**
 * What aws-cdk-lib's validation took inside the validation-on synths, and the ratios of what is left of them (the apps'
 * own work), at each N the ratios are judged at; empty without validation-on synths.
 */
export function renderValidationShare(r: Pick<BenchResults, 'withValidation' | 'ratios'>): string {
  const parts = (r.withValidation?.baseline ?? []).filter((c) => c.validator.count > 0 && c.wall.median > 0).map((c) => {
    const own = (['shared', 'standalone'] as const).map((side) => ({ side, ratio: r.ratios.find((x) => x.side === side && x.n === c.n && x.validation)?.ownWork }))
      .filter((x) => x.ratio !== undefined).map((x) => `${x.side} ${withSpread(x.ratio)}`);
    return `at N = ${c.n}, ${f(c.validator.median)} s of the hand-written app's ${f(c.wall.median)} s (${f((100 * c.validator.median) / c.wall.median, 0)} %)` +
      (own.length > 0 ? `; the synth time less it, side ÷ baseline: ${own.join(', ')}` : '');
  });
  return parts.length === 0 ? '' : 'aws-cdk-lib\'s validation measured inside each validation-on synth (the time in its `validateTemplates` and the wait ' +
    `at exit for its engine's background compilation, medians of the rounds): ${parts.join('; ')}.`;
}

/** The targets: each with its measured value, spread and result; then the run's noise floor and the validator's cost, when measured. */
export function renderTargets(r: Pick<BenchResults, 'verdicts' | 'noiseFloor' | 'validatorCost' | 'withValidation' | 'ratios'>): string {
  const lines = ['| target | measured | spread | result |', '| --- | --- | --- | --- |'];
  for (const v of r.verdicts) lines.push(`| ${v.target} | ${v.measured} | ${v.spread ?? '–'} | ${v.status} |`);
  lines.push('', `A time ratio's result is the median's; "k of n within the limit" counts the rounds whose own ratio is at or under it. ` +
    'Where the hand-written app is synthesized twice a round (the noise floor), a round\'s baseline is the mean of the two. ' +
    'This run settles a result only when every round agrees with it: when the rounds split, the result could go either way in another run.');
  if (r.noiseFloor.length > 0) {
    lines.push('', `Noise floor: the same app synthesized twice in each round, second ÷ first: ${r.noiseFloor
      .map((c) => `${c.side} at N = ${c.n} ${withSpread(c.wall)} over ${c.wall.count} rounds`).join('; ')}.`);
  }
  const v = r.validatorCost;
  if (v) {
    const asked = (r.withValidation?.baseline ?? []).map((c) => ({ n: c.n, ratio: ownWorkRatioFor(0.9, c.wall.median, v.fixedS.median) }))
      .filter((x) => x.ratio !== undefined).map((x) => `${f(x.ratio)} of the hand-written app's at N = ${x.n}`);
    lines.push('', `Template validation alone (@aws/cloudformation-validate ${v.version}, the hand-written N = ${v.n} template, ` +
      `${v.fixedS.count} runs of a process of its own, seconds): loading ${withSpread(v.loadS)}, the engine ${withSpread(v.engineS)}, ` +
      `the first template ${withSpread(v.firstTemplateS)}, the same template again ${withSpread(v.againS)}, ` +
      `the wait at exit for V8's background compilation of the engine ${withSpread(v.exitWaitS)}. About ${f(v.fixedS.median, 1)} s ` +
      '(loading, the engine, the first template\'s extra time and the wait at exit) of every validation-on synth is the same whatever the app' +
      (asked.length > 0 ? `: a validation-on ratio of 0.9 asks the app's own work for at most ${asked.join(' and ')}.` : '.'));
  }
  const share = renderValidationShare(r);
  if (share) lines.push('', share);
  return lines.join('\n');
}

/** The measurements: every side at every N, the ratios to the baseline, and what a job costs. */
export function renderMeasurements(r: BenchResults): string {
  const ns = [...new Set(SIDES.flatMap((s) => r.cells[s].map((c) => c.n)))].sort((a, b) => a - b);
  const lines: string[] = [];
  lines.push('| metric | N | baseline | standalone | shared | standalone ÷ baseline | shared ÷ baseline |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const at = (side: Side, n: number) => r.cells[side].find((c) => c.n === n);
  const ratioText = (side: Side, n: number, validation: boolean) => withSpread(r.ratios.find((x) => x.side === side && x.n === n && x.validation === validation)?.wall);
  const row = (metric: string, get: (c: Cell) => string | undefined, ratios?: boolean) => {
    for (const n of ns) {
      const values = SIDES.map((side) => { const c = at(side, n); return c ? get(c) : undefined; });
      if (values.every((v) => v === undefined || v === '–')) continue;
      const rs = ratios ? [ratioText('standalone', n, false), ratioText('shared', n, false)] : ['', ''];
      lines.push(`| ${metric} | ${n} | ${values.map((v) => v ?? '–').join(' | ')} | ${rs.join(' | ')} |`);
    }
  };
  row(`synth wall time, s: median (min–max) of ${r.rounds.plain}`, (c) => withSpread(c.wall), true);
  for (const n of ns) {
    const cells = SIDES.map((side) => r.withValidation[side].find((c) => c.n === n));
    if (cells.every((c) => c === undefined)) continue;
    lines.push(`| same, with aws-cdk-lib's template validation (of ${r.rounds.validation}) | ${n} | ${cells.map((c) => withSpread(c?.wall)).join(' | ')} | ` +
      `${ratioText('standalone', n, true)} | ${ratioText('shared', n, true)} |`);
    if (cells.every((c) => c === undefined || c.validator.count === 0)) continue;
    const ownText = (side: Side) => withSpread(r.ratios.find((x) => x.side === side && x.n === n && x.validation)?.ownWork);
    lines.push(`| of which aws-cdk-lib's validation and the wait at exit it leaves, s | ${n} | ${cells.map((c) => withSpread(c?.validator)).join(' | ')} | | |`);
    lines.push(`| same synths less it (the app's own work), s | ${n} | ${cells.map((c) => withSpread(c?.ownWork)).join(' | ')} | ` +
      `${ownText('standalone')} | ${ownText('shared')} |`);
  }
  for (const n of ns) {
    const perJob = (side: Side) => at(side, n)?.marginalWallMs;
    if (SIDES.every((side) => perJob(side) === undefined)) continue;
    const ratio = (side: Side) => { const base = perJob('baseline'); const own = perJob(side); return own !== undefined && base ? f(own / base) : '–'; };
    lines.push(`| synth wall time per further job, ms: (T(N) − T(1)) / (N − 1) | ${n} | ${SIDES.map((side) => f(perJob(side), 1)).join(' | ')} | ${ratio('standalone')} | ${ratio('shared')} |`);
  }
  row('synth CPU time, s: median (min–max)', (c) => withSpread(c.cpu));
  row('peak RSS, MB', (c) => f(c.rssMb, 0));
  row('stacks (nested included)', (c) => String(c.templates));
  row('resources', (c) => String(c.resources));
  row('template, KB (all stacks)', (c) => f(c.kb, 1));
  row('largest template, KB (limit 1,000)', (c) => f(c.largestTemplateKb, 1));
  row('resources per job, marginal', (c) => f(c.marginalResources));
  row('template KB per job, marginal', (c) => f(c.marginalKb));
  row('same, without indentation (suppressTemplateIndentation)', (c) => f(c.marginalMinifiedKb));
  row('definitions, KB (as Step Functions receives them)', (c) => f(c.definitionKb, 1));
  row('definition KB per job, marginal', (c) => f(c.marginalDefinitionKb));
  row('template + definitions in S3, KB per job, marginal', (c) => f(c.marginalDeployedKb));
  row('largest definition, KB (limit 1,048.6)', (c) => f(c.largestDefinitionKb, 1));
  const t = (side: Side) => f(r.transitions[side]?.transitions, 0);
  lines.push(`| state transitions per scheduled run | – | ${t('baseline')} | ${t('standalone')} | ${t('shared')} | | |`);
  if (r.transitions.direct) lines.push(`| state transitions, direct mode (\`JobSchedule.cron({ direct: true })\`) | – | – | – | ${r.transitions.direct.transitions} | | |`);
  const model = (side: Side) => { const m = r.models[side]; return m ? `${count(m.maxJobs)} (${m.binding})` : '–'; };
  lines.push(`| largest N in one stack (500 resources, 1 MB template, 1 MiB definition) | – | ${SIDES.map(model).join(' | ')} | | |`);
  const byLimit = (side: Side) => { const m = r.models[side]; return m ? `${count(m.maxJobsByResources)} / ${count(m.maxJobsByBytes)} / ${count(m.maxJobsByDefinition)}` : '–'; };
  lines.push(`| same, by limit: resources / template / definition | – | ${SIDES.map(byLimit).join(' | ')} | | |`);
  return lines.join('\n');
}

/** Where a job's bytes go: per resource type for each library side, then the shared runner's definition by state. */
export function renderBreakdown(r: BenchResults): string {
  const lines: string[] = [];
  for (const side of ['standalone', 'shared'] as const) {
    const types = (r.byType[side] ?? []).filter((t) => t.resourcesPerJob !== 0 || t.bytesPerJob !== 0);
    if (types.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`| ${side}: per additional job, by resource type | resources | bytes |`, '| --- | ---: | ---: |');
    for (const t of types) lines.push(`| ${t.type} | ${f(t.resourcesPerJob)} | ${Math.round(t.bytesPerJob)} |`);
    const high = r.cells[side].filter((c) => c.marginalDefinitionKb !== undefined).pop();
    if (side === 'shared' && high?.marginalDefinitionKb !== undefined) {
      const where = r.sharedDefinitionLocation === 's3' ? 'in S3, not in the template' : 'inside the state machine resource above';
      lines.push(`| state machine definition (${where}) | – | ${Math.round(high.marginalDefinitionKb * 1000)} |`);
      for (const st of r.sharedByState) lines.push(`| ↳ definition: ${st.type} state \`${st.state}\` | – | ${Math.round(st.bytesPerJob)} |`);
    }
  }
  return lines.join('\n');
}

/** The whole printed report. */
export function renderReport(r: BenchResults): string {
  return [renderTargets(r), renderMeasurements(r), renderBreakdown(r)].filter((x) => x.length > 0).join('\n\n');
}
