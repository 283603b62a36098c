/**
 * Custom-resource handler of `ProcessingJobRun` (aws-cdk-lib custom-resources Provider
 * framework: `onEvent` answers at once, `isComplete` is polled). The processing job itself is
 * CloudFormation's native `AWS::SageMaker::ProcessingJob`; this handler adds only what that
 * resource does not do:
 *
 * - `Custom::ProcessingJobRunName` picks a fresh job name under the run's prefix for each run
 *   (a new name whenever the rendered request or the run id changes, the same name otherwise),
 *   so a rollback that re-creates a job never meets a name that exists; it also answers the
 *   run's scheduled time, the time the name was given at (the container's PROCESSING_SCHEDULED_TIME);
 * - `Custom::ProcessingJobRunCompletion` waits until the job ends and fails the deployment with
 *   the job's FailureReason when it failed or was stopped.
 *
 * It only calls DescribeProcessingJob: it never creates or stops jobs (CloudFormation does).
 */
import { DescribeProcessingJobCommand, DescribeProcessingJobCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { runName, runNameTime } from '../../lib/api/run-name';

/** The custom resource types this handler serves. */
export const NAME_RESOURCE_TYPE = 'Custom::ProcessingJobRunName';
export const COMPLETION_RESOURCE_TYPE = 'Custom::ProcessingJobRunCompletion';

/** The Provider framework's onEvent request (the CloudFormation custom resource event). */
export interface RunEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly StackId?: string;
  readonly RequestId?: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { [key: string]: unknown };
  readonly OldResourceProperties?: { [key: string]: unknown };
  /** What onEvent answered, which the Provider framework hands to isComplete and merges into the response's Data. */
  readonly Data?: { [key: string]: string };
}

/** What onEvent and isComplete answer. */
export interface RunResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: { [key: string]: string };
  readonly IsComplete?: boolean;
}

/** How many fresh names are tried when a generated name exists already. */
export const NAME_ATTEMPTS = 5;
/** How many times a throttled DescribeProcessingJob is retried by the name resource (on top of the SDK's own retries). */
export const THROTTLE_RETRIES = 4;
let retryBaseDelayMs = 1000;
/** The waits, in seconds, before a denied DescribeProcessingJob is asked again (23 s in all, within the handlers' 1-minute timeout). */
export const ACCESS_DENIED_DELAYS = [1, 2, 4, 8, 8];
/**
 * CloudFormation fails a custom resource that has not answered 1 hour after its request (ServiceTimeout, 1–3600 s,
 * default 3600: AWS CloudFormation User Guide, "AWS::CloudFormation::CustomResource"), with a message that names
 * neither the job nor its state. The completion resource is requested after the job was created, so a wait measured
 * from the job's creation that ends two polls (2 × 30 s) before that hour always answers first, with the job's state.
 */
export const LONGEST_WAIT_SECONDS = 3600 - 2 * 30;
/**
 * CloudFormation takes a custom resource response body of at most 4,096 bytes (AWS CloudFormation User Guide, "Custom resource
 * response objects"); a longer one fails the resource with "Response object is too long", which says nothing of the job.
 */
export const MAX_RESPONSE_BYTES = 4096;
/**
 * What the Provider framework adds to an error message in the response's Reason: `\n\nLogs: /aws/lambda/<function name, at most
 * 64 characters>\n` (aws-cdk-lib custom-resources runtime/framework.js, 2.276), at most 92 bytes of JSON.
 */
const FRAMEWORK_REASON_BYTES = 128;
/** The Provider framework's physical id of a resource whose Create failed before it had one (runtime/cfn-response.js). */
const CREATE_FAILED_PHYSICAL_ID = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

let client: SageMakerClient | undefined;
function sagemaker(): SageMakerClient {
  // The SDK retries throttling and 5xx errors itself (standard retry mode, 3 attempts).
  client ??= new SageMakerClient({});
  return client;
}

/** onEvent of both resource types. */
export async function onEvent(event: RunEvent): Promise<RunResponse> {
  console.log(JSON.stringify({ RequestType: event.RequestType, ResourceType: event.ResourceType, LogicalResourceId: event.LogicalResourceId, PhysicalResourceId: event.PhysicalResourceId }));
  if (event.ResourceType === NAME_RESOURCE_TYPE) return onNameEvent(event);
  if (event.ResourceType === COMPLETION_RESOURCE_TYPE) return onCompletionEvent(event);
  throw new Error(`Unknown resource type ${event.ResourceType}`);
}

