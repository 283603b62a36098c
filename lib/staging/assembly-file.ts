import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Writes `text` into the cloud assembly as aws-cdk-lib's asset staging names a file,
 * `asset.<hash><extension>` (the hash is the text's SHA-256), and returns its path as a file
 * asset of `scope`'s stack gives it to the synthesizer: relative to the stack's own assembly (a
 * nested Stage's assembly is a folder of the app's). Text the library generates (a definition, a
 * script written from a string) needs no temporary file to copy and fingerprint. Written beside
 * and renamed, so a concurrent synth into the same folder never reads half a file.
 */
export function writeAssemblyFile(scope: IConstruct, text: string, extension: string): { readonly fileName: string; readonly sourceHash: string } {
  const sourceHash = crypto.createHash('sha256').update(text).digest('hex');
  return { fileName: writeIntoAssembly(scope, `asset.${sourceHash}${extension}`, Buffer.from(text, 'utf8')), sourceHash };
}

/**
 * Writes `bytes` into the cloud assembly as `asset.<hash>/<baseName>`, in a folder of its own so
 * the file keeps its exact name (`README`, `.env`, `App.JAR`, which aws-cdk-lib's staging of the
 * file would rename), and returns its path as `writeAssemblyFile` does. Always in the assembly,
 * also when the app disables asset staging (`aws:cdk:disable-asset-staging`, `cdk synth
 * --no-staging`): then aws-cdk-lib points assets at their source, and this copy has no other.
 */
export function writeAssemblyNamedFile(scope: IConstruct, baseName: string, bytes: Buffer): string {
  const hash = crypto.createHash('sha256').update(baseName).update('\0').update(bytes).digest('hex');
  return writeIntoAssembly(scope, path.join(`asset.${hash}`, baseName), bytes);
}

/** Writes the file once (beside, then renamed), returns its path relative to the stack's assembly. */
function writeIntoAssembly(scope: IConstruct, relativePath: string, bytes: Buffer): string {
  // An app always has an output folder; a construct tree without a stage gets a temporary one.
  const outdir = Stage.of(scope)?.assetOutdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sagemaker-processing-'));
  const file = path.join(outdir, relativePath);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
  }
  const manifestDir = Stage.of(Stack.of(scope))?.outdir;
  return manifestDir ? path.relative(manifestDir, file) : file;
}
