/**
 * The results of one `npm run bench` (the shape of bench/results/latest.json) and the table printed
 * from them (Markdown, so that the README's Performance section can take it as it is).
 */
import { Cell, SideModel, TypeMarginal } from './analysis';
import { ratio, Verdict } from './stats';

export interface BenchResults {
  readonly date: string;
  readonly machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** How each app was run, e.g. `node --import tsx bench/apps/library.ts`. */
  readonly runner: string;
  readonly rounds: number;
  readonly cells: { baseline: Cell[]; library: Cell[] };
  /** The same synths with CDK_VALIDATION=false (without aws-cdk-lib's built-in template validation). */
  readonly withoutValidation: NoValidationCell[];
  readonly models: { baseline?: SideModel; library?: SideModel };
  /** The library's per-type marginal cost between N = 1 and its largest N. */
  readonly libraryByType: TypeMarginal[];
  /** What each state of the library's state machine adds per job (DefinitionString bytes). */
  readonly libraryByState: Array<{ state: string; type: string; bytesPerJob: number }>;
  readonly baselineByType: TypeMarginal[];
  readonly transitions: { baseline?: TransitionResult; library?: TransitionResult; direct?: DirectResult };
  readonly limitCheck: LimitCheck[];
  readonly exampleApp?: ExampleAppResult;
  readonly verdicts: Verdict[];
  readonly benchSeconds: number;
}

export interface NoValidationCell {
  readonly side: 'baseline' | 'library';
  readonly n: number;
  /** Median wall time, s. */
  readonly wallS: number;
  /** Median CPU time, s. */
  readonly cpuS: number;
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
  readonly ok: boolean;
  readonly resources?: number;
  readonly bytes?: number;
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
  /** The app alone, without the cdk CLI, with CDK_VALIDATION=false, s (one run). */
  readonly appWithoutValidationS: number;
}

const f = (v: number | undefined, digits = 2) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const fr = (lib: number | undefined, base: number | undefined) => {
  const r = lib === undefined ? undefined : ratio(lib, base);
  return r === undefined ? '–' : r.toFixed(2);
};
const maxJobs = (m?: SideModel) => {
  if (!m) return '–';
  const by = m.maxJobsByResources <= m.maxJobsByBytes ? 'resources' : 'bytes';
  return `${Number.isFinite(m.maxJobs) ? m.maxJobs : '∞'} (${by})`;
};
const maxJobsMinified = (m?: SideModel) => (m ? (Number.isFinite(m.maxJobsMinified) ? String(m.maxJobsMinified) : '∞') : '–');

/** The printed report: the comparison table, the targets, and what the library's per-job cost is made of. */
export function renderReport(r: BenchResults): string {
  const ns = [...new Set([...r.cells.baseline, ...r.cells.library].map((c) => c.n))].sort((a, b) => a - b);
  const at = (side: 'baseline' | 'library', n: number) => r.cells[side].find((c) => c.n === n);
  const lines: string[] = [];
  lines.push('| metric | N | baseline | library | library/baseline |', '| --- | ---: | ---: | ---: | ---: |');
  const row = (metric: string, get: (c: Cell) => number | undefined, digits = 2) => {
    for (const n of ns) {
      const b = at('baseline', n);
      const l = at('library', n);
      const bv = b && get(b);
      const lv = l && get(l);
      if (bv === undefined && lv === undefined) continue;
      lines.push(`| ${metric} | ${n} | ${f(bv, digits)} | ${f(lv, digits)} | ${fr(lv, bv)} |`);
    }
  };
  row(`synth wall time, s (median of ${r.rounds})`, (c) => c.wallS);
  row('synth CPU time, s (median)', (c) => c.cpuS);
  for (const n of ns) {
    const b = r.withoutValidation.find((c) => c.side === 'baseline' && c.n === n)?.wallS;
    const l = r.withoutValidation.find((c) => c.side === 'library' && c.n === n)?.wallS;
    if (b === undefined && l === undefined) continue;
    lines.push(`| synth wall time without CDK's template validation, s | ${n} | ${f(b)} | ${f(l)} | ${fr(l, b)} |`);
  }
  row('peak RSS, MB', (c) => c.rssMb, 0);
  row('resources', (c) => c.resources, 0);
  row('resources per job, marginal', (c) => c.marginalResources);
  row('template, KB', (c) => c.kb, 1);
  row('template KB per job, marginal', (c) => c.marginalKb);
  row('same, without indentation (suppressTemplateIndentation)', (c) => c.marginalMinifiedKb);
  const tb = r.transitions.baseline?.transitions;
  const tl = r.transitions.library?.transitions;
  lines.push(`| state transitions per scheduled run | – | ${f(tb, 0)} | ${f(tl, 0)} | ${fr(tl, tb)} |`);
  lines.push(`| state transitions, direct mode | – | – | ${f(r.transitions.direct?.transitions, 0)} | – |`);
  const sb = r.models.baseline?.wall.slope;
  const sl = r.models.library?.wall.slope;
  lines.push(`| synth wall time slope, ms per job (linear fit) | – | ${f(sb, 1)} | ${f(sl, 1)} | ${fr(sl, sb)} |`);
  const cb = r.models.baseline?.cpu.slope;
  const cl = r.models.library?.cpu.slope;
  lines.push(`| synth CPU time slope, ms per job (linear fit) | – | ${f(cb, 1)} | ${f(cl, 1)} | ${fr(cl, cb)} |`);
  lines.push(`| largest N in one stack (500 resources, 1 MB) | – | ${maxJobs(r.models.baseline)} | ${maxJobs(r.models.library)} | – |`);
  lines.push(`| same, with suppressTemplateIndentation | – | ${maxJobsMinified(r.models.baseline)} | ${maxJobsMinified(r.models.library)} | – |`);
  if (r.exampleApp) {
    lines.push(`| example app \`npx cdk synth --quiet\`, s (median) | – | – | ${f(r.exampleApp.medianS)} | – |`);
  }
  lines.push('', '| target | measured | |', '| --- | --- | --- |');
  for (const v of r.verdicts) lines.push(`| ${v.target} | ${v.measured} | ${v.pass ? 'PASS' : 'FAIL'} |`);
  if (r.libraryByType.length > 0) {
    lines.push('', '| library: per additional job, by resource type | resources | bytes |', '| --- | ---: | ---: |');
    for (const t of r.libraryByType.filter((t) => t.resourcesPerJob !== 0 || t.bytesPerJob !== 0)) {
      lines.push(`| ${t.type} | ${f(t.resourcesPerJob)} | ${Math.round(t.bytesPerJob)} |`);
    }
    for (const st of r.libraryByState) {
      lines.push(`| ↳ state machine: ${st.type} state \`${st.state}\` | – | ${Math.round(st.bytesPerJob)} |`);
    }
  }
  return lines.join('\n');
}
