import { DescribeProcessingJobCommand, SageMakerClient, SageMakerServiceException, StopProcessingJobCommand, CreateProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import {
  _resetClient, ACCESS_DENIED_DELAYS, COMPLETION_RESOURCE_TYPE, isComplete, NAME_ATTEMPTS, NAME_RESOURCE_TYPE, onEvent, RunEvent, THROTTLE_RETRIES,
} from '../../src/run-handler';

const sm = mockClient(SageMakerClient);
const REQUEST = { RoleArn: 'arn:aws:iam::123456789012:role/job', AppSpecification: { ImageUri: 'img:1' } };
const NAME_PATTERN = /^prep-\d{8}-\d{6}-[0-9a-f]{8}$/;
/** CloudFormation refuses to change a deployed custom resource's ServiceToken, so every event of a resource carries the same one. */
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:123456789012:function:RunProviderFramework';

function sdkError(name: string, message: string): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

function nameEvent(requestType: RunEvent['RequestType'], props: object = {}, old?: object, physicalId?: string): RunEvent {
  return {
    RequestType: requestType, ResourceType: NAME_RESOURCE_TYPE, LogicalResourceId: 'PrepName',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, Prefix: 'prep', RunId: '', Request: REQUEST, ...props },
    OldResourceProperties: old ? { ServiceToken: SERVICE_TOKEN, Prefix: 'prep', RunId: '', Request: REQUEST, ...old } : undefined,
  };
}

function completionEvent(requestType: RunEvent['RequestType'], jobName = 'prep-20261124-020007-0a1b2c3d', timeoutSeconds = 3600): RunEvent {
  return {
    RequestType: requestType, ResourceType: COMPLETION_RESOURCE_TYPE, LogicalResourceId: 'PrepCompletion',
    PhysicalResourceId: requestType === 'Create' ? undefined : jobName,
    ResourceProperties: {
      ServiceToken: SERVICE_TOKEN, JobName: jobName, JobArn: `arn:aws:sagemaker:eu-west-1:123456789012:processing-job/${jobName}`, TimeoutSeconds: timeoutSeconds,
    },
  };
}

