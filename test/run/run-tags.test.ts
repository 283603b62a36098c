import { App, Stack, Tags } from 'aws-cdk-lib';
import { ProcessingImage, ProcessingJobRun } from '../../lib';

/**
 * Every property of `AWS::SageMaker::ProcessingJob` replaces the job, `Tags` too (its resource schema's
 * createOnlyProperties, @aws-cdk/aws-service-spec), and the job has a custom name, the name resource's:
 * CloudFormation refuses to replace a custom-named resource whose name stays ("CloudFormation cannot
 * update a stack when a custom-named resource requires replacing"). So whenever the job's tags change
 * — `Tags.of(app)` or a stack's `tags`, which reach the job after it was created — the name resource's
 * properties must change too, and the handler then gives a new name.
 */
type Tagging = { app?: { [key: string]: string }; stack?: { [key: string]: string }; own?: { [key: string]: string } };

function synth(tagging: Tagging): { name: string; tags: string } {
  const app = new App();
  for (const [k, v] of Object.entries(tagging.app ?? {})) Tags.of(app).add(k, v);
  const stack = new Stack(app, 'Seed', { tags: tagging.stack });
  new ProcessingJobRun(stack, 'Run', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/seed:1'), tags: tagging.own });
  const resources = Object.values<any>(app.synth().getStackByName('Seed').template.Resources);
  const name = resources.find((r) => r.Type === 'Custom::ProcessingJobRunName').Properties;
  const job = resources.find((r) => r.Type === 'AWS::SageMaker::ProcessingJob').Properties;
  return { name: JSON.stringify({ ...name, ServiceToken: undefined }), tags: JSON.stringify((job.Tags ?? []).map((t: any) => [t.Key, t.Value]).sort()) };
}

const TAGGINGS: Array<[string, Tagging]> = [
  ['no tags', {}],
  ['own tags', { own: { team: 'data' } }],
  ['an app tag', { app: { 'cost-center': '42' } }],
  ['another app tag value', { app: { 'cost-center': '43' } }],
  ['own and app tags', { own: { team: 'data' }, app: { 'cost-center': '42' } }],
  ['a stack tag', { stack: { env: 'prod' } }],
  ['own, stack and app tags', { own: { team: 'data' }, stack: { env: 'prod' }, app: { 'cost-center': '42' } }],
];

test('a change of the job\'s tags, wherever they come from, changes the name resource: a new name, so the job can be replaced', () => {
  const synthesized = TAGGINGS.map(([label, tagging]) => ({ label, ...synth(tagging) }));
  const clashes: string[] = [];
  for (const a of synthesized) {
    for (const b of synthesized) {
      if (a.label < b.label && a.tags !== b.tags && a.name === b.name) clashes.push(`${a.label} → ${b.label}: the job's tags change, its name stays`);
    }
  }
  expect(clashes).toEqual([]);
});

test('a run without tags from outside keeps its name resource as before (no new run at the upgrade)', () => {
  for (const tagging of [{}, { own: { team: 'data' } }]) {
    const { name } = synth(tagging);
    const request = JSON.parse(name).Request;
    expect(request.Tags).toEqual(tagging.own ? [{ Key: 'team', Value: 'data' }] : undefined);
  }
});