/** isComplete of both resource types: only a completion resource being created or updated waits. */
export async function isComplete(event: RunEvent): Promise<RunResponse> {
  if (event.ResourceType !== COMPLETION_RESOURCE_TYPE || event.RequestType === 'Delete') return { IsComplete: true };
  const jobName = String(event.ResourceProperties.JobName);
  let job: DescribeProcessingJobCommandOutput;
  try {
    job = await describeJob(jobName, 0);
  } catch (e) {
    // Still throttled after the SDK's own retries: ask again at the next poll.
    if (isThrottling(e)) {
      console.log(`DescribeProcessingJob ${jobName} throttled (${(e as Error).name}); polling again`);
      return { IsComplete: false };
    }
    throw e;
  }
  const status = job.ProcessingJobStatus;
  console.log(`${jobName}: ${status}`);
  switch (status) {
    case 'Completed':
      return { IsComplete: true, Data: completedData(event, jobName, job.ProcessingJobArn ?? '', job.ExitMessage ?? '') };
    case 'Failed':
      throw runFailure(event, `Processing job ${jobName} failed${logsOf(jobName)}: `, job.FailureReason ?? 'no FailureReason given', jobName);
    case 'Stopped':
      throw runFailure(event, `Processing job ${jobName} was stopped before it completed${logsOf(jobName)}${job.FailureReason ? ': ' : ''}`,
        job.FailureReason ?? '', jobName);
    default: {
      // InProgress, Stopping: still waiting, unless the run's timeout (or the longest CloudFormation waits) has passed since the job was created.
      const given = Number(event.ResourceProperties.TimeoutSeconds);
      const timeout = Number.isFinite(given) && given > 0 ? Math.min(given, LONGEST_WAIT_SECONDS) : LONGEST_WAIT_SECONDS;
      const created = job.CreationTime?.getTime();
      if (created !== undefined && Date.now() - created > timeout * 1000) {
        const limit = timeout < given || !(given > 0)
          ? `after ${timeout} s, the longest a deployment can wait for it (CloudFormation gives a custom resource at most 1 hour; ` +
            'run longer jobs with a ProcessingJob)'
          : `after the run's timeout of ${timeout} s (ProcessingJobRun timeout)`;
        throw runFailure(event, `Processing job ${jobName} is still ${status} ${limit}; the deployment fails, and CloudFormation stops the job as it rolls back`, '', jobName);
      }
      return { IsComplete: false };
    }
  }
}

/** Where SageMaker writes a processing job's logs (SageMaker Developer Guide, "CloudWatch Logs for Amazon SageMaker AI": one stream per instance). */
function logsOf(jobName: string): string {
  return ` (logs: log group /aws/sagemaker/ProcessingJobs, streams ${jobName}/*)`;
}

/**
 * An error that fails the deployment with its message and nothing else. The Lambda runtime reports an error's `stack`, split into
 * lines, as its trace (the Node.js runtime client of Lambda, 3.3.0: src/Errors.js toRapidResponse), and the Provider framework
 * writes that trace after its first line into the response's Reason, after the message (aws-cdk-lib custom-resources
 * runtime/framework.js, 2.276): the Reason held a multi-line FailureReason twice, then the handler's stack frames.
 */
function runFailure(event: RunEvent, head: string, reason: string, jobName: string): Error {
  const room = MAX_RESPONSE_BYTES - FRAMEWORK_REASON_BYTES - responseBytes(event, 'FAILED', head, event.Data);
  const whole = `; the whole reason: aws sagemaker describe-processing-job --processing-job-name ${jobName} --query FailureReason`;
  const e = new Error(head + fitted(reason, room, whole));
  e.name = 'ProcessingJobRunFailure';
  e.stack = e.name;
  return e;
}

/** The completion resource's attributes, its ExitMessage cut (and marked so) if the response would be too long for CloudFormation. */
function completedData(event: RunEvent, jobName: string, jobArn: string, exitMessage: string): { [key: string]: string } {
  const data = { JobName: jobName, JobArn: jobArn, ExitMessage: '' };
  const room = MAX_RESPONSE_BYTES - responseBytes(event, 'SUCCESS', 'SUCCESS', { ...event.Data, ...data });
  return { ...data, ExitMessage: fitted(exitMessage, room, '') };
}

/**
 * The size of the response body the Provider framework sends CloudFormation for `event` (its fields, aws-cdk-lib custom-resources
 * runtime/cfn-response.js submitResponse, 2.276), as UTF-8 JSON: what CloudFormation's limit counts.
 */
function responseBytes(event: RunEvent, status: string, reason: string, data: { [key: string]: string } | undefined): number {
  return jsonBytes({
    Status: status, Reason: reason, StackId: event.StackId ?? '', RequestId: event.RequestId ?? '',
    PhysicalResourceId: event.PhysicalResourceId ?? CREATE_FAILED_PHYSICAL_ID, LogicalResourceId: event.LogicalResourceId, Data: data,
  });
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * `text` when it takes at most `room` bytes more of the response's JSON; else its longest start (whole characters) that fits
 * with a note saying it was cut, how much of it is shown, and `whole` (where to read all of it).
 */
function fitted(text: string, room: number, whole: string): string {
  if (jsonBytes(text) - 2 <= room) return text;
  const chars = Array.from(text);
  const cut = (n: number) => `${chars.slice(0, n).join('')} … [cut to ${n} of ${chars.length} characters: CloudFormation takes a response of at most ` +
    `${MAX_RESPONSE_BYTES} bytes${whole}]`;
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(cut(mid)) - 2 <= room) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}

