/** Runs a command with its output streamed live, and resolves its exit code (128 + signal number when killed). */
import { spawn } from 'child_process';
import { constants } from 'os';
import type { EngineRun } from './engine';

/** Runs `argv`, streaming stdout and stderr to the run's streams; kills it after the run's maximum runtime or on abort. */
export function spawnStreaming(argv: string[], run: Pick<EngineRun, 'stdout' | 'stderr' | 'maxRuntimeSeconds' | 'signal'>, stdin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: process.env });
    child.stdout!.on('data', (chunk: Buffer) => run.stdout.write(chunk));
    child.stderr!.on('data', (chunk: Buffer) => run.stderr.write(chunk));
    if (stdin !== undefined) child.stdin!.end(stdin);
    const timer = run.maxRuntimeSeconds === undefined ? undefined : setTimeout(() => {
      run.stderr.write(`stopping: the job ran longer than its MaxRuntimeInSeconds (${run.maxRuntimeSeconds} s), where SageMaker stops it\n`);
      child.kill('SIGKILL');
    }, run.maxRuntimeSeconds * 1000);
    const onAbort = () => child.kill('SIGTERM');
    run.signal?.addEventListener('abort', onAbort);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
