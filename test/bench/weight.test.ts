import { Template } from '../../bench/lib/template';
import { indentedBytes, perJobWeight, templateWeight } from '../../bench/lib/weight';

/** A template as CDK writes it: one-space indentation. */
const file = (t: Template) => JSON.stringify(t, undefined, 1);

function jobs(n: number): Template {
  const resources: Template['Resources'] = { Shared: { Type: 'AWS::IAM::Role', Properties: { Description: 'shared' } } };
  for (let i = 1; i <= n; i++) {
    resources[`Machine${i}`] = {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { DefinitionString: `{"StartAt":"Run${i}"}`, RoleArn: { 'Fn::GetAtt': ['Shared', 'Arn'] } },
      Metadata: { 'aws:cdk:path': `S/Job${i}/StateMachine/Resource` },
    };
  }
  return { Resources: resources };
}

describe('templateWeight', () => {
  test('the parts of each type add up to the bytes the type has in the file', () => {
    const template = jobs(3);
    const weight = templateWeight(template, file(template).length);
    for (const [type, cost] of Object.entries(weight.byType)) {
      const parts = weight.parts.filter((p) => p.type === type);
      expect(parts.reduce((sum, p) => sum + p.bytes, 0)).toBe(cost.bytes);
    }
    expect(weight.parts.map((p) => p.part).sort()).toEqual(['(other)', '(other)', 'Metadata', 'Properties.DefinitionString', 'Properties.Description', 'Properties.RoleArn']);
  });

  test('a property weighs what its lines weigh in the file', () => {
    const template: Template = { Resources: { R: { Type: 'T', Properties: { P: { a: [1, 2] } } } } };
    const text = file(template);
    const weight = templateWeight(template, text.length);
    // `    "P": {…}` and its line break (a comma too when a property follows).
    const property = `    "P": ${JSON.stringify({ a: [1, 2] }, undefined, 1).split('\n').join('\n    ')}`;
    expect(text).toContain(`${property}\n`);
    expect(weight.parts.find((p) => p.part === 'Properties.P')!.bytes).toBe(property.length + 2);
    expect(indentedBytes({ a: [1, 2] }, 4)).toBe(property.length - '    "P": '.length);
  });
});

describe('perJobWeight', () => {
  test('what one more job adds, the fixed part and how many jobs fit in 500 resources and 1 MB', () => {
    const at = (n: number) => ({ n, weight: templateWeight(jobs(n), file(jobs(n)).length) });
    const perJob = perJobWeight(at(1), at(11));
    expect(perJob.resources).toBe(1);
    expect(perJob.byType).toEqual({ 'AWS::StepFunctions::StateMachine': { count: 1, bytes: expect.any(Number) } });
    const machineBytes = perJob.byType['AWS::StepFunctions::StateMachine'].bytes;
    expect(perJob.bytes).toBeCloseTo(machineBytes + 0.1, 0);
    expect(perJob.fixed.resources).toBe(1);
    expect(perJob.jobsPerStack).toBe(Math.min(499, Math.floor((1_000_000 - perJob.fixed.bytes) / perJob.bytes)));
    expect(perJob.parts[0]).toEqual({ type: 'AWS::StepFunctions::StateMachine', part: expect.any(String), bytes: expect.any(Number) });
  });

  test('refuses two synths with the same job count', () => {
    const one = { n: 1, weight: templateWeight(jobs(1), 10) };
    expect(() => perJobWeight(one, one)).toThrow('the per-job weight needs two synths with different job counts, got 1 and 1');
  });
});
