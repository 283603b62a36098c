/**
 * Builds what a processing container sees under `/opt/ml` in a local folder: every input at its
 * `LocalPath` (a local file or folder the user gives, the app's own assets from `cdk.out` — code
 * with its real file name, a directory asset as the zip archive `cdk deploy` uploads — or objects
 * downloaded from S3), an empty folder at every output's `LocalPath`, and `config/` with the two
 * files SageMaker writes. The folder is then bound at `/opt/ml` by an engine.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CreateProcessingJobRequest, ProcessingInput } from '@aws-sdk/client-sagemaker';
import { CliError } from '../errors';
import type { AssemblyAssets } from './cdk-assets';
import { processingJobConfig, resourceConfig } from './container-config';
import { zipDirectory } from './zip-archive';

/** Where the container's `/opt/ml` is mounted from. */
export const CONTAINER_ML_ROOT = '/opt/ml';

/** Fetches an S3 input into a folder (what `--download` plugs in). */
export type InputDownloader = (input: { name: string; s3Uri: string; dataType: string }, targetDir: string) => Promise<number>;

/** Where an input came from, for the run's report. */
export interface MaterializedInput {
  readonly name: string;
  readonly localPath: string;
  /** `local <path>`, `cdk.out asset <file>` or `s3 <uri>`. */
  readonly source: string;
  readonly files: number;
}

/** A declared S3 output: its container path and the host folder that holds it during the run. */
export interface MaterializedOutput {
  readonly name: string;
  readonly localPath: string;
  readonly hostDir: string;
  /** The S3 URI of the run (partition included), if the output has one. */
  readonly s3Uri?: string;
}

/** The built `/opt/ml`. */
export interface ContainerRoot {
  /** The host folder bound at `/opt/ml`. */
  readonly dir: string;
  readonly inputs: MaterializedInput[];
  readonly outputs: MaterializedOutput[];
}

/** What to build the container's `/opt/ml` from. */
export interface ContainerRootOptions {
  /** The request as the run sends it (run values applied, S3 URIs resolved as far as known). */
  readonly request: CreateProcessingJobRequest;
  /** The ARN written into processingjobconfig.json. */
  readonly jobArn: string;
  /** The assembly's assets. */
  readonly assets: AssemblyAssets;
  /** Input name → a local file or folder whose content the container sees at the input's `LocalPath`. */
  readonly localInputs: { [name: string]: string };
  /** Downloads S3 inputs that are neither local nor assets. @default - such an input is an error */
  readonly download?: InputDownloader;
  /** The job, for messages. */
  readonly jobPath: string;
}

/** Creates the container's `/opt/ml` in `dir` (an empty folder). */
export async function buildContainerRoot(dir: string, options: ContainerRootOptions): Promise<ContainerRoot> {
  const { request } = options;
  const inputs = request.ProcessingInputs ?? [];
  checkLocalInputs(request, options.localInputs, options.jobPath);
  const materialized: MaterializedInput[] = [];
  for (const input of inputs) materialized.push(await materializeInput(dir, input, options));

  const outputs: MaterializedOutput[] = [];
  for (const output of request.ProcessingOutputConfig?.Outputs ?? []) {
    if (!output.S3Output?.LocalPath) continue; // a Feature Store output: the container does not write files for it
    const hostDir = hostPath(dir, output.S3Output.LocalPath, `output ${output.OutputName}`);
    fs.mkdirSync(hostDir, { recursive: true });
    outputs.push({ name: output.OutputName ?? '', localPath: output.S3Output.LocalPath, hostDir, s3Uri: output.S3Output.S3Uri });
  }

  const config = path.join(dir, 'config');
  fs.mkdirSync(config, { recursive: true });
  writeJson(path.join(config, 'processingjobconfig.json'), processingJobConfig(request, options.jobArn));
  writeJson(path.join(config, 'resourceconfig.json'), resourceConfig(request));
  return { dir, inputs: materialized, outputs };
}

