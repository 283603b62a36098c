/**
 * `npm run bench`: the library against the hand-written baseline, side by side, offline.
 *
 * Every synth is its own child process (`node --import tsx bench/apps/<side>.ts`, the transpile-only
 * loader the example app uses, without the cdk CLI's own start-up on either side), so that its wall
 * time, CPU time and peak RSS are its own. Runs are interleaved (round-robin over every side and N,
 * the order rotated each round) so that a change of load on the machine hits both sides alike.
 * Prints one Markdown table and writes everything to bench/results/latest.json.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cell, Measurement, marginalByState, marginalByType, Side, sideModel, verdicts } from './lib/analysis';
import { countTransitions, inputSentBy } from './lib/execute';
import { BenchResults, DirectResult, ExampleAppResult, LimitCheck, NoValidationCell, renderReport, TransitionResult } from './lib/report';
import { median } from './lib/stats';
import { definitionStateSizes, scheduleTargets, stateMachineDefinitions, Template, templateCost } from './lib/template';
import type { ChildResult } from './apps/child';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COMPARE_AT = 80;
/**
 * Every (side, N) synthesized in each round. `validation: false` runs the same app with
 * CDK_VALIDATION=false: aws-cdk-lib's built-in CloudFormation template validation (on by default in
 * `cdk synth`) is the largest single cost of a synth, so the table also shows the synth without it.
 */
const PLAN: Array<{ side: Side; n: number; validation: boolean }> = [
  { side: 'baseline', n: 1, validation: true }, { side: 'library', n: 1, validation: true },
  { side: 'baseline', n: 10, validation: true }, { side: 'library', n: 10, validation: true },
  { side: 'baseline', n: 80, validation: true }, { side: 'library', n: 80, validation: true },
  { side: 'library', n: 240, validation: true },
  { side: 'baseline', n: 80, validation: false }, { side: 'library', n: 80, validation: false },
];
const NO_VALIDATION = { CDK_VALIDATION: 'false' };
const APP: Record<Side, string> = { baseline: 'bench/apps/baseline.ts', library: 'bench/apps/library.ts' };
const RUNNER = 'node --import tsx';

interface ChildRun {
  readonly wallMs: number;
  readonly code: number | null;
  readonly result?: ChildResult;
  readonly stderr: string;
  readonly outdir: string;
}

function sh(command: string, args: string[], env: Record<string, string>): Promise<{ wallMs: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ wallMs: performance.now() - started, code, stdout, stderr }));
  });
}

async function synth(side: Side, n: number, tmp: string, tag: string, extraEnv: Record<string, string> = {}): Promise<ChildRun> {
  const outdir = fs.mkdtempSync(path.join(tmp, `${side}-${n}-${tag}-`));
  const [node, ...flags] = [process.execPath, ...RUNNER.split(' ').slice(1)];
  const run = await sh(node, [...flags, APP[side]], { BENCH_N: String(n), CDK_OUTDIR: outdir, ...extraEnv });
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  const result = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildResult : undefined;
  return { wallMs: run.wallMs, code: run.code, result, stderr: run.stderr, outdir };
}

function readTemplate(run: ChildRun): { template: Template; bytes: number } {
  const file = path.join(run.outdir, run.result!.templateFile);
  return { template: JSON.parse(fs.readFileSync(file, 'utf8')), bytes: fs.statSync(file).size };
}

/** The line of a failed child's stderr that says why (CDK's ValidationError names, else the first error line). */
function firstError(stderr: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /TooManyResourcesInStack|Number of resources|ValidationError|TypeError|Error:/.test(l)) ?? lines.find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 400);
}

