import { Stack, aws_iam as iam, aws_sns as sns, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { resolveProcessingDefaults } from '../definition/scope-defaults';
import { RoleSeat } from '../iam/role-shards';
import { directRunCharacters, runnerSeatCharacters, startSeatCharacters, topicGrant } from './role-seat-sizes';
import { StandaloneRunners } from './standalone-runners';

/** What a job's own runner knows of its job when it is made: what its places in the stack's roles are sized by. */
export interface OwnJob {
  /** The job's name prefix. */
  readonly jobNamePrefix: string;
  /** The job's role when given; `undefined` when the job creates one. */
  readonly role?: iam.IRole;
}

/**
 * The places a job's own runner takes in the roles its stack's standalone jobs share
 * (`StandaloneRunners`): one in a runner role, for its state machine; one in a start role, for its
 * schedules and rules, taken on first use; one in a start role for its direct schedules, taken on
 * first use. Each sized by what the runner's grants to it can write (`role-seat-sizes`). The
 * roles carry the permissions boundary of the `ProcessingDefaults` in effect at the runner.
 */
export class OwnRunnerRoles {
  private readonly boundary?: iam.IManagedPolicy;
  private start?: RoleSeat;
  private direct?: RoleSeat;

  constructor(private readonly runner: Construct, private readonly job: OwnJob) {
    this.boundary = resolveProcessingDefaults(runner).permissionsBoundary;
  }

  /** The runner role of a runner with this tracing that notifies `topic`. */
  public runnerRole(tracing: boolean, topic?: sns.ITopic): iam.Role {
    const stack = Stack.of(this.runner);
    return StandaloneRunners.of(this.runner).runnerRoleSeat(this.boundary, tracing,
      runnerSeatCharacters(stack, this.job.jobNamePrefix, this.job.role), topic ? topicGrant(stack, topic) : {}).role;
  }

  /** The start role of the runner's schedules and rules, allowed to start `stateMachine`. */
  public startRole(stateMachine: sfn.IStateMachine): iam.Role {
    if (this.start === undefined) {
      this.start = StandaloneRunners.of(this.runner).startRoleSeat(this.boundary, startSeatCharacters(Stack.of(this.runner)));
      stateMachine.grantStartExecution(this.start.role);
    }
    return this.start.role;
  }

  /**
   * The role of a schedule of the runner's job: the start role, or for a direct schedule one with
   * room for the direct run's grants (which the schedule's target gives it); `grants` is what the
   * schedule itself grants the role (`deadLetterGrant`).
   */
  public scheduleRole(stateMachine: sfn.IStateMachine, direct: boolean, grants: { [key: string]: number }): iam.Role {
    if (direct) {
      this.direct ??= StandaloneRunners.of(this.runner).startRoleSeat(this.boundary, directRunCharacters(Stack.of(this.runner), this.job.jobNamePrefix, this.job.role));
    } else {
      this.startRole(stateMachine);
    }
    const seat = (direct ? this.direct : this.start) as RoleSeat;
    for (const [key, characters] of Object.entries(grants)) seat.charge(key, characters);
    return seat.role;
  }
}
