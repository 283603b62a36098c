import { Duration, aws_sns as sns, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** What a runner does after a run's task failed. */
export interface FailureHandlingOptions {
  /** Where failures are published. @default - no notification */
  readonly topic?: sns.ITopic;
  /** Runs started again after a capacity error (0: none). */
  readonly capacityAttempts: number;
  /** Wait before the first capacity retry; doubles after each. */
  readonly capacityInterval: Duration;
}

/** SageMaker's FailureReason for a job that found no instances (SageMaker docs, "Retry policy for pipeline steps": CAPACITY_ERROR). */
const CAPACITY_FAILURE = '*CapacityError*';

/**
 * The states a failed run goes to (the target of the task's Catch, with the error at
 * `$.error`): a capacity error starts the run again after a wait (through `router`, with a new
 * job name), up to `capacityAttempts` times; anything else is published to the topic (job name,
 * status and FailureReason when the job ran; the error when it did not start) and fails the
 * execution with the task's error and cause.
 *
 * IsCapacityError → (CountCapacityRetry → First/NextCapacityRetry → CapacityRetriesLeft → WaitForCapacity → router)
 *                 → (IsJobFailure → DescribeFailure → NotifyJobFailure | NotifyStartFailure) → Failed
 */
export function failureHandlingStates(scope: Construct, router: sfn.IChainable, options: FailureHandlingOptions): sfn.IChainable {
  const J = sfn.JsonPath;
  const failed = new sfn.Fail(scope, 'Failed', { stateName: 'Failed', errorPath: '$.error.Error', causePath: '$.error.Cause' });
  const report = options.topic ? notificationStates(scope, options.topic, failed) : failed;
  if (options.capacityAttempts <= 0) return report;

  const waits = Array.from({ length: options.capacityAttempts }, (_, i) => options.capacityInterval.toSeconds() * 2 ** i);
  const waitForCapacity = new sfn.Wait(scope, 'WaitForCapacity', {
    stateName: 'WaitForCapacity',
    comment: 'The job found no instances; wait, then start it again with a new name.',
    time: sfn.WaitTime.secondsPath('$.capacity.wait'),
  }).next(router);
  const first = new sfn.Pass(scope, 'FirstCapacityRetry', {
    stateName: 'FirstCapacityRetry', result: sfn.Result.fromObject({ attempt: 1, wait: waits[0] }), resultPath: '$.capacity',
  });
  const next = new sfn.Pass(scope, 'NextCapacityRetry', {
    stateName: 'NextCapacityRetry',
    parameters: {
      attempt: J.mathAdd(J.numberAt('$.capacity.attempt'), 1),
      // Index = attempts so far: the wait of the next attempt (an extra 0 keeps the index in range once the limit is passed).
      'wait.$': `States.ArrayGetItem(States.Array(${[...waits, 0].join(', ')}), $.capacity.attempt)`,
    },
    resultPath: '$.capacity',
  });
  const retriesLeft = new sfn.Choice(scope, 'CapacityRetriesLeft', { stateName: 'CapacityRetriesLeft' })
    .when(sfn.Condition.numberGreaterThan('$.capacity.attempt', options.capacityAttempts), report)
    .otherwise(waitForCapacity);
  return new sfn.Choice(scope, 'IsCapacityError', { stateName: 'IsCapacityError' })
    .when(sfn.Condition.stringMatches('$.error.Cause', CAPACITY_FAILURE), new sfn.Choice(scope, 'CountCapacityRetry', { stateName: 'CountCapacityRetry' })
      .when(sfn.Condition.isPresent('$.capacity'), next.next(retriesLeft))
      .otherwise(first.next(waitForCapacity)))
    .otherwise(report);
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
  return new sfn.Choice(scope, 'IsJobFailure', { stateName: 'IsJobFailure' })
    .when(sfn.Condition.stringMatches('$.error.Cause', '{*'), describe.next(notifyJob).next(failed))
    .otherwise(notifyStart.next(failed));
}
