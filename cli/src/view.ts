/**
 * What a person sees while a run goes on. On a terminal: a spinner line saying what the run waits
 * for, its elapsed time ticking every second, with the job, the runner's waits to retry and log lines printed
 * above it (anything else written to stderr meanwhile, such as the AWS SDK's Node.js warning, is
 * printed above it too, never onto it). Elsewhere (piped, CI): a line per change of phase and a
 * heartbeat line when nothing was printed for a while, so a silent provisioning is not mistaken
 * for a hung command.
 */
import { EventEmitter } from 'events';
import * as readline from 'readline';
import ora from 'ora';
import { duration, timestamp } from './format';
import type { LogLine } from './logs';
import type { RunProgress, RunResult } from './run';
import { jobBlock, phaseText, resultLines, retryWaitLines } from './summary';
import { wrap } from './terminal-text';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The command's streams and signals (the process's by default; tests give their own). */
export interface CliIo {
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly stdin: NodeJS.ReadableStream;
  /** Emits `SIGINT` on Ctrl-C. */
  readonly interrupts: EventEmitter;
  /** The clock (tests fix it for reproducible names and times). */
  readonly clock?: () => Date;
  /** Time between polls in milliseconds (overrides --poll-interval). */
  readonly pollIntervalMs?: number;
  /** How the wait between polls is spent (tests move their clock instead of waiting). @default - a timer */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

/** How a run is shown. */
export interface ViewOptions {
  /** Human output goes to stderr (stdout carries JSON). */
  readonly json?: boolean;
  /** Milliseconds without output after which a piped run prints where it is. */
  readonly heartbeatMs: number;
  /** Prefix log lines with their time. */
  readonly timestamps?: boolean;
  /** The job's construct path, for the next-step hints. */
  readonly jobPath?: string;
}

/** Renders one run. */
export class RunView {
  public region?: string;
  private readonly out: Stream;
  private spinner?: ora.Ora;
  private ticker?: NodeJS.Timeout;
  private restoreStderr?: () => void;
  private held: string[] | undefined;
  private lastPhase = '';
  private lastPrinted: number;
  private jobsShown = new Set<string>();
  /** The waits shown (`phaseKey`: a throttled start and a later capacity error of one run are two). */
  private waitsShown = new Set<string>();
  private instances = 1;
  private progressSeen?: RunProgress;
  /** The open question's interface, while `confirm` waits for an answer. */
  private question?: readline.Interface;
  private readonly clock: () => Date;

  constructor(private readonly io: CliIo, private readonly label: string, private readonly options: ViewOptions) {
    this.out = options.json ? io.stderr : io.stdout;
    this.clock = io.clock ?? (() => new Date());
    this.lastPrinted = this.clock().getTime();
    // A spinner only on an interactive terminal (what ora itself checks): elsewhere, lines.
    if (this.out.isTTY && process.env.TERM !== 'dumb' && !('CI' in process.env)) {
      this.spinner = ora({ stream: this.out, isEnabled: true, discardStdin: false, text: `${label} · starting` }).start();
      this.ticker = setInterval(() => this.tick(), 1000);
      this.ticker.unref();
      this.keepStderrOffTheSpinner();
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
    this.lastPrinted = this.clock().getTime();
  }

  /** A line of the job's log, with its instance (when several) on every screen line. */
  public log(line: LogLine): void {
    const prefix = `${this.options.timestamps ? `${timestamp(new Date(line.timestamp))} ` : ''}${this.instances > 1 ? `${line.instance} | ` : ''}`;
    const width = this.spinner && this.out.columns ? this.out.columns - prefix.length : Infinity;
    for (const piece of width === Infinity ? [line.message] : wrap(line.message, width)) this.line(`${prefix}${piece}`);
  }

  public progress(p: RunProgress): void {
    this.progressSeen = p;
    this.instances = p.instanceCount ?? this.instances;
    const now = this.clock();
    const stamp = `[${duration(p.elapsedSeconds).padStart(7)}]`;
    if (p.job?.ProcessingJobName && !this.jobsShown.has(p.job.ProcessingJobName)) {
      this.jobsShown.add(p.job.ProcessingJobName);
      this.block(stamp, jobBlock(p.job, this.jobsShown.size > 1 ? this.jobsShown.size - 1 : undefined));
    }
    const wait = p.retryWait;
    if (wait && !this.waitsShown.has(phaseKey(p))) {
      this.waitsShown.add(phaseKey(p));
      this.block(stamp, retryWaitLines(wait, now));
    }
    if (p.phase === 'ended') return;
    const phase = phaseText(p, now);
    if (this.spinner) {
      this.spinner.text = `${this.label} · ${phase} · ${duration(p.elapsedSeconds)}`;
    } else if (phaseKey(p) !== this.lastPhase) {
      this.line(`${stamp} ${phase}`);
    } else if (now.getTime() - this.lastPrinted >= this.options.heartbeatMs) {
      this.line(`${stamp} still ${phase}`);
    }
    this.lastPhase = phaseKey(p);
  }

  /**
   * Asks a yes/no question; log lines wait until it is answered. Resolves true for yes, false
   * for anything else, undefined when Ctrl-C is pressed again (or stdin ends) while it is open.
   */
  public async confirm(question: string): Promise<boolean | undefined> {
    this.held = [];
    this.spinner?.stop();
    const rl = readline.createInterface({ input: this.io.stdin, output: this.askOn, terminal: Boolean((this.io.stdin as { isTTY?: boolean }).isTTY) });
    this.question = rl;
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
      this.question = undefined;
      rl.removeAllListeners('close');
      rl.close();
      const held = this.held ?? [];
      this.held = undefined;
      this.spinner?.start();
      for (const text of held) this.line(text);
    }
  }

