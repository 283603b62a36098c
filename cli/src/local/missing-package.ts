/**
 * Names a missing package in a sandboxed run's error output: the script's own import error
 * (Python's `ModuleNotFoundError`, R's `there is no package called`), which in the sandbox means
 * the job's image has a package that this machine lacks.
 */
import { Writable } from 'stream';

const PATTERNS: { pattern: RegExp; language: string }[] = [
  { pattern: /ModuleNotFoundError: No module named '([^']+)'/, language: 'Python module' },
  { pattern: /there is no package called [‘'"]([^’'"]+)[’'"]/, language: 'R package' },
];

/** A stream that forwards to `target` and remembers the first missing package it sees. */
export class MissingPackageWatch extends Writable {
  private tail = '';
  private found?: string;

  constructor(private readonly target: NodeJS.WritableStream) {
    super();
  }

  public _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.target.write(chunk);
    if (this.found === undefined) {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-4096);
      for (const { pattern, language } of PATTERNS) {
        const m = pattern.exec(this.tail);
        if (m) {
          this.found = `${language} '${m[1]}'`;
          break;
        }
      }
    }
    done();
  }

  /** `Python module 'sklearn'`, or undefined. */
  public get missing(): string | undefined {
    return this.found;
  }
}
