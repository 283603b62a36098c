/**
 * Log lines in timestamp order across instances. CloudWatch Logs makes the lines of each instance
 * readable on its own schedule, so a slower instance's lines arrive a poll late; printed as they
 * arrive they would be out of order (and, at the end, after the run's final line). Each line is
 * held until it has waited `delayMs` (one poll), then printed in timestamp order with every held
 * line older than it: the output is ordered across instances, late by at most the delay and a poll.
 */
import type { LogLine } from './logs';

export class LogOrder {
  private held: { readonly line: LogLine; readonly received: number }[] = [];

  public constructor(private readonly delayMs: number) {}

  /** Adds the lines of one poll, read at `now` (ms). */
  public add(lines: LogLine[], now: number): void {
    for (const line of lines) this.held.push({ line, received: now });
    // Array.prototype.sort is stable: the lines of one stream keep their order.
    this.held.sort((a, b) => a.line.timestamp - b.line.timestamp);
  }

  /** The lines due at `now`: the oldest ones, up to the first that has not waited its delay. */
  public take(now: number): LogLine[] {
    let due = 0;
    while (due < this.held.length && this.held[due].received <= now - this.delayMs) due++;
    return this.held.splice(0, due).map((h) => h.line);
  }

  /** Every held line (the run ended: nothing older can come). */
  public flush(): LogLine[] {
    return this.held.splice(0).map((h) => h.line);
  }
}
