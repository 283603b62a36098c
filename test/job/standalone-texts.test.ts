import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ProcessingImage, ProcessingJob } from '../../lib';
import { IMAGE_URI } from './stacks';

describe('the texts standalone runners share in a stack', () => {
  const stack = new Stack(new App(), 'Jobs');
  for (const id of ['Nightly', 'Weekly']) new ProcessingJob(stack, id, { image: ProcessingImage.fromRegistry(IMAGE_URI) });
  const template = Template.fromStack(stack).toJSON();

  test('are written once, in the template\'s Mappings, and every job\'s definition names them', () => {
    const texts = template.Mappings.ProcessingJobsSharedTexts;
    expect(Object.keys(texts).length).toBeGreaterThan(0);
    const definitions = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine').map((r) => JSON.stringify(r.Properties));
    expect(definitions).toHaveLength(2);
    for (const d of definitions) expect(d).toContain('"Fn::FindInMap":["ProcessingJobsSharedTexts"');
  });

  test('add no aws-cdk-lib info to the synth output (its suggestion of a lazy mapping)', () => {
    expect(Annotations.fromStack(stack).findInfo('*', Match.anyValue()).map((i) => `${i.id}: ${i.entry.data}`)).toEqual([]);
  });
});
