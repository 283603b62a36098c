#!/usr/bin/env node
/** The package's `bin`: `npx cdk-sagemaker-processing run <job>`. */
import { main } from './program';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, interrupts: process })
  .then((code) => {
    process.exitCode = code;
    // Pending output drains first; a socket or stdin left open must not keep the finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  });
