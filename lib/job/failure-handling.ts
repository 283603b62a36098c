import { aws_sns as sns, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** What a runner does after a run's task failed. */
export interface FailureHandlingOptions {
  /** Where failures are published. @default - no notification */
  readonly topic?: sns.ITopic;
  /** The waits (seconds) before each start again of a run that found no capacity (none: no retries). */
  readonly capacityWaits: number[];
  /** The waits before each start again of a run whose `CreateProcessingJob` was throttled (none: no retries). */
  readonly throttleWaits: number[];
}

/** SageMaker's FailureReason for a job that found no instances (SageMaker docs, "Retry policy for pipeline steps": CAPACITY_ERROR). */
const CAPACITY_FAILURE = '*CapacityError*';

/**
 * A throttled `CreateProcessingJob`: the optimized integration raises SageMaker's errors that its SDK does not model
 * (ThrottlingException among them) as `SageMaker.AmazonSageMakerException`, with the API's error code in the cause
 * (`… (Service: AmazonSageMaker; Status Code: 400; Error Code: ThrottlingException; …)`; Step Functions Developer
 * Guide, "Create and manage Amazon SageMaker AI jobs", retries `SageMaker.AmazonSageMakerException`). A Retrier
 * matches error names only, and that name is also a refused request's (ValidationException): the cause decides.
 */
const THROTTLED_ERROR = 'SageMaker.AmazonSageMakerException';
const THROTTLED_CAUSE = '*Error Code: ThrottlingException*';

/**
 * The states a failed run goes to (the target of the task's Catch, with the error at
 * `$.error`): a capacity error starts the run again after a wait (through `router()`, made on first use, with a new
 * job name), once for each of `capacityWaits`, and so does a throttled start (`throttleWaits`); anything else is published to the topic (job name,
 * status and FailureReason when the job ran; the error when it did not start) and fails the
 * execution with the task's error and cause.
 *
 * IsCapacityError → (CountCapacityRetry → First/NextCapacityRetry → CapacityRetriesLeft → WaitForCapacity → router)
 *                 → (CountThrottleRetry → First/NextThrottleRetry → ThrottleRetriesLeft → WaitForThrottle → router)
 *                 → (IsJobFailure → DescribeFailure → NotifyJobFailure | NotifyStartFailure) → Failed
 */
export function failureHandlingStates(scope: Construct, router: () => sfn.IChainable, options: FailureHandlingOptions): sfn.IChainable {
  const failed = new sfn.Fail(scope, 'Failed', { stateName: 'Failed', errorPath: '$.error.Error', causePath: '$.error.Cause' });
  const report = options.topic ? notificationStates(scope, options.topic, failed) : failed;
  if (options.capacityWaits.length === 0 && options.throttleWaits.length === 0) return report;

  const choice = new sfn.Choice(scope, 'IsCapacityError', { stateName: 'IsCapacityError' });
  if (options.capacityWaits.length > 0) {
    choice.when(sfn.Condition.stringMatches('$.error.Cause', CAPACITY_FAILURE), startAgainStates(scope, router, report, 'Capacity', options.capacityWaits,
      { waitName: 'WaitForCapacity', comment: 'The job found no instances; wait, then start it again with a new name.' }));
  }
  if (options.throttleWaits.length > 0) {
    choice.when(sfn.Condition.and(sfn.Condition.stringEquals('$.error.Error', THROTTLED_ERROR), sfn.Condition.stringMatches('$.error.Cause', THROTTLED_CAUSE)),
      startAgainStates(scope, router, report, 'Throttle', options.throttleWaits,
        { waitName: 'WaitForThrottle', comment: 'CreateProcessingJob was throttled (no job was created); wait, then start it again with a new name.' }));
  }
  return choice.otherwise(report);
}

/**
 * Starts a run again through `router` after the i-th of `waits` (seconds), counting the attempts at `$.<kind>`
 * (`{ attempt, wait }`); once they are spent, goes to `exhausted`.
 */
function startAgainStates(scope: Construct, router: () => sfn.IChainable, exhausted: sfn.IChainable, kind: 'Capacity' | 'Throttle', waits: number[],
  wait: { waitName: string; comment: string }): sfn.IChainable {
  const J = sfn.JsonPath;
  const path = `$.${kind.toLowerCase()}`;
  const waitAgain = new sfn.Wait(scope, wait.waitName, { stateName: wait.waitName, comment: wait.comment, time: sfn.WaitTime.secondsPath(`${path}.wait`) }).next(router());
  const first = new sfn.Pass(scope, `First${kind}Retry`, {
    stateName: `First${kind}Retry`, result: sfn.Result.fromObject({ attempt: 1, wait: waits[0] }), resultPath: path,
  });
  const next = new sfn.Pass(scope, `Next${kind}Retry`, {
    stateName: `Next${kind}Retry`,
    parameters: {
      attempt: J.mathAdd(J.numberAt(`${path}.attempt`), 1),
      // Index = attempts so far: the wait of the next attempt (an extra 0 keeps the index in range once the limit is passed).
      'wait.$': `States.ArrayGetItem(States.Array(${[...waits, 0].join(', ')}), ${path}.attempt)`,
    },
    resultPath: path,
  });
  const retriesLeft = new sfn.Choice(scope, `${kind}RetriesLeft`, { stateName: `${kind}RetriesLeft` })
    .when(sfn.Condition.numberGreaterThan(`${path}.attempt`, waits.length), exhausted)
    .otherwise(waitAgain);
  return new sfn.Choice(scope, `Count${kind}Retry`, { stateName: `Count${kind}Retry` })
    .when(sfn.Condition.isPresent(path), next.next(retriesLeft))
    .otherwise(first.next(waitAgain));
}

/** Publishes what failed: the job's name, status and reason when it ran (the cause is its description), or the error when it did not start. */
function notificationStates(scope: Construct, topic: sns.ITopic, failed: sfn.Fail): sfn.IChainable {
  const J = sfn.JsonPath;
  // Its output is the error and the job's description only, not the execution input besides: the cause of a failed
  // `.sync` job is the job's description (the request, up to ~100 KB for the largest run), so input, cause and its
  // parsed copy together went over Step Functions' 256 KB payload quota, and States.DataLimitExceeded (which no Catch
  // takes: Step Functions Developer Guide, "Error handling") ended the execution before the topic was told.
  const describe = new sfn.Pass(scope, 'DescribeFailure', {
    stateName: 'DescribeFailure',
    parameters: {
      failure: {
        details: J.jsonMerge(
          J.stringToJson('{"ProcessingJobName":"(unknown)","ProcessingJobStatus":"Failed","FailureReason":"(none given)"}'),
          J.stringToJson(J.stringAt('$.error.Cause'))),
      },
      error: J.objectAt('$.error'),
    },
  });
  const notifyJob = new tasks.SnsPublish(scope, 'NotifyJobFailure', {
    stateName: 'NotifyJobFailure',
    topic,
    subject: J.format('SageMaker Processing job {} {}', J.stringAt('$.failure.details.ProcessingJobName'), J.stringAt('$.failure.details.ProcessingJobStatus')),
    message: sfn.TaskInput.fromText(J.format('Processing job {} ended with status {}: {} (execution {})',
      J.stringAt('$.failure.details.ProcessingJobName'), J.stringAt('$.failure.details.ProcessingJobStatus'),
      J.stringAt('$.failure.details.FailureReason'), J.executionId)),
    resultPath: J.DISCARD,
  });
  const notifyStart = new tasks.SnsPublish(scope, 'NotifyStartFailure', {
    stateName: 'NotifyStartFailure',
    topic,
    subject: 'SageMaker Processing job did not start',
    message: sfn.TaskInput.fromText(J.format('Execution {} could not start its processing job: {}: {}',
      J.executionId, J.stringAt('$.error.Error'), J.stringAt('$.error.Cause'))),
    resultPath: J.DISCARD,
  });
  // A refused publish (the topic's key or policy, a deleted topic) still ends the run with the job's error and cause, not the
  // topic's: the publish error goes beside it (`$.notificationError`), so the execution history shows both.
  for (const notify of [notifyJob, notifyStart]) notify.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.notificationError' });
  return new sfn.Choice(scope, 'IsJobFailure', { stateName: 'IsJobFailure' })
    .when(sfn.Condition.stringMatches('$.error.Cause', '{*'), describe.next(notifyJob).next(failed))
    .otherwise(notifyStart.next(failed));
}
