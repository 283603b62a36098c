/**
 * The engine without Docker: the job's entrypoint runs with this machine's interpreter in a
 * private mount namespace (bubblewrap where installed, else `unshare` as root) where the prepared
 * folder is `/opt/ml`. What it cannot reproduce is said before the run ({@link SANDBOX_DIFFERENCES}).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from '../errors';
import type { ContainerProcess, EngineRun, LocalEngine } from './engine';
import { ALIAS_BIN, bubblewrapCommand, Mount, sandboxLayout, unshareCommand } from './sandbox-layout';
import { spawnStreaming } from './spawn-streaming';

/** How the sandbox isolates the run. */
export type SandboxKind = 'bwrap' | 'unshare';

/** What differs from the job's real image, said before every sandboxed run. */
export const SANDBOX_DIFFERENCES = [
  'the image is not used: the entrypoint runs with this machine\'s interpreter and libraries (a missing package is the script\'s own import error)',
  'the host\'s directories are read-only and /tmp is empty; pip installs (a FrameworkProcessor\'s requirements.txt) go to a throw-away HOME and need the package index',
  'no job role: AWS calls from the script have no credentials (your ~/.aws is hidden)',
  'one container (algo-1) even when InstanceCount is more; no instance type, volume size or KMS volume key; no VPC (the network is the machine\'s, none with network isolation)',
];

/** Install hints for the interpreters processing jobs use, by entrypoint command. */
const INSTALL_HINTS: { [command: string]: string } = {
  python3: 'Python 3 (apt-get install python3)',
  python: 'Python (apt-get install python-is-python3, or --interpreter python=$(command -v python3))',
  Rscript: 'R (apt-get install r-base-core)',
  'spark-submit': 'Apache Spark (spark-submit on the PATH)',
  'smspark-submit': 'the SageMaker Spark image\'s smspark-submit (no host equivalent: run with Docker, or --interpreter smspark-submit=<a compatible script>)',
  bash: 'bash (apt-get install bash)',
};

/** Options of the sandbox engine. */
export interface SandboxEngineOptions {
  /** `bwrap` or `unshare`. @default - bwrap when installed, else unshare when running as root */
  readonly kind?: SandboxKind;
  /** Command name → host executable, visible on the sandbox's PATH (`python` → `/usr/bin/python3`). @default - none */
  readonly interpreters?: { [command: string]: string };
  /** The PATH searched on the host and in the sandbox. @default - this process's PATH */
  readonly path?: string;
}

/** The sandbox engine for this machine; a one-line error saying what to install when neither tool works. */
export function sandboxEngine(options: SandboxEngineOptions = {}): LocalEngine {
  const searchPath = options.path ?? process.env.PATH ?? '/usr/bin:/bin';
  const kind = options.kind ?? (findOnPath('bwrap', searchPath) ? 'bwrap' : 'unshare');
  if (kind === 'bwrap' && !findOnPath('bwrap', searchPath)) {
    throw new CliError('no bubblewrap (bwrap) on this machine: install it (apt-get install bubblewrap), or run as root to use unshare');
  }
  if (kind === 'unshare' && (process.getuid?.() !== 0 || !findOnPath('unshare', searchPath))) {
    throw new CliError('no sandbox for a run without Docker: install bubblewrap (apt-get install bubblewrap), or run as root with unshare (util-linux)');
  }
  return {
    name: kind === 'bwrap' ? 'bubblewrap sandbox' : 'unshare sandbox',
    differences: SANDBOX_DIFFERENCES,
    prepare: (proc) => checkInterpreter(proc.entrypoint, options.interpreters ?? {}, searchPath),
    run: (proc, run) => runSandboxed(kind, proc, run, options.interpreters ?? {}, searchPath),
  };
}

/** The host executable of the entrypoint's command; a one-line error naming what to install when there is none. */
export function checkInterpreter(entrypoint: string[], interpreters: { [command: string]: string }, searchPath: string): string {
  const command = entrypoint[0];
  if (command === undefined) throw new CliError('the job has no ContainerEntrypoint: the sandbox runs the entrypoint, so the image\'s own ENTRYPOINT needs Docker');
  const alias = interpreters[command];
  if (alias !== undefined) {
    if (!isExecutable(alias)) throw new CliError(`--interpreter ${command}=${alias}: no executable file at ${alias}`);
    return alias;
  }
  const found = command.includes('/') ? (isExecutable(command) ? command : undefined) : findOnPath(command, searchPath);
  if (found) return found;
  const hint = INSTALL_HINTS[path.posix.basename(command)] ?? `'${command}'`;
  throw new CliError(`no interpreter for the entrypoint: '${command}' is not on this machine; install ${hint}, pass --interpreter ${command}=<path>, or run with Docker`);
}

async function runSandboxed(kind: SandboxKind, proc: ContainerProcess, run: EngineRun, interpreters: { [command: string]: string }, searchPath: string): Promise<number> {
  const aliasDir = path.join(run.workDir, 'bin');
  fs.mkdirSync(aliasDir, { recursive: true });
  for (const [command, target] of Object.entries(interpreters)) fs.symlinkSync(target, path.join(aliasDir, command));
  const mounts: Mount[] = sandboxLayout(run.mlRoot, aliasDir, { interpreters: Object.values(interpreters).map((f) => path.resolve(f)) });
  const sandboxed = {
    command: [...proc.entrypoint, ...proc.arguments],
    environment: {
      PATH: `${ALIAS_BIN}:${searchPath}`,
      HOME: '/tmp',
      // Debian's pip refuses to install next to apt's packages (PEP 668); here it can only write to the throw-away HOME.
      PIP_BREAK_SYSTEM_PACKAGES: '1',
      ...proc.environment,
    },
    hostname: 'algo-1',
    isolateNetwork: proc.isolateNetwork,
  };
  let argv: string[];
  if (kind === 'bwrap') {
    argv = bubblewrapCommand(mounts, sandboxed);
  } else {
    const newRoot = path.join(run.workDir, 'newroot');
    fs.mkdirSync(newRoot, { recursive: true });
    argv = unshareCommand(mounts, sandboxed, newRoot);
  }
  return spawnStreaming(argv, run);
}

function findOnPath(command: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
