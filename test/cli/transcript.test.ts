import * as fs from 'fs';
import * as path from 'path';
import { ListProcessingJobsCommand } from '@aws-sdk/client-sagemaker';
import { docFiles, REPO_ROOT } from '../util/doc-files';
import { cli, clock, CliRun, mocks, resetAws, restoreEnv } from './harness';
import { job, scenario, T } from './scenarios';

/**
 * The transcripts in the docs (docs/run-command.md today; wherever the text moves) are the
 * command's real output in these runs: each ```console block after a `<!-- transcript: id -->`
 * line must equal what the test printed, and each id appears in exactly one file.
 * `UPDATE_TRANSCRIPTS=1 npx jest test/cli/transcript.test.ts` rewrites them.
 */
function docWith(id: string): string {
  const marker = `<!-- transcript: ${id} -->`;
  const found = docFiles().filter((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').includes(marker));
  expect([id, found.length]).toEqual([id, 1]);
  return path.join(REPO_ROOT, found[0]);
}

function transcript(args: string[], run: CliRun): string {
  return [`$ npx cdk-sagemaker-processing ${args.join(' ')}`, run.stdout + run.stderr + '$ echo $?', String(run.code)].join('\n');
}

const runs: { [id: string]: () => Promise<string> } = {
  'run-success': async () => {
    scenario(job('Completed', { ProcessingEndTime: new Date(T + 40_000) }), { status: 'SUCCEEDED' });
    const args = ['run', 'NightlyFeatures', '--env', 'MODE=full', '--input', 'raw=s3://backfill/raw/', '--scheduled-time', '2026-11-20T02:00:00Z'];
    return transcript(args, await cli(args));
  },
  'run-failure': async () => {
    scenario(job('Failed', { FailureReason: "AlgorithmError: KeyError: 'date'" }), { status: 'FAILED', error: 'States.TaskFailed', cause: '{}' });
    const args = ['run', 'NightlyFeatures', '--no-logs'];
    return transcript(args, await cli(args));
  },
  'list-runs': async () => {
    const at = (iso: string) => new Date(Date.parse(iso));
    mocks.sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [
      { ProcessingJobName: 'nightly-features-20261124-090001-5e6f7a8b', ProcessingJobArn: 'a', ProcessingJobStatus: 'Completed', CreationTime: at('2026-11-24T09:00:01Z'), ProcessingEndTime: at('2026-11-24T09:04:41Z') },
      { ProcessingJobName: 'nightly-features-20261124-020007-0a1b2c3d', ProcessingJobArn: 'b', ProcessingJobStatus: 'Failed', CreationTime: at('2026-11-24T02:00:07Z'), ProcessingEndTime: at('2026-11-24T02:01:52Z'), FailureReason: "AlgorithmError: KeyError: 'date'" },
      { ProcessingJobName: 'nightly-features-20261123-020005-9f8e7d6c', ProcessingJobArn: 'c', ProcessingJobStatus: 'Completed', CreationTime: at('2026-11-23T02:00:05Z'), ProcessingEndTime: at('2026-11-23T02:05:12Z') },
    ] });
    clock.now = Date.parse('2026-11-24T09:10:00Z');
    const args = ['list', 'NightlyFeatures'];
    return transcript(args, await cli(args));
  },
};

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

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
