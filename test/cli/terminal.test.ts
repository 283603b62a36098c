/**
 * The built command (`npm run build`'s output, run by node as the package's bin) in a real
 * pseudo-terminal and in a pipe, against the stand-in AWS on 127.0.0.1 reached through the AWS
 * SDK's standard AWS_ENDPOINT_URL with dummy credentials. Runs take real time, scaled down: a
 * "two-minute" provisioning takes 1.2 s, polls come every 0.2 s. Where a step must happen before the
 * run moves on (a question answered, a cancelled start), the test holds the stand-in's clock or its
 * answer instead of racing the machine's load; what depends on the second hand (the spinner's
 * ticking) is test/cli/view.test.ts, on a fake clock.
 */
import { featureJob, nightlyRun, Seconds } from './stand-in/account';
import { builtCli } from './stand-in/build';
import { AwsStandIn } from './stand-in/server';
import { standInEnv, FIXTURE } from './stand-in/session';
import { inTerminal, piped, screen } from './stand-in/terminal';
import { dataLakeWorld } from './stand-in/account';
import { requireSystemPackage } from '../util/system-package';

const s: Seconds = (x) => x / 100;
/** The stand-in's clock: real time, which a test may hold still (the world's jobs then stay where they are). */
const worldTime = { heldAt: undefined as number | undefined, lostMs: 0 };
const worldNow = () => worldTime.heldAt ?? Date.now() - worldTime.lostMs;
const holdWorld = () => {
  worldTime.heldAt = worldNow();
};
const releaseWorld = () => {
  worldTime.lostMs = Date.now() - worldTime.heldAt!;
  worldTime.heldAt = undefined;
};
/** Resolves when `condition` holds (checked every 20 ms). */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > end) throw new Error(`not after ${timeoutMs} ms: ${what}`);
  }
}
const FAST = ['--poll-interval', '0.2', '--heartbeat', '0.5'];
let main: string;
let aws: AwsStandIn;
let env: { [key: string]: string };

beforeAll(async () => {
  requireSystemPackage('bsdutils', ['script', '--version']);
  main = builtCli();
  aws = new AwsStandIn(dataLakeWorld(worldNow));
  env = standInEnv(await aws.start());
}, 240_000);
afterAll(() => aws.stop());
beforeEach(() => {
  worldTime.heldAt = undefined;
  (aws as unknown as { world: unknown }).world = dataLakeWorld(worldNow);
  aws.calls.length = 0;
  for (const action of Object.keys(aws.delays)) delete aws.delays[action];
  for (const action of Object.keys(aws.holds)) delete aws.holds[action];
});

const cli = (...args: string[]) => ['--cdk-out', FIXTURE, ...args];
const COLS = 200;

