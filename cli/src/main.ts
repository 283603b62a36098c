#!/usr/bin/env node
/** The CLI package's `bin`: `npx cdk-sagemaker-processing run <job>` (also installed as `cdk-sagemaker-processing-cli`, for `npx` without an install). */
import { main } from './program';

// A reader that went away (`| head`, or `| tee` ended by the same Ctrl-C) is not a crash: the command
// keeps watching the run and asks its question on the terminal. Node.js ignores SIGPIPE, so the
// write fails with EPIPE, an 'error' event that would otherwise end the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, interrupts: process })
  .then((code) => {
    process.exitCode = code;
    // Pending output drains first; a socket or stdin left open must not keep the finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  });
