/**
 * The engine with Docker: the job's real image — built from the Dockerfile asset in `cdk.out`, or
 * pulled (from ECR after `docker login` with the caller's credentials) — run with the prepared
 * folder's `processing/` and `config/` at `/opt/ml/processing` and `/opt/ml/config`, the request's
 * environment, entrypoint and arguments, as SageMaker runs a
 * processing container (and as the SageMaker Python SDK's local mode does: sagemaker-core
 * `sagemaker/core/local/image.py`, `_create_docker_host`: entrypoint followed by the arguments,
 * `/opt/ml` subfolders as volumes, host name `algo-1`).
 */
import { spawn, spawnSync } from 'child_process';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { DOMAIN_PATTERN } from '../../../lib/api/partitions';
import { checkClientAccess } from '../aws';
import { CliError } from '../errors';
import type { ImageAsset } from './image-assets';
import type { ContainerProcess, LocalEngine } from './engine';
import { spawnStreaming } from './spawn-streaming';

/** The commands of a Docker run, in order. */
export interface DockerPlan {
  /** `docker login` to this ECR registry first (the password comes from ECR's GetAuthorizationToken). */
  readonly loginRegistry?: string;
  /** `docker build …` for an image asset, or `docker pull …`. */
  readonly prepare: string[];
  /** `docker run …`. */
  readonly run: string[];
}

/**
 * An ECR image URI: `<account>.dkr.ecr.<region>.<domain>/<repository>[:tag|@digest]` (Amazon ECR User Guide,
 * "Registry concepts"), the domain of the region's partition (lib/api/partitions.ts: `amazonaws.com`, `amazonaws.com.cn`, `c2s.ic.gov`, ...).
 */
const ECR_IMAGE = new RegExp(String.raw`^(\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.(?:${DOMAIN_PATTERN}))\/`);

/** The Docker commands that run `proc` with `mlRoot`'s `processing`, `config` and `output` at `/opt/ml/processing`, `/opt/ml/config` and `/opt/ml/output`. */
export function dockerPlan(proc: ContainerProcess, options: { mlRoot: string; containerName: string; imageAsset?: ImageAsset }): DockerPlan {
  const asset = options.imageAsset;
  if (!asset && proc.image.includes('<')) {
    throw new CliError(`the image URI ${proc.image} is not known without the region or the deployed stack: pass --region, or deploy the stack that holds its repository`);
  }
  // An image asset is built from cdk.out under a local tag: what `cdk deploy` would push, without ECR.
  const image = asset ? `cdk-sagemaker-processing-local:${asset.imageTag}` : proc.image;
  const prepare = asset
    ? ['docker', 'build', '--tag', image,
      ...(asset.dockerFile ? ['--file', `${asset.directory}/${asset.dockerFile}`] : []),
      ...Object.entries(asset.buildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
      ...(asset.platform ? ['--platform', asset.platform] : []),
      asset.directory]
    : ['docker', 'pull', image];
  // The run's folders at /opt/ml/processing, /opt/ml/config and /opt/ml/output (the exit message) only, not over all of /opt/ml: files the image has
  // there itself (a BYOC image's /opt/ml/code) stay visible, as the SDK's local mode mounts /opt/ml/config, /opt/ml/output
  // and each input's and output's folder (sagemaker-core local/image.py _prepare_processing_volumes, _build_optml_volumes).
  const run = ['docker', 'run', '--rm', '--name', options.containerName, '--hostname', 'algo-1',
    '--volume', `${options.mlRoot}/processing:/opt/ml/processing`, '--volume', `${options.mlRoot}/config:/opt/ml/config`,
    '--volume', `${options.mlRoot}/output:/opt/ml/output`];
  if (proc.isolateNetwork) run.push('--network', 'none');
  for (const [key, value] of Object.entries(proc.environment)) run.push('--env', `${key}=${value}`);
  const [command, ...rest] = proc.entrypoint;
  if (command !== undefined) run.push('--entrypoint', command);
  run.push(image, ...rest, ...proc.arguments);
  return { loginRegistry: asset ? undefined : ECR_IMAGE.exec(proc.image)?.[1], prepare, run };
}

/** Whether a Docker engine answers here (`docker version` reaches the daemon within 10 s). */
export function dockerAvailable(): boolean {
  const result = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000, stdio: 'ignore', env: process.env });
  return result.status === 0;
}

/** The Docker engine; `ecr` logs in to ECR registries with the caller's credentials. */
export function dockerEngine(options: { containerName: string; imageAsset?: (image: string) => ImageAsset | undefined; ecr?: (region: string) => ECRClient }): LocalEngine {
  return {
    name: 'docker',
    differences: ['one container (algo-1) even when InstanceCount is more; no job role (the script has no AWS credentials); no VPC'],
    prepare: (proc) => dockerPlan(proc, { mlRoot: '/opt/ml', containerName: options.containerName, imageAsset: options.imageAsset?.(proc.image) }),
    run: async (proc, run) => {
      const plan = dockerPlan(proc, { mlRoot: run.mlRoot, containerName: options.containerName, imageAsset: options.imageAsset?.(proc.image) });
      const quiet = { stdout: run.stderr, stderr: run.stderr, signal: run.signal };
      if (plan.loginRegistry) {
        const region = ECR_IMAGE.exec(proc.image)![2];
        const ecr = options.ecr?.(region) ?? new ECRClient({ region });
        await checkClientAccess(ecr, undefined, `docker login to ${plan.loginRegistry} needs them to pull ${proc.image}; without them, run with --engine sandbox`);
        const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
        if (!token) throw new CliError(`ECR gave no authorization token for ${plan.loginRegistry}`);
        const password = Buffer.from(token, 'base64').toString('utf8').replace(/^AWS:/, '');
        const login = ['docker', 'login', '--username', 'AWS', '--password-stdin', plan.loginRegistry];
        if (await spawnStreaming(login, quiet, password) !== 0) throw new CliError(`docker login to ${plan.loginRegistry} failed`);
      }
      if (await spawnStreaming(plan.prepare, quiet) !== 0) throw new CliError(`${plan.prepare.slice(0, 2).join(' ')} of ${proc.image} failed`);
      // Past MaxRuntimeInSeconds the container itself is killed: a killed `docker run` client leaves its container running.
      const timer = run.maxRuntimeSeconds === undefined ? undefined : setTimeout(() => {
        run.stderr.write(`stopping: the job ran longer than its MaxRuntimeInSeconds (${run.maxRuntimeSeconds} s), where SageMaker stops it\n`);
        spawn('docker', ['kill', options.containerName], { stdio: 'ignore', env: process.env });
      }, run.maxRuntimeSeconds * 1000);
      // Aborted (Ctrl-C, runLocally's signal): the container is stopped by name as well. A signal to the `docker run`
      // client is only passed on to the container's process, which as PID 1 ignores SIGTERM unless it handles it
      // (python3 does not), so the run went on; `docker stop` sends SIGTERM and SIGKILL 10 s later.
      const stop = () => spawn('docker', ['stop', options.containerName], { stdio: 'ignore', env: process.env });
      run.signal?.addEventListener('abort', stop);
      try {
        return await spawnStreaming(plan.run, { ...run, maxRuntimeSeconds: undefined });
      } finally {
        if (timer) clearTimeout(timer);
        run.signal?.removeEventListener('abort', stop);
      }
    },
  };
}
