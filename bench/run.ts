/**
 * `npm run bench`: the library against the hand-written baseline, side by side, offline.
 *
 * Every synth is its own child process (`node --import tsx bench/apps/<side>.ts`, the transpile-only
 * loader the example app uses, without the cdk CLI's own start-up on either side), so that its wall
 * time, CPU time and peak RSS are its own. Runs are interleaved (round-robin over every side and N,
 * the order rotated each round) so that a change of load on the machine hits both sides alike.
 * aws-cdk-lib's built-in CloudFormation template validation is off on both sides, as in the example
 * app and the tests; its cost is measured at N = 80 on both sides with CDK_VALIDATION=true.
 * Prints one Markdown table and writes everything to bench/results/latest.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cell, Measurement, marginalByState, marginalByType, Side, sideModel, verdicts } from './lib/analysis';
import { compileLibrary } from './lib/compile-library';
import { definitionStateSizes, stateMachineDefinitions } from './lib/definition';
import { measureExampleApp } from './lib/example-app';
import { countTransitions, inputSentBy } from './lib/execute';
import { BenchResults, DirectResult, ExampleAppResult, LimitCheck, renderReport, TransitionResult, ValidationCell } from './lib/report';
import { ChildRun, firstError, readStack, ROOT, RUNNER, StackRead, synth as synthIn } from './lib/runs';
import { limitsExceeded, median, ratio } from './lib/stats';
import { scheduleTargets } from './lib/template';

/**
 * Runs of each synth. Without CDK's template validation a synth takes 1–4 s, and other work on a
 * shared 2-core machine moves one run by up to 2×: a median of 5 keeps the ratios steady.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Runs of the synths with the validation (about 8 s each) and of the example app. */
const SLOW_ROUNDS = Math.min(ROUNDS, 3);
const COMPARE_AT = 80;
/** Every (side, N) synthesized in each round; `validation: true` runs it with CDK_VALIDATION=true, in the first SLOW_ROUNDS rounds. */
const PLAN: Array<{ side: Side; n: number; validation?: boolean }> = [
  { side: 'baseline', n: 1 }, { side: 'library', n: 1 },
  { side: 'baseline', n: 10 }, { side: 'library', n: 10 },
  { side: 'baseline', n: 80 }, { side: 'library', n: 80 },
  { side: 'library', n: 240 },
  { side: 'baseline', n: COMPARE_AT, validation: true }, { side: 'library', n: COMPARE_AT, validation: true },
];

