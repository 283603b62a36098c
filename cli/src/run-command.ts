/** `cdk-sagemaker-processing run <job>`: start a deployed job, show progress and logs, ask before stopping it on Ctrl-C. */
import { findAssemblyJob } from './assembly';
import { createClients } from './aws';
import { EXIT_COMPLETED, EXIT_INTERRUPTED, EXIT_NOT_COMPLETED, errorLine } from './errors';
import { arnName } from './format';
import { checkOverrides, OverrideOptions, parseOverrideOptions } from './overrides';
import { runProcessingJob, StartedRun, stopRun } from './run';
import { CliIo, RunView } from './view';

/** Options every command takes. */
export interface GlobalOptions {
  readonly cdkOut: string;
  readonly region?: string;
  readonly profile?: string;
  readonly json?: boolean;
}

/** Options of `run`. */
export interface RunCommandOptions extends OverrideOptions {
  readonly direct?: boolean;
  readonly wait?: boolean;
  readonly logs?: boolean;
}

export async function runCommand(target: string, options: RunCommandOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  // Everything that can be checked offline is checked before any AWS call.
  const overrides = parseOverrideOptions(options);
  const job = findAssemblyJob(global.cdkOut, target);
  checkOverrides(overrides, job.metadata);
  const clients = createClients({ region: global.region ?? job.region, profile: global.profile });
  const view = new RunView(io, Boolean(global.json), job.metadata.path);
  const abort = new AbortController();
  let current: StartedRun = {};
  let asking = false;
  let stopRequested = false;
  let detached = false;

  const detach = () => {
    detached = true;
    abort.abort();
  };
  const onInterrupt = async () => {
    if (asking) return; // the open question takes this Ctrl-C
    const what = current.jobName ?? (current.executionArn ? arnName(current.executionArn) : undefined);
    if (!what || stopRequested) {
      detach();
      return;
    }
    asking = true;
    const stop = await view.confirm(`Stop ${what}? [y/N] `);
    asking = false;
    if (stop === undefined) {
      detach();
    } else if (stop) {
      stopRequested = true;
      try {
        await stopRun(clients, current, 'stopped with Ctrl-C in cdk-sagemaker-processing run');
        view.line(current.executionArn ? `stopping execution ${arnName(current.executionArn)} (Step Functions stops the job)` : `stopping ${what}`);
      } catch (e) {
        stopRequested = false;
        view.line(`error: could not stop ${what}: ${errorLine(e)}`);
      }
    } else {
      view.line('still waiting (Ctrl-C again to stop the job or leave it running)');
    }
  };
  const listener = () => void onInterrupt();
  io.interrupts.on('SIGINT', listener);
  try {
    const result = await runProcessingJob({
      job: target,
      cdkOut: global.cdkOut,
      overrides,
      direct: options.direct,
      wait: options.wait,
      clients,
      region: global.region ?? job.region,
      profile: global.profile,
      onLog: options.logs === false ? undefined : (line) => view.log(line),
      onProgress: (progress) => {
        current = { executionArn: progress.executionArn, jobName: progress.jobName };
        view.progress(progress);
      },
      signal: abort.signal,
      clock: io.clock,
      pollIntervalMs: io.pollIntervalMs,
    });
    view.finish(result);
    if (global.json) io.stdout.write(`${JSON.stringify({ job: job.metadata.path, ...result }, null, 2)}\n`);
    if (detached) return EXIT_INTERRUPTED;
    if (options.wait === false) return EXIT_COMPLETED;
    return result.status === 'Completed' ? EXIT_COMPLETED : EXIT_NOT_COMPLETED;
  } finally {
    io.interrupts.removeListener('SIGINT', listener);
    view.close();
  }
}