test('success on a terminal: the job, the phases with elapsed time ticking every second, prefixed logs wrapped with their prefix, the result; exit 0', async () => {
  const long = `${'x'.repeat(300)}END`;
  aws.world.next = nightlyRun(s, [{ ...featureJob(s), provisionSeconds: 3, logs: [...featureJob(s).logs!, { instance: 2, at: s(40), message: long }] }]);
  const run = inTerminal(main, cli('--poll-interval', '2.5', 'run', 'NightlyFeatures'), env, COLS);
  expect(await run.exit).toBe(0);
  const raw = run.output();
  // The spinner line shows the elapsed time, and it moves on (that it ticks every second between polls, whatever the
  // machine's load, is test/cli/view.test.ts on a fake clock; here a loaded machine may skip a second).
  const elapsed = [...raw.matchAll(/NightlyFeatures · [^\n\r]*? · (\d+)s/g)].map((m) => Number(m[1]));
  expect(new Set(elapsed.filter((n) => n >= 1)).size).toBeGreaterThanOrEqual(2);
  expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
  const shown = screen(raw, COLS).split('\n');
  expect(shown).toEqual(expect.arrayContaining([
    'DataLake/NightlyFeatures: starting a run through its state machine',
    expect.stringMatching(/^execution nightly-features-\d{8}-\d{6}-[0-9a-f]{8} \(the run id\)$/),
    expect.stringMatching(/^job nightly-features-\d{8}-\d{6}-5e6f7a8b$/),
    '  instances  2 × ml.m5.xlarge',
    expect.stringMatching(/^ {2}output {5}features {2}\/opt\/ml\/processing\/output\/features → s3:\/\/datalake-databucket-1x2y3z4w5v6u\/features\/dt=2026-11-20\/$/),
    'algo-1 | rows: 120000',
    expect.stringMatching(/^✔ nightly-features-\S+ Completed in \d+s \(2 × ml\.m5\.xlarge, \d+ instance-seconds\)$/),
  ]));
  // The long line is cut to the terminal's width, each piece with its prefix.
  const pieces = shown.filter((l) => l.startsWith('algo-2 | xxx') || l.startsWith('algo-2 | END') || /^algo-2 \| x+END$/.test(l));
  expect(pieces.length).toBeGreaterThan(1);
  expect(pieces.join('').replace(/algo-2 \| /g, '')).toBe(long);
  // No spinner frame is left on screen, and the AWS SDK's warning (Node.js 20) starts its own line.
  expect(shown.filter((l) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(l))).toEqual([]);
  for (const l of shown.filter((x) => x.includes('NodeVersionSupportWarning'))) expect(l).toMatch(/^\(node:\d+\) Warning: NodeVersionSupportWarning/);
});

test('failure on a terminal: the reason, the container\'s exit message, links and the next step; exit 1', async () => {
  aws.world.next = nightlyRun(s, [featureJob(s, { failureReason: 'AlgorithmError: See job logs for more information', exitMessage: "Traceback (most recent call last):\nKeyError: 'date'\n" })]);
  const run = inTerminal(main, cli(...FAST, 'run', 'NightlyFeatures'), env, COLS);
  expect(await run.exit).toBe(1);
  const shown = screen(run.output(), COLS);
  expect(shown).toMatch(/^✖ nightly-features-\S+ Failed after \d+s: AlgorithmError: See job logs for more information$/m);
  expect(shown).toMatch(/^ {2}exit message +Traceback \(most recent call last\):\n +KeyError: 'date'$/m);
  expect(shown).toMatch(/^ {2}logs console +https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:log-groups\/log-group\/\$252Faws\$252Fsagemaker\$252FProcessingJobs/m);
  expect(shown).toMatch(/^ {2}next: the whole log: cdk-sagemaker-processing logs nightly-features-\d{8}-\d{6}-[0-9a-f]{8}$/m);
});

test('capacity retry on a terminal: the CapacityError when it happens, the countdown, the retry\'s job; exit 0', async () => {
  aws.world.next = nightlyRun(s, [featureJob(s, 'CapacityError'), featureJob(s)], 150);
  const run = inTerminal(main, cli(...FAST, 'run', 'NightlyFeatures', '--no-logs'), env, 200);
  expect(await run.exit).toBe(0);
  const raw = run.output();
  // The countdown is on the spinner line (its ticking every second: test/cli/view.test.ts).
  expect(raw).toMatch(/waiting for capacity: retry 1 in \d+s/);
  const shown = screen(raw, 200);
  expect(shown).toMatch(/^✖ nightly-features-\S+-5e6f7a8b found no capacity: CapacityError: Unable to provision requested ML compute capacity\./m);
  expect(shown).toMatch(/^ {2}the runner starts the job again at \d\d:\d\d:\d\dZ \(in \ds, retry 1\)/m);
  expect(shown).toMatch(/^job nightly-features-\S+-5f707b8c \(capacity retry 1\)$/m);
  expect(shown).toMatch(/^✔ nightly-features-\S+-5f707b8c Completed/m);
});