  /** Ends the progress line and prints how the run ended. */
  public finish(result: RunResult): void {
    this.endQuestion();
    this.close();
    for (const text of resultLines(result, this.label, this.region, this.options.jobPath)) this.line(text);
  }

  /** Stops the spinner without a result (an error ends the run). */
  public close(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.spinner?.stop();
    this.spinner = undefined;
    this.restoreStderr?.();
    this.restoreStderr = undefined;
  }

  /**
   * The run ended while a question was open: it is closed unanswered (nothing is left to stop) and
   * the lines held back behind it are printed, so the result is never hidden behind a prompt.
   */
  private endQuestion(): void {
    const rl = this.question;
    if (!rl) return;
    this.question = undefined;
    this.askOn.write('\n');
    rl.close(); // `confirm` resolves as unanswered
    const held = this.held ?? [];
    this.held = undefined;
    for (const text of held) this.line(text);
  }

  /**
   * Where a question is asked: the output when a person sees it, else stderr when that is a terminal
   * (stdout redirected to a file or `| tee`: asked there, the question would be invisible and the
   * command would seem to hang).
   */
  private get askOn(): Stream {
    return !this.out.isTTY && this.io.stderr.isTTY ? this.io.stderr : this.out;
  }

  /** Lines of a block: the first with the elapsed-time stamp when piped. */
  private block(stamp: string, lines: string[]): void {
    lines.forEach((text, i) => this.line(this.spinner ? text : `${i === 0 ? stamp : ' '.repeat(stamp.length)} ${text}`));
  }

  /** The spinner's elapsed time and countdown move every second, between polls too. */
  private tick(): void {
    const p = this.progressSeen;
    if (!p || !this.spinner || p.phase === 'ended') return;
    const now = this.clock();
    const elapsed = p.startedAt ? (now.getTime() - p.startedAt.getTime()) / 1000 : p.elapsedSeconds;
    this.spinner.text = `${this.label} · ${phaseText(p, now)} · ${duration(elapsed)}`;
  }

  /** Writes to stderr (a library's warning, say) clear the spinner line first and draw it again after. */
  private keepStderrOffTheSpinner(): void {
    const stderr = this.io.stderr as Stream & { write: (...args: unknown[]) => boolean };
    if (stderr === this.out) return;
    const write = stderr.write;
    stderr.write = (...args: unknown[]) => {
      this.spinner?.clear();
      const written = write.apply(stderr, args);
      this.spinner?.render();
      return written;
    };
    this.restoreStderr = () => {
      stderr.write = write;
    };
  }
}

/** A phase as a piped view tells phases apart: each wait of the runner (its state, after its attempt) is one. */
function phaseKey(p: RunProgress): string {
  return p.retryWait ? `${p.phase} ${p.retryWait.state} ${p.retryWait.jobName} ${p.retryWait.attempt}` : p.phase;
}
