/**
 * Running the measured processes of `npm run bench`: one child process per synth
 * (`node --import tsx bench/apps/app.ts`, the side in BENCH_SIDE), timed from spawn to exit, and reading what it wrote:
 * every stack's template, nested stacks' templates included, and every state machine definition.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ChildResult } from '../apps/child';
import type { Timing } from './analysis';
import { definitionCost, DefinitionCost, DefinitionText, readDefinitions } from './definition';
import { Side } from './sides';
import { Template, templateCost, TemplateCost } from './template';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The app every measured synth runs (the side in BENCH_SIDE). */
const APP = 'bench/apps/app.ts';
/** How each app runs: the transpile-only loader the example app uses (cdk.json), without the cdk CLI. */
export const RUNNER = 'node --import tsx';

export interface Spawned {
  readonly wallMs: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in the repository with `env` over this process's environment, less
 * CDK_VALIDATION: whether aws-cdk-lib validates templates is always the caller's explicit choice.
 */
export function sh(command: string, args: string[], env: Record<string, string>): Promise<Spawned> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.CDK_VALIDATION;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ wallMs: performance.now() - started, code, stdout, stderr }));
  });
}

export interface ChildRun {
  readonly wallMs: number;
  readonly code: number | null;
  readonly result?: ChildResult;
  readonly stderr: string;
  /** The synth's cloud assembly directory. */
  readonly outdir: string;
}

/**
 * What a round keeps of one child's synth: its wall time from spawn to exit, its CPU time and peak memory, and of the wall
 * time aws-cdk-lib's validation with the wait at exit it leaves (0 without validation).
 */
export function timingOf(run: ChildRun & { result: ChildResult }, round: number): Timing {
  const r = run.result;
  return { round, wallMs: run.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, validatorMs: r.validatorMs + r.exitWaitMs };
}

/**
 * The order of a round's synths: the plan rotated, and reversed every other round. A rotation alone keeps which synth
 * follows which, so whatever one synth leaves to the next (files being written back, a warm cache) would always fall on
 * the same side.
 */
export function roundOrder<T>(plan: readonly T[], round: number): T[] {
  const ordered = round % 2 === 0 ? [...plan] : [...plan].reverse();
  const shift = (round * 7) % ordered.length;
  return [...ordered.slice(shift), ...ordered.slice(0, shift)];
}

/**
 * One measured synth of `side` with `n` jobs into a new directory under `tmp`; `validation` turns on aws-cdk-lib's template
 * validation; `app` runs another app than the sides' (one that calls `synthChild` too).
 */
export async function synth(side: Side, n: number, tmp: string, tag: string,
  options: { validation?: boolean; env?: Record<string, string>; nodeFlags?: string[]; app?: string } = {}): Promise<ChildRun> {
  const outdir = fs.mkdtempSync(path.join(tmp, `${side}-${n}-${tag}-`));
  const [node, ...flags] = [process.execPath, ...RUNNER.split(' ').slice(1)];
  const run = await sh(node, [...flags, ...(options.nodeFlags ?? []), options.app ?? APP], {
    BENCH_SIDE: side, BENCH_N: String(n), CDK_OUTDIR: outdir, CDK_VALIDATION: options.validation ? 'true' : 'false', ...options.env,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  const result = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildResult : undefined;
  return { wallMs: run.wallMs, code: run.code, result, stderr: run.stderr, outdir };
}

/** What one synthesized template costs: its resources and bytes, and its state machine definitions, wherever they are. */
export interface StackRead {
  /** The template file, relative to the cloud assembly directory. */
  readonly file: string;
  /** A nested stack's template (a file asset of its parent), not a top-level stack's. */
  readonly nested: boolean;
  readonly template: Template;
  readonly outdir: string;
  readonly cost: TemplateCost;
  /** The definitions with physical names at their longest (sizes are upper bounds). */
  readonly definitions: Record<string, DefinitionText>;
  readonly definitionCost: DefinitionCost;
}

/** Reads one template of a synth's cloud assembly. */
export function readTemplate(outdir: string, file: string, nested = false): StackRead {
  const template = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8')) as Template;
  const definitions = readDefinitions(template, outdir, 'longest');
  return {
    file, nested, template, outdir, cost: templateCost(template, fs.statSync(path.join(outdir, file)).size), definitions, definitionCost: definitionCost(definitions),
  };
}

/** Every template of a synth: the top-level stacks', then the nested stacks' (`*.nested.template.json`). */
export function readAssembly(run: Pick<ChildRun, 'outdir' | 'result'>): StackRead[] {
  const nested = fs.readdirSync(run.outdir).filter((f) => f.endsWith('.nested.template.json')).sort();
  return [...run.result!.templateFiles.map((f) => readTemplate(run.outdir, f)), ...nested.map((f) => readTemplate(run.outdir, f, true))];
}

/** The line of a failed child's stderr that says why (CDK's ValidationError names, else the first error line). */
export function firstError(stderr: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /TooManyResourcesInStack|Number of resources|ValidationError|TypeError|Error:/.test(l)) ?? lines.find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 400);
}
