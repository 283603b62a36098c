import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { aws_lambda as lambda } from 'aws-cdk-lib';

/**
 * The modules of the run handler, as paths from the package root without extension: the handler
 * and the one library module it imports (the run name, shared with the CLI). Each is plain
 * JavaScript once compiled, importing only Node.js and the AWS SDK v3 (in the Node.js 24 runtime).
 */
export const RUN_HANDLER_MODULES = ['src/run-handler/index', 'lib/api/run-name'];

/** The handler's module in the asset (`<module>.<function>` is the Lambda handler). */
export const RUN_HANDLER_MODULE = RUN_HANDLER_MODULES[0];

/**
 * The folder that holds the run handler's modules, at the same relative paths as in the package
 * (so the handler's `require('../../lib/api/run-name')` resolves in Lambda). In the package they
 * are `dist/src/run-handler/index.js` and `dist/lib/api/run-name.js` (compiled by `npm run
 * build`); in a checkout that runs the TypeScript sources (tests, `cdk synth` through tsx) they are
 * transpiled. Either way they are copied into a staging folder named after their hash, so
 * repeated synths reuse it and the asset hash follows the code.
 */
export function runHandlerCodeDirectory(): string {
  const root = handlerModulesRoot();
  const files = RUN_HANDLER_MODULES.map((module) => ({ module, text: moduleJavaScript(root, module) }));
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.module}\0${f.text}\0`);
  const dir = path.join(os.tmpdir(), `cdk-sagemaker-processing-run-handler-${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, `${RUN_HANDLER_MODULE}.js`))) return dir;
  // Written into a fresh folder that is then renamed, so a concurrent synth never sees half a file.
  const partial = fs.mkdtempSync(`${dir}-`);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(partial, f.module)), { recursive: true });
    fs.writeFileSync(path.join(partial, `${f.module}.js`), f.text);
  }
  try {
    fs.renameSync(partial, dir);
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, `${RUN_HANDLER_MODULE}.js`))) throw e;
  }
  return dir;
}

/**
 * The folder the handler's module paths start from: the first folder above this module's that
 * holds the library's run-name module. That is the package's `dist` whether the library is
 * loaded as one bundled `dist/lib/index.js` or module by module, and the checkout when the
 * TypeScript sources run. Without one, the package's layout (and a clear error naming the file).
 */
function handlerModulesRoot(): string {
  const library = RUN_HANDLER_MODULES[1];
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, `${library}.js`)) || fs.existsSync(path.join(dir, `${library}.ts`))) return dir;
  }
  return path.join(__dirname, '..', '..');
}

/** The handler as Lambda code: its modules as plain JavaScript files, no bundling. */
export function runHandlerCode(): lambda.Code {
  return lambda.Code.fromAsset(runHandlerCodeDirectory());
}

/** The part of the `typescript` package the staging uses. */
interface TypeScriptTranspiler {
  readonly version: string;
  transpileModule(input: string, options: { fileName: string; compilerOptions: { [key: string]: unknown } }): { outputText: string };
}

/** A module's JavaScript: the compiled file of the package, else its TypeScript source with the types stripped. */
function moduleJavaScript(root: string, module: string): string {
  const compiled = path.join(root, `${module}.js`);
  if (fs.existsSync(compiled)) return fs.readFileSync(compiled, 'utf8');
  const source = path.join(root, `${module}.ts`);
  if (!fs.existsSync(source)) {
    throw new Error(`ProcessingJobRun: the handler module ${compiled} is missing from the package (npm run build compiles it)`);
  }
  let ts: TypeScriptTranspiler;
  try {
    // A development dependency, present wherever the TypeScript sources run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ts = require('typescript') as TypeScriptTranspiler;
  } catch {
    throw new Error(`ProcessingJobRun: running from the TypeScript sources needs the 'typescript' package to transpile ${source}`);
  }
  return ts.transpileModule(fs.readFileSync(source, 'utf8'), {
    fileName: path.basename(source),
    // module 1 = CommonJS, target 9 = ES2022: what Node.js 24 runs as is.
    compilerOptions: { module: 1, target: 9, esModuleInterop: true },
  }).outputText;
}
