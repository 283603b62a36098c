/** Exit codes of the command: 0 only when the job Completed. */
export const EXIT_COMPLETED = 0;
/** The job (or the execution that runs it) ended without completing: Failed, Stopped, aborted. */
export const EXIT_NOT_COMPLETED = 1;
/** The command could not do its work: bad usage or override, no cdk.out, unknown job, no region or credentials, an AWS error. */
export const EXIT_ERROR = 2;
/** Ctrl-C twice: the command exits and leaves the job running. */
export const EXIT_INTERRUPTED = 130;

/** An error the command reports as one line (`error: <message>`) with its exit code. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode: number = EXIT_ERROR) {
    super(message);
    this.name = 'CliError';
  }
}

/** One line for any error: the CLI's own message, or an AWS error's name and message. */
export function errorLine(e: unknown): string {
  if (e instanceof CliError) return e.message;
  const err = e as { name?: string; message?: string };
  const message = (err.message ?? String(e)).split('\n')[0];
  return err.name && err.name !== 'Error' && !message.startsWith(err.name) ? `${err.name}: ${message}` : message;
}

/** The AWS error name of a service exception (e.g. `ResourceNotFoundException`), or undefined. */
export function awsErrorName(e: unknown): string | undefined {
  return (e as { name?: string }).name;
}

/** A SageMaker "not found": DescribeProcessingJob answers ValidationException "Requested resource not found" (API reference), some APIs ResourceNotFound. */
export function isSageMakerNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err.name === 'ResourceNotFound' || (err.name === 'ValidationException' && /not (be )?found|could not find/i.test(err.message ?? ''));
}
