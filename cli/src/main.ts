#!/usr/bin/env node
/** The CLI package's `bin`: `npx cdk-sagemaker-processing run <job>` (also installed as `cdk-sagemaker-processing-cli`, for `npx` without an install). */
import { main } from './program';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, interrupts: process })
  .then((code) => {
    process.exitCode = code;
    // Pending output drains first; a socket or stdin left open must not keep the finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  });
