/**
 * `npm run bench [-- --quick]`: the library against the hand-written baseline, side by side, offline.
 *
 * Three apps (bench/lib/sides.ts): the hand-written baseline, the README's standalone job (a runner
 * of its own per job) and jobs on one shared runner, at N = 1, 10, 80, 240 and 1,000 (the shared
 * runner only: one stack with nested stacks). Every synth is its own child process
 * (`node --import tsx bench/apps/app.ts`, the example app's transpile-only loader, without the
 * cdk CLI's own start-up), the library compiled by tsc and bundled as users load it from npm; runs are
 * interleaved (round-robin over every side and N, the order rotated each round and reversed every
 * other) so that a change of load on the machine hits every side alike, and ratios are taken round
 * by round; the hand-written app runs twice a round at N = 80 and 240: the noise floor, and the mean
 * of the two is the round's baseline a ratio divides by there. aws-cdk-lib's
 * CloudFormation template validation is off (as in the example app) and on (CDK_VALIDATION=true,
 * aws-cdk-lib's default) at N = 80 and 240.
 *
 * Prints the targets and the measurements as Markdown tables and writes everything to
 * bench/results/latest.json. `--quick`: fewer rounds, no limit checks and no example app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sideModel, Timing } from './lib/analysis';
import { compileLibrary } from './lib/compile-library';
import { measureExampleApp } from './lib/example-app';
import { DirectResult, ExampleAppResult, LimitCheck, renderReport } from './lib/report';
import { benchResults, measurementsOf, PlanEntry, scheduledRuns } from './lib/results';
import { ChildRun, firstError, readAssembly, ROOT, roundOrder, RUNNER, StackRead, synth as synthIn, timingOf } from './lib/runs';
import { Side, SIDES } from './lib/sides';
import { limitsExceeded } from './lib/stats';
import { RATIO_AT, SHARDED_N, timingKey } from './lib/targets';
import { scheduleTargets } from './lib/template';
import { measureValidatorCost, ValidatorCost } from './lib/validator-cost';

const QUICK = process.argv.includes('--quick');
/**
 * Rounds of each synth without the validation. A synth takes 1–15 s, and other work on a shared
 * 2-core machine moves one run by up to 2×: a median of 5 keeps the ratios steady.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));
/**
 * Rounds of the synths with aws-cdk-lib's validation (3 to 10 times as long). Two more than without:
 * its WebAssembly engine compiles on both cores while the synth runs, so these times are the
 * noisiest (a median of 3 moved a ratio by up to 0.1 from one run to the next, one of 5 at N = 240
 * by 0.08); the extra rounds synthesize only these apps.
 */
const VALIDATION_ROUNDS = Number(process.env.BENCH_VALIDATION_ROUNDS ?? (QUICK ? 1 : ROUNDS + 2));
/** What `npm run bench` may take on this 2-core machine. */
const BUDGET_S = 15 * 60;
const NS = [1, 10, 80, 240];

/** Every (side, N, validation) synthesized in a round. */
const PLAN: PlanEntry[] = [
  ...NS.flatMap((n): PlanEntry[] => [
    ...SIDES.map((side) => ({ side, n, validation: false })),
    // At the N the ratios are judged at, the baseline twice: the noise floor, timed next to the sides it is read against.
    ...((RATIO_AT as readonly number[]).includes(n) ? [{ side: 'baseline' as const, n, validation: false, repeat: true }] : []),
  ]),
  { side: 'shared', n: SHARDED_N, validation: false },
  ...RATIO_AT.flatMap((n) => SIDES.map((side) => ({ side, n, validation: true }))),
];

