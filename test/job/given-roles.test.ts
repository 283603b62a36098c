import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { JobSchedule, ProcessingImage, ProcessingJob, ProcessingJobRunner } from '../../lib';
import { MAX_ROLE_INLINE_POLICY_CHARACTERS } from '../../lib/iam/policy-size';
import { inlinePolicyLongest } from '../util/policy-length';

const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');

/** A shared runner with `jobs` jobs, each given a role of the app under a 200-character path; `direct`: each on a direct schedule. */
function sharedRunnerApp(jobs: number, direct = false) {
  const app = new App();
  const stack = new Stack(app, 'Platform');
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
  for (let i = 0; i < jobs; i++) {
    const role = new iam.Role(stack, `TeamRole${i}`, { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'), path: `/${'t'.repeat(198)}/` });
    new ProcessingJob(stack, `Job${i}`, { runner, image, role, schedule: direct ? JobSchedule.rate(Duration.hours(6), { direct: true }) : undefined });
  }
  return { app, stack, runner };
}

/** The logical id of a role of the app. */
const roleId = (role: iam.IRole) => Stack.of(role).getLogicalId(role.node.defaultChild as iam.CfnRole);

describe('a shared runner whose jobs were given roles of their own', () => {
  // Each given role's ARN at its longest: arn:aws-us-gov:iam::<12 digits>:role/<200-character path><64-character name>, 301 characters, and its quotes and comma.
  test('28 fit the runner role: its inline policy at its longest stays within IAM\'s 10,240 characters', () => {
    const { app, runner } = sharedRunnerApp(28);
    const template = app.synth().getStackByName('Platform').template;
    const longest = inlinePolicyLongest(template, roleId(runner.stateMachine.role));
    expect(longest).toBeGreaterThan(8_500);
    expect(longest).toBeLessThanOrEqual(MAX_ROLE_INLINE_POLICY_CHARACTERS);
  });

  test('29 are refused at synth, naming the role, the longest its policy can be, the limit and what to do', () => {
    expect(() => sharedRunnerApp(29).app.synth()).toThrow(new RegExp('Platform/Runner/RunnerRole: the inline policy of this role \\(the runner role\\) can reach 10316 characters '
      + 'with its ARNs at their longest, over IAM\'s 10240 \\(IAM User Guide, "IAM and AWS STS quotas"\\): its jobs were given 29 roles of their own, each named by its ARN; '
      + 'leave `role` out so the jobs create theirs \\(passed by the runner\'s path, /processing-jobs/pl/\\), or split the jobs over more runners'));
  });

  test('on direct schedules, the start role names them too: 29 are refused there as well', () => {
    expect(() => sharedRunnerApp(29, true).app.synth()).toThrow(/Platform\/Runner\/StartRole: the inline policy of this role \(the start role, for direct schedules\) can reach 10316 characters/);
  });

  test('roles the jobs create are passed by the runner\'s path, one ARN however many: 120 jobs on direct schedules, no error', () => {
    const app = new App();
    const stack = new Stack(app, 'Platform');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    for (let i = 0; i < 120; i++) new ProcessingJob(stack, `Job${i}`, { runner, image, schedule: JobSchedule.rate(Duration.hours(6), { direct: true }) });
    const template = app.synth().getStackByName('Platform').template;
    for (const role of [runner.stateMachine.role, runner.startRole]) expect(inlinePolicyLongest(template, roleId(role))).toBeLessThan(2_000);
  });
});
