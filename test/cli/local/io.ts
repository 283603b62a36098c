import { EventEmitter } from 'events';
import { PassThrough, Writable } from 'stream';
import { main } from '../../../cli/src';

class Capture extends Writable {
  public text = '';
  public _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the command line with captured streams and the given clock; resolves what it printed and its exit code. */
export async function runCli(args: string[], now?: Date): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr, stdin: new PassThrough(), interrupts: new EventEmitter(), clock: now ? () => now : undefined });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
