import { EventEmitter } from 'events';
import * as path from 'path';
import * as readline from 'readline';
import { PassThrough } from 'stream';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SageMakerClient, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../cli/src';
import type { CliIo } from '../../cli/src';
import { Capture } from './capture';

/** The hand-written cloud assembly that follows docs/CONTRACTS.md "Discovery" (two stacks, one in a Stage). */
export const FIXTURE = path.join(__dirname, 'fixtures', 'assembly');
export const ACCOUNT = '123456789012';
export const MACHINE_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:NightlyFeaturesRunner`;
export const EXECUTION_NAME = 'nightly-features-20261124-090000-1a2b3c4d';
export const EXECUTION_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:execution:NightlyFeaturesRunner:${EXECUTION_NAME}`;
export const JOB_NAME = 'nightly-features-20261124-090001-5e6f7a8b';

export const mocks = {
  cfn: mockClient(CloudFormationClient),
  sfn: mockClient(SFNClient),
  sm: mockClient(SageMakerClient),
  logs: mockClient(CloudWatchLogsClient),
};

const ENV_KEYS = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE',
  'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'];
let savedEnv: { [key: string]: string | undefined } = {};

/** Credentials and region from the environment only (no files, no instance metadata), all mocks reset. */
export function resetAws(env: { [key: string]: string | undefined } = {}): void {
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_CONFIG_FILE: path.join(FIXTURE, 'no-such-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURE, 'no-such-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  for (const m of Object.values(mocks)) m.reset();
  clock.now = Date.parse('2026-11-24T09:00:00Z');
}

export function restoreEnv(): void {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** A SageMaker/CloudFormation/Logs service error as the SDK throws it. */
export function awsError(name: string, message: string): Error {
  return new SageMakerServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** What the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a command run in a test. */
export interface CliRunOptions {
  /** stdout is an interactive terminal. */
  readonly tty?: boolean;
  /** Called with everything printed so far on stdout, after each write (to answer prompts, press Ctrl-C). */
  readonly onStdout?: (all: string, io: TestIo) => void;
  readonly onStderr?: (all: string, io: TestIo) => void;
}

export interface TestIo extends CliIo {
  readonly stdin: PassThrough;
  readonly interrupts: EventEmitter;
}

/** The command's clock: it starts at 2026-11-24T09:00:00Z and moves only when a scenario says time passed. */
export const clock = {
  now: Date.parse('2026-11-24T09:00:00Z'),
  tick(seconds: number): void {
    this.now += seconds * 1000;
  },
};

/** Runs the command line with captured streams, no waiting between polls and the scenario's clock. */
export async function cli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout = new Capture((all) => options.onStdout?.(all, io));
  if (options.tty) {
    // What a tty.WriteStream adds: ANSI cursor control written by readline, as on a terminal.
    Object.assign(stdout, {
      isTTY: true, columns: 120,
      clearLine: (dir: -1 | 0 | 1, done?: () => void) => readline.clearLine(stdout, dir, done),
      cursorTo: (x: number, y?: number, done?: () => void) => readline.cursorTo(stdout, x, y, done),
      moveCursor: (dx: number, dy: number, done?: () => void) => readline.moveCursor(stdout, dx, dy, done),
    });
  }
  const io: TestIo = {
    stdout,
    stderr: new Capture((all) => options.onStderr?.(all, io)),
    stdin: new PassThrough(),
    interrupts: new EventEmitter(),
    clock: () => new Date(clock.now),
    pollIntervalMs: 0,
  };
  const code = await main(['--cdk-out', FIXTURE, ...args], io);
  return { code, stdout: (io.stdout as Capture).text, stderr: (io.stderr as Capture).text };
}

/** The state machine of DataLake/NightlyFeatures is deployed. */
export function deployedStateMachine(arn = MACHINE_ARN): void {
  mocks.cfn.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: {
    LogicalResourceId: 'NightlyFeaturesRunnerStateMachine6C1D2E3F', PhysicalResourceId: arn, ResourceType: 'AWS::StepFunctions::StateMachine',
    ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  } });
}

/** A TaskScheduled history event of a createProcessingJob.sync task. */
export function taskScheduled(id: number, jobName: string) {
  return {
    id, type: 'TaskScheduled' as const, timestamp: new Date(),
    taskScheduledEventDetails: {
      resourceType: 'sagemaker', resource: 'createProcessingJob.sync', region: 'us-east-1',
      parameters: JSON.stringify({ ProcessingJobName: jobName, RoleArn: 'arn:aws:iam::123456789012:role/processing/job' }),
    },
  };
}

export interface FakeLogEvent {
  readonly timestamp: number;
  readonly message: string;
}

/**
 * CloudWatch Logs as the job writes them: `streams[name]` is a list of pages, revealed one poll at
 * a time (`visiblePages(name)`); DescribeLogStreams pages through the visible streams two at a time.
 */
export class FakeLogs {
  private readonly visible = new Map<string, number>();
  public constructor(private readonly streams: { [stream: string]: FakeLogEvent[][] }) {
    mocks.logs.on(DescribeLogStreamsCommand).callsFake((input) => {
      const names = Object.keys(this.streams).filter((s) => this.visible.has(s) && s.startsWith(input.logStreamNamePrefix ?? ''));
      const start = Number(input.nextToken ?? 0);
      const page = names.slice(start, start + 2);
      return { logStreams: page.map((logStreamName) => ({ logStreamName })), nextToken: start + 2 < names.length ? String(start + 2) : undefined };
    });
    mocks.logs.on(GetLogEventsCommand).callsFake((input) => {
      const pages = this.streams[input.logStreamName!] ?? [];
      const at = input.nextToken ? Number(input.nextToken.slice(2)) : 0;
      const shown = this.visible.get(input.logStreamName!) ?? 0;
      if (at >= Math.min(shown, pages.length)) return { events: [], nextForwardToken: input.nextToken ?? 'f/0' };
      return { events: pages[at].map((e) => ({ ...e, ingestionTime: e.timestamp })), nextForwardToken: `f/${at + 1}` };
    });
  }

  /** Makes the first `pages` pages of a stream readable (the stream appears with its first). */
  public reveal(stream: string, pages: number): void {
    this.visible.set(stream, pages);
  }
}

/** How many AWS calls the command made, all clients together. */
export function awsCallCount(): number {
  return mocks.cfn.calls().length + mocks.sfn.calls().length + mocks.sm.calls().length + mocks.logs.calls().length;
}