beforeEach(() => {
  sm.reset();
  _resetClient(1);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('name resource', () => {
  test('create: a fresh name under the prefix that no job has', async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('ResourceNotFound', 'Could not find processing job'));
    const before = Math.floor(Date.now() / 1000) * 1000;
    const result = await onEvent(nameEvent('Create'));
    expect(result.PhysicalResourceId).toMatch(NAME_PATTERN);
    // The run's scheduled time (the container's PROCESSING_SCHEDULED_TIME): the time the name was given, to the second, as the name has it.
    const [, date, time] = /-(\d{8})-(\d{6})-/.exec(result.PhysicalResourceId!)!;
    const scheduled = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}Z`;
    expect(result.Data).toEqual({ JobName: result.PhysicalResourceId, ScheduledTime: scheduled });
    expect(Date.parse(scheduled)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(scheduled)).toBeLessThanOrEqual(Date.now());
    expect(sm.commandCalls(DescribeProcessingJobCommand)[0].args[0].input).toEqual({ ProcessingJobName: result.PhysicalResourceId });
  });

  test('a job name that exists already: another name is picked', async () => {
    sm.on(DescribeProcessingJobCommand)
      .resolvesOnce({ ProcessingJobName: 'taken', ProcessingJobStatus: 'Completed' })
      .rejects(sdkError('ValidationException', 'Requested resource not found.'));
    const result = await onEvent(nameEvent('Create'));
    const asked = sm.commandCalls(DescribeProcessingJobCommand).map((c) => c.args[0].input.ProcessingJobName);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toBe(result.PhysicalResourceId);
    expect(asked[0]).not.toBe(asked[1]);
  });

  test(`gives up after ${NAME_ATTEMPTS} names that all exist`, async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed' });
    await expect(onEvent(nameEvent('Create'))).rejects.toThrow(`Could not find a free processing job name under prep after ${NAME_ATTEMPTS} attempts`);
  });

  test('update where only ServiceTimeout changed (the Provider\'s own setting): the same name, so no new job', async () => {
    const result = await onEvent(nameEvent('Update', { ServiceTimeout: '900' }, { ServiceTimeout: '600' }, 'prep-20261124-020007-0a1b2c3d'));
    expect(result).toEqual({ PhysicalResourceId: 'prep-20261124-020007-0a1b2c3d', Data: { JobName: 'prep-20261124-020007-0a1b2c3d', ScheduledTime: '2026-11-24T02:00:07Z' } });
    expect(sm.calls()).toHaveLength(0);
  });

  test('update with the same request whose name the handler cannot read a time from: a new name, so the run has a scheduled time', async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('ResourceNotFound', 'not found'));
    const result = await onEvent(nameEvent('Update', {}, {}, 'prep-by-hand'));
    expect(result.PhysicalResourceId).toMatch(NAME_PATTERN);
    expect(result.Data!.ScheduledTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('update with a changed spec: a new name, so CloudFormation replaces the job (a new run)', async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('ResourceNotFound', 'not found'));
    const changed = { Request: { ...REQUEST, Environment: { MODE: 'full' } } };
    const result = await onEvent(nameEvent('Update', changed, {}, 'prep-20261124-020007-0a1b2c3d'));
    expect(result.PhysicalResourceId).toMatch(NAME_PATTERN);
    expect(result.PhysicalResourceId).not.toBe('prep-20261124-020007-0a1b2c3d');
  });

  test('update with a new run id: a new name', async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('ResourceNotFound', 'not found'));
    const result = await onEvent(nameEvent('Update', { RunId: 'backfill-2' }, { RunId: 'backfill-1' }, 'prep-20261124-020007-0a1b2c3d'));
    expect(result.PhysicalResourceId).not.toBe('prep-20261124-020007-0a1b2c3d');
  });

  test('throttling with retry: a throttled name check is retried with backoff, then the name is picked', async () => {
    sm.on(DescribeProcessingJobCommand)
      .rejectsOnce(sdkError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(sdkError('ThrottlingException', 'Rate exceeded'))
      .rejects(sdkError('ResourceNotFound', 'not found'));
    const result = await onEvent(nameEvent('Create'));
    const asked = sm.commandCalls(DescribeProcessingJobCommand).map((c) => c.args[0].input.ProcessingJobName);
    expect(asked).toEqual([result.PhysicalResourceId, result.PhysicalResourceId, result.PhysicalResourceId]);
  });

  test(`throttled more than ${THROTTLE_RETRIES} retries: the resource fails with the throttling error`, async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('ThrottlingException', 'Rate exceeded'));
    await expect(onEvent(nameEvent('Create'))).rejects.toThrow('Rate exceeded');
    expect(sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(THROTTLE_RETRIES + 1);
  });

  test('a describe error other than not-found fails the resource', async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('ValidationException', 'Requested resource name is malformed'));
    await expect(onEvent(nameEvent('Create'))).rejects.toThrow('Requested resource name is malformed');
    expect(sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(1);
  });

  test('a denied name check is asked again while IAM applies the handlers\' new policy (the first run of a stack, a run added), then the name is picked', async () => {
    sm.on(DescribeProcessingJobCommand)
      .rejectsOnce(sdkError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeProcessingJob'))
      .rejectsOnce(sdkError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeProcessingJob'))
      .rejects(sdkError('ResourceNotFound', 'not found'));
    expect((await onEvent(nameEvent('Create'))).PhysicalResourceId).toMatch(NAME_PATTERN);
    expect(sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(3);
  });

  test(`denied for ${ACCESS_DENIED_DELAYS.reduce((a, b) => a + b)} s: the resource fails, naming what must allow the call`, async () => {
    sm.on(DescribeProcessingJobCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeProcessingJob'));
    await expect(onEvent(nameEvent('Create'))).rejects.toThrow(/^not authorized to perform: sagemaker:DescribeProcessingJob \(DescribeProcessingJob prep-\d{8}-\d{6}-[0-9a-f]{8}, denied for 23 s, longer than IAM takes to apply a new policy: the permissions boundary of the run handlers' roles or a service control policy must allow sagemaker:DescribeProcessingJob\)$/);
    expect(sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(ACCESS_DENIED_DELAYS.length + 1);
  });

  test('delete does nothing', async () => {
    expect(await onEvent(nameEvent('Delete', {}, undefined, 'prep-x'))).toEqual({});
    expect(await isComplete(nameEvent('Create'))).toEqual({ IsComplete: true });
    expect(sm.calls()).toHaveLength(0);
  });
});

describe('completion resource', () => {
  test('create → InProgress → Completed: waits, then returns the name, ARN and exit message', async () => {
    sm.on(DescribeProcessingJobCommand)
      .resolvesOnce({ ProcessingJobStatus: 'InProgress' })
      .resolvesOnce({ ProcessingJobStatus: 'InProgress' })
      .resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:processing-job/prep-20261124-020007-0a1b2c3d', ExitMessage: 'rows=42' });
    const event = completionEvent('Create');
    expect(await onEvent(event)).toEqual({ PhysicalResourceId: 'prep-20261124-020007-0a1b2c3d' });
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(await isComplete(event)).toEqual({
      IsComplete: true,
      Data: { JobName: 'prep-20261124-020007-0a1b2c3d', JobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:processing-job/prep-20261124-020007-0a1b2c3d', ExitMessage: 'rows=42' },
    });
  });

  test('Failed: the deployment fails with the job\'s FailureReason', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: KeyError: \'date\'' });
    await expect(isComplete(completionEvent('Create'))).rejects.toThrow(
      "Processing job prep-20261124-020007-0a1b2c3d failed (logs: log group /aws/sagemaker/ProcessingJobs, streams prep-20261124-020007-0a1b2c3d/*): AlgorithmError: KeyError: 'date'");
  });

  test('Stopped: the deployment fails', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Stopped' });
    await expect(isComplete(completionEvent('Create'))).rejects.toThrow('Processing job prep-20261124-020007-0a1b2c3d was stopped before it completed');
  });

  test('Stopped with a reason: the reason is in the error', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Stopped', FailureReason: 'MaxRuntimeExceeded: Job exceeded the 1800 s limit' });
    await expect(isComplete(completionEvent('Create'))).rejects.toThrow(
      'Processing job prep-20261124-020007-0a1b2c3d was stopped before it completed (logs: log group /aws/sagemaker/ProcessingJobs, ' +
      'streams prep-20261124-020007-0a1b2c3d/*): MaxRuntimeExceeded: Job exceeded the 1800 s limit');
  });

  test('update with a changed spec: the completion resource moves to the new job and waits for it', async () => {
    sm.on(DescribeProcessingJobCommand, { ProcessingJobName: 'prep-20261125-090000-11112222' })
      .resolvesOnce({ ProcessingJobStatus: 'InProgress' })
      .resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:new' });
    const event: RunEvent = {
      ...completionEvent('Update', 'prep-20261125-090000-11112222'),
      PhysicalResourceId: 'prep-20261124-020007-0a1b2c3d',
      OldResourceProperties: { ServiceToken: SERVICE_TOKEN, JobName: 'prep-20261124-020007-0a1b2c3d', TimeoutSeconds: 3600 },
    };
    // A new physical id: CloudFormation then deletes the old completion resource (a no-op).
    expect(await onEvent(event)).toEqual({ PhysicalResourceId: 'prep-20261125-090000-11112222' });
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect((await isComplete(event)).Data?.JobArn).toBe('arn:new');
    expect(sm.commandCalls(DescribeProcessingJobCommand).map((c) => c.args[0].input.ProcessingJobName))
      .toEqual(['prep-20261125-090000-11112222', 'prep-20261125-090000-11112222']);
  });

  test('a job still running past the run\'s timeout fails the deployment (the rollback stops it)', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'InProgress', CreationTime: new Date(Date.now() - 601_000) });
    await expect(isComplete(completionEvent('Create', undefined, 600))).rejects.toThrow(
      "Processing job prep-20261124-020007-0a1b2c3d is still InProgress after the run's timeout of 600 s (ProcessingJobRun timeout); " +
      'the deployment fails, and CloudFormation stops the job as it rolls back');
  });

  test('a job running within the run\'s timeout is waited for', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'InProgress', CreationTime: new Date(Date.now() - 590_000) });
    expect(await isComplete(completionEvent('Create', undefined, 600))).toEqual({ IsComplete: false });
  });

  test('Stopping is still waiting', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Stopping' });
    expect(await isComplete(completionEvent('Create'))).toEqual({ IsComplete: false });
  });

  test('throttling (after the SDK\'s own retries): the poll answers not complete, the next poll succeeds', async () => {
    sm.on(DescribeProcessingJobCommand)
      .rejectsOnce(sdkError('ThrottlingException', 'Rate exceeded'))
      .resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:x' });
    const event = completionEvent('Create');
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect((await isComplete(event)).IsComplete).toBe(true);
    expect(sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(2);
  });

  test('a denied poll is asked again while IAM applies the handler\'s new policy', async () => {
    sm.on(DescribeProcessingJobCommand)
      .rejectsOnce(sdkError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeProcessingJob'))
      .resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:x' });
    expect((await isComplete(completionEvent('Create'))).IsComplete).toBe(true);
    expect(sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(2);
  });

  test('update where only the run\'s timeout changed: completes at once, no new job', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:x' });
    const event: RunEvent = { ...completionEvent('Update', undefined, 600), OldResourceProperties: completionEvent('Update', undefined, 2700).ResourceProperties };
    expect(await onEvent(event)).toEqual({ PhysicalResourceId: 'prep-20261124-020007-0a1b2c3d' });
    expect((await isComplete(event)).IsComplete).toBe(true);
    expect(sm.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
  });

  test('delete while running: the handler leaves the job to CloudFormation, whose ProcessingJob delete stops it', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'InProgress' });
    const event = completionEvent('Delete');
    expect(await onEvent(event)).toEqual({});
    expect(await isComplete(event)).toEqual({ IsComplete: true });
    expect(sm.commandCalls(StopProcessingJobCommand)).toHaveLength(0);
    expect(sm.calls()).toHaveLength(0);
  });

  test('an unknown resource type is an error', async () => {
    await expect(onEvent({ ...completionEvent('Create'), ResourceType: 'Custom::Other' })).rejects.toThrow('Unknown resource type Custom::Other');
  });
});

describe('the 1-hour limit of a CloudFormation custom resource', () => {
  test('a job still running 3,540 s after its creation fails the deployment with its state, before CloudFormation\'s own timeout', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'InProgress', CreationTime: new Date(Date.now() - 3545_000) });
    await expect(isComplete(completionEvent('Create', undefined, 3600))).rejects.toThrow(
      'Processing job prep-20261124-020007-0a1b2c3d is still InProgress after 3540 s, the longest a deployment can wait for it ' +
      '(CloudFormation gives a custom resource at most 1 hour; run longer jobs with a ProcessingJob); ' +
      'the deployment fails, and CloudFormation stops the job as it rolls back');
  });

  test('a shorter timeout is the run\'s own', async () => {
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'InProgress', CreationTime: new Date(Date.now() - 3545_000) });
    await expect(isComplete(completionEvent('Create', undefined, 3000))).rejects.toThrow("after the run's timeout of 3000 s (ProcessingJobRun timeout)");
  });
});
