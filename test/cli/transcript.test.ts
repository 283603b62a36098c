import * as fs from 'fs';
import * as path from 'path';
import { docFiles, REPO_ROOT } from '../util/doc-files';
import { featureJob, nightlyRequest, nightlyRun, Seconds } from './stand-in/account';
import { clock, CliRun, run, standIn } from './stand-in/session';

/**
 * The transcripts in the docs (docs/run-command.md today; wherever the text moves)
 * are the command's real output: each ```console block after a `<!-- transcript: id -->` line
 * must equal what the command printed here, run against the stand-in AWS on a simulated clock
 * (piped output: a terminal shows the same lines above its spinner), and each id appears in
 * exactly one file. `UPDATE_TRANSCRIPTS=1 npx jest test/cli/transcript.test.ts` rewrites them.
 */
const EXECUTION = 'nightly-features-20261124-090000-1a2b3c4d';
const s: Seconds = (x) => x;
const aws = standIn();

function docWith(id: string): string {
  const marker = `<!-- transcript: ${id} -->`;
  const found = docFiles().filter((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').includes(marker));
  expect([id, found.length]).toEqual([id, 1]);
  return path.join(REPO_ROOT, found[0]);
}

/** The command line and its output as a terminal shows them; the random part of execution names fixed. */
function transcript(args: string[], result: CliRun, shell = ''): string {
  let text = [`$ npx cdk-sagemaker-processing ${args.join(' ')}${shell}`, `${result.stdout}${result.stderr}$ echo $?`, String(result.code)].join('\n');
  for (const call of aws.server.callsOf('sfn', 'StartExecution')) text = text.split(String(call.input.name)).join(EXECUTION);
  return text;
}

async function cli(args: string[], shell = ''): Promise<string> {
  return transcript(args, await run(args), shell);
}

const failing = { failureReason: 'AlgorithmError: See job logs for more information', exitMessage:
  'Traceback (most recent call last):\n  File "/opt/ml/processing/input/code/features.py", line 12, in <module>\n    day = row[\'date\']\nKeyError: \'date\'\n' };

const runs: { [id: string]: () => Promise<string> } = {
  'run-success': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s)]);
    return cli(['run', 'NightlyFeatures', '--env', 'MODE=full', '--input', 'raw=s3://backfill/raw/', '--scheduled-time', '2026-11-20T02:00:00Z']);
  },
  'run-failure': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s, failing)]);
    return cli(['run', 'NightlyFeatures']);
  },
  'run-capacity': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s, 'CapacityError'), featureJob(s)]);
    return cli(['run', 'NightlyFeatures', '--no-logs']);
  },
  'run-piped': async () => {
    aws.world.next = nightlyRun(s, [{ ...featureJob(s), provisionSeconds: 300 }]);
    return cli(['run', 'NightlyFeatures', '--no-logs'], ' | tee run.log');
  },
  'run-ctrl-c': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s)]);
    const args = ['run', 'NightlyFeatures', '--no-logs'];
    const result = await run(args, {
      onStdout: (all, io) => {
        // Without logs the command cannot tell the download from the run: Ctrl-C once it runs.
        if (all.endsWith('] running\n') && !all.includes('^C')) {
          io.stdout.write('^C\n'); // what the terminal echoes
          io.interrupts.emit('SIGINT');
        }
        if (all.endsWith('? [y/N] ')) {
          io.stdout.write('y\n');
          io.stdin.write('y\n');
        }
      },
    });
    // The transcript shows the interrupt, the question answered y, and the run ending Stopped.
    expect(result.stdout).toMatch(/\^C\n[\s\S]*\? \[y\/N\] y\n[\s\S]*Stopped/);
    expect(result.code).toBe(1);
    return transcript(args, result);
  },
  'status-waiting': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s, 'CapacityError'), featureJob(s)]);
    await run(['run', 'NightlyFeatures', '--no-wait']);
    clock.now += 200_000;
    const execution = String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
    return transcript(['status', EXECUTION], await run(['status', execution]));
  },
  'stop-waiting': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s, 'CapacityError'), featureJob(s)]);
    await run(['run', 'NightlyFeatures', '--no-wait']);
    clock.now += 200_000;
    const execution = String(aws.server.callsOf('sfn', 'StartExecution')[0].input.name);
    const stop = transcript(['stop', EXECUTION], await run(['stop', execution]));
    clock.now += 10_000;
    return `${stop}\n${transcript(['status', EXECUTION, '--json'], await run(['status', execution, '--json']))}`;
  },
  'logs-failed': async () => {
    aws.world.next = nightlyRun(s, [featureJob(s, failing)]);
    await run(['run', 'NightlyFeatures', '--no-wait']);
    clock.now += 600_000;
    return cli(['logs', 'nightly-features-20261124-090001-5e6f7a8b', '--timestamps']);
  },
  'list-runs': async () => {
    const at = (iso: string) => Date.parse(iso);
    const request = nightlyRequest('2026-11-24');
    aws.world.seed([
      { name: 'nightly-features-20261123-020005-9f8e7d6c', created: at('2026-11-23T02:00:05Z'), plan: { provisionSeconds: 120, runSeconds: 187, outcome: 'Completed' }, request },
      { name: 'nightly-features-20261124-020007-0a1b2c3d', created: at('2026-11-24T02:00:07Z'), plan: { provisionSeconds: 60, runSeconds: 45, outcome: failing }, request },
      { name: 'nightly-features-20261124-090001-5e6f7a8b', created: at('2026-11-24T09:00:01Z'), plan: { provisionSeconds: 120, runSeconds: 160, outcome: 'Completed' }, request },
    ]);
    clock.now = at('2026-11-24T09:10:00Z');
    return cli(['list', 'NightlyFeatures']);
  },
};

beforeAll(aws.start);
afterAll(aws.stop);
beforeEach(() => aws.reset());

test.each(Object.keys(runs))('the %s transcript in the docs is the command\'s output', async (id) => {
  const text = await runs[id]();
  const file = docWith(id);
  const doc = fs.readFileSync(file, 'utf8');
  const block = new RegExp(`(<!-- transcript: ${id} -->\\n\`\`\`console\\n)([\\s\\S]*?)(\`\`\`)`);
  expect(doc).toMatch(block);
  if (process.env.UPDATE_TRANSCRIPTS) {
    fs.writeFileSync(file, doc.replace(block, (_m, open, _old, close) => `${open}${text}\n${close}`));
  } else {
    expect(block.exec(doc)![2]).toBe(`${text}\n`);
  }
});