async function onNameEvent(event: RunEvent): Promise<RunResponse> {
  if (event.RequestType === 'Delete') return {};
  const kept = event.PhysicalResourceId;
  if (event.RequestType === 'Update' && kept && sameRun(event.OldResourceProperties ?? {}, event.ResourceProperties)) {
    // Only the handler's own settings changed: keep the name, so no new job runs.
    const data = nameData(kept);
    if (data) return { PhysicalResourceId: kept, Data: data };
  }
  const prefix = String(event.ResourceProperties.Prefix);
  for (let attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
    const name = runName(prefix, new Date());
    if (!(await jobExists(name))) return { PhysicalResourceId: name, Data: nameData(name) };
    console.log(`${name} exists already; trying another name`);
  }
  throw new Error(`Could not find a free processing job name under ${prefix} after ${NAME_ATTEMPTS} attempts`);
}

/** The name resource's attributes: the job name, and the time it was given at (the run's scheduled time); undefined for a name of another scheme. */
function nameData(name: string): { [key: string]: string } | undefined {
  const scheduledTime = runNameTime(name);
  return scheduledTime === undefined ? undefined : { JobName: name, ScheduledTime: scheduledTime };
}

async function onCompletionEvent(event: RunEvent): Promise<RunResponse> {
  // Delete: nothing to do here; deleting the AWS::SageMaker::ProcessingJob resource stops a running job.
  if (event.RequestType === 'Delete') return {};
  return { PhysicalResourceId: String(event.ResourceProperties.JobName) };
}

/** Same run when everything but the handler's own settings is unchanged. */
export function sameRun(before: { [key: string]: unknown }, after: { [key: string]: unknown }): boolean {
  const strip = (props: { [key: string]: unknown }) => JSON.stringify(sortKeys(
    Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'ServiceToken' && k !== 'ServiceTimeout'))));
  return strip(before) === strip(after);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as { [key: string]: unknown })[k])]));
  }
  return value;
}

async function jobExists(name: string): Promise<boolean> {
  try {
    await describeJob(name, THROTTLE_RETRIES);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/**
 * DescribeProcessingJob of `name`, a throttled call retried `throttleRetries` times and a denied one `ACCESS_DENIED_DELAYS.length`
 * times: the handlers' roles are created with the first run of a stack, and their policy changes when a run is added (one provider
 * per stack), right before CloudFormation sends the run's first request; IAM applies such a change within seconds, not at once
 * (IAM User Guide, "Troubleshoot IAM: Changes that I make are not always immediately visible").
 */
async function describeJob(name: string, throttleRetries: number): Promise<DescribeProcessingJobCommandOutput> {
  for (let throttled = 0, denied = 0; ;) {
    try {
      return await sagemaker().send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
    } catch (e) {
      let delay: number;
      if (isThrottling(e) && throttled < throttleRetries) {
        // Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
        delay = Math.random() * retryBaseDelayMs * 2 ** throttled++;
      } else if (isAccessDenied(e) && denied < ACCESS_DENIED_DELAYS.length) {
        delay = ACCESS_DENIED_DELAYS[denied++] * retryBaseDelayMs;
      } else if (isAccessDenied(e)) {
        const waited = ACCESS_DENIED_DELAYS.reduce((a, b) => a + b, 0);
        const err = new Error(`${(e as Error).message} (DescribeProcessingJob ${name}, denied for ${waited} s, longer than IAM takes to apply a new ` +
          'policy: the permissions boundary of the run handlers\' roles or a service control policy must allow sagemaker:DescribeProcessingJob)');
        err.name = (e as Error).name;
        throw err;
      } else {
        throw e;
      }
      console.log(`DescribeProcessingJob ${name}: ${(e as Error).name}; retrying in ${Math.round(delay)} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function isAccessDenied(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  return name === 'AccessDeniedException' || name === 'AccessDenied';
}

/** DescribeProcessingJob answers ResourceNotFound (API reference), some SageMaker APIs a ValidationException "not found". */
function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err.name === 'ResourceNotFound' || (err.name === 'ValidationException' && /not (be )?found|could not find/i.test(err.message ?? ''));
}

function isThrottling(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  return ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'].includes(name);
}

/** @internal for tests: a fresh client per test so mocks apply, and the backoff's base delay */
export function _resetClient(baseDelayMs = 1000): void {
  client = undefined;
  retryBaseDelayMs = baseDelayMs;
}
