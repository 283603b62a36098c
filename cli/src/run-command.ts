/** `cdk-sagemaker-processing run <job>`: start a deployed job, show what it waits for and its logs, ask before stopping it on Ctrl-C. */
import { findAssemblyJob } from './assembly';
import { EXIT_COMPLETED, EXIT_INTERRUPTED, errorLine, exitCodeOf, CliError, watchLost } from './errors';
import { arnName } from './format';
import { checkOverrides, OverrideOptions, parseOverrideOptions, RunOverrides } from './overrides';
import { RunResult, Start, startRun, StartedRun, stopRun, waitForRun } from './run';
import { CliIo, RunView } from './view';

/** Options every command takes. */
export interface GlobalOptions {
  readonly cdkOut: string;
  readonly region?: string;
  readonly profile?: string;
  readonly json?: boolean;
  /** Seconds between polls (text, as typed). */
  readonly pollInterval?: string;
  /** Seconds without output after which a piped run prints where it is (text, as typed). */
  readonly heartbeat?: string;
}

/** Options of `run`. */
export interface RunCommandOptions extends OverrideOptions {
  readonly direct?: boolean;
  readonly wait?: boolean;
  readonly logs?: boolean;
  readonly timestamps?: boolean;
}

/** The poll interval and heartbeat in milliseconds, from the options (the test IO's interval wins). */
export function timing(global: GlobalOptions, io: CliIo): { pollIntervalMs: number; heartbeatMs: number } {
  const seconds = (option: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback * 1000;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new CliError(`${option} '${value}': expected a number of seconds, at least ${min}`);
    return n * 1000;
  };
  return {
    pollIntervalMs: io.pollIntervalMs ?? seconds('--poll-interval', global.pollInterval, 5, 0.05),
    heartbeatMs: seconds('--heartbeat', global.heartbeat, 60, 0.05),
  };
}

/** The first lines: what is about to run, as far as it is known before any AWS call. */
function planLines(path: string, overrides: RunOverrides, direct: boolean, given: string[]): string[] {
  const how = direct ? 'directly (CreateProcessingJob from cdk.out, no state machine)' : 'through its state machine';
  return [
    `${path}: starting a run ${how}`,
    `  scheduled  ${overrides.scheduledTime ?? 'at the start of the run'}`,
    ...(given.length > 0 ? [`  overrides  ${given.join(' ')}`] : []),
  ];
}

/** The override options as typed, for the plan. */
function typedOverrides(options: RunCommandOptions): string[] {
  return [
    ...(options.arg ?? []).map((a) => `--arg ${a}`), ...(options.env ?? []).map((e) => `--env ${e}`),
    ...(options.instanceType ? [`--instance-type ${options.instanceType}`] : []),
    ...(options.instanceCount ? [`--instance-count ${options.instanceCount}`] : []),
    ...(options.input ?? []).map((i) => `--input ${i}`), ...(options.output ?? []).map((o) => `--output ${o}`),
  ];
}

export async function runCommand(target: string, options: RunCommandOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  // Everything that can be checked offline is checked before any AWS call.
  const overrides = parseOverrideOptions(options);
  const job = findAssemblyJob(global.cdkOut, target);
  checkOverrides(overrides, job.metadata);
  const { pollIntervalMs, heartbeatMs } = timing(global, io);
  const view = new RunView(io, job.metadata.path, { json: global.json, heartbeatMs, timestamps: options.timestamps, jobPath: job.metadata.path });
  const cancel = new AbortController();
  const detachWait = new AbortController();
  let started: Start | undefined;
  let current: StartedRun = {};
  /** The run's job is running (it exists and is InProgress): stopping the run stops it. */
  let jobRunning = false;
  let asking = false;
  let stopRequested = false;
  let detached = false;

  const onInterrupt = async () => {
    if (asking) return; // the open question takes this Ctrl-C
    if (!started) {
      // Ctrl-C while the run is being started: nothing is left running.
      if (!cancel.signal.aborted) view.line('cancelling: the run is not started yet; what gets created is stopped at once');
      cancel.abort();
      return;
    }
    const what = current.jobName ?? (current.executionArn ? arnName(current.executionArn) : undefined);
    if (!what || stopRequested) {
      detached = true;
      detachWait.abort();
      return;
    }
    asking = true;
    // A run of the runner is its execution: its job may not exist yet, or have failed while the runner waits to start another.
    const question = current.executionArn
      ? `Stop run ${arnName(current.executionArn)}${jobRunning && current.jobName ? ` and its job ${current.jobName}` : ''}? [y/N] `
      : `Stop ${what}? [y/N] `;
    const stop = await view.confirm(question);
    asking = false;
    if (stop === undefined) {
      detached = true;
      detachWait.abort();
    } else if (stop) {
      stopRequested = true;
      try {
        await stopRun(started.clients, current, 'stopped with Ctrl-C in cdk-sagemaker-processing run');
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
    for (const line of planLines(job.metadata.path, overrides, Boolean(options.direct), typedOverrides(options))) view.line(line);
    started = await startRun({
      job: target, cdkOut: global.cdkOut, overrides, direct: options.direct,
      region: global.region ?? job.region, profile: global.profile, clock: io.clock, cancel: cancel.signal,
    });
    view.region = started.region;
    current = started.run;
    const runId = started.run.executionArn ? arnName(started.run.executionArn) : started.run.jobName;
    view.line(`${started.run.executionArn ? 'execution' : 'job'} ${runId} (the run id)`);
    if (started.cancelled || options.wait === false) {
      const result = { ...started.run, status: started.cancelled ? 'Stopped' as const : 'InProgress' as const, cancelled: started.cancelled };
      view.finish(result);
      if (global.json) io.stdout.write(`${JSON.stringify({ job: job.metadata.path, ...result }, null, 2)}\n`);
      return started.cancelled ? EXIT_INTERRUPTED : EXIT_COMPLETED;
    }
    let result: RunResult;
    try {
      result = await waitForRun(started.clients, started.run, {
        onLog: options.logs === false ? undefined : (line) => view.log(line),
        onProgress: (progress) => {
          current = { executionArn: progress.executionArn, jobName: progress.jobName };
          jobRunning = progress.jobStatus === 'InProgress';
          view.progress(progress);
        },
        signal: detachWait.signal, clock: io.clock, pollIntervalMs, sleep: io.sleep,
      });
    } catch (e) {
      view.close();
      throw watchLost(e, runId!);
    }
    view.finish(result);
    if (global.json) io.stdout.write(`${JSON.stringify({ job: job.metadata.path, ...result }, null, 2)}\n`);
    if (detached) return EXIT_INTERRUPTED;
    return exitCodeOf(result.status);
  } finally {
    io.interrupts.removeListener('SIGINT', listener);
    view.close();
  }
}
