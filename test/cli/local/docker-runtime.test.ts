import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ProcessingImage, ProcessingJob } from '../../../lib';
import { runLocally } from '../../../cli/src';
import { tempDir } from './apps';

/**
 * Past the job's MaxRuntimeInSeconds the Docker engine kills the container (`docker kill <name>`),
 * as SageMaker stops the job: killing the `docker run` client alone leaves the container running.
 * No Docker engine here: a stand-in `docker` on the PATH records its commands, and its `run`
 * lasts until `docker kill` names its container.
 */
const STAND_IN = `#!/bin/bash
echo "$*" >> "$STAND_IN_DIR/commands"
case "$1" in
  version) echo 27.0.0 ;;
  pull) ;;
  run) while [ ! -f "$STAND_IN_DIR/killed" ]; do sleep 0.05; done; exit 137 ;;
  kill|stop) echo "$2" > "$STAND_IN_DIR/killed" ;;
esac
`;

let savedPath: string | undefined;
afterEach(() => {
  process.env.PATH = savedPath;
  delete process.env.STAND_IN_DIR;
});

/**
 * A folder with the stand-in `docker` first on the PATH and a synthesized app whose job `Sleep`
 * sleeps 10 minutes (with `maxRuntime` when given).
 */
function slowJobWithStandInDocker(maxRuntime?: Duration): string {
  const dir = tempDir();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'docker'), STAND_IN, { mode: 0o755 });
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath}`;
  process.env.STAND_IN_DIR = dir;
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  new ProcessingJob(new Stack(app, 'Slow'), 'Sleep', {
    image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'),
    entrypoint: ['python3', '-c', 'import time; time.sleep(600)'],
    maxRuntime,
  });
  app.synth();
  return dir;
}

test('a job past its MaxRuntimeInSeconds: its container is killed by name, and the run ends with exit code 137', async () => {
  const dir = slowJobWithStandInDocker(Duration.seconds(1));
  let stderr = '';
  const result = await runLocally({
    job: 'Sleep', cdkOut: path.join(dir, 'cdk.out'), engine: 'docker', outputDir: path.join(dir, 'out'),
    stdout: { write: () => true } as unknown as NodeJS.WritableStream,
    stderr: { write: (chunk: string) => { stderr += chunk; return true; } } as unknown as NodeJS.WritableStream,
  });
  expect(result.exitCode).toBe(137);
  expect(stderr).toBe('stopping: the job ran longer than its MaxRuntimeInSeconds (1 s), where SageMaker stops it\n');
  expect(fs.readFileSync(path.join(dir, 'killed'), 'utf8')).toBe(`${result.runId}\n`);
  expect(fs.readFileSync(path.join(dir, 'commands'), 'utf8').split('\n').filter((l) => l.startsWith('kill'))).toEqual([`kill ${result.runId}`]);
});

test('an aborted run (Ctrl-C, runLocally\'s signal) stops its container by name, which a signal to the docker client alone did not', async () => {
  const dir = slowJobWithStandInDocker();
  const abort = new AbortController();
  const started = setInterval(() => {
    const commands = fs.existsSync(path.join(dir, 'commands')) ? fs.readFileSync(path.join(dir, 'commands'), 'utf8') : '';
    if (commands.includes('run ')) abort.abort();
  }, 50);
  const result = await runLocally({
    job: 'Sleep', cdkOut: path.join(dir, 'cdk.out'), engine: 'docker', outputDir: path.join(dir, 'out'), signal: abort.signal,
    stdout: { write: () => true } as unknown as NodeJS.WritableStream, stderr: { write: () => true } as unknown as NodeJS.WritableStream,
  }).finally(() => clearInterval(started));
  expect(result.exitCode).not.toBe(0);
  for (let i = 0; i < 40 && !fs.existsSync(path.join(dir, 'killed')); i++) await new Promise((r) => setTimeout(r, 50));
  expect(fs.readFileSync(path.join(dir, 'commands'), 'utf8').split('\n').filter((l) => l.startsWith('stop'))).toEqual([`stop ${result.runId}`]);
});
