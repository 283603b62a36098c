/** `cdk-sagemaker-processing local <job>`: run a job of the synthesized app on this machine, with its output live and its exit code. */
import type { GlobalOptions } from '../run-command';
import { pairs, parseOverrideOptions } from '../overrides';
import type { CliIo } from '../view';
import { runLocally } from './run-locally';

/** Options of `local`, as commander hands them over. */
export interface LocalCommandOptions {
  readonly input?: string[];
  readonly output?: string[];
  readonly outputDir?: string;
  readonly arg?: string[];
  readonly env?: string[];
  readonly scheduledTime?: string;
  readonly instanceType?: string;
  readonly instanceCount?: string;
  readonly download?: boolean;
  readonly upload?: boolean;
  readonly engine?: string;
  readonly interpreter?: string[];
  readonly keepRoot?: boolean;
}

export async function localCommand(target: string, options: LocalCommandOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  // --input NAME=s3://… overrides the input's S3 URI (for --download); any other value is a local file or folder.
  const s3Inputs = (options.input ?? []).filter((v) => /^[^=]+=s3:\/\//.test(v));
  const overrides = parseOverrideOptions({
    arg: options.arg, env: options.env, scheduledTime: options.scheduledTime, instanceType: options.instanceType, instanceCount: options.instanceCount,
    input: s3Inputs, output: options.output,
  });
  const local = pairs('--input', (options.input ?? []).filter((v) => !s3Inputs.includes(v)), 'NAME=<file or folder>');
  const interpreters = pairs('--interpreter', options.interpreter ?? [], 'COMMAND=/path/to/executable');
  const out = global.json ? io.stderr : io.stdout;
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  io.interrupts.on('SIGINT', onInterrupt);
  try {
    const result = await runLocally({
      job: target,
      cdkOut: global.cdkOut,
      inputs: local,
      overrides,
      outputDir: options.outputDir,
      download: options.download,
      upload: options.upload,
      engine: options.engine,
      interpreters,
      region: global.region,
      profile: global.profile,
      stdout: out,
      stderr: io.stderr,
      onProgress: (line) => out.write(`${line}\n`),
      keepRoot: options.keepRoot,
      signal: abort.signal,
      clock: io.clock,
    });
    if (result.root) out.write(`  /opt/ml kept at ${result.root}\n`);
    if (global.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    // A run SageMaker would fail although the script exited with 0 (its message file is not UTF-8) fails here too.
    return result.exitCode !== 0 ? result.exitCode : result.failureReason ? 1 : 0;
  } finally {
    io.interrupts.removeListener('SIGINT', onInterrupt);
  }
}
