/**
 * What CloudFormation receives from a deploy-time run's completion resource: the handler runs behind aws-cdk-lib's own Provider
 * framework runtime (the installed version's runtime/framework.js), its errors reported as the Lambda Node.js runtime reports them
 * (aws-lambda-nodejs-runtime-interface-client 3.3.0, src/Errors.js: `trace` is the error's stack split into lines), and the body the
 * framework PUTs to CloudFormation is what the test reads. CloudFormation takes at most 4,096 bytes of it (User Guide, "Custom
 * resource response objects"); a longer one fails the resource with "Response object is too long", and the job's FailureReason is lost.
 */
import * as path from 'path';
import { DescribeProcessingJobCommand, DescribeProcessingJobCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { _resetClient, COMPLETION_RESOURCE_TYPE, isComplete, MAX_RESPONSE_BYTES } from '../../src/run-handler';

const RUNTIME = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources/lib/provider-framework/runtime');
const outbound = require(path.join(RUNTIME, 'outbound.js')) as { invokeFunction: unknown; httpRequest: unknown };
const framework = require(path.join(RUNTIME, 'framework.js')) as { isComplete: (event: object) => Promise<void> };

const sm = mockClient(SageMakerClient);
const JOB = 'backfill-features-for-the-warehouse-v3-20261124-020007-0a1b2c3d'.slice(0, 63);
/** The longest names CloudFormation gives: a 128-character stack name, a 255-character logical id; a 64-character function name. */
const STACK_ID = `arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/${'S'.repeat(128)}/0f8e1c20-aaaa-11ef-9a3b-0a1b2c3d4e5f`;
const LOGICAL_ID = 'L'.repeat(255);
const FUNCTION_ARN = `arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:${'F'.repeat(64)}`;

/** The body CloudFormation gets when the framework's isComplete polls the handler once, the job described as `job`. */
async function responseFor(job: Partial<DescribeProcessingJobCommandOutput>): Promise<{ bytes: number; body: any }> {
  sm.on(DescribeProcessingJobCommand).resolves(job);
  let sent = '';
  outbound.invokeFunction = async (request: { Payload: string }) => {
    try {
      return { Payload: Buffer.from(JSON.stringify(await isComplete(JSON.parse(request.Payload)))) };
    } catch (e) {
      const err = e as Error;
      return { FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: err.stack!.split('\n') })) };
    }
  };
  outbound.httpRequest = async (_options: object, body: string) => {
    sent = body;
  };
  await framework.isComplete({
    RequestType: 'Create', ResourceType: COMPLETION_RESOURCE_TYPE, LogicalResourceId: LOGICAL_ID, StackId: STACK_ID,
    RequestId: 'a1b2c3d4-5678-90ab-cdef-1234567890ab', ResponseURL: 'https://cloudformation-custom-resource-response-usgovwest1.s3.amazonaws.com/x?y=z',
    PhysicalResourceId: JOB, ResourceProperties: { ServiceToken: FUNCTION_ARN, JobName: JOB, TimeoutSeconds: 3600 },
  });
  return { bytes: Buffer.byteLength(sent, 'utf8'), body: JSON.parse(sent) };
}

/** 1,024 characters, the most FailureReason and ExitMessage hold (service-2.json), of text that JSON writes longer than it is. */
const LONGEST: { [kind: string]: string } = {
  'a Python traceback (quotes, new lines)': Array.from({ length: 40 }, (_, i) => `  File "/opt/ml/processing/input/code/prep.py", line ${i}, in <module>\n`).join('').slice(0, 1024),
  'backslashes': '\\'.repeat(1024),
  'emoji (4 bytes each)': '🔥'.repeat(1024),
  'control characters (6 bytes each in JSON)': '\u001b'.repeat(1024),
};

