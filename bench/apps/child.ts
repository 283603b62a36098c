/**
 * The child side of one measured synth: builds the app, synthesizes it into CDK_OUTDIR (set by
 * bench/run.ts) and prints one line `BENCH_RESULT {json}` with what only the child can measure.
 * Imports of aws-cdk-lib and of the app's constructs happen before `main` runs (module loading
 * is part of the measured wall time, as in `cdk synth`).
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Side, SIDES } from '../lib/sides';

/**
 * The context the cdk CLI (aws-cdk 2.1148, `contextFromSettings`) gives an app it runs, with its
 * default settings: the templates come out as `cdk synth` writes them (path metadata on every
 * resource, the `CDKMetadata` resource, which counts against the 500).
 */
export const CLI_DEFAULT_CONTEXT: Record<string, unknown> = {
  [cxapi.PATH_METADATA_ENABLE_CONTEXT]: true,
  [cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true,
  [cxapi.ANALYTICS_REPORTING_ENABLED_CONTEXT]: true,
  [cxapi.BUNDLING_STACKS]: ['**'],
  [cxapi.FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: false,
};

/** What a child reports to bench/run.ts. */
export interface ChildResult {
  /** Peak resident set size of this process, in KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
  /** Milliseconds from process start to the first line of the app (node, tsx, module loading). */
  readonly loadMs: number;
  /** Milliseconds to construct the app and synthesize it. */
  readonly synthMs: number;
  /** CPU milliseconds (user + system) of the whole process, less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  /**
   * The template file of each stack of the app, relative to CDK_OUTDIR (nested stacks' templates
   * are file assets beside them, `*.nested.template.json`).
   */
  readonly templateFiles: string[];
  /** Where the app loaded the library from: compiled JavaScript (BENCH_LIBRARY_DIR), its TypeScript sources, or not at all (the baseline). */
  readonly libraryFrom: 'compiled' | 'sources' | 'none';
  /**
   * With aws-cdk-lib's template validation on: the milliseconds of the synth spent in it (its `validateTemplates`: loading
   * the engine, constructing it, validating every template, reporting). 0 with validation off.
   */
  readonly validatorMs: number;
  /**
   * With validation on: from the end of the synth to Node.js's 'beforeExit', the wait for V8's background compilation of
   * the validator's WebAssembly, which Node.js lets finish before the process ends (nothing else runs then: the app is
   * done). 0 with validation off.
   */
  readonly exitWaitMs: number;
}

/** Where the process loaded `lib/index` from. */
function libraryFrom(): ChildResult['libraryFrom'] {
  const loaded = Object.keys(require.cache);
  const compiled = process.env.BENCH_LIBRARY_DIR;
  if (compiled && loaded.includes(path.join(path.resolve(compiled), 'index.js'))) return 'compiled';
  return loaded.includes(path.resolve(__dirname, '..', '..', 'lib', 'index.ts')) ? 'sources' : 'none';
}

/** The job count the parent asked for (`BENCH_N`). */
export function jobCountFromEnv(): number {
  const n = Number(process.env.BENCH_N);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_N must be a positive integer, got '${process.env.BENCH_N}'`);
  return n;
}

/** The app the parent asked for (`BENCH_SIDE`). */
export function sideFromEnv(): Side {
  const side = process.env.BENCH_SIDE as Side;
  if (!SIDES.includes(side)) throw new Error(`BENCH_SIDE must be one of ${SIDES.join(', ')}, got '${process.env.BENCH_SIDE}'`);
  return side;
}

/** aws-cdk-lib's module that validates a synthesized assembly's templates (2.276: `core/lib/private/synthesis-validation.js`). */
interface SynthesisValidation {
  validateTemplates: (...args: unknown[]) => unknown;
}

/**
 * Counts the milliseconds aws-cdk-lib spends in its template validation, by wrapping the function its synthesis calls
 * through the module's exports (`synthesis_validation_1().validateTemplates(...)`, read at each call). Bench-only: the
 * module is aws-cdk-lib's private one, so a version without it fails here by name rather than measuring nothing.
 */
function timeValidation(): () => number {
  const file = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'private', 'synthesis-validation.js');
  const module = require(file) as SynthesisValidation;
  if (typeof module.validateTemplates !== 'function') throw new Error(`${file} has no validateTemplates: the bench cannot time aws-cdk-lib's validation`);
  const validate = module.validateTemplates;
  let spent = 0;
  module.validateTemplates = (...args: unknown[]) => {
    const started = performance.now();
    try {
      return validate(...args);
    } finally {
      spent += performance.now() - started;
    }
  };
  return () => spent;
}

/**
 * Runs `build` in a new App with the cdk CLI's default context, and synthesizes it. aws-cdk-lib's
 * built-in CloudFormation template validation (on by default in a CDK app) runs with
 * CDK_VALIDATION=true and not with CDK_VALIDATION=false, as in the example app (bin/app.ts).
 * The result is written when Node.js is about to exit, so that it can count the wait at exit.
 */
export function synthChild(build: (app: App) => void): void {
  const loadMs = process.uptime() * 1000;
  const validation = process.env.CDK_VALIDATION === 'true';
  const validationMs = validation ? timeValidation() : () => 0;
  const started = performance.now();
  const app = new App({ context: CLI_DEFAULT_CONTEXT, builtinCloudFormationValidation: validation });
  build(app);
  const assembly = app.synth();
  const synthEnd = performance.now();
  const cpu = process.cpuUsage();
  const templateFiles = assembly.stacks.map((s) => s.templateFile);
  const result = {
    maxRssKb: process.resourceUsage().maxRSS, loadMs, synthMs: synthEnd - started, cpuMs: (cpu.user + cpu.system) / 1000, templateFiles, libraryFrom: libraryFrom(),
  };
  // 'beforeExit' comes once Node.js has drained the work left on its threads (the validator's background compilation).
  process.once('beforeExit', () => {
    const complete: ChildResult = { ...result, validatorMs: validationMs(), exitWaitMs: validation ? performance.now() - synthEnd : 0 };
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(complete)}\n`);
  });
}
