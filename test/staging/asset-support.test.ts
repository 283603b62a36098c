import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, BootstraplessSynthesizer, LegacyStackSynthesizer, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobFleet, ProcessingJobRun, ProcessingJobRunner,
  SKLearnProcessor, SKLearnVersion,
} from '../../lib';

const EX = path.join(__dirname, '..', '..', 'examples', 'processors');
const SCRIPT = path.join(EX, 'sklearn', 'preprocessing.py');
const sklearn = () => new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 });

function bootstrapless() {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'asset-support-')) });
  const stack = new Stack(app, 'Support', { synthesizer: new BootstraplessSynthesizer({}), env: { account: '123456789012', region: 'eu-west-1' } });
  return { app, stack, lake: new s3.Bucket(stack, 'Lake') };
}

describe('a stack whose synthesizer takes no assets (BootstraplessSynthesizer)', () => {
  const cases: Array<[string, (stack: Stack, lake: s3.IBucket) => void, string]> = [
    ['local code', (stack) => new ProcessingJob(stack, 'Job', { processor: sklearn(), code: ProcessingCode.fromAsset(SCRIPT) }),
      "Support/Job: Code ('preprocessing.py') is an asset that cdk deploy uploads, but the BootstraplessSynthesizer of stack Support takes no assets; "
      + 'deploy the job from a stack with the DefaultStackSynthesizer (cdk bootstrap), or put the files in S3 yourself (ProcessingCode.fromBucket, ProcessingInput.fromBucket)'],
    ['a local input', (stack, lake) => new ProcessingJob(stack, 'Job', {
      processor: sklearn(), code: ProcessingCode.fromBucket(lake, 'p.py'), processingInputs: [ProcessingInput.fromAsset('data', SCRIPT)],
    }), "Support/Job: Input-data ('preprocessing.py') is an asset that cdk deploy uploads"],
    ["a FrameworkProcessor's bootstrap script", (stack, lake) => new ProcessingJob(stack, 'Job', {
      processor: new FrameworkProcessor({ image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1) }), code: ProcessingCode.fromBucket(lake, 'src.tar.gz', { entryPoint: 'p.py' }),
    }), "Support/Job: FrameworkBootstrap ('runproc.sh') is an asset that cdk deploy uploads"],
    ['a Dockerfile image', (stack) => new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromAsset(path.join(EX, 'r')) }),
      `Support/Job: the image built from ProcessingImage.fromAsset('${path.join(EX, 'r')}') is an asset that cdk deploy uploads, but the BootstraplessSynthesizer `
      + 'of stack Support takes no assets; push the image to ECR yourself and use ProcessingImage.fromEcrRepository or ProcessingImage.fromRegistry'],
    ['a deploy-time run', (stack, lake) => new ProcessingJobRun(stack, 'Run', { processor: sklearn(), code: ProcessingCode.fromBucket(lake, 'p.py') }),
      "Support/Run: the deploy-time run's Lambda handler (its code) is an asset that cdk deploy uploads"],
    ['a fleet', (stack) => new ProcessingJobFleet(stack, 'Fleet'), 'Support/Fleet: each nested stack of the fleet (its template) is an asset that cdk deploy uploads'],
    ['a shared runner that must keep its definition in S3', (stack, lake) => new ProcessingJob(stack, 'Job', {
      runner: new ProcessingJobRunner(stack, 'Runner', { definitionInS3: true }), processor: sklearn(), code: ProcessingCode.fromBucket(lake, 'p.py'),
    }), 'Support/Runner: the state machine definition (definitionInS3: true) is an asset that cdk deploy uploads, but the BootstraplessSynthesizer of stack Support '
      + 'takes no assets; leave definitionInS3 out, or set it to false, to write the definition into the template'],
  ];
  test.each(cases)('%s fails synth naming the construct and what needs the asset', (_, build, message) => {
    const { app, stack, lake } = bootstrapless();
    expect(() => {
      build(stack, lake);
      app.synth();
    }).toThrow(message);
  });

  test('a job in a nested stack of such a stack is named too', () => {
    const { stack } = bootstrapless();
    expect(() => new ProcessingJob(new NestedStack(stack, 'Inner'), 'Job', { processor: sklearn(), code: ProcessingCode.fromAsset(SCRIPT) }))
      .toThrow("Support/Inner/Job: Code ('preprocessing.py') is an asset that cdk deploy uploads, but the BootstraplessSynthesizer of stack Support takes no assets");
  });

  test('a shared runner keeps its definition in the template, and jobs with code in S3 deploy', () => {
    const { app, stack, lake } = bootstrapless();
    const runner = new ProcessingJobRunner(stack, 'Runner');
    new ProcessingJob(stack, 'Job', { runner, processor: sklearn(), code: ProcessingCode.fromBucket(lake, 'code/p.py') });
    app.synth();
    const [machine] = Object.values<any>(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.Properties.DefinitionS3Location).toBeUndefined();
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('code/p.py');
  });
});

test('a synthesizer that keys assets by CloudFormation parameters (LegacyStackSynthesizer) is refused in words, naming the file and the stack', () => {
  const stack = new Stack(new App(), 'Old', { synthesizer: new LegacyStackSynthesizer() });
  expect(() => new ProcessingJob(new NestedStack(stack, 'Inner'), 'Job', { processor: sklearn(), code: ProcessingCode.fromAsset(SCRIPT) })).toThrow(
    "Old/Inner/Job: the stack synthesizer (LegacyStackSynthesizer) of stack Old stores 'preprocessing.py' under a key chosen at deployment (a CloudFormation parameter), "
    + 'not under its own name, which the container finds it by; deploy the job from a stack with the DefaultStackSynthesizer or CliCredentialsStackSynthesizer (cdk bootstrap), '
    + 'or put the files in S3 yourself (ProcessingCode.fromBucket, ProcessingInput.fromBucket)');
});
