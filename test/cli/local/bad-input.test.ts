import * as fs from 'fs';
import * as path from 'path';
import { synthDataLake, tempDir, writeCustomers } from './apps';
import { runCli } from './io';

/** Each mistake is one line on stderr (`error: …`), exit code 2, and nothing runs. */
let dir: string;
let cdkOut: string;
let savedPath: string | undefined;
beforeAll(() => {
  dir = tempDir();
  cdkOut = synthDataLake(dir);
  writeCustomers(path.join(dir, 'sample'));
  fs.mkdirSync(path.join(dir, 'used', 'train'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'used', 'train', 'train.csv'), 'an earlier run\n');
  // A PATH with the sandbox tool and nothing else: no interpreter is found on it, whatever this machine has installed.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync('/usr/bin/unshare', path.join(bin, 'unshare'));
  savedPath = process.env.PATH;
  process.env.PATH = bin;
});
afterAll(() => {
  process.env.PATH = savedPath;
});

test.each([
  ['an unknown job', ['local', 'NoSuchJob'],
    "no job 'NoSuchJob' in {cdkOut}; known jobs: DataLakeExample/Evaluation, DataLakeExample/Features, DataLakeExample/SplitIncoming, DataLakeExample/WeeklySummary"],
  ['an input name the job lacks', ['local', 'SplitIncoming', '--input', 'incoming={dir}/sample'],
    "--input incoming: the job DataLakeExample/SplitIncoming has no input named 'incoming' (inputs: raw, code)"],
  ['a missing local folder', ['local', 'SplitIncoming', '--input', 'raw={dir}/no-such-folder'],
    '--input raw={dir}/no-such-folder: no such file or folder'],
  ['an input neither given nor in cdk.out', ['local', 'SplitIncoming', '--engine', 'unshare', '--interpreter', 'python3=/usr/bin/python3'],
    'input raw (s3://<LandingF95672E9>/incoming/) is not in cdk.out: give --input raw=<folder>, or --download to copy it from S3'],
  ['no interpreter for the entrypoint (Rscript)', ['local', 'WeeklySummary', '--engine', 'unshare', '--input', 'raw={dir}/sample'],
    "no interpreter for the entrypoint: 'Rscript' is not on this machine; install R (apt-get install r-base-core), pass --interpreter Rscript=<path>, or run with Docker"],
  ['an interpreter that is not there', ['local', 'SplitIncoming', '--engine', 'unshare', '--input', 'raw={dir}/sample', '--interpreter', 'python3={dir}/python3'],
    '--interpreter python3={dir}/python3: no executable file at {dir}/python3'],
  ['no bubblewrap', ['local', 'SplitIncoming', '--engine', 'bwrap', '--input', 'raw={dir}/sample'],
    'no bubblewrap (bwrap) on this machine: install it (apt-get install bubblewrap), or run as root to use unshare'],
  ['an output folder that holds an earlier run\'s files', ['local', 'SplitIncoming', '--engine', 'unshare', '--interpreter', 'python3=/usr/bin/python3',
    '--input', 'raw={dir}/sample', '--output-dir', '{dir}/used'],
  "--output-dir {dir}/used: {dir}/used/train is not empty (an earlier run's files would be taken for this run's output train); remove it, or give a new folder"],
  ['a bad scheduled time', ['local', 'SplitIncoming', '--scheduled-time', 'yesterday'],
    "--scheduled-time 'yesterday': expected an ISO 8601 time with a zone, such as 2026-11-20T02:00:00Z, 2026-11-20T03:00:00+01:00 or 2026-11-20"],
])('%s is a one-line error', async (_what, args, message) => {
  const fill = (s: string) => s.replace(/\{dir\}/g, dir).replace(/\{cdkOut\}/g, cdkOut);
  const result = await runCli(['--cdk-out', cdkOut, ...args.map(fill)]);
  expect(result).toEqual({ code: 2, stdout: '', stderr: `error: ${fill(message)}\n` });
});