test('Ctrl-C while it waits, answered y: the execution is stopped, the run ends Stopped; exit 1', async () => {
  aws.world.next = nightlyRun(s, [{ ...featureJob(s), runSeconds: 5 }]);
  const run = inTerminal(main, cli(...FAST, 'run', 'NightlyFeatures'), env, COLS);
  await run.waitFor(/^algo-1 \| reading/m);
  holdWorld(); // the job keeps running however long the question takes on a loaded machine
  run.type('\x03');
  await run.waitFor(/Stop run nightly-features-\S+ and its job nightly-features-\S+\? \[y\/N\]$/m);
  run.type('y\r');
  await until(() => aws.callsOf('sfn', 'StopExecution').length > 0, 'StopExecution');
  releaseWorld(); // the job stops
  expect(await run.exit).toBe(1);
  expect(aws.callsOf('sfn', 'StopExecution')).toHaveLength(1);
  expect(screen(run.output(), COLS)).toMatch(/^✖ nightly-features-\S+ Stopped after \d+s$/m);
});

test('Ctrl-C while the run is being started: what was created is stopped at once; exit 130', async () => {
  aws.world.next = nightlyRun(s, [featureJob(s)]);
  let answerStart!: () => void;
  aws.holds.StartExecution = new Promise((resolve) => {
    answerStart = resolve;
  });
  const run = inTerminal(main, cli(...FAST, 'run', 'NightlyFeatures'), env, COLS);
  await until(() => aws.callsOf('sfn', 'StartExecution').length === 1, 'StartExecution');
  // The execution exists; the command has not heard back yet.
  run.type('\x03');
  await run.waitFor(/^cancelling: the run is not started yet/m);
  answerStart();
  expect(await run.exit).toBe(130);
  const shown = screen(run.output(), COLS);
  expect(shown).toMatch(/^cancelling: the run is not started yet; what gets created is stopped at once$/m);
  expect(aws.callsOf('sfn', 'StartExecution')).toHaveLength(1);
  expect(aws.callsOf('sfn', 'StopExecution').map((c) => c.input.executionArn)).toEqual([
    expect.stringMatching(/:execution:NightlyFeaturesRunner:nightly-features-/),
  ]);
  expect(shown).toMatch(/^✖ cancelled: nightly-features-\S+ was stopped as soon as it was created$/m);
});

test('piped: no escape codes, a heartbeat during a silent provisioning, clean lines in timestamp order across instances before the final line; exit 0', async () => {
  aws.world.next = nightlyRun(s, [{
    ...featureJob(s), provisionSeconds: 6, // several polls even on a loaded machine
    logs: [
      { instance: 1, at: s(1), message: '\x1b[32mloading\x1b[0m' },
      { instance: 2, at: s(2), message: 'b first' },
      { instance: 1, at: s(30), message: '  0%|          |\r 50%|#####     |\r100%|##########|' },
      { instance: 2, at: s(31), message: 'b second' },
      // 9 stand-in seconds (90 ms) after 'b second': a loaded machine's pause between fetching the two streams
      // must not put a later line of one stream before an earlier one of the other within the poll.
      { instance: 1, at: s(40), message: 'a third\x07' },
    ],
    ingestionDelay: { 2: 0.25 },
  }]);
  const run = piped(main, cli(...FAST, 'run', 'NightlyFeatures'), env);
  expect(await run.exit).toBe(0);
  const out = run.output();
  expect(out.includes('\x1b')).toBe(false);
  const lines = out.split('\n');
  expect(lines.filter((l) => /^\[ *\d+s\] still starting 2 × ml\.m5\.xlarge$/.test(l)).length).toBeGreaterThanOrEqual(2);
  expect(lines.filter((l) => /^algo-\d \| /.test(l))).toEqual([
    'algo-1 | loading', 'algo-2 | b first', 'algo-1 | 100%|##########|', 'algo-2 | b second', 'algo-1 | a third',
  ]);
  const final = lines.findIndex((l) => l.startsWith('✔ '));
  expect(lines.findIndex((l) => l.startsWith('algo-1 | a third'))).toBeLessThan(final);
});
