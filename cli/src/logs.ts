/**
 * Follows a processing job's CloudWatch Logs: log group `/aws/sagemaker/ProcessingJobs`, one
 * stream per instance named `<job name>/algo-<n>-<epoch>` (SageMaker developer guide, "Log Amazon
 * SageMaker events with Amazon CloudWatch"). Like the SageMaker Python SDK's
 * `logs_for_processing_job`, it looks for new streams until there is one per instance and reads
 * every stream from where it stopped; here the position is CloudWatch's forward token, and the
 * lines of one poll are merged across streams by timestamp.
 */
import {
  CloudWatchLogsClient, DescribeLogStreamsCommand, DescribeLogStreamsCommandOutput, GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { cleanLines } from './terminal-text';

/** The log group of all processing jobs. */
export const PROCESSING_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';
/** The most GetLogEvents pages read from one stream in one poll (10,000 events or 1 MB each). */
const MAX_PAGES_PER_POLL = 50;

/** One line of a job's log. */
export interface LogLine {
  /** The log stream, `<job name>/algo-1-1700000000`. */
  readonly stream: string;
  /** The instance that wrote it, `algo-1`. */
  readonly instance: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** One line of the event's message, without escape sequences and control characters. */
  readonly message: string;
}

/** Reads the new lines of all of a job's streams at each poll. */
export class LogFollower {
  /** Stream name → the forward token to read from (undefined: from the start). */
  private readonly positions = new Map<string, string | undefined>();
  /** The last poll stopped reading a stream at the page limit, before its end. */
  private behind = false;

  constructor(private readonly logs: CloudWatchLogsClient, public readonly jobName: string) {}

  /** The streams found so far. */
  public get streams(): string[] {
    return [...this.positions.keys()];
  }

  /**
   * The lines written since the last poll, oldest first. Looks for streams while there are
   * fewer than `instanceCount` (a stream appears when its instance first writes).
   */
  public async poll(instanceCount: number): Promise<LogLine[]> {
    if (this.positions.size < instanceCount) await this.discover();
    const lines: LogLine[] = [];
    this.behind = false;
    for (const stream of [...this.positions.keys()].sort()) lines.push(...await this.read(stream));
    // Array.prototype.sort is stable: the lines of one stream keep their order.
    return lines.sort((a, b) => a.timestamp - b.timestamp);
  }

  /**
   * Every line not read yet, to the end of each stream: polls until no stream is left at the page
   * limit (a poll reads at most 50 pages a stream, so that a followed run stays responsive).
   */
  public async drain(instanceCount: number): Promise<LogLine[]> {
    const lines = await this.poll(instanceCount);
    while (this.behind) lines.push(...await this.poll(instanceCount));
    return lines.sort((a, b) => a.timestamp - b.timestamp);
  }

  private async discover(): Promise<void> {
    let nextToken: string | undefined;
    do {
      let page: DescribeLogStreamsCommandOutput;
      try {
        page = await this.logs.send(new DescribeLogStreamsCommand({
          logGroupName: PROCESSING_LOG_GROUP, logStreamNamePrefix: `${this.jobName}/`, nextToken,
        }));
      } catch (e) {
        // The log group appears with the first processing job that logs in the account and region.
        if ((e as { name?: string }).name === 'ResourceNotFoundException') return;
        throw e;
      }
      for (const stream of page.logStreams ?? []) {
        if (stream.logStreamName && !this.positions.has(stream.logStreamName)) this.positions.set(stream.logStreamName, undefined);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }

  private async read(stream: string): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    const instance = /^(algo-\d+)/.exec(stream.slice(this.jobName.length + 1))?.[1] ?? stream.slice(this.jobName.length + 1);
    let token = this.positions.get(stream);
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      const result = await this.logs.send(new GetLogEventsCommand({
        logGroupName: PROCESSING_LOG_GROUP, logStreamName: stream, startFromHead: true, nextToken: token,
      }));
      for (const event of result.events ?? []) {
        for (const message of cleanLines(event.message ?? '')) lines.push({ stream, instance, timestamp: event.timestamp ?? 0, message });
      }
      // GetLogEvents may answer an empty page before the end; the end is when the token comes back unchanged (API reference).
      const next = result.nextForwardToken;
      const atEnd = next === undefined || next === token;
      token = next ?? token;
      if (atEnd) break;
      if (page === MAX_PAGES_PER_POLL - 1) this.behind = true;
    }
    this.positions.set(stream, token);
    return lines;
  }
}