/** Executes the state machine the first schedule of a template starts, with the input the schedule sends. */
async function transitionsOf(template: Template): Promise<TransitionResult | undefined> {
  const target = scheduleTargets(template).find((t) => t.stateMachineLogicalId);
  if (!target) return undefined;
  const definition = stateMachineDefinitions(template)[target.stateMachineLogicalId!];
  const input = inputSentBy(target);
  const run = await countTransitions(definition, input);
  if (run.status !== 'SUCCEEDED') throw new Error(`the run of ${target.stateMachineLogicalId} failed: ${run.error}`);
  if (run.requests.length !== 1) throw new Error(`the run of ${target.stateMachineLogicalId} sent ${run.requests.length} CreateProcessingJob requests, expected 1`);
  return { transitions: run.transitions, statesEntered: run.statesEntered, status: run.status, input, jobName: run.requests[0].ProcessingJobName };
}

/**
 * The README's first command, as a user runs it (the cdk CLI, cdk.json's app runner), and a
 * breakdown of where its time goes: the cdk CLI's own start-up, the app alone, and the app without
 * aws-cdk-lib's built-in template validation.
 */
async function exampleApp(tmp: string): Promise<ExampleAppResult> {
  const command = 'npx cdk synth --quiet';
  const walls: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const out = fs.mkdtempSync(path.join(tmp, 'example-'));
    const run = await sh('/usr/bin/time', ['-f', 'BENCH_TIME %e %M %U %S', 'npx', 'cdk', 'synth', '--quiet', '-o', out], {});
    if (run.code !== 0) throw new Error(`${command} failed: ${firstError(run.stderr)}`);
    const [, , kb, user, system] = run.stderr.trim().split('\n').pop()!.split(' ');
    walls.push(run.wallMs / 1000);
    cpu.push(Number(user) + Number(system));
    rss.push(Number(kb) * 1024 / 1e6);
    fs.rmSync(out, { recursive: true, force: true });
  }
  const once = async (args: string[], env: Record<string, string> = {}) => {
    const out = fs.mkdtempSync(path.join(tmp, 'example-part-'));
    const run = await sh(args[0], args.slice(1), { CDK_OUTDIR: out, ...env });
    fs.rmSync(out, { recursive: true, force: true });
    if (run.code !== 0) throw new Error(`${args.join(' ')} failed: ${firstError(run.stderr)}`);
    return run.wallMs / 1000;
  };
  const cliStartS = await once(['npx', 'cdk', '--version']);
  const appWithoutValidationS = await once([process.execPath, '--import', 'tsx', 'bin/app.ts'], NO_VALIDATION);
  const appConfigured = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).app as string;
  return { command, appRunner: appConfigured, wallS: walls, medianS: median(walls), cpuS: cpu, maxRssMb: Math.max(...rss), cliStartS, appWithoutValidationS };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAverageBefore = os.loadavg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sm-bench-'));
  const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
  try {
    const runs = new Map<string, ChildRun[]>();
    const failed = new Set<string>();
    const key = (side: Side, n: number, validation = true) => `${side}:${n}${validation ? '' : ':novalidation'}`;
    for (let round = 0; round < ROUNDS; round++) {
      const shift = (round * 5) % PLAN.length;
      const order = [...PLAN.slice(shift), ...PLAN.slice(0, shift)];
      for (const { side, n, validation } of order) {
        const k = key(side, n, validation);
        if (failed.has(k)) continue;
        const run = await synth(side, n, tmp, `r${round}`, validation ? {} : NO_VALIDATION);
        if (run.code !== 0 || !run.result) {
          failed.add(k);
          log(`${k}: synth failed: ${firstError(run.stderr)}`);
          continue;
        }
        log(`round ${round + 1}/${ROUNDS} ${k}: ${(run.wallMs / 1000).toFixed(2)} s`);
        runs.set(k, [...(runs.get(k) ?? []), run]);
        // Keep the first round's output for the template analysis; the later ones only time.
        if (round > 0 || !validation) fs.rmSync(run.outdir, { recursive: true, force: true });
      }
    }

    const measurements: Measurement[] = [];
    const templates = new Map<string, Template>();
    for (const { side, n } of PLAN.filter((p) => p.validation)) {
      const rs = runs.get(key(side, n));
      if (!rs) continue;
      const { template, bytes } = readTemplate(rs[0]);
      templates.set(key(side, n), template);
      const cost = templateCost(template, bytes);
      measurements.push({
        side, n, wallMs: rs.map((r) => r.wallMs), cpuMs: rs.map((r) => r.result!.cpuMs), maxRssKb: rs.map((r) => r.result!.maxRssKb),
        resources: cost.resources, bytes: cost.bytes, minifiedBytes: cost.minifiedBytes, byType: cost.byType,
      });
    }
    const withoutValidation: NoValidationCell[] = PLAN.filter((p) => !p.validation && runs.has(key(p.side, p.n, false))).map((p) => {
      const rs = runs.get(key(p.side, p.n, false))!;
      return { side: p.side, n: p.n, wallS: median(rs.map((r) => r.wallMs)) / 1000, cpuS: median(rs.map((r) => r.result!.cpuMs)) / 1000 };
    });
    const of = (side: Side) => measurements.filter((m) => m.side === side).sort((a, b) => a.n - b.n);
    const cellsOf = (side: Side) => of(side).map((m) => cell(m, of(side).find((x) => x.n === 1)));
    const modelOf = (side: Side) => (new Set(of(side).map((m) => m.n)).size >= 2 ? sideModel(of(side)) : undefined);
    const cells = { baseline: cellsOf('baseline'), library: cellsOf('library') };
    const models = { baseline: modelOf('baseline'), library: modelOf('library') };
    const libraryByState = (() => {
      const ms = of('library');
      if (ms.length < 2 || ms[0].n !== 1) return [];
      const high = ms[ms.length - 1];
      const sizes = (n: number) => Object.values(stateMachineDefinitions(templates.get(key('library', n))!)).map(definitionStateSizes)
        .reduce((acc, x) => {
          for (const [k, v] of Object.entries(x)) acc[k] = { type: v.type, count: (acc[k]?.count ?? 0) + v.count, bytes: (acc[k]?.bytes ?? 0) + v.bytes };
          return acc;
        }, {} as Record<string, { type: string; count: number; bytes: number }>);
      return marginalByState(sizes(1), 1, sizes(high.n), high.n);
    })();
    const byTypeOf = (side: Side) => {
      const ms = of(side);
      return ms.length >= 2 && ms[0].n === 1 ? marginalByType(ms[0], ms[ms.length - 1]) : [];
    };

    log('executing the state machines with aws-local-stepfunctions');
    const transitions: BenchResults['transitions'] = {};
    for (const side of ['baseline', 'library'] as Side[]) {
      const template = templates.get(key(side, 10)) ?? templates.get(key(side, 1));
      if (template) transitions[side] = await transitionsOf(template);
    }

    log('direct mode');
    const direct = await synth('library', 10, tmp, 'direct', { BENCH_MODE: 'direct', ...NO_VALIDATION });
    if (direct.code === 0 && direct.result) {
      const { template } = readTemplate(direct);
      const targets = scheduleTargets(template);
      const universal = targets.filter((t) => /^arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob$/.test(t.targetArn));
      if (universal.length !== 10) throw new Error(`direct mode: expected 10 schedules with the SageMaker universal target, found ${universal.length} (${targets.map((t) => t.targetArn).join(', ')})`);
      const result: DirectResult = { transitions: 0, targetArn: universal[0].targetArn, stateMachines: Object.keys(stateMachineDefinitions(template)).length };
      transitions.direct = result;
    } else {
      log(`direct mode: synth failed: ${firstError(direct.stderr)}`);
    }

    const limitCheck: LimitCheck[] = [];
    if (process.env.BENCH_VERIFY_LIMITS !== '0') {
      for (const side of ['baseline', 'library'] as Side[]) {
        const model = models[side];
        if (!model || !Number.isFinite(model.maxJobs) || model.maxJobs > 600) continue;
        for (const n of [model.maxJobs, model.maxJobs + 1]) {
          log(`limit check: ${side} N=${n}`);
          // Resources and bytes do not depend on the validation; skip it to keep the check cheap.
          const run = await synth(side, n, tmp, 'limit', NO_VALIDATION);
          if (run.code === 0 && run.result) {
            const { template, bytes } = readTemplate(run);
            const resources = Object.keys(template.Resources ?? {}).length;
            limitCheck.push({ side, n, ok: resources <= 500 && bytes <= 1_000_000, resources, bytes });
          } else {
            limitCheck.push({ side, n, ok: false, error: firstError(run.stderr) });
          }
          fs.rmSync(run.outdir, { recursive: true, force: true });
        }
      }
    }

    log('example app: npx cdk synth --quiet');
    let example: ExampleAppResult | undefined;
    try {
      example = await exampleApp(tmp);
    } catch (e) {
      log((e as Error).message);
    }

    const benchSeconds = (performance.now() - started) / 1000;
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 1e9),
        node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg(),
      },
      runner: `${RUNNER} bench/apps/<side>.ts`,
      rounds: ROUNDS,
      cells, models, withoutValidation,
      libraryByType: byTypeOf('library'),
      libraryByState,
      baselineByType: byTypeOf('baseline'),
      transitions,
      limitCheck,
      exampleApp: example,
      verdicts: verdicts({
        compareAt: COMPARE_AT,
        baselineAtCompare: cells.baseline.find((c) => c.n === COMPARE_AT),
        libraryAtCompare: cells.library.find((c) => c.n === COMPARE_AT),
        libraryAtMax: cells.library[cells.library.length - 1],
        baselineModel: models.baseline, libraryModel: models.library,
        libraryTransitions: transitions.library?.transitions,
        directTransitions: transitions.direct?.transitions,
        exampleSynthS: example?.medianS,
        benchS: benchSeconds,
      }),
      benchSeconds,
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(results, undefined, 2) + '\n');
    const m = results.machine;
    console.log(`cdk-sagemaker-processing benchmark, ${results.date.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ` +
      `load average ${m.loadAverageBefore[0].toFixed(2)} → ${m.loadAverageAfter[0].toFixed(2)}; each app run as \`${results.runner}\``);
    if (Math.max(m.loadAverageBefore[0], m.loadAverageAfter[0]) > m.cpus) {
      console.log(`note: the machine was busy with other work (load average above its ${m.cpus} cores): wall times are inflated ` +
        'and noisy; CPU times are the steadier measure of what a synth costs.');
    }
    console.log('');
    console.log(renderReport(results));
    for (const l of limitCheck) {
      console.log(`limit check: ${l.side} N=${l.n}: ${l.ok ? 'fits' : 'does not fit'}` +
        (l.error ? ` (${l.error})` : ` (${l.resources} resources, ${l.bytes} bytes)`));
    }
    if (example) {
      console.log(`example app (cdk.json app: \`${example.appRunner}\`): \`${example.command}\` ${example.medianS.toFixed(2)} s median ` +
        `(${example.wallS.map((w) => w.toFixed(2)).join(', ')}; CPU ${example.cpuS.map((c) => c.toFixed(1)).join(', ')} s), peak RSS ${example.maxRssMb.toFixed(0)} MB; for comparison, once each: ` +
        `cdk CLI start-up (\`npx cdk --version\`) ${example.cliStartS.toFixed(2)} s, the app alone without CDK's template validation ` +
        `(\`CDK_VALIDATION=false node --import tsx bin/app.ts\`) ${example.appWithoutValidationS.toFixed(2)} s`);
    }
    console.log(`\nwritten: bench/results/latest.json (${benchSeconds.toFixed(0)} s)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
