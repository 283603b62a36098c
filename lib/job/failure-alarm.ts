import { Duration, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as cloudwatchActions, aws_sns as sns, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { allowAlarmToUseTopicKey } from '../iam/alarm-topic-key';

/**
 * The alarm on a runner's failed and timed-out runs: the sum of the state machine's `ExecutionsFailed` and
 * `ExecutionsTimedOut` (namespace `AWS/States`, dimension `StateMachineArn`: Step Functions Developer Guide, "Metrics
 * for Step Functions", execution metrics), over 5 minutes, at 1 or more; missing data is no failure (metric math treats a
 * missing value of `+` as 0: CloudWatch User Guide, "Metric math syntax and functions"). Step Functions publishes these
 * metrics per state machine only, so the alarm of a shared runner counts the runs of all its jobs. Notifies `topic`.
 */
export function createFailureAlarm(scope: Construct, id: string, stateMachine: sfn.StateMachine, description: string, topic?: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric: new cloudwatch.MathExpression({
      expression: 'failed + timedOut',
      usingMetrics: { failed: stateMachine.metricFailed(), timedOut: stateMachine.metricTimedOut() },
      period: Duration.minutes(5),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic) {
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    allowAlarmToUseTopicKey(alarm, topic);
  }
  return alarm;
}
