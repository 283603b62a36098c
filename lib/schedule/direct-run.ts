import { Token, aws_iam as iam, aws_scheduler as scheduler, aws_scheduler_targets as targets } from 'aws-cdk-lib';
import { Checks } from '../api/checks';
import { LIMITS } from '../api/limits';
import { JobRunTarget } from './job-run-target';


/**
 * The characters budgeted for `<aws.scheduler.execution-id>` in a direct run's job name. The
 * Scheduler User Guide ("Adding context attributes") calls it a unique id per attempted invocation
 * and shows a 16-character example; its length is not specified, so the budget is that of a UUID
 * (36), the longest id AWS services hand out in this form.
 */
export const EXECUTION_ID_BUDGET = 36;

/** The longest job-name prefix a direct run can take: 63 − 1 (`-`) − 36 = 26. */
export const MAX_DIRECT_JOB_NAME_PREFIX_LENGTH = LIMITS.jobName.max - 1 - EXECUTION_ID_BUDGET;

/**
 * The job name of a direct run, `<jobNamePrefix>-<aws.scheduler.execution-id>`: unique per
 * invocation attempt, so a retried `CreateProcessingJob` never collides with an earlier attempt.
 * Returns undefined (with a problem) when the prefix leaves too little room for the id.
 */
export function directRunName(p: Checks, jobNamePrefix: string): string | undefined {
  if (!Token.isUnresolved(jobNamePrefix) && jobNamePrefix.length > MAX_DIRECT_JOB_NAME_PREFIX_LENGTH) {
    p.add(`direct mode names each run '<jobNamePrefix>-<aws.scheduler.execution-id>' and budgets ${EXECUTION_ID_BUDGET} characters for the execution id, ` +
      `so jobNamePrefix may have at most ${MAX_DIRECT_JOB_NAME_PREFIX_LENGTH} characters of the ${LIMITS.jobName.max} allowed for ProcessingJobName; ` +
      `'${jobNamePrefix}' has ${jobNamePrefix.length}: give the job a shorter jobNamePrefix`);
    return undefined;
  }
  return `${jobNamePrefix}-${scheduler.ContextAttribute.executionId}`;
}

/**
 * EventBridge Scheduler's universal target for `sagemaker:createProcessingJob`
 * (`arn:<partition>:scheduler:::aws-sdk:sagemaker:createProcessingJob`), with the IAM of the job
 * layer: `Universal` would otherwise grant `sagemaker:CreateProcessingJob` on `*` (its default
 * when no statements are given); here the role gets exactly `JobRunTarget.grantDirectRun` —
 * create and tag jobs under the runner's prefix, pass the job roles to SageMaker only.
 */
export class DirectRunScheduleTarget extends targets.Universal {
  constructor(private readonly runTarget: JobRunTarget, props: targets.ScheduleTargetBaseProps) {
    super({ ...props, service: 'sagemaker', action: 'createProcessingJob' });
  }

  protected addTargetActionToRole(role: iam.IRole): void {
    this.runTarget.grantDirectRun(role);
  }
}