beforeEach(() => {
  sm.reset();
  _resetClient(1);
  process.env.USER_IS_COMPLETE_FUNCTION_ARN = FUNCTION_ARN;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(() => {
  delete process.env.USER_IS_COMPLETE_FUNCTION_ARN;
});

describe('a failed job: CloudFormation gets its FailureReason', () => {
  test('once, with the job\'s logs, and neither the handler\'s stack frames nor the reason\'s lines again', async () => {
    const reason = 'AlgorithmError: Traceback (most recent call last):\n  File "/opt/ml/processing/input/code/prep.py", line 3, in <module>\nKeyError: \'date\'';
    const { body } = await responseFor({ ProcessingJobStatus: 'Failed', FailureReason: reason });
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toBe(`Processing job ${JOB} failed (logs: log group /aws/sagemaker/ProcessingJobs, streams ${JOB}/*): ${reason}` +
      `\n\nLogs: /aws/lambda/${'F'.repeat(64)}\n`);
  });

  test.each(Object.keys(LONGEST))('the longest FailureReason, %s: the response stays within 4,096 bytes, a cut reason says so', async (kind) => {
    const { bytes, body } = await responseFor({ ProcessingJobStatus: 'Failed', FailureReason: LONGEST[kind] });
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(body.Reason).toContain(`Processing job ${JOB} failed`);
    if (!body.Reason.includes(LONGEST[kind])) {
      expect(body.Reason).toMatch(/ … \[cut to \d+ of 1024 characters: CloudFormation takes a response of at most 4096 bytes; the whole reason: /);
      expect(body.Reason).toContain(`aws sagemaker describe-processing-job --processing-job-name ${JOB} --query FailureReason]`);
    }
  });

  test('a reason that fits is never cut', async () => {
    const { body } = await responseFor({ ProcessingJobStatus: 'Failed', FailureReason: LONGEST['a Python traceback (quotes, new lines)'] });
    expect(body.Reason).toContain(LONGEST['a Python traceback (quotes, new lines)']);
    expect(body.Reason).not.toContain('[cut to');
  });

  test('a stopped job and a job past the wait: the message alone', async () => {
    const stopped = await responseFor({ ProcessingJobStatus: 'Stopped', FailureReason: 'MaxRuntimeExceeded: Job exceeded the 1800 s limit' });
    expect(stopped.body.Reason).toBe(`Processing job ${JOB} was stopped before it completed (logs: log group /aws/sagemaker/ProcessingJobs, streams ${JOB}/*): ` +
      `MaxRuntimeExceeded: Job exceeded the 1800 s limit\n\nLogs: /aws/lambda/${'F'.repeat(64)}\n`);
    sm.reset();
    const late = await responseFor({ ProcessingJobStatus: 'InProgress', CreationTime: new Date(Date.now() - 3545_000) });
    expect(late.body.Reason).toMatch(new RegExp(`^Processing job ${JOB} is still InProgress after 3540 s, [^\\n]*rolls back\\n\\nLogs: [^\\n]*\\n$`));
  });
});

describe('a completed job: its attributes fit the response', () => {
  test.each(Object.keys(LONGEST))('the longest ExitMessage, %s: the response stays within 4,096 bytes', async (kind) => {
    const { bytes, body } = await responseFor({ ProcessingJobStatus: 'Completed', ProcessingJobArn: `arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:processing-job/${JOB}`, ExitMessage: LONGEST[kind] });
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(body.Status).toBe('SUCCESS');
    expect(body.Data.JobName).toBe(JOB);
    if (body.Data.ExitMessage !== LONGEST[kind]) expect(body.Data.ExitMessage).toMatch(/ … \[cut to \d+ of 1024 characters: CloudFormation takes a response of at most 4096 bytes\]$/);
  });

  test('an exit message that fits is whole', async () => {
    const message = LONGEST['a Python traceback (quotes, new lines)'];
    const { body } = await responseFor({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:x', ExitMessage: message });
    expect(body.Data.ExitMessage).toBe(message);
  });
});
