import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { LISTED_ARN_OVERHEAD, roleArnLongest } from '../iam/policy-size';
import { roleSizeProblems } from '../iam/role-shards';

/**
 * The roles the jobs of a shared runner were given (`role`), which its runner role passes by their
 * ARNs, and its start role too for their direct schedules: the roles the jobs create are passed by
 * the runner's path, one ARN whatever their number, but given roles one by one, and a role's
 * inline policy holds 10,240 characters. Counted at their longest (`policy-size`).
 */
export class GivenRoles {
  private readonly characters = { runner: new Map<string, number>(), start: new Map<string, number>() };

  /** Counts `role`, named in the runner role (`runner`) or the start role (`start`). */
  public count(stack: Stack, role: iam.IRole, where: 'runner' | 'start'): void {
    const counted = this.characters[where];
    if (!counted.has(role.roleArn)) counted.set(role.roleArn, roleArnLongest(stack, role) + LISTED_ARN_OVERHEAD);
  }

  /** The errors of the runner at `runnerPath` whose roles could not hold the given roles' ARNs. */
  public problems(runnerPath: string, jobRolePath: string): string[] {
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const remedy = (n: number) => `its jobs were given ${n} roles of their own, each named by its ARN; leave \`role\` out so the jobs create theirs `
      + `(passed by the runner's path, ${jobRolePath}), or split the jobs over more runners`;
    const { runner, start } = this.characters;
    return [
      ...roleSizeProblems(`${runnerPath}/RunnerRole`, 'the runner role', total(runner), remedy(runner.size)),
      ...roleSizeProblems(`${runnerPath}/StartRole`, 'the start role, for direct schedules', total(start), remedy(start.size)),
    ];
  }
}
