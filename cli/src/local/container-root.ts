/**
 * Builds what a processing container sees under `/opt/ml` for a local run: the inputs and output
 * folders under `processing/` as lib/local/container-files.ts places them (the one module that
 * knows where SageMaker puts code and data: the app's assets from `cdk.out` under their own names,
 * local files and folders), inputs from S3 downloaded first when asked, `config/` with the two
 * files SageMaker writes, and an empty `output/` for the exit message. The folder is then bound at `/opt/ml` by an engine. Each mistake is a
 * one-line error phrased for the command.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CreateProcessingJobRequest } from '../../../lib/api/api-request';
import { assemblyObjects, assetObjectsAt, ContainerRequest, materializeContainer } from '../../../lib/local/container-files';
import { CliError } from '../errors';
import { processingJobConfig, resourceConfig } from './container-config';
import { OUTPUT_FOLDER } from './exit-message';

/** Fetches an S3 input into a folder (what `--download` plugs in); resolves the number of files. */
export type InputDownloader = (input: { name: string; s3Uri: string; dataType: string }, targetDir: string) => Promise<number>;

/** Where an input came from, for the run's report. */
export interface RunInput {
  readonly name: string;
  readonly localPath: string;
  /** `local <path>`, `cdk.out` or the S3 URI it was downloaded from. */
  readonly source: string;
  /** The files placed, relative to the input's folder. */
  readonly files: string[];
}

/** A declared S3 output: its container path and the host folder that holds it during the run. */
export interface RunOutput {
  readonly name: string;
  readonly localPath: string;
  readonly hostDir: string;
  /** The S3 URI of the run (partition included). */
  readonly s3Uri?: string;
}

/** The built `/opt/ml`. */
export interface ContainerRoot {
  /** The host folder bound at `/opt/ml`. */
  readonly dir: string;
  readonly inputs: RunInput[];
  readonly outputs: RunOutput[];
}

/** What to build the container's `/opt/ml` from. */
export interface ContainerRootOptions {
  /** The request as the run sends it (run values applied, S3 URIs resolved as far as known). */
  readonly request: CreateProcessingJobRequest;
  /** The ARN written into processingjobconfig.json. */
  readonly jobArn: string;
  /** The cloud assembly folder whose assets hold the job's code. */
  readonly assemblyDir: string;
  /** Input name → a local file or folder whose content the container sees at the input's `LocalPath`. */
  readonly localInputs: { [name: string]: string };
  /** Downloads S3 inputs that are neither local nor assets. @default - such an input is an error */
  readonly download?: InputDownloader;
  /** A folder for downloads. */
  readonly scratchDir: string;
  /** The job, for messages. */
  readonly jobPath: string;
}

/** Each local input names an input of the job and exists: a one-line error otherwise. */
export function checkLocalInputs(request: CreateProcessingJobRequest, localInputs: { [name: string]: string }, jobPath: string): void {
  const known = (request.ProcessingInputs ?? []).map((i) => i.InputName ?? '');
  for (const [name, source] of Object.entries(localInputs)) {
    if (!known.includes(name)) {
      throw new CliError(`--input ${name}: the job ${jobPath} has no input named '${name}' (inputs: ${known.join(', ') || 'none'})`);
    }
    if (!fs.existsSync(source)) throw new CliError(`--input ${name}=${source}: no such file or folder`);
    if ((request.ProcessingInputs ?? []).some((i) => i.InputName === name && i.AppManaged)) {
      throw new CliError(`--input ${name}: the input '${name}' of ${jobPath} is app-managed (AppManaged: the script fetches its data itself), so nothing is placed for it`);
    }
  }
}

/** Creates the container's `/opt/ml` in `dir` (an empty folder). */
export async function buildContainerRoot(dir: string, options: ContainerRootOptions): Promise<ContainerRoot> {
  const { request, jobPath } = options;
  checkLocalInputs(request, options.localInputs, jobPath);
  const objects = assemblyObjects(options.assemblyDir);
  const data: { [name: string]: string } = {};
  const sources: { [name: string]: string } = {};
  for (const input of request.ProcessingInputs ?? []) {
    const name = input.InputName ?? '';
    const local = options.localInputs[name];
    if (input.AppManaged) continue;
    // Pipe mode streams the data into named pipes (ProcessingS3Input.S3InputMode, DatasetDefinition.InputMode): no folder stands for it.
    if ((input.S3Input?.S3InputMode ?? input.DatasetDefinition?.InputMode) === 'Pipe') {
      throw new CliError(`input ${name} of ${jobPath} streams in Pipe mode, which a local run does not reproduce: run the job on SageMaker, or give the input File mode`);
    }
    if (local !== undefined) {
      data[name] = path.resolve(local);
      sources[name] = `local ${local}`;
      continue;
    }
    const s3 = input.S3Input;
    if (!s3) throw new CliError(`input ${name} of ${jobPath} is a dataset definition (an Athena or Redshift query): give its result as --input ${name}=<folder>`);
    const manifest = s3.S3DataType === 'ManifestFile';
    const uri = s3.S3Uri ?? '';
    if (!manifest && assetObjectsAt(uri, objects).length > 0) {
      sources[name] = 'cdk.out';
    } else if (options.download) {
      const target = path.join(options.scratchDir, 'downloads', name);
      fs.mkdirSync(target, { recursive: true });
      // Downloaded as SageMaker lays the objects out; the folder's content is then placed as local data.
      await options.download({ name, s3Uri: uri, dataType: s3.S3DataType ?? 'S3Prefix' }, target);
      data[name] = target;
      sources[name] = uri;
    } else if (manifest) {
      throw new CliError(`input ${name} of ${jobPath} is a manifest file (S3DataType ManifestFile): give the objects it lists as --input ${name}=<folder>, ` +
        'or --download to read the manifest and copy them from S3');
    } else {
      throw new CliError(`input ${name} (${uri}) is not in cdk.out: give --input ${name}=<folder>, or --download to copy it from S3`);
    }
  }

  const container = materializeContainer({
    request: request as unknown as ContainerRequest,
    assemblyDir: options.assemblyDir,
    root: path.join(dir, 'processing'),
    data,
  });
  const inputs = container.inputs.map((i) => ({ name: i.name, localPath: i.containerPath, source: sources[i.name], files: i.files }));
  const outputs: RunOutput[] = (request.ProcessingOutputConfig?.Outputs ?? [])
    .filter((o) => o.S3Output && container.outputs[o.OutputName ?? ''] !== undefined)
    .map((o) => ({ name: o.OutputName!, localPath: o.S3Output!.LocalPath!, hostDir: container.outputs[o.OutputName!], s3Uri: o.S3Output!.S3Uri }));

  // /opt/ml/output exists in every processing container: a script writes its exit message there (exit-message.ts).
  fs.mkdirSync(path.join(dir, OUTPUT_FOLDER), { recursive: true });
  const config = path.join(dir, 'config');
  fs.mkdirSync(config, { recursive: true });
  writeJson(path.join(config, 'processingjobconfig.json'), processingJobConfig(request, options.jobArn));
  writeJson(path.join(config, 'resourceconfig.json'), resourceConfig(request));
  return { dir, inputs, outputs };
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

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
