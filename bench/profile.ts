/**
 * `npx tsx bench/profile.ts [side] [N] [--validation]`: where the CPU time of one synth goes. Runs
 * the bench's app for `side` (shared, standalone or baseline; default shared) with N jobs (default
 * 240) under `node --cpu-prof`, the library compiled as in `npm run bench`, and prints:
 * - self time by origin: the library's own code, aws-cdk-lib, constructs, Node.js and V8 (garbage
 *   collection, JSON, builtins), the module loader;
 * - the library's functions by inclusive time (what they and everything they call cost: where the
 *   library makes aws-cdk-lib work), and the functions with the most self time.
 * The profile itself is kept in bench/results/ for Chrome DevTools or speedscope.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileLibrary } from './lib/compile-library';
import { firstError, ROOT, synth } from './lib/runs';
import { Side, SIDES } from './lib/sides';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}
interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** What a frame's code is: by its file. */
export function originOf(url: string, libraryDir: string): string {
  if (url.startsWith(libraryDir) || url.startsWith(`file://${libraryDir}`)) return 'library';
  if (/node_modules\/aws-cdk-lib\//.test(url)) return 'aws-cdk-lib';
  if (/node_modules\/constructs\//.test(url)) return 'constructs';
  if (/node_modules\/(tsx|esbuild|get-tsconfig)\//.test(url)) return 'loader (tsx)';
  if (/\/bench\//.test(url)) return 'bench app';
  if (url === '' || url.startsWith('node:')) return 'Node.js and V8 (GC, JSON, builtins)';
  return 'other modules';
}

/** Self and inclusive time (ms) per function and self time per origin, from a V8 CPU profile. */
export function summarize(profile: CpuProfile, libraryDir: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${path.relative(ROOT, n.callFrame.url.replace(/^file:\/\//, '')) || n.callFrame.url}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const origins = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const node = byId.get(id)!;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const origin = originOf(node.callFrame.url, libraryDir);
    origins.set(origin, (origins.get(origin) ?? 0) + ms);
    // Each library function on the stack once, however deep its recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (originOf(frame.callFrame.url, libraryDir) !== 'library' || seen.has(key(frame))) continue;
      seen.add(key(frame));
      inclusive.set(key(frame), (inclusive.get(key(frame)) ?? 0) + ms);
    }
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, origins: sorted(origins), self: sorted(self), libraryInclusive: sorted(inclusive) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const side = (args[0] ?? 'shared') as Side;
  if (!SIDES.includes(side)) throw new Error(`side must be one of ${SIDES.join(', ')}, got '${side}'`);
  const n = Number(args[1] ?? 240);
  const validation = process.argv.includes('--validation');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sm-profile-'));
  try {
    const compiled = compileLibrary(path.join(ROOT, 'tsconfig.json'), path.join(tmp, 'library-js'));
    const profileDir = path.join(tmp, 'profile');
    const run = await synth(side, n, tmp, 'profile', {
      validation, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      env: side === 'baseline' ? {} : { BENCH_LIBRARY_DIR: compiled.dir, NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    if (run.code !== 0 || !run.result) throw new Error(`the synth failed: ${firstError(run.stderr)}`);
    const [file] = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
    const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
    const kept = path.join(ROOT, 'bench', 'results', `${side}-${n}${validation ? '-validation' : ''}.cpuprofile`);
    fs.mkdirSync(path.dirname(kept), { recursive: true });
    fs.copyFileSync(path.join(profileDir, file), kept);
    const s = summarize(profile, compiled.dir);
    const pct = (ms: number) => `${((ms / s.totalMs) * 100).toFixed(1)} %`;
    console.log(`${side}, N = ${n}, validation ${validation ? 'on' : 'off'}: ${(s.totalMs / 1000).toFixed(2)} s sampled ` +
      `(wall ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.result.cpuMs / 1000).toFixed(2)} s); profile: ${path.relative(ROOT, kept)}\n`);
    console.log('| self time by origin | ms | share |\n| --- | ---: | ---: |');
    for (const [origin, ms] of s.origins) console.log(`| ${origin} | ${ms.toFixed(0)} | ${pct(ms)} |`);
    console.log('\n| library function, inclusive (itself and what it calls) | ms | share |\n| --- | ---: | ---: |');
    for (const [fn, ms] of s.libraryInclusive.slice(0, 25)) console.log(`| \`${fn}\` | ${ms.toFixed(0)} | ${pct(ms)} |`);
    console.log('\n| function, self time | ms | share |\n| --- | ---: | ---: |');
    for (const [fn, ms] of s.self.slice(0, 25)) console.log(`| \`${fn}\` | ${ms.toFixed(0)} | ${pct(ms)} |`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
