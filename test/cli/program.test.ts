/** `--help` of every command says what the command does and the exit codes it gives (cli/src/errors.ts). */
import { cli, resetAws, restoreEnv } from './harness';

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

/** The help of a command, as one line (commander wraps it to the terminal's width). */
async function help(command: string): Promise<string> {
  const result = await cli([command, '--help']);
  expect(result.code).toBe(0);
  return result.stdout.replace(/\s+/g, ' ');
}

test.each([
  ['run', ['Ctrl-C asks before stopping it', 'exit code 0 Completed, 1 Failed/Stopped/Skipped, 2 error, 130 Ctrl-C left it running',
    '--scheduled-time <iso> the run\'s scheduled time, ISO 8601 with its zone (2026-11-20T02:00:00Z) or a date (UTC midnight)']],
  ['status', ['what the runner waits for', 'exit code 0 Completed, 1 Failed/Stopped/Skipped, 2 error, 3 in progress']],
  ['logs', ['exit code as status', '-f, --follow keep following until the run ends']],
  ['stop', ['the runner\'s wait to start it again', 'exit code 0 asked to stop']],
  ['list', ['runs that never created a processing job included', '--max <n> how many runs (1–100)']],
])('%s --help', async (command, texts) => {
  const text = await help(command);
  for (const expected of texts) expect(text).toContain(expected);
});