/** Each local input names an input of the job and exists: a one-line error otherwise. */
export function checkLocalInputs(request: CreateProcessingJobRequest, localInputs: { [name: string]: string }, jobPath: string): void {
  const known = (request.ProcessingInputs ?? []).map((i) => i.InputName ?? '');
  for (const [name, source] of Object.entries(localInputs)) {
    if (!known.includes(name)) {
      throw new CliError(`--input ${name}: the job ${jobPath} has no input named '${name}' (inputs: ${known.join(', ') || 'none'})`);
    }
    if (!fs.existsSync(source)) throw new CliError(`--input ${name}=${source}: no such file or folder`);
  }
}

async function materializeInput(dir: string, input: ProcessingInput, options: ContainerRootOptions): Promise<MaterializedInput> {
  const name = input.InputName ?? '';
  const localPath = input.S3Input?.LocalPath ?? input.DatasetDefinition?.LocalPath;
  if (!localPath) throw new CliError(`input ${name} of ${options.jobPath} has no LocalPath`);
  const target = hostPath(dir, localPath, `input ${name}`);
  fs.mkdirSync(target, { recursive: true });

  const local = options.localInputs[name];
  if (local !== undefined) {
    const source = path.resolve(local);
    if (fs.statSync(source).isDirectory()) fs.cpSync(source, target, { recursive: true });
    else fs.copyFileSync(source, path.join(target, path.basename(source)));
    return { name, localPath, source: `local ${local}`, files: countFiles(target) };
  }

  const s3 = input.S3Input;
  if (!s3) {
    throw new CliError(`input ${name} of ${options.jobPath} is a dataset definition (Athena or Redshift query): give its result as --input ${name}=<folder>`);
  }
  if (s3.S3InputMode === 'Pipe') {
    throw new CliError(`input ${name} of ${options.jobPath} streams in Pipe mode, which a local run does not reproduce: give --input ${name}=<folder> and read files`);
  }
  const uri = s3.S3Uri ?? '';
  const assets = options.assets.filesAt(uri);
  if (assets.length > 0) {
    for (const { asset, relativePath } of assets) {
      const file = path.join(target, ...relativePath.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (asset.packaging === 'zip') zipDirectory(asset.sourcePath, file);
      else fs.copyFileSync(asset.sourcePath, file);
    }
    const names = assets.map((a) => a.relativePath).join(', ');
    return { name, localPath, source: `cdk.out asset ${names}`, files: assets.length };
  }
  if (options.download) {
    const files = await options.download({ name, s3Uri: uri, dataType: s3.S3DataType ?? 'S3Prefix' }, target);
    return { name, localPath, source: uri, files };
  }
  throw new CliError(`input ${name} (${uri}) is not in cdk.out: give --input ${name}=<folder>, or --download to copy it from S3`);
}

/** The host path of a container path under /opt/ml (SageMaker requires inputs and outputs under /opt/ml/processing/). */
export function hostPath(root: string, containerPath: string, what: string): string {
  const normalized = path.posix.normalize(containerPath);
  if (!normalized.startsWith(`${CONTAINER_ML_ROOT}/`)) {
    throw new CliError(`${what}: LocalPath ${containerPath} is outside ${CONTAINER_ML_ROOT}/, which a local run cannot mount`);
  }
  return path.join(root, ...normalized.slice(CONTAINER_ML_ROOT.length + 1).split('/'));
}

/** The files under `dir`, recursively, with their sizes (sorted by path). */
export function filesUnder(dir: string): { path: string; bytes: number }[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((relative) => ({ relative, stat: fs.statSync(path.join(dir, relative)) }))
    .filter((f) => f.stat.isFile())
    .map((f) => ({ path: f.relative.split(path.sep).join('/'), bytes: f.stat.size }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function countFiles(dir: string): number {
  return filesUnder(dir).length;
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
