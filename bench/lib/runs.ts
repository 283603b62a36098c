/**
 * Running the measured processes of `npm run bench`: one child process per synth
 * (`node --import tsx bench/apps/<side>.ts`), timed from spawn to exit, and reading what it wrote.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ChildResult } from '../apps/child';
import type { Side } from './analysis';
import { definitionCost, DefinitionCost, DefinitionText, readDefinitions } from './definition';
import { Template, templateCost, TemplateCost } from './template';

export const ROOT = path.resolve(__dirname, '..', '..');
const APP: Record<Side, string> = { baseline: 'bench/apps/baseline.ts', library: 'bench/apps/library.ts' };
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

/** One measured synth of `side` with `n` jobs into a new directory under `tmp`; `validation` turns on aws-cdk-lib's template validation. */
export async function synth(side: Side, n: number, tmp: string, tag: string, options: { validation?: boolean; env?: Record<string, string> } = {}): Promise<ChildRun> {
  const outdir = fs.mkdtempSync(path.join(tmp, `${side}-${n}-${tag}-`));
  const [node, ...flags] = [process.execPath, ...RUNNER.split(' ').slice(1)];
  const run = await sh(node, [...flags, APP[side]], {
    BENCH_N: String(n), CDK_OUTDIR: outdir, CDK_VALIDATION: options.validation ? 'true' : 'false', ...options.env,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  const result = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildResult : undefined;
  return { wallMs: run.wallMs, code: run.code, result, stderr: run.stderr, outdir };
}

/** What one synthesized stack costs: its template and its state machine definitions, wherever they are. */
export interface StackRead {
  readonly template: Template;
  readonly outdir: string;
  readonly cost: TemplateCost;
  /** The definitions with physical names at their longest (sizes are upper bounds). */
  readonly definitions: Record<string, DefinitionText>;
  readonly definitionCost: DefinitionCost;
}

export function readStack(run: ChildRun): StackRead {
  const file = path.join(run.outdir, run.result!.templateFile);
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
  const definitions = readDefinitions(template, run.outdir, 'longest');
  return { template, outdir: run.outdir, cost: templateCost(template, fs.statSync(file).size), definitions, definitionCost: definitionCost(definitions) };
}

/** The line of a failed child's stderr that says why (CDK's ValidationError names, else the first error line). */
export function firstError(stderr: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /TooManyResourcesInStack|Number of resources|ValidationError|TypeError|Error:/.test(l)) ?? lines.find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 400);
}
