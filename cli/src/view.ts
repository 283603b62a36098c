/**
 * What a person sees while a run goes on: a live progress line (ora spinner on a terminal; a line
 * per status change otherwise), the job's log lines, the Ctrl-C question and the result.
 */
import { EventEmitter } from 'events';
import * as readline from 'readline';
import ora from 'ora';
import { arnName, duration, statusText } from './format';
import type { LogLine } from './logs';
import type { RunProgress, RunResult } from './run';

/** The command's streams and signals (the process's by default; tests give their own). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  /** Emits `SIGINT` on Ctrl-C. */
  readonly interrupts: EventEmitter;
  /** The clock (tests fix it for reproducible names and times). */
  readonly clock?: () => Date;
  /** Time between polls in milliseconds. @default 5000 */
  readonly pollIntervalMs?: number;
}

/** Renders one run. Human output goes to stdout, or to stderr when stdout carries `--json`. */
export class RunView {
  private readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  private spinner?: ora.Ora;
  private held: string[] | undefined;
  private lastStatus = '';
  private execution?: string;
  private job?: string;
  private instances = 1;

  constructor(private readonly io: CliIo, json: boolean, private readonly label: string) {
    this.out = json ? io.stderr : io.stdout;
    // A spinner only on an interactive terminal (what ora itself checks): elsewhere, a line per status change.
    if (this.out.isTTY && process.env.TERM !== 'dumb' && !('CI' in process.env)) {
      this.spinner = ora({ stream: this.out, isEnabled: true, discardStdin: false, text: `${label}: starting` }).start();
    }
  }

  /** Prints a line above the progress line (held back while a question is open). */
  public line(text: string): void {
    if (this.held) {
      this.held.push(text);
      return;
    }
    this.spinner?.clear();
    this.out.write(`${text}\n`);
    this.spinner?.render();
  }

  public log(line: LogLine): void {
    this.line(this.instances > 1 ? `${line.instance} | ${line.message}` : line.message);
  }

  public progress(p: RunProgress): void {
    if (p.executionArn && p.executionArn !== this.execution) {
      this.execution = p.executionArn;
      this.line(`${this.label}: execution ${arnName(p.executionArn)}`);
    }
    if (p.jobName && p.jobName !== this.job) {
      this.job = p.jobName;
      this.line(`${this.label}: processing job ${p.jobName}`);
    }
    this.instances = p.instanceCount ?? this.instances;
    const status = statusText(p.executionStatus, p.jobStatus);
    if (this.spinner) {
      this.spinner.text = `${this.label} · ${status} · ${duration(p.elapsedSeconds)}`;
    } else if (status && status !== this.lastStatus) {
      this.line(`[${duration(p.elapsedSeconds).padStart(7)}] ${status}`);
    }
    this.lastStatus = status;
  }

  /**
   * Asks a yes/no question; log lines wait until it is answered. Resolves true for yes, false
   * for anything else, undefined when Ctrl-C is pressed again (or stdin ends) while it is open.
   */
  public async confirm(question: string): Promise<boolean | undefined> {
    this.held = [];
    this.spinner?.stop();
    const rl = readline.createInterface({ input: this.io.stdin, output: this.out, terminal: Boolean((this.io.stdin as { isTTY?: boolean }).isTTY) });
    try {
      return await new Promise<boolean | undefined>((resolve) => {
        const interrupted = () => resolve(undefined);
        rl.on('SIGINT', interrupted); // Ctrl-C while readline owns a terminal
        rl.on('close', interrupted);
        this.io.interrupts.once('SIGINT', interrupted);
        rl.question(question, (answer) => {
          this.io.interrupts.removeListener('SIGINT', interrupted);
          resolve(/^y(es)?$/i.test(answer.trim()));
        });
      });
    } finally {
      rl.removeAllListeners('close');
      rl.close();
      const held = this.held;
      this.held = undefined;
      this.spinner?.start();
      for (const text of held) this.line(text);
    }
  }

  /** Ends the progress line and prints how the run ended. */
  public finish(result: RunResult): void {
    this.close();
    const name = result.jobName ?? (result.executionArn ? arnName(result.executionArn) : this.label);
    const took = result.elapsedSeconds !== undefined ? duration(result.elapsedSeconds) : undefined;
    if (result.detached) {
      this.line(`${name} is still ${result.status}; follow it with: cdk-sagemaker-processing logs --follow ${name}`);
    } else if (result.status === 'Completed') {
      this.line(`✔ ${name} Completed${took ? ` in ${took}` : ''}`);
      for (const [output, uri] of Object.entries(result.outputs ?? {})) this.line(`  ${output}: ${uri}`);
    } else if (result.status === 'Skipped') {
      this.line(`– ${name} skipped: ${result.failureReason}`);
    } else if (result.status === 'InProgress') {
      this.line(`${name} started`);
    } else {
      this.line(`✖ ${name} ${result.status}${took ? ` after ${took}` : ''}${result.failureReason ? `: ${result.failureReason}` : ''}`);
    }
  }

  /** Stops the spinner without a result (an error ends the run). */
  public close(): void {
    this.spinner?.stop();
    this.spinner = undefined;
  }
}
