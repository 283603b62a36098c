import { App, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingCode, ProcessingJob, ProcessingJobFleet, ProcessingJobRunner, SKLearnProcessor, SKLearnVersion } from '../../lib';

/** A stack of the LegacyStackSynthesizer, which passes every asset as three CloudFormation parameters. */
function legacyStack() {
  const app = new App();
  const stack = new Stack(app, 'Old', { synthesizer: new LegacyStackSynthesizer(), env: { account: '123456789012', region: 'eu-west-1' } });
  return { app, stack, lake: new s3.Bucket(stack, 'Lake') };
}
const job = (lake: s3.IBucket) => ({ processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }), code: ProcessingCode.fromBucket(lake, 'code/p.py') });

describe("a stack's parameters against CloudFormation's 200", () => {
  test('a fleet whose shards (a template and a definition each, six parameters) take its stack over 200 fails synth', () => {
    const { app, stack, lake } = legacyStack();
    const fleet = new ProcessingJobFleet(stack, 'Fleet', { jobsPerShard: 1 });
    for (let i = 0; i < 34; i++) fleet.addJob(`Job${i}`, job(lake));
    expect(() => app.synth()).toThrow('Old: the stack Old has 204 parameters, CloudFormation takes at most 200 (values of other stacks its jobs use (buckets, keys, roles, '
      + 'each a parameter), and with the LegacyStackSynthesizer three per asset); put some of its runners or fleets in another stack, or deploy it with the '
      + 'DefaultStackSynthesizer, which passes no asset as a parameter');
  });

  test('shared runners (a definition each, three parameters) over 80 % of it get a warning, and over it fail synth', () => {
    const near = legacyStack();
    for (let i = 0; i < 55; i++) new ProcessingJob(near.stack, `Job${i}`, { ...job(near.lake), runner: new ProcessingJobRunner(near.stack, `Runner${i}`) });
    near.app.synth();
    Annotations.fromStack(near.stack).hasWarning('/Old', Match.stringLikeRegexp("the stack Old has 165 parameters, over 80 % of CloudFormation's 200"));
    const over = legacyStack();
    for (let i = 0; i < 67; i++) new ProcessingJob(over.stack, `Job${i}`, { ...job(over.lake), runner: new ProcessingJobRunner(over.stack, `Runner${i}`) });
    expect(() => over.app.synth()).toThrow('Old: the stack Old has 201 parameters');
  });
});
