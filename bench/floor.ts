/**
 * `npx tsx bench/floor.ts [rounds]`: how far each side's synth is from the least aws-cdk-lib does to write the same
 * templates (bench/apps/l1-floor.ts: every resource a `CfnResource` with its properties as written), at the N the time
 * targets are judged at, with aws-cdk-lib's validation off and on. Synthesizes each side once without validation for its
 * templates, then `rounds` (default 5) interleaved rounds of the three apps and the three floors, the order rotated and
 * reversed as in `npm run bench` (`roundOrder`), and prints each one's median wall time, the part of it that is aws-cdk-lib's validation
 * (with the wait at exit it leaves) and its ratio to the hand-written app, round by round. The library is loaded compiled,
 * as in the bench. Takes about 6 minutes with 5 rounds; run it with nothing else running.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pairedRatio, spread, Timing } from './lib/analysis';
import { compileLibrary } from './lib/compile-library';
import { withSpread } from './lib/report';
import { firstError, ROOT, roundOrder, synth, timingOf } from './lib/runs';
import { Side, SIDES } from './lib/sides';
import { RATIO_AT } from './lib/targets';

const FLOOR_APP = 'bench/apps/l1-floor.ts';

/** One app measured: a side as written, or the floor of its templates. */
interface Measured {
  readonly side: Side;
  readonly floor: boolean;
  readonly n: number;
  readonly validation: boolean;
}

const label = (m: Pick<Measured, 'side' | 'floor'>) => (m.floor ? `${m.side}'s templates as CfnResources` : m.side);
const key = (m: Measured) => `${m.floor ? 'floor' : 'app'}:${m.side}:${m.n}:${m.validation}`;
const seconds = (ms: number[]) => withSpread(spread(ms.map((x) => x / 1000)));

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a positive integer, got '${process.argv[2]}'`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sm-floor-'));
  const log = (msg: string) => process.stderr.write(`[floor] ${msg}\n`);
  try {
    const compiled = compileLibrary(path.join(ROOT, 'tsconfig.json'), path.join(tmp, 'library-js'));
    const libraryEnv = { BENCH_LIBRARY_DIR: compiled.dir, NODE_PATH: path.join(ROOT, 'node_modules') };
    const envOf = (side: Side) => (side === 'baseline' ? {} : libraryEnv);

    // Each side's templates at each N, written once.
    const templates = new Map<string, string>();
    for (const n of RATIO_AT) {
      for (const side of SIDES) {
        const run = await synth(side, n, tmp, 'templates', { env: envOf(side) });
        if (run.code !== 0 || !run.result) throw new Error(`${side} N=${n}: the synth failed: ${firstError(run.stderr)}`);
        templates.set(`${side}:${n}`, run.result.templateFiles.map((file) => path.join(run.outdir, file)).join(','));
      }
    }

    const plan: Measured[] = RATIO_AT.flatMap((n) => [false, true].flatMap((validation) =>
      [false, true].flatMap((floor) => SIDES.map((side) => ({ side, floor, n, validation })))));
    const timings: Record<string, Timing[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const m of roundOrder(plan, round)) {
        const run = await synth(m.side, m.n, tmp, `r${round}`, m.floor
          ? { validation: m.validation, app: FLOOR_APP, env: { BENCH_FLOOR_TEMPLATES: templates.get(`${m.side}:${m.n}`)! } }
          : { validation: m.validation, env: envOf(m.side) });
        fs.rmSync(run.outdir, { recursive: true, force: true });
        if (run.code !== 0 || !run.result) throw new Error(`${key(m)}: the synth failed: ${firstError(run.stderr)}`);
        (timings[key(m)] ??= []).push(timingOf({ ...run, result: run.result }, round));
        log(`round ${round + 1}/${rounds} ${key(m)}: ${(run.wallMs / 1000).toFixed(2)} s`);
      }
    }

    console.log(`Medians of ${rounds} interleaved rounds, min–max in parentheses; ratios round by round against the hand-written app.\n`);
    console.log('| N | validation | app | wall time, s | of which validation, s | ÷ hand-written |');
    console.log('| ---: | --- | --- | ---: | ---: | ---: |');
    for (const n of RATIO_AT) {
      for (const validation of [false, true]) {
        const baseline = timings[key({ side: 'baseline', floor: false, n, validation })];
        for (const m of plan.filter((x) => x.n === n && x.validation === validation)) {
          const ts = timings[key(m)];
          const validator = validation ? seconds(ts.map((t) => t.validatorMs ?? 0)) : '–';
          console.log(`| ${n} | ${validation ? 'on' : 'off'} | ${label(m)} | ${seconds(ts.map((t) => t.wallMs))} | ${validator} | ${withSpread(pairedRatio(ts, baseline))} |`);
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
