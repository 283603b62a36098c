/**
 * `npx tsx bench/weight.ts [standalone|shared|baseline] [N…] [--validation]`: what one more job
 * weighs in a stack's template, per resource type and per part of a resource, from synths of the
 * same app with different job counts (default 1 10 80). Bytes only, no timing (`npm run bench` times).
 *
 * - `standalone` (default): the README's first example N times, each job with a runner of its own;
 * - `shared`: the bench's library app, every job on one shared runner;
 * - `baseline`: the hand-written jobs of the bench.
 *
 * The apps are synthesized in this process, with the cdk CLI's default context (path metadata, the
 * CDKMetadata resource) as `cdk synth` writes them; `--validation` turns aws-cdk-lib's
 * CloudFormation validation on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CLI_DEFAULT_CONTEXT } from './apps/child';
import { HandWrittenJobsStack } from './baseline/hand-written-stack';
import { perJobWeight, PerJobWeight, templateWeight, TemplateWeight } from './lib/weight';
import { LibraryJobsStack } from './library/library-stack';
import { StandaloneJobsStack } from './library/standalone-stack';

export type WeightedApp = 'standalone' | 'shared' | 'baseline';

const STACKS: Record<WeightedApp, (app: App, n: number) => Stack> = {
  standalone: (app, n) => new StandaloneJobsStack(app, 'Standalone', n),
  shared: (app, n) => new LibraryJobsStack(app, 'Shared', n),
  baseline: (app, n) => new HandWrittenJobsStack(app, 'Baseline', n),
};

/** Synthesizes `which` with `n` jobs and weighs its template. */
export function weigh(which: WeightedApp, n: number, options: { validation?: boolean } = {}): TemplateWeight {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `weight-${which}-${n}-`));
  try {
    const app = new App({ outdir, context: CLI_DEFAULT_CONTEXT, builtinCloudFormationValidation: options.validation ?? false });
    const stack = STACKS[which](app, n);
    app.synth();
    const file = path.join(outdir, stack.templateFile);
    return templateWeight(JSON.parse(fs.readFileSync(file, 'utf8')), fs.statSync(file).size);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => (bytes / 1000).toFixed(2);

/** The Markdown report: totals per N, then the per-job weight by type and by part (between the smallest and the largest N). */
export function renderWeight(which: WeightedApp, weights: Array<{ n: number; weight: TemplateWeight }>, perJob: PerJobWeight): string {
  const lines = [`### ${which}: template weight`, '', '| N | resources | KB | resources / job | KB / job |', '| ---: | ---: | ---: | ---: | ---: |'];
  for (const { n, weight } of weights) lines.push(`| ${n} | ${weight.resources} | ${kb(weight.bytes)} | ${(weight.resources / n).toFixed(2)} | ${kb(weight.bytes / n)} |`);
  lines.push('', `Each further job: **${perJob.resources.toFixed(2)} resources, ${kb(perJob.bytes)} KB**; fixed part ${perJob.fixed.resources.toFixed(0)} resources, ` +
    `${kb(perJob.fixed.bytes)} KB; **${perJob.jobsPerStack} jobs per stack** (500 resources, 1 MB).`, '',
  '| resource type | per job | KB / job |', '| --- | ---: | ---: |');
  for (const [type, w] of Object.entries(perJob.byType).sort((a, b) => b[1].bytes - a[1].bytes)) lines.push(`| ${type} | ${w.count.toFixed(2)} | ${kb(w.bytes)} |`);
  lines.push('', '| resource type | part | KB / job |', '| --- | --- | ---: |');
  for (const p of perJob.parts) lines.push(`| ${p.type} | ${p.part} | ${kb(p.bytes)} |`);
  return lines.join('\n');
}

function main(argv: string[]): void {
  const which = (argv.find((a) => a in STACKS) ?? 'standalone') as WeightedApp;
  const validation = argv.includes('--validation');
  const counts = argv.filter((a) => /^\d+$/.test(a)).map(Number).sort((a, b) => a - b);
  const ns = counts.length >= 2 ? counts : [1, 10, 80];
  const weights = ns.map((n) => ({ n, weight: weigh(which, n, { validation }) }));
  process.stdout.write(`${renderWeight(which, weights, perJobWeight(weights[0], weights[weights.length - 1]))}\n`);
}

if (require.main === module) main(process.argv.slice(2));
