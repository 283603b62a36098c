import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The folder that holds the run handler's `index.js`. In the package it is `dist/src/run-handler/`
 * (compiled by `npm run build`, next to `dist/lib/`); in a checkout that runs the TypeScript
 * sources (tests, `cdk synth` through tsx) only `src/run-handler/index.ts` exists, and it is
 * transpiled into a staging folder.
 */
export function runHandlerCodeDirectory(): string {
  const dir = path.join(__dirname, '..', '..', 'src', 'run-handler');
  if (fs.existsSync(path.join(dir, 'index.js'))) return dir;
  const source = path.join(dir, 'index.ts');
  if (fs.existsSync(source)) return transpiledHandler(source);
  throw new Error(`ProcessingJobRun: the handler ${path.join(dir, 'index.js')} is missing from the package (npm run build compiles it)`);
}

/** The handler as Lambda code: one JavaScript file, no bundling (the Node.js 24 runtime has the AWS SDK v3). */
export function runHandlerCode(): lambda.Code {
  return lambda.Code.fromAsset(runHandlerCodeDirectory(), { exclude: ['*.ts', '*.map'] });
}

/** The part of the `typescript` package the staging uses. */
interface TypeScriptTranspiler {
  readonly version: string;
  transpileModule(input: string, options: { fileName: string; compilerOptions: { [key: string]: unknown } }): { outputText: string };
}

/**
 * Transpiles the handler (one file; only the types are stripped) into a folder named after the
 * hash of its source, so repeated synths reuse it and the asset hash follows the source.
 */
function transpiledHandler(source: string): string {
  let ts: TypeScriptTranspiler;
  try {
    // A development dependency, present wherever the TypeScript sources run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ts = require('typescript') as TypeScriptTranspiler;
  } catch {
    throw new Error(`ProcessingJobRun: running from the TypeScript sources needs the 'typescript' package to transpile ${source}`);
  }
  const text = fs.readFileSync(source, 'utf8');
  const hash = createHash('sha256').update(`${ts.version}\0${text}`).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `cdk-sagemaker-processing-run-handler-${hash}`);
  if (fs.existsSync(path.join(dir, 'index.js'))) return dir;
  const output = ts.transpileModule(text, {
    fileName: 'index.ts',
    // module 1 = CommonJS, target 9 = ES2022: what Node.js 24 runs as is.
    compilerOptions: { module: 1, target: 9, esModuleInterop: true },
  }).outputText;
  // Written into a fresh folder that is then renamed, so a concurrent synth never sees half a file.
  const partial = fs.mkdtempSync(`${dir}-`);
  fs.writeFileSync(path.join(partial, 'index.js'), output);
  try {
    fs.renameSync(partial, dir);
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'index.js'))) throw e;
  }
  return dir;
}