async function main(): Promise<void> {
  const started = performance.now();
  const loadAverageBefore = os.loadavg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sm-bench-'));
  const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
  try {
    // The library sides load lib/ compiled, as users do; its compile time is the bench's, not a synth's.
    const compiled = compileLibrary(path.join(ROOT, 'tsconfig.json'), path.join(tmp, 'library-js'));
    log(`lib/ compiled by tsc (${compiled.files} files), bundled into index.bundle.js, with the package's entry as index.js`);
    const libraryEnv = { BENCH_LIBRARY_DIR: compiled.dir, NODE_PATH: path.join(ROOT, 'node_modules') };
    const synth = async (side: Side, n: number, tag: string, options: { validation?: boolean; env?: Record<string, string> } = {}) => {
      const run = await synthIn(side, n, tmp, tag, { ...options, env: { ...(side === 'baseline' ? {} : libraryEnv), ...options.env } });
      const expected = side === 'baseline' ? 'none' : 'compiled';
      if (run.result && run.result.libraryFrom !== expected) throw new Error(`${side} N=${n}: the app loaded the library from '${run.result.libraryFrom}', expected '${expected}'`);
      return run;
    };
    const timings: Record<string, Timing[]> = {};
    const firstRuns = new Map<string, ChildRun>();
    const failures: Record<string, string> = {};
    const allRounds = Math.max(ROUNDS, VALIDATION_ROUNDS);
    for (let round = 0; round < allRounds; round++) {
      for (const { side, n, validation, repeat } of roundOrder(PLAN, round)) {
        const k = timingKey(side, n, validation, repeat);
        if (failures[k] !== undefined || round >= (validation ? VALIDATION_ROUNDS : ROUNDS)) continue;
        const run = await synth(side, n, `r${round}`, { validation });
        if (run.code !== 0 || !run.result) {
          failures[k] = firstError(run.stderr);
          log(`${k}: synth failed: ${failures[k]}`);
          fs.rmSync(run.outdir, { recursive: true, force: true });
          continue;
        }
        log(`round ${round + 1}/${allRounds} ${k}: ${(run.wallMs / 1000).toFixed(2)} s`);
        (timings[k] ??= []).push(timingOf({ ...run, result: run.result }, round));
        // Keep one output of each synth without validation for the analysis; the other runs only time.
        if (!validation && !repeat && !firstRuns.has(k)) firstRuns.set(k, run);
        else fs.rmSync(run.outdir, { recursive: true, force: true });
      }
    }

    const assemblies = new Map<string, StackRead[]>();
    for (const [k, run] of firstRuns) assemblies.set(k, readAssembly(run));

    log('executing one scheduled run of each side (aws-local-stepfunctions, JSONata states with the jsonata package)');
    const transitions = await scheduledRuns(assemblies);

    log('direct mode');
    const direct = await synth('shared', 10, 'direct', { env: { BENCH_MODE: 'direct' } });
    if (direct.code === 0 && direct.result) {
      const stacks = readAssembly(direct);
      const targets = stacks.flatMap((s) => scheduleTargets(s.template));
      const universal = targets.filter((t) => /^arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob$/.test(t.targetArn));
      if (universal.length !== 10) throw new Error(`direct mode: expected 10 schedules with the SageMaker universal target, found ${universal.length} (${targets.map((t) => t.targetArn).join(', ')})`);
      const result: DirectResult = { transitions: 0, targetArn: universal[0].targetArn, stateMachines: stacks.reduce((acc, s) => acc + Object.keys(s.definitions).length, 0) };
      transitions.direct = result;
    } else {
      log(`direct mode: synth failed: ${firstError(direct.stderr)}`);
    }
    fs.rmSync(direct.outdir, { recursive: true, force: true });

    // The largest N of one stack from the linear fits, checked by synthesis: it fits all three limits, one more job does not.
    const limitCheck: LimitCheck[] = [];
    if (!QUICK) {
      for (const side of SIDES) {
        const model = sideModel(measurementsOf(PLAN, timings, assemblies).filter((x) => x.side === side));
        if (!model || !Number.isFinite(model.maxJobs) || model.maxJobs > 600 || model.maxJobs < 1) continue;
        for (const n of [model.maxJobs, model.maxJobs + 1]) {
          log(`limit check: ${side} N=${n} in one stack`);
          const run = await synth(side, n, 'limit', { env: { BENCH_ONE_STACK: 'true' } });
          if (run.code === 0 && run.result) {
            const [stack] = readAssembly(run);
            const over = limitsExceeded(stack.cost.resources, stack.cost.bytes, stack.definitionCost.largestBytes);
            limitCheck.push({ side, n, ok: over.length === 0, over, resources: stack.cost.resources, bytes: stack.cost.bytes, definitionBytes: stack.definitionCost.largestBytes });
          } else {
            limitCheck.push({ side, n, ok: false, error: firstError(run.stderr) });
          }
          fs.rmSync(run.outdir, { recursive: true, force: true });
        }
      }
    }

    // What aws-cdk-lib's template validation costs apart from any app: the part of every validation-on synth no app changes.
    let validatorCost: ValidatorCost | undefined;
    const handWritten = assemblies.get(timingKey('baseline', RATIO_AT[0]))?.[0];
    if (!QUICK && handWritten) {
      log('template validation alone');
      try {
        validatorCost = await measureValidatorCost(path.join(handWritten.outdir, handWritten.file), RATIO_AT[0], VALIDATION_ROUNDS);
      } catch (e) {
        log((e as Error).message);
      }
    }

    let example: ExampleAppResult | undefined;
    if (!QUICK) {
      log('example app: npx cdk synth --quiet');
      try {
        example = await measureExampleApp(tmp, VALIDATION_ROUNDS);
      } catch (e) {
        log((e as Error).message);
      }
    }

    const benchSeconds = (performance.now() - started) / 1000;
    const results = benchResults({
      plan: PLAN, timings, assemblies, transitions, failures, limitCheck, exampleApp: example, validatorCost, benchSeconds, budgetS: BUDGET_S,
      rounds: { plain: ROUNDS, validation: VALIDATION_ROUNDS }, quick: QUICK,
      runner: `BENCH_SIDE=<side> ${RUNNER} bench/apps/app.ts (the library loaded from lib/ compiled by tsc, bundled with its entry and code cache as npm run build ships it; the first library synth writes the cache)`,
      machine: {
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 1e9),
        node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg(),
      },
    });
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(results, undefined, 2) + '\n');
    const m = results.machine;
    console.log(`cdk-sagemaker-processing benchmark${QUICK ? ' (--quick)' : ''}, ${results.date.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ` +
      `load average ${m.loadAverageBefore[0].toFixed(2)} → ${m.loadAverageAfter[0].toFixed(2)}; each app run as \`${results.runner}\`; ` +
      `medians of ${ROUNDS} interleaved rounds (${VALIDATION_ROUNDS} with aws-cdk-lib's template validation), min–max in parentheses`);
    if (Math.max(m.loadAverageBefore[0], m.loadAverageAfter[0]) > m.cpus) {
      console.log(`note: the machine was busy with other work (load average above its ${m.cpus} cores): wall times are inflated ` +
        'and noisy; the round-by-round ratios are the steadier measure.');
    }
    console.log('');
    console.log(renderReport(results));
    for (const [k, e] of Object.entries(failures)) console.log(`synth failed: ${k}: ${e}`);
    for (const l of limitCheck) {
      console.log(`limit check: ${l.side} N=${l.n} in one stack: ${l.ok ? 'fits' : `does not fit${l.over?.length ? ` (over: ${l.over.join(', ')})` : ''}`}` +
        (l.error ? ` (${l.error})` : ` (${l.resources} resources, ${l.bytes} template bytes, largest definition ${l.definitionBytes} bytes)`));
    }
    for (const side of SIDES) {
      const t = transitions[side];
      if (t) console.log(`scheduled run, ${side}: ${t.statesEntered.join(' → ')} (${t.jobName})`);
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
