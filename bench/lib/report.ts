/**
 * The results of one `npm run bench` (the shape of bench/results/latest.json) and the table printed
 * from them (Markdown, so that the README's Performance section can take it as it is).
 */
import { Cell, SideModel, TypeMarginal } from './analysis';
import { LimitFit, ratio, Verdict } from './stats';

export interface BenchResults {
  readonly date: string;
  readonly machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** How each app was run, e.g. `node --import tsx bench/apps/library.ts`. */
  readonly runner: string;
  readonly rounds: number;
  readonly cells: { baseline: Cell[]; library: Cell[] };
  /**
   * The same synths with aws-cdk-lib's built-in CloudFormation template validation on
   * (CDK_VALIDATION=true): every other synth runs without it, as the example app and the tests do.
   */
  readonly withValidation: ValidationCell[];
  readonly models: { baseline?: SideModel; library?: SideModel };
  /** The library's per-type marginal cost between N = 1 and its largest N. */
  readonly libraryByType: TypeMarginal[];
  /** What each state of the library's state machine adds per job (bytes of the definition as Step Functions receives it). */
  readonly libraryByState: Array<{ state: string; type: string; bytesPerJob: number }>;
  /** Where the library's runner keeps its definition (`s3`: a file asset, not in the template). */
  readonly libraryDefinitionLocation?: 'template' | 's3';
  readonly baselineByType: TypeMarginal[];
  readonly transitions: { baseline?: TransitionResult; library?: TransitionResult; direct?: DirectResult };
  readonly limitCheck: LimitCheck[];
  readonly exampleApp?: ExampleAppResult;
  readonly verdicts: Verdict[];
  readonly benchSeconds: number;
}

export interface ValidationCell {
  readonly side: 'baseline' | 'library';
  readonly n: number;
  /** The runs the medians are of. */
  readonly runs: number;
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
const fr = (lib: number | undefined, base: number | undefined) => {
  const r = lib === undefined ? undefined : ratio(lib, base);
  return r === undefined ? '–' : r.toFixed(2);
};
const count = (v: number) => (Number.isFinite(v) ? String(v) : '∞');
const maxJobs = (m?: SideModel) => (m ? `${count(m.maxJobs)} (${m.binding})` : '–');
const byLimit = (m?: SideModel) => (m ? `${count(m.maxJobsByResources)} / ${count(m.maxJobsByBytes)} / ${count(m.maxJobsByDefinition)}` : '–');
const maxJobsMinified = (m?: SideModel) => (m ? count(m.maxJobsMinified) : '–');

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
  for (const [label, get] of [['wall', (c: ValidationCell) => c.wallS], ['CPU', (c: ValidationCell) => c.cpuS]] as const) {
    for (const n of ns) {
      const b = r.withValidation.find((c) => c.side === 'baseline' && c.n === n);
      const l = r.withValidation.find((c) => c.side === 'library' && c.n === n);
      if (!b && !l) continue;
      const bv = b && get(b);
      const lv = l && get(l);
      const runs = Math.min(b?.runs ?? Infinity, l?.runs ?? Infinity);
      lines.push(`| synth ${label} time with CDK's template validation (CDK_VALIDATION=true), s (median of ${runs}) | ${n} | ${f(bv)} | ${f(lv)} | ${fr(lv, bv)} |`);
    }
  }
  row('peak RSS, MB', (c) => c.rssMb, 0);
  row('resources', (c) => c.resources, 0);
  row('resources per job, marginal', (c) => c.marginalResources);
  row('template, KB', (c) => c.kb, 1);
  row('template KB per job, marginal', (c) => c.marginalKb);
  row('same, without indentation (suppressTemplateIndentation)', (c) => c.marginalMinifiedKb);
  row('definitions, KB (as Step Functions receives them)', (c) => c.definitionKb, 1);
  row('definition KB per job, marginal', (c) => c.marginalDefinitionKb);
  row('template + definitions in S3, KB per job, marginal', (c) => c.marginalDeployedKb);
  row('largest definition, KB (Step Functions: 1,048,576 bytes each)', (c) => c.largestDefinitionKb, 1);
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
  lines.push(`| largest N in one stack (500 resources, 1 MB template, 1 MiB definition) | – | ${maxJobs(r.models.baseline)} | ${maxJobs(r.models.library)} | – |`);
  lines.push(`| same, by limit: resources / template / definition | – | ${byLimit(r.models.baseline)} | ${byLimit(r.models.library)} | – |`);
  lines.push(`| same, with suppressTemplateIndentation | – | ${maxJobsMinified(r.models.baseline)} | ${maxJobsMinified(r.models.library)} | – |`);
  if (r.exampleApp) {
    lines.push(`| example app \`npx cdk synth --quiet\`, s (median of ${r.exampleApp.wallS.length}) | – | – | ${f(r.exampleApp.medianS)} | – |`);
  }
  lines.push('', '| target | measured | |', '| --- | --- | --- |');
  for (const v of r.verdicts) lines.push(`| ${v.target} | ${v.measured} | ${v.pass ? 'PASS' : 'FAIL'} |`);
  if (r.libraryByType.length > 0) {
    lines.push('', '| library: per additional job, by resource type | resources | bytes |', '| --- | ---: | ---: |');
    for (const t of r.libraryByType.filter((t) => t.resourcesPerJob !== 0 || t.bytesPerJob !== 0)) {
      lines.push(`| ${t.type} | ${f(t.resourcesPerJob)} | ${Math.round(t.bytesPerJob)} |`);
    }
    const high = r.cells.library[r.cells.library.length - 1];
    if (high?.marginalDefinitionKb !== undefined) {
      const where = r.libraryDefinitionLocation === 's3' ? 'in S3, not in the template' : 'inside the state machine resource above';
      lines.push(`| state machine definition (${where}) | – | ${Math.round(high.marginalDefinitionKb * 1000)} |`);
    }
    for (const st of r.libraryByState) {
      lines.push(`| ↳ definition: ${st.type} state \`${st.state}\` | – | ${Math.round(st.bytesPerJob)} |`);
    }
  }
  return lines.join('\n');
}
