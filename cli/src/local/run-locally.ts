/**
 * `runLocally(...)`: runs a job of the synthesized app on this machine — the request from
 * `cdk.out` with the run's values (arguments, environment, PROCESSING_RUN_ID,
 * PROCESSING_SCHEDULED_TIME, output partition), its `/opt/ml` built in a temporary folder, and the
 * container's process run by Docker or by a sandbox on the host. The `local` command is this
 * function with a terminal around it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECRClient } from '@aws-sdk/client-ecr';
import { S3Client } from '@aws-sdk/client-s3';
import type { CreateProcessingJobRequest } from '../../../lib/api/api-request';
import { runName } from '../../../lib/api/run-name';
import { findAssemblyJob } from '../assembly';
import { checkClientAccess, createClients } from '../aws';
import { deployedStackFacts } from '../direct';
import { CliError } from '../errors';
import { checkOverrides, normalizeOverrides, RunOverrides } from '../overrides';
import { maxRuntimeSeconds } from './container-config';
import { buildContainerRoot, checkLocalInputs, filesUnder } from './container-root';
import { dockerAvailable, dockerEngine } from './docker-engine';
import type { LocalEngine } from './engine';
import { readExitMessage } from './exit-message';
import { imageAssetFor, imageAssets } from './image-assets';
import { containerProcess, localRunRequest } from './local-request';
import { MissingPackageWatch } from './missing-package';
import { partitionOf } from './offline-facts';
import { downloadInput, uploadOutput } from './s3-transfer';
import { sandboxEngine } from './sandbox-engine';
import { removeWorkDir } from './work-dir';

/** Options of `runLocally`. */
export interface RunLocallyOptions {
  /** The job: its construct path (`DataLake/NightlyFeatures`) or id. */
  readonly job: string;
  /** The cloud assembly. @default 'cdk.out' */
  readonly cdkOut?: string;
  /** Local file or folder per input name: what the container finds at the input's LocalPath. @default - none */
  readonly inputs?: { [name: string]: string };
  /** Run values: `arguments`, `environment`, `scheduledTime`, `instanceType`, `instanceCount` (the configuration files' values); S3 `inputs`/`outputs` URIs for `download`/`upload`. @default - none */
  readonly overrides?: RunOverrides;
  /** Where each output's files are copied, one folder per output name (each must be new or empty). @default 'local-runs/<run id>' */
  readonly outputDir?: string;
  /** Download the S3 inputs that are not given locally (the caller's credentials; resolves the request against the deployed stack). @default false */
  readonly download?: boolean;
  /** Upload each output to its S3 URI with the run's partition (the caller's credentials). @default false */
  readonly upload?: boolean;
  /** `auto` (Docker when an engine answers, else the sandbox), `docker`, `sandbox`, `bwrap` or `unshare`. @default 'auto' */
  readonly engine?: string;
  /** Sandbox only: command name → host executable (`python` → `/usr/bin/python3`). @default - none */
  readonly interpreters?: { [command: string]: string };
  /** Sandbox only: the PATH searched for the entrypoint's interpreter, on the host and in the sandbox. @default - this process's PATH */
  readonly searchPath?: string;
  /** The region (for managed image URIs, and the deployed stack). @default - the stack's, else AWS_REGION */
  readonly region?: string;
  /** A named AWS profile for `download`, `upload` and ECR. @default - the SDK's default credentials */
  readonly profile?: string;
  /** AWS clients to use. @default - new clients for the region and profile */
  readonly clients?: { readonly cloudFormation?: CloudFormationClient; readonly s3?: S3Client; readonly ecr?: ECRClient };
  /** The container's output. @default process.stdout / process.stderr */
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
  /** Progress lines (what is built, from where, the engine and what it cannot reproduce). @default - none */
  readonly onProgress?: (line: string) => void;
  /** Keep the temporary `/opt/ml` folder (its path is in the result). @default false */
  readonly keepRoot?: boolean;
  /** Stops the container when aborted. @default - runs to the end */
  readonly signal?: AbortSignal;
  /** The clock (the run id and the default scheduled time). @default - the system clock */
  readonly clock?: () => Date;
}

/** The files one output holds after the run. */
export interface LocalRunOutput {
  readonly name: string;
  /** The output's path in the container. */
  readonly localPath: string;
  /** Where its files were copied. */
  readonly directory: string;
  readonly files: { readonly path: string; readonly bytes: number }[];
  /** The S3 URI the files were uploaded under (`upload`). */
  readonly uploadedTo?: string;
}

/** What a local run ended as. */
export interface LocalRunResult {
  /** The run id (`PROCESSING_RUN_ID`), named as a run of the deployed job would be. */
  readonly runId: string;
  /** The engine that ran it. */
  readonly engine: string;
  /** The script's exit code. */
  readonly exitCode: number;
  /** What the script wrote to `/opt/ml/output/message`: SageMaker's `ExitMessage` (its first 1024 characters). */
  readonly exitMessage?: string;
  /** Why SageMaker would fail this run although the script exited with 0 (a message file that is not UTF-8). */
  readonly failureReason?: string;
  readonly outputs: LocalRunOutput[];
  /** The `/opt/ml` folder, when kept. */
  readonly root?: string;
}

