import { App, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { JobSchedule, ProcessingImage, ProcessingJob } from '../../lib';
import { IMAGE_URI } from '../task/helpers';

/** The names of the rules (and the start role's trusted rule patterns) of one deployment of an app: `stackName` as given, the job in a nested stack or not. */
function deployment(stackName: string, nested: boolean) {
  const app = new App();
  const top = new Stack(app, 'Jobs', { stackName });
  const scope = nested ? new NestedStack(top, 'Shard1') : top;
  new ProcessingJob(scope, 'Report', { image: ProcessingImage.fromRegistry(IMAGE_URI), schedule: JobSchedule.rule(events.Schedule.rate(Duration.hours(1))) });
  const template = Template.fromStack(nested ? (scope as Stack) : top).toJSON();
  const rules = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule').map((r) => r.Properties.Name as string);
  const trusted = JSON.stringify(Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role').map((r) => r.Properties.AssumeRolePolicyDocument));
  return { rules, trusted };
}

describe('names of the rules that start runs', () => {
  test.each([false, true])('differ between two deployments of one app whose stack names share their first 30 characters (nested: %s)', (nested) => {
    const alpha = deployment('analytics-platform-production-jobs-alpha', nested);
    const beta = deployment('analytics-platform-production-jobs-beta', nested);
    expect(alpha.rules).toHaveLength(1);
    expect(beta.rules).toHaveLength(1);
    expect(alpha.rules[0]).not.toBe(beta.rules[0]);
    // Each start role trusts its own deployment's rules only.
    const prefix = (name: string) => name.slice(0, name.length - 8);
    expect(alpha.trusted).toContain(`rule/${prefix(alpha.rules[0])}*`);
    expect(alpha.trusted).not.toContain(`rule/${prefix(beta.rules[0])}*`);
    for (const name of [...alpha.rules, ...beta.rules]) expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
  });

  test('keep the stack name\'s start to read, and are the same on every synth', () => {
    expect(deployment('analytics-platform-production-jobs-alpha', false).rules[0]).toMatch(/^analytics-platform-pr-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(deployment('reports', true).rules).toEqual(deployment('reports', true).rules);
  });
});
