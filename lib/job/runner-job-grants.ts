/**
 * What a runner's state machine role is granted for the jobs it runs, job by job: a job's own
 * runner creates that job's run names and passes its role only; a shared runner creates any job of
 * its name prefix (once), passes the job roles its jobs create by the runner's role path (once) and
 * each role a job was given by its ARN; `OverlapPolicy.SKIP` lists processing jobs (once).
 */
import { Stack, aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { addInherentStatement } from '../iam/nag-acknowledgements';
import { passJobRoleStatement } from '../iam/processing-job-permissions';
import { processingJobTaskPolicies } from '../task/task-rendering';
import { RunnerJob } from './runner-job';

/** What the grants read of their runner (a `ProcessingJobRunner`). */
export interface GrantingRunner extends IConstruct {
  readonly stateMachine: sfn.StateMachine;
  readonly jobNamePrefix: string;
  /** The ARN pattern of the job roles the runner's jobs create. */
  readonly _jobRolesArn: string;
  /** Counts a role a job was given, which the runner role names by its ARN. */
  _countGivenRole(role: iam.IRole, where: 'runner' | 'start'): void;
}

/** ListProcessingJobs (OverlapPolicy.SKIP) on "*". */
const LIST_JOBS_REASON = 'sagemaker:ListProcessingJobs has no resource types (Service Authorization Reference, Amazon SageMaker AI); '
  + 'OverlapPolicy.SKIP lists the InProgress jobs of the job\'s name prefix.';

/** The grants of one runner's state machine role, each statement added once. */
export class RunnerJobGrants {
  private runnerWide = false;
  private tags = false;
  private list = false;
  private readonly passableRoles = new Set<string>();

  /** `dedicated`: the runner is a job's own (it serves that job only). */
  constructor(private readonly runner: GrantingRunner, private readonly dedicated: boolean) {}

  /** Grants the runner's state machine role what running `job` needs. */
  public grant(job: RunnerJob): void {
    const stack = Stack.of(this.runner);
    const stateMachine = this.runner.stateMachine;
    if (this.dedicated) {
      // A job's own runner creates run names only (the Run state's): its role reaches no job of a prefix its prefix starts.
      const own = { jobNamePrefix: job.jobNamePrefix, roleArns: [job.role.roleArn], addTags: job.hasTags, integrationPattern: sfn.IntegrationPattern.RUN_JOB, runNamesOnly: true };
      // Straight to the role (what StateMachine.addToRolePolicy does), without that method's per-call usage metadata.
      for (const s of processingJobTaskPolicies(stack, own)) stateMachine.role.addToPrincipalPolicy(s);
    } else {
      if (!this.runnerWide || (job.hasTags && !this.tags)) {
        // Runner-wide statements: every job name starts with `<runner prefix>-`; created job roles live under the runner's path.
        const statements = processingJobTaskPolicies(stack, {
          jobNamePrefix: `${this.runner.jobNamePrefix}-`,
          roleArns: [this.runner._jobRolesArn],
          addTags: job.hasTags && !this.tags,
          integrationPattern: sfn.IntegrationPattern.RUN_JOB,
        });
        const wanted = this.runnerWide ? statements.filter((s) => s.actions.includes('sagemaker:AddTags')) : statements;
        for (const s of wanted) stateMachine.addToRolePolicy(s);
        this.runnerWide = true;
        this.tags ||= job.hasTags;
      }
      if (!job.roleUnderRunnerPath && !this.passableRoles.has(job.role.roleArn)) {
        this.passableRoles.add(job.role.roleArn);
        this.runner._countGivenRole(job.role, 'runner');
        stateMachine.addToRolePolicy(passJobRoleStatement([job.role.roleArn]));
      }
    }
    if (job.skipWhenRunning && !this.list) {
      // ListProcessingJobs has no resource-level permissions (Service Authorization Reference, Amazon SageMaker AI).
      addInherentStatement(stateMachine, new iam.PolicyStatement({ actions: ['sagemaker:ListProcessingJobs'], resources: ['*'] }), LIST_JOBS_REASON);
      this.list = true;
    }
  }
}
