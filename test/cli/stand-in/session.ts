/**
 * The command run in this process against the stand-in (real HTTP, the services' real protocols,
 * the AWS SDK as users run it) on a simulated clock: the world and the command share it, and the
 * command's wait between polls moves it instead of waiting. A five-minute provisioning takes
 * milliseconds and prints the same lines every time, which is what the docs' transcripts need.
 */
import { EventEmitter } from 'events';
import * as path from 'path';
import { PassThrough } from 'stream';
import { main } from '../../../cli/src';
import type { CliIo } from '../../../cli/src';
import { dataLakeWorld } from './account';
import { AwsStandIn } from './server';
import { World } from './world';
import { Capture } from '../capture';

export const FIXTURE = path.join(__dirname, '..', 'fixtures', 'assembly');
export const START = Date.parse('2026-11-24T09:00:00Z');

/** The simulated clock (milliseconds). */
export const clock = { now: START };

const ENV_KEYS = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE',
  'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL'];

/** The environment a user of the stand-in has: dummy credentials, a region, the endpoint. */
export function standInEnv(endpoint: string): { [key: string]: string } {
  return {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDSTANDIN', AWS_SECRET_ACCESS_KEY: 'stand-in-secret',
    AWS_CONFIG_FILE: path.join(FIXTURE, 'no-such-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURE, 'no-such-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: endpoint,
  };
}

/** One stand-in for a test file: `const aws = standIn(); beforeAll(aws.start); afterAll(aws.stop)`. */
export function standIn(clockFn: () => number = () => clock.now) {
  const saved: { [key: string]: string | undefined } = {};
  const state = { server: undefined as AwsStandIn | undefined, endpoint: '' };
  return {
    get server(): AwsStandIn {
      return state.server!;
    },
    get world(): World {
      return state.server!.world;
    },
    get endpoint(): string {
      return state.endpoint;
    },
    /** A fresh world (deployed DataLake stack unless `deployed: false`) and clock; the calls forgotten. */
    reset(options: { deployed?: boolean } = {}): World {
      clock.now = START;
      (state.server as unknown as { world: World }).world = dataLakeWorld(clockFn, options);
      state.server!.calls.length = 0;
      return state.server!.world;
    },
    start: async () => {
      state.server = new AwsStandIn(dataLakeWorld(clockFn));
      state.endpoint = await state.server.start();
      for (const key of ENV_KEYS) saved[key] = process.env[key];
      for (const key of ENV_KEYS) delete process.env[key];
      Object.assign(process.env, standInEnv(state.endpoint));
    },
    stop: async () => {
      await state.server?.stop();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** What the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SessionIo extends CliIo {
  readonly stdin: PassThrough;
  readonly interrupts: EventEmitter;
}

/**
 * Runs a command line (cdk.out: the fixture assembly) with captured streams on the simulated
 * clock. `onStdout` sees everything printed so far after each write (to press Ctrl-C, answer).
 */
export async function run(args: string[], options: { onStdout?: (all: string, io: SessionIo) => void } = {}): Promise<CliRun> {
  const io: SessionIo = {
    stdout: new Capture((all) => options.onStdout?.(all, io)),
    stderr: new Capture(),
    stdin: new PassThrough(),
    interrupts: new EventEmitter(),
    clock: () => new Date(clock.now),
    pollIntervalMs: 5000,
    sleep: async (ms, signal) => {
      clock.now += ms;
      await new Promise((resolve) => setImmediate(resolve));
      return Boolean(signal?.aborted);
    },
  };
  const code = await main(['--cdk-out', FIXTURE, ...args], io);
  return { code, stdout: (io.stdout as Capture).text, stderr: (io.stderr as Capture).text };
}