/** Runs a job of the synthesized app on this machine. */
export async function runLocally(options: RunLocallyOptions): Promise<LocalRunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const cdkOut = options.cdkOut ?? 'cdk.out';
  const job = findAssemblyJob(cdkOut, options.job);
  const metadata = job.metadata;
  const overrides = normalizeOverrides(options.overrides ?? {});
  checkOverrides(overrides, metadata);
  const localInputs = options.inputs ?? {};
  checkLocalInputs(metadata.request as unknown as CreateProcessingJobRequest, localInputs, metadata.path);

  const now = (options.clock ?? (() => new Date()))();
  const runId = runName(metadata.jobNamePrefix, now);
  const scheduledTime = overrides.scheduledTime ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const region = options.region ?? job.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const deployed = Boolean(options.download || options.upload);
  const aws = deployed ? createClients({ region, profile: options.profile, clients: options.clients }) : undefined;
  const s3 = options.clients?.s3 ?? (deployed ? new S3Client({ ...(region ? { region } : {}), ...(options.profile ? { profile: options.profile } : {}) }) : undefined);

  let deployedFacts: Awaited<ReturnType<typeof deployedStackFacts>> | undefined;
  if (deployed) {
    // The region and your credentials are checked before the deployed stack is read: a missing one is one line that says what to do.
    const clientRegion = await checkClientAccess(s3!, options.profile,
      `${options.download ? '--download' : '--upload'} reads the deployed stack and S3 with them; without them, give each S3 input as --input NAME=<folder> and leave out --download and --upload`);
    deployedFacts = await deployedStackFacts(aws!.cloudFormation, job, region ?? clientRegion);
  }
  const { request, placeholders } = await localRunRequest(job, overrides, { runId, scheduledTime }, { region, deployed: deployedFacts });
  const proc = containerProcess(request);

  const assemblyDir = path.dirname(job.templateFile);
  const engine = chooseEngine(options, runId, assemblyDir);
  engine.prepare(proc);

  const unresolved = [...proc.arguments, ...Object.values(proc.environment)].filter((v) => placeholders.some((p) => v.includes(p)));

  // Each output's folder starts empty: files of an earlier run would be listed (and uploaded) as this run's.
  const outputDir = path.resolve(options.outputDir ?? path.join('local-runs', runId));
  for (const output of request.ProcessingOutputConfig?.Outputs ?? []) {
    const directory = path.join(outputDir, output.OutputName ?? '');
    if (output.S3Output && fs.existsSync(directory) && fs.readdirSync(directory).length > 0) {
      throw new CliError(`--output-dir ${shownPath(outputDir)}: ${shownPath(directory)} is not empty (an earlier run's files would be taken for this run's output ${output.OutputName}); ` +
        'remove it, or give a new folder');
    }
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sagemaker-processing-local-'));
  const mlRoot = path.join(workDir, 'ml');
  fs.mkdirSync(mlRoot);
  try {
    const root = await buildContainerRoot(mlRoot, {
      request,
      jobArn: jobArnOf(runId, deployedFacts ?? { region, partition: partitionOf(region) }),
      assemblyDir,
      localInputs,
      scratchDir: workDir,
      download: s3 && options.download ? (input, target) => downloadInput(s3, input, target) : undefined,
      jobPath: metadata.path,
    });
    progress(`${metadata.path}: local run ${runId} (${engine.name})`);
    for (const difference of engine.differences) progress(`  differs from SageMaker: ${difference}`);
    if (unresolved.length > 0) {
      progress(`  note: ${unresolved.join(', ')}: deployed values the synthesized app does not know (--download or --upload resolve them against the deployed stack)`);
    }
    for (const input of root.inputs) progress(`  input ${input.name}: ${input.source} → ${input.localPath}: ${fileList(input.files)}`);
    // ShardedByS3Key gives each instance about 1/InstanceCount of the objects (ProcessingS3Input.S3DataDistributionType); algo-1 here has them all.
    const instances = request.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1;
    for (const input of request.ProcessingInputs ?? []) {
      if (instances > 1 && (input.S3Input?.S3DataDistributionType ?? input.DatasetDefinition?.DataDistributionType) === 'ShardedByS3Key') {
        progress(`  differs from SageMaker: input ${input.InputName} is ShardedByS3Key: algo-1 gets all of it here, on SageMaker each of the ${instances} instances about 1/${instances} of its objects`);
      }
    }
    progress(`  running: ${[...proc.entrypoint, ...proc.arguments].join(' ')}`);

    const stderr = new MissingPackageWatch(options.stderr ?? process.stderr);
    const exitCode = await engine.run(proc, {
      mlRoot,
      workDir,
      stdout: options.stdout ?? process.stdout,
      stderr,
      maxRuntimeSeconds: maxRuntimeSeconds(request),
      signal: options.signal,
    });
    progress(`${metadata.path}: exit code ${exitCode}`);
    if (exitCode !== 0 && stderr.missing && engine.name.endsWith('sandbox')) {
      progress(`  the script's own import error: ${stderr.missing} is not on this machine (the job's image may have it): install it, or run with Docker`);
    }
    const message = readExitMessage(mlRoot);
    if (message?.text !== undefined) progress(`  exit message: ${message.text.trimEnd().replace(/\n/g, '\n    ')}`);
    const failureReason = exitCode === 0 ? message?.failureReason : undefined;
    if (message?.failureReason) progress(`  on SageMaker the job fails: ${message.failureReason}`);

    const outputs: LocalRunOutput[] = [];
    for (const output of root.outputs) {
      const directory = path.join(outputDir, output.name);
      fs.mkdirSync(directory, { recursive: true });
      if (!fs.existsSync(output.hostDir)) {
        outputs.push({ name: output.name, localPath: output.localPath, directory, files: [] });
        progress(`  output ${output.name}: the script removed ${output.localPath}: nothing to copy or upload`);
        continue;
      }
      // "Symlinks are not followed when uploading output data" (SageMaker Developer Guide, "How Amazon SageMaker
      // Processing Configures Input and Output For Your Processing Container"): a link is named, not copied.
      const links: string[] = [];
      fs.cpSync(output.hostDir, directory, {
        recursive: true,
        filter: (source) => {
          if (!fs.lstatSync(source).isSymbolicLink()) return true;
          links.push(path.relative(output.hostDir, source).split(path.sep).join('/'));
          return false;
        },
      });
      const files = filesUnder(directory);
      let uploadedTo: string | undefined;
      // As on SageMaker, a failed job's EndOfJob outputs are not uploaded.
      if (options.upload && exitCode === 0 && !failureReason && output.s3Uri) {
        await uploadOutput(s3!, directory, output.s3Uri, request.ProcessingOutputConfig?.KmsKeyId);
        uploadedTo = output.s3Uri;
      }
      outputs.push({ name: output.name, localPath: output.localPath, directory, files, uploadedTo });
      const key = request.ProcessingOutputConfig?.KmsKeyId;
      progress(`  output ${output.name}: ${plural(files.length, 'file')} in ${shownPath(directory)}${uploadedTo ? `, uploaded to ${uploadedTo}${key ? ` (SSE-KMS, ${key})` : ''}` : ''}`);
      for (const file of files) progress(`    ${file.path} (${file.bytes} bytes)`);
      for (const link of links.sort()) progress(`    ${link}: a symbolic link, not copied (SageMaker does not follow symlinks when it uploads an output)`);
    }
    return { runId, engine: engine.name, exitCode, exitMessage: message?.text, failureReason, outputs, root: options.keepRoot ? mlRoot : undefined };
  } finally {
    if (!options.keepRoot) removeWorkDir(workDir, progress);
  }
}

