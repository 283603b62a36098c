import { App, Aws, CfnParameter, Duration, Fn, Lazy, Size, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as fc from 'fast-check';
import {
  ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingJobDefinitionProps, ProcessingJobRun, ProcessingOutput, SageMakerCreateProcessingJob,
} from '../../lib';
import { IMAGE_URI } from '../task/helpers';

/**
 * Any string or number prop of a job definition given a deploy-time value (a parameter, an SSM parameter,
 * an import, a Lazy, a pseudo parameter), in a ProcessingJob, a deploy-time run and a task: the synth
 * either succeeds with no token placeholder (`${Token[…]}`) or placeholder number (-1.888e+289) in the
 * template and its integer members as numbers, or fails with a message that starts with the construct path (never a bare JS or aws-cdk-lib error).
 */
type Text = (s: Stack, example: string) => string;
const TEXTS: Array<[string, Text]> = [
  ['parameter', (s, example) => new CfnParameter(s, `P${s.node.children.length}`, { type: 'String', default: example }).valueAsString],
  ['ssm', (s) => ssm.StringParameter.valueForStringParameter(s, `/jobs/p${s.node.children.length}`)],
  ['import', () => Fn.importValue('Shared:Value')],
  ['lazy', (_s, example) => Lazy.string({ produce: () => example })],
  ['region', () => Aws.REGION],
];
const NUMBERS: Array<[string, (s: Stack, example: number) => number]> = [
  ['parameter', (s, example) => new CfnParameter(s, `N${s.node.children.length}`, { type: 'Number', default: example }).valueAsNumber],
  ['lazy', (_s, example) => Lazy.number({ produce: () => example })],
];
type Setter = (s: Stack, text: Text, num: (s: Stack, n: number) => number) => Partial<ProcessingJobDefinitionProps>;
const PROPS: Array<[string, Setter]> = [
  ['argument', (s, t) => ({ arguments: ['--date', t(s, '2026-01-01')] })],
  ['environment value', (s, t) => ({ environment: { DATE: t(s, '2026') } })],
  ['tag value', (s, t) => ({ tags: { team: t(s, 'ml') } })],
  ['image tag', (s, t) => ({ image: ProcessingImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'jobs'), t(s, '1.0')) })],
  ['image URI', (s, t) => ({ image: ProcessingImage.fromRegistry(t(s, IMAGE_URI)) })],
  ['input URI', (s, t) => ({ processingInputs: [ProcessingInput.fromS3Uri('raw', t(s, 's3://lake/raw/'))] })],
  ['input bucket', (s, t) => ({ processingInputs: [ProcessingInput.fromBucket('raw', s3.Bucket.fromBucketName(s, 'B', t(s, 'lake')), 'raw/')] })],
  ['output URI key', (s, t) => ({ processingOutputs: [ProcessingOutput.toS3Uri('out', `s3://lake/${t(s, 'out')}/`)] })],
  ['role ARN', (s, t) => ({ role: iam.Role.fromRoleArn(s, 'Role', t(s, 'arn:aws:iam::123456789012:role/jobs')) })],
  ['volume key ARN', (s, t) => ({ volumeKmsKey: kms.Key.fromKeyArn(s, 'Key', t(s, 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab')) })],
  ['instance type', (s, t) => ({ instanceType: ProcessingInstanceType.of(t(s, 'ml.m5.large')) })],
  ['experiment', (s, t) => ({ experimentConfig: { experimentName: t(s, 'exp') } })],
  ['instance count', (s, _t, n) => ({ instanceCount: n(s, 2) })],
  ['volume size', (s, _t, n) => ({ volumeSize: Size.gibibytes(n(s, 50)) })],
  ['max runtime', (s, _t, n) => ({ maxRuntime: Duration.seconds(n(s, 3600)) })],
];
const KINDS: Array<[string, (s: Stack, props: ProcessingJobDefinitionProps) => void]> = [
  ['job', (s, props) => new ProcessingJob(s, 'Job', props)],
  ['run', (s, props) => new ProcessingJobRun(s, 'Run', props)],
  ['task', (s, props) => new sfn.StateMachine(s, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(SageMakerCreateProcessingJob.jsonPath(s, 'Task', props)) })],
];

test('a deploy-time value in any prop synthesizes without placeholders, or fails naming the construct', () => {
  fc.assert(fc.property(
    fc.constantFrom(...KINDS), fc.constantFrom(...PROPS), fc.constantFrom(...TEXTS), fc.constantFrom(...NUMBERS),
    ([, kind], [, setter], [, text], [, num]) => {
      const app = new App({ autoSynth: false });
      const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
      let template: string;
      try {
        kind(stack, { image: ProcessingImage.fromRegistry(IMAGE_URI), ...setter(stack, text, num) });
        template = JSON.stringify(app.synth().getStackByName('S').template);
      } catch (e) {
        expect((e as Error).message).toMatch(/^S\/(Job|Run|Task)\b/);
        return;
      }
      expect(template).not.toMatch(/\$\{Token\[/i);
      expect(template).not.toMatch(/e\+289/);
      // An integer member is a number in every rendering (inline JSON texts are escaped once or twice in the template's
      // text; a quote followed by ',' or ']' ends a literal piece of a Fn::Join, before the number's reference).
      expect(template).not.toMatch(/(InstanceCount|VolumeSizeInGB|MaxRuntimeInSeconds)(\\)*":(\\)*"(?![,\]])/);
    },
  ), { numRuns: 60 });
});
