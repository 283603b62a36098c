/**
 * The exit-code contract of every command (`run`, `status`, `logs`, `stop`, `list`), documented in
 * the run command guide and tested against a stand-in AWS:
 * 0 the run Completed (or the command did what it was asked: `stop`, `list`, `run --no-wait`);
 * 1 the run ended without completing (Failed, Stopped, Skipped);
 * 2 the command could not do its work (usage, a bad override, no cdk.out, an AWS error);
 * 3 the run is still in progress (`status`, `logs` without `--follow`);
 * 130 interrupted (Ctrl-C): the command left, or cancelled what it had started.
 */
export const EXIT_COMPLETED = 0;
/** The job (or the execution that runs it) ended without completing: Failed, Stopped, aborted, skipped. */
export const EXIT_NOT_COMPLETED = 1;
/** The command could not do its work: bad usage or override, no cdk.out, unknown job, no region or credentials, an AWS error. */
export const EXIT_ERROR = 2;
/** The run has not ended yet (InProgress, Stopping, waiting to retry). */
export const EXIT_IN_PROGRESS = 3;
/** Ctrl-C: the command exits and leaves the job running, or cancels a run it was still starting. */
export const EXIT_INTERRUPTED = 130;

/** The exit code for a run in `status` (one place for the contract). */
export function exitCodeOf(status: string): number {
  if (status === 'Completed') return EXIT_COMPLETED;
  if (status === 'InProgress' || status === 'Stopping') return EXIT_IN_PROGRESS;
  return EXIT_NOT_COMPLETED;
}

/** An error the command reports as one line (`error: <message>`) with its exit code. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode: number = EXIT_ERROR) {
    super(message);
    this.name = 'CliError';
  }
}

/** Ctrl-C before the run was created: nothing to stop, the command ends with 130. */
export function refuseIfCancelled(cancel?: AbortSignal): void {
  if (cancel?.aborted) throw new CliError('cancelled before the run was started: nothing was created', EXIT_INTERRUPTED);
}

/**
 * What to do about an AWS error the SDK gave up on, by the error codes the services answer (each
 * service's API reference, "Common Errors"; CloudFormation's query protocol answers `AccessDenied`,
 * `ExpiredToken`, `Throttling`, the JSON services `…Exception`).
 */
const AWS_ERROR_ADVICE: ReadonlyArray<[RegExp, string]> = [
  [/^(AccessDenied|AccessDeniedException|AuthorizationError|UnauthorizedOperation)$/,
    'the AWS identity in use may not do this: grant it the permission (docs/run-command.md, "Permissions", lists each command\'s) or pass --profile for one that has it'],
  [/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/,
    'your AWS credentials have expired: refresh them (`aws sso login`, or new session credentials) and run the command again'],
  [/^(UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|SignatureDoesNotMatch|IncompleteSignature)$/,
    'AWS does not accept these credentials: check the profile (--profile, AWS_PROFILE) or access key, and that the region is enabled for your account'],
  [/^(CredentialsProviderError|TokenProviderError)$/,
    'your AWS credentials could not be loaded or refreshed: log in again (`aws sso login`) or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY'],
  [/^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded|ThrottledException)$/,
    'AWS throttled the command\'s calls beyond its retries: run it again in a minute (a longer --poll-interval makes fewer calls)'],
];

/** Network errors (Node.js `code`): no answer from the endpoint. */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** One line for any error: the CLI's own message, or an AWS error's name and message with what to do about it. */
export function errorLine(e: unknown): string {
  if (e instanceof CliError) return e.message;
  const err = e as { name?: string; message?: string; code?: string };
  const message = (err.message ?? String(e)).split('\n')[0];
  const line = err.name && err.name !== 'Error' && !message.startsWith(err.name) ? `${err.name}: ${message}` : message;
  const advice = AWS_ERROR_ADVICE.find(([names]) => names.test(err.name ?? ''))?.[1]
    ?? (NETWORK_CODES.has(err.code ?? '') ? 'AWS could not be reached: check the network, and the region (--region, AWS_REGION): a misspelt one names no endpoint' : undefined);
  return advice ? `${line} (${advice})` : line;
}

/**
 * An error that ended the watch of a run which goes on (expired credentials at 3 a.m., the network):
 * what failed, and how to find the run again or stop it.
 */
export function watchLost(e: unknown, runId: string): CliError {
  return new CliError(`${errorLine(e)}; the run goes on without this command: follow it with \`cdk-sagemaker-processing logs --follow ${runId}\`, ` +
    `stop it with \`cdk-sagemaker-processing stop ${runId}\``);
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
