import { EventEmitter } from 'events';
import * as readline from 'readline';
import { PassThrough } from 'stream';
import type { RunProgress } from '../../cli/src/run';
import { RunView } from '../../cli/src/view';
import { Capture } from './capture';
import { screen } from './stand-in/terminal';

/**
 * The spinner line of a run on a terminal, on jest's fake clock: its elapsed time and a capacity
 * countdown move every second between polls (a poll is a `progress()` call), whatever the machine's
 * load. test/cli/terminal.test.ts checks the built command wires it to a real terminal.
 */
const COLS = 120;
const START = Date.parse('2026-11-24T09:00:00Z');
let savedEnv: NodeJS.ProcessEnv;

beforeEach(() => {
  jest.useFakeTimers({ now: START });
  savedEnv = process.env;
  // A person's terminal: the view draws no spinner in CI or on a dumb terminal.
  process.env = { ...savedEnv, TERM: 'xterm-256color' };
  delete process.env.CI;
});
afterEach(() => {
  process.env = savedEnv;
  jest.useRealTimers();
});

/** What a terminal's stream offers the spinner: the cursor and line controls write their escape sequences. */
class TerminalCapture extends Capture {
  public readonly isTTY = true;
  public readonly columns = COLS;
  public clearLine(dir: readline.Direction): boolean {
    return readline.clearLine(this, dir);
  }
  public cursorTo(x: number): boolean {
    return readline.cursorTo(this, x);
  }
  public moveCursor(dx: number, dy: number): boolean {
    return readline.moveCursor(this, dx, dy);
  }
}

function terminalView(): { view: RunView; spinnerLine: () => string } {
  const stdout = new TerminalCapture();
  const io = { stdout, stderr: new Capture(), stdin: new PassThrough(), interrupts: new EventEmitter(), clock: () => new Date(Date.now()) };
  const view = new RunView(io, 'DataLake/NightlyFeatures', { heartbeatMs: 60_000 });
  return { view, spinnerLine: () => screen(stdout.text, COLS).split('\n').pop()!.slice(2) };
}

const provisioning: RunProgress = {
  phase: 'provisioning', startedAt: new Date(START), elapsedSeconds: 0, instanceCount: 2, instanceType: 'ml.m5.xlarge',
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:NightlyFeaturesRunner:nightly-features-20261124-090000-1a2b3c4d',
};

test('the elapsed time ticks every second between polls', () => {
  const { view, spinnerLine } = terminalView();
  view.progress(provisioning); // the one poll
  jest.advanceTimersByTime(100); // the spinner draws a frame every 80 ms
  expect(spinnerLine()).toBe('DataLake/NightlyFeatures · starting 2 × ml.m5.xlarge · 0s');
  const shown: string[] = [];
  for (let second = 1; second <= 4; second++) {
    jest.advanceTimersByTime(1000);
    shown.push(spinnerLine());
  }
  expect(shown).toEqual([1, 2, 3, 4].map((n) => `DataLake/NightlyFeatures · starting 2 × ml.m5.xlarge · ${n}s`));
  view.close();
});

test('the countdown to a capacity retry moves every second between polls', () => {
  const { view, spinnerLine } = terminalView();
  jest.advanceTimersByTime(120_000);
  view.progress({
    ...provisioning, phase: 'waiting-to-retry', elapsedSeconds: 120,
    retryWait: {
      state: 'WaitForCapacity', waitsFor: 'for capacity', happened: 'found no capacity', jobCreated: true, attempt: 1, at: new Date(START + 125_000),
      reason: 'CapacityError: Unable to provision requested ML compute capacity.', jobName: 'nightly-features-20261124-090001-5e6f7a8b',
    },
  });
  jest.advanceTimersByTime(100); // the spinner draws a frame every 80 ms
  expect(spinnerLine()).toBe('DataLake/NightlyFeatures · waiting for capacity: retry 1 in 5s · 2m 00s');
  const shown: string[] = [];
  for (let second = 1; second <= 3; second++) {
    jest.advanceTimersByTime(1000);
    shown.push(spinnerLine());
  }
  expect(shown).toEqual([
    'DataLake/NightlyFeatures · waiting for capacity: retry 1 in 4s · 2m 01s',
    'DataLake/NightlyFeatures · waiting for capacity: retry 1 in 3s · 2m 02s',
    'DataLake/NightlyFeatures · waiting for capacity: retry 1 in 2s · 2m 03s',
  ]);
  view.close();
});

test('piped, no spinner: a line per phase and a heartbeat after a silent minute, stamped with the run\'s elapsed time', () => {
  const stdout = new Capture();
  const view = new RunView({ stdout, stderr: new Capture(), stdin: new PassThrough(), interrupts: new EventEmitter(), clock: () => new Date(Date.now()) },
    'DataLake/NightlyFeatures', { heartbeatMs: 60_000 });
  view.progress({ ...provisioning, elapsedSeconds: 5 });
  jest.advanceTimersByTime(59_000);
  view.progress({ ...provisioning, elapsedSeconds: 64 });
  jest.advanceTimersByTime(1_000);
  view.progress({ ...provisioning, elapsedSeconds: 65 });
  view.progress({ ...provisioning, phase: 'running', elapsedSeconds: 66 });
  expect(stdout.text).toBe('[     5s] starting 2 × ml.m5.xlarge\n[ 1m 05s] still starting 2 × ml.m5.xlarge\n[ 1m 06s] running\n');
  view.close();
});

test('a wait that ends on another day gives its date: the tenth capacity retry is 42 hours away', () => {
  const stdout = new Capture();
  const view = new RunView({ stdout, stderr: new Capture(), stdin: new PassThrough(), interrupts: new EventEmitter(), clock: () => new Date(Date.now()) },
    'DataLake/NightlyFeatures', { heartbeatMs: 60_000 });
  const retryWait = {
    state: 'WaitForCapacity', waitsFor: 'for capacity', happened: 'found no capacity', jobCreated: true, attempt: 10, at: new Date(START + 153_600_000),
    reason: 'CapacityError: Unable to provision requested ML compute capacity.', jobName: 'nightly-features-20261124-090001-5e6f7a8b',
  };
  view.progress({ ...provisioning, phase: 'waiting-to-retry', elapsedSeconds: 0, retryWait });
  expect(stdout.text).toContain('the runner starts the job again at 2026-11-26 03:40:00Z (in 42h 40m 00s, retry 10)');
  view.progress({ ...provisioning, phase: 'waiting-to-retry', elapsedSeconds: 0, retryWait: { ...retryWait, jobName: 'other', at: new Date(START + 60_000) } });
  expect(stdout.text).toContain('the runner starts the job again at 09:01:00Z (in 1m 00s, retry 10)');
  view.close();
});