function chooseEngine(options: RunLocallyOptions, runId: string, assemblyDir: string): LocalEngine {
  const ecr = (region: string) => options.clients?.ecr ?? new ECRClient({ region, ...(options.profile ? { profile: options.profile } : {}) });
  const choice = options.engine ?? 'auto';
  const sandbox = (kind?: 'bwrap' | 'unshare') => sandboxEngine({ kind, interpreters: options.interpreters, path: options.searchPath });
  const docker = () => dockerEngine({ containerName: runId, imageAsset: (image) => imageAssetFor(image, imageAssets(assemblyDir)), ecr });
  switch (choice) {
    case 'auto': return dockerAvailable() ? docker() : sandbox();
    case 'docker':
      if (!dockerAvailable()) throw new CliError('--engine docker: no Docker engine answers here (docker version failed); start it, or use --engine sandbox');
      return docker();
    case 'sandbox': return sandbox();
    case 'bwrap':
    case 'unshare': return sandbox(choice);
    default: throw new CliError(`--engine '${choice}': expected auto, docker, sandbox, bwrap or unshare`);
  }
}

/**
 * The run's job ARN, lower case as SageMaker writes job ARNs: the deployed stack's partition,
 * region and account with `--download`/`--upload`, else placeholders for what is not known.
 */
function jobArnOf(runId: string, where: { partition: string; region?: string; account?: string }): string {
  return `arn:${where.partition}:sagemaker:${where.region ?? '<region>'}:${where.account || '<account>'}:processing-job/${runId.toLowerCase()}`;
}

/** `a.csv, b.csv` — or the first three and the count. */
function fileList(files: string[]): string {
  if (files.length === 0) return 'no files';
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')}, … (${files.length} files)`;
}

/** A path under the working folder relative to it, any other absolute. */
function shownPath(directory: string): string {
  const relative = path.relative(process.cwd(), directory);
  return relative === '' ? '.' : relative.startsWith('..') ? directory : relative;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