/** Executes the state machine the first schedule of a stack starts, with the input the schedule sends. */
async function transitionsOf(stack: StackRead): Promise<TransitionResult | undefined> {
  const target = scheduleTargets(stack.template).find((t) => t.stateMachineLogicalId);
  if (!target) return undefined;
  const definition = stateMachineDefinitions(stack.template, stack.outdir)[target.stateMachineLogicalId!];
  const input = inputSentBy(target);
  const run = await countTransitions(definition, input);
  if (run.status !== 'SUCCEEDED') throw new Error(`the run of ${target.stateMachineLogicalId} failed: ${run.error}`);
  if (run.requests.length !== 1) throw new Error(`the run of ${target.stateMachineLogicalId} sent ${run.requests.length} CreateProcessingJob requests, expected 1`);
  return { transitions: run.transitions, statesEntered: run.statesEntered, status: run.status, input, jobName: run.requests[0].ProcessingJobName };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAverageBefore = os.loadavg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sm-bench-'));
  const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
  try {
    // The library side loads lib/ compiled, as users do; its compile time is the bench's, not a synth's.
    const compiled = compileLibrary(path.join(ROOT, 'lib'), path.join(tmp, 'library-js'));
    log(`lib/ compiled to JavaScript (${compiled.compiled} files, ${compiled.copied} copied)`);
    const libraryEnv = { BENCH_LIBRARY_DIR: compiled.dir, NODE_PATH: path.join(ROOT, 'node_modules') };
    const synth = (side: Side, n: number, tag: string, options: { validation?: boolean; env?: Record<string, string> } = {}) =>
      synthIn(side, n, tmp, tag, { ...options, env: { ...(side === 'library' ? libraryEnv : {}), ...options.env } });
    const runs = new Map<string, ChildRun[]>();
    const failed = new Set<string>();
    const key = (side: Side, n: number, validation = false) => `${side}:${n}${validation ? ':validation' : ''}`;
    for (let round = 0; round < ROUNDS; round++) {
      const shift = (round * 5) % PLAN.length;
      const order = [...PLAN.slice(shift), ...PLAN.slice(0, shift)];
      for (const { side, n, validation } of order) {
        const k = key(side, n, validation);
        if (failed.has(k) || (validation && round >= SLOW_ROUNDS)) continue;
        const run = await synth(side, n, `r${round}`, { validation });
        if (run.code !== 0 || !run.result) {
          failed.add(k);
          log(`${k}: synth failed: ${firstError(run.stderr)}`);
          continue;
        }
        log(`round ${round + 1}/${ROUNDS} ${k}: ${(run.wallMs / 1000).toFixed(2)} s`);
        runs.set(k, [...(runs.get(k) ?? []), run]);
        // Keep the first round's output for the analysis; the later ones only time.
        if (round > 0 || validation) fs.rmSync(run.outdir, { recursive: true, force: true });
      }
    }

    const measurements: Measurement[] = [];
    const stacks = new Map<string, StackRead>();
    for (const { side, n } of PLAN.filter((p) => !p.validation)) {
      const rs = runs.get(key(side, n));
      if (!rs) continue;
      const stack = readStack(rs[0]);
      stacks.set(key(side, n), stack);
      measurements.push({
        side, n, wallMs: rs.map((r) => r.wallMs), cpuMs: rs.map((r) => r.result!.cpuMs), maxRssKb: rs.map((r) => r.result!.maxRssKb),
        resources: stack.cost.resources, bytes: stack.cost.bytes, minifiedBytes: stack.cost.minifiedBytes, byType: stack.cost.byType,
        definitionBytes: stack.definitionCost.totalBytes, largestDefinitionBytes: stack.definitionCost.largestBytes,
        s3DefinitionBytes: stack.definitionCost.inS3Bytes,
      });
    }
    const withValidation: ValidationCell[] = PLAN.filter((p) => p.validation && runs.has(key(p.side, p.n, true))).map((p) => {
      const rs = runs.get(key(p.side, p.n, true))!;
      return { side: p.side, n: p.n, runs: rs.length, wallS: median(rs.map((r) => r.wallMs)) / 1000, cpuS: median(rs.map((r) => r.result!.cpuMs)) / 1000 };
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
      const sizes = (n: number) => Object.values(stacks.get(key('library', n))!.definitions).map((d) => definitionStateSizes(JSON.parse(d.text)))
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
    const libraryDefinitions = Object.values(stacks.get(key('library', 1))?.definitions ?? {});

    log('executing the state machines with aws-local-stepfunctions');
    const transitions: BenchResults['transitions'] = {};
    for (const side of ['baseline', 'library'] as Side[]) {
      const stack = stacks.get(key(side, 10)) ?? stacks.get(key(side, 1));
      if (stack) transitions[side] = await transitionsOf(stack);
    }

    log('direct mode');
    const direct = await synth('library', 10, 'direct', { env: { BENCH_MODE: 'direct' } });
    if (direct.code === 0 && direct.result) {
      const stack = readStack(direct);
      const targets = scheduleTargets(stack.template);
      const universal = targets.filter((t) => /^arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob$/.test(t.targetArn));
      if (universal.length !== 10) throw new Error(`direct mode: expected 10 schedules with the SageMaker universal target, found ${universal.length} (${targets.map((t) => t.targetArn).join(', ')})`);
      const result: DirectResult = { transitions: 0, targetArn: universal[0].targetArn, stateMachines: Object.keys(stack.definitions).length };
      transitions.direct = result;
    } else {
      log(`direct mode: synth failed: ${firstError(direct.stderr)}`);
    }

    // The largest N from the linear fits, checked by synthesis: it fits all three limits, one more job does not.
    const limitCheck: LimitCheck[] = [];
    if (process.env.BENCH_VERIFY_LIMITS !== '0') {
      for (const side of ['baseline', 'library'] as Side[]) {
        const model = models[side];
        if (!model || !Number.isFinite(model.maxJobs) || model.maxJobs > 600) continue;
        for (const n of [model.maxJobs, model.maxJobs + 1]) {
          log(`limit check: ${side} N=${n}`);
          const run = await synth(side, n, 'limit');
          if (run.code === 0 && run.result) {
            const stack = readStack(run);
            const over = limitsExceeded(stack.cost.resources, stack.cost.bytes, stack.definitionCost.largestBytes);
            limitCheck.push({
              side, n, ok: over.length === 0, over,
              resources: stack.cost.resources, bytes: stack.cost.bytes, definitionBytes: stack.definitionCost.largestBytes,
            });
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
      example = await measureExampleApp(tmp, SLOW_ROUNDS);
    } catch (e) {
      log((e as Error).message);
    }

    const benchSeconds = (performance.now() - started) / 1000;
    const validated = (side: Side) => withValidation.find((c) => c.side === side && c.n === COMPARE_AT)?.wallS;
    const libraryValidated = validated('library');
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 1e9),
        node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg(),
      },
      runner: `${RUNNER} bench/apps/<side>.ts (the library side loads lib/ compiled to JavaScript)`,
      rounds: ROUNDS,
      cells, models, withValidation,
      libraryByType: byTypeOf('library'),
      libraryByState,
      libraryDefinitionLocation: libraryDefinitions.length === 1 ? libraryDefinitions[0].location : undefined,
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
        ratioWithValidation: libraryValidated === undefined ? undefined : ratio(libraryValidated, validated('baseline')),
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
      `load average ${m.loadAverageBefore[0].toFixed(2)} → ${m.loadAverageAfter[0].toFixed(2)}; each app run as \`${results.runner}\`, ` +
      'CDK\'s template validation off unless stated');
    if (Math.max(m.loadAverageBefore[0], m.loadAverageAfter[0]) > m.cpus) {
      console.log(`note: the machine was busy with other work (load average above its ${m.cpus} cores): wall times are inflated ` +
        'and noisy; CPU times are the steadier measure of what a synth costs.');
    }
    console.log('');
    console.log(renderReport(results));
    for (const l of limitCheck) {
      console.log(`limit check: ${l.side} N=${l.n}: ${l.ok ? 'fits' : `does not fit${l.over?.length ? ` (over: ${l.over.join(', ')})` : ''}`}` +
        (l.error ? ` (${l.error})` : ` (${l.resources} resources, ${l.bytes} template bytes, largest definition ${l.definitionBytes} bytes)`));
    }
    if (example) {
      console.log(`example app (cdk.json app: \`${example.appRunner}\`): \`${example.command}\` ${example.medianS.toFixed(2)} s median ` +
        `(${example.wallS.map((w) => w.toFixed(2)).join(', ')}; CPU ${example.cpuS.map((c) => c.toFixed(1)).join(', ')} s), peak RSS ${example.maxRssMb.toFixed(0)} MB; once each: ` +
        `cdk CLI start-up (\`npx cdk --version\`) ${example.cliStartS.toFixed(2)} s, the app alone (\`node --import tsx bin/app.ts\`) ${example.appAloneS.toFixed(2)} s, ` +
        `the same with CDK's template validation (\`CDK_VALIDATION=true\`) ${example.appWithValidationS.toFixed(2)} s`);
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
