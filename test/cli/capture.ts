import { Writable } from 'stream';

/** A stream that keeps what the command wrote, and reports the whole text after each write. */
export class Capture extends Writable {
  public text = '';
  public constructor(private readonly onText?: (all: string) => void) {
    super();
  }
  public _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    this.onText?.(this.text);
    done();
  }
}
