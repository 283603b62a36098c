import * as fs from 'fs';
import * as path from 'path';
import { CFN_PROCESSING_INSTANCE_TYPES, CFN_SCHEMA_SOURCE } from '../../lib/run/cfn-instance-types';
import { DescribeProcessingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { App, Duration, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJobRun, ProcessingJobRunProps, ProcessingOutput,
} from '../../lib';
import { processingJobInspectionOf } from '../../lib/definition/inspection';
import { LONGEST_WAIT_SECONDS } from '../../src/run-handler';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1';
const jobArn = (resourceName: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:processing-job/${resourceName}`]],
});

function build(props: Partial<ProcessingJobRunProps> = {}, stack = new Stack(new App(), 'RunStack')) {
  const data = stack.node.tryFindChild('Data') as s3.Bucket ?? new s3.Bucket(stack, 'Data');
  const run = new ProcessingJobRun(stack, 'PrepareData', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    entrypoint: ['python3', '/opt/ml/code/prepare.py'],
    arguments: ['--mode', 'full'],
    processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('prepared', data, 'prepared/')],
    instanceType: ProcessingInstanceType.ML_T3_MEDIUM,
    ...props,
  });
  return { stack, run, data };
}

describe('ProcessingJobRun template', () => {
  let stack: Stack;
  let run: ProcessingJobRun;
  let data: s3.Bucket;
  let template: Template;
  let assemblyDir: string;
  beforeAll(() => {
    // Synthesized into the repository so the staged handler can load @aws-sdk/client-sagemaker from node_modules.
    const outdir = path.join(__dirname, 'cdk.out', 'template');
    fs.rmSync(outdir, { recursive: true, force: true });
    ({ stack, run, data } = build({ runId: 'backfill-1', timeout: Duration.minutes(45), maxRuntime: Duration.minutes(30) },
      new Stack(new App({ outdir }), 'RunStack')));
    template = Template.fromStack(stack);
    assemblyDir = (stack.node.root as App).synth().directory;
  });

  /** The handler's code asset as the cloud assembly holds it. */
  function handlerAsset(): string {
    const fn = Object.values<any>(template.findResources('AWS::Lambda::Function')).find((r) => r.Properties.Handler === 'src/run-handler/index.isComplete');
    return path.join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
  }

  test('the handler reaches Lambda unbundled: the asset is the handler and the run-name module it shares with the CLI, at their package paths', () => {
    expect(fs.readdirSync(handlerAsset(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => path.relative(handlerAsset(), path.join(e.parentPath, e.name))).sort()).toEqual(['lib/api/run-name.js', 'src/run-handler/index.js']);
  });

  test('the handler needs only Node.js built-ins and the AWS SDK v3 of the Node.js 24 runtime', () => {
    const requires = (file: string) => {
      const text = fs.readFileSync(path.join(handlerAsset(), file), 'utf8');
      expect(text).not.toMatch(/\binterface\b|: Promise</);
      return [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort();
    };
    expect(requires('src/run-handler/index.js')).toEqual(['../../lib/api/run-name', '@aws-sdk/client-sagemaker']);
    expect(requires('lib/api/run-name.js')).toEqual(['crypto']);
  });

  test('the staged handler loads as a CommonJS module, as Lambda loads it, and answers isComplete', async () => {
    const sm = mockClient(SageMakerClient);
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed', ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/prep-1', ExitMessage: 'ok' });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const handler = require(path.join(handlerAsset(), 'src/run-handler/index.js'));
    const result = await handler.isComplete({
      RequestType: 'Create', ResourceType: 'Custom::ProcessingJobRunCompletion', LogicalResourceId: 'PrepCompletion',
      ResourceProperties: { JobName: 'prep-1' },
    });
    expect(result).toEqual({ IsComplete: true, Data: { JobName: 'prep-1', JobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/prep-1', ExitMessage: 'ok' } });
    sm.restore();
    jest.restoreAllMocks();
  });

  test('the job is the native AWS::SageMaker::ProcessingJob with the rendered request and the generated name', () => {
    const bucket = stack.resolve(data.bucketName);
    template.hasResourceProperties('AWS::SageMaker::ProcessingJob', {
      ProcessingJobName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PrepareDataName'), 'JobName'] },
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PrepareDataJobRole'), 'Arn'] },
      AppSpecification: { ImageUri: IMAGE_URI, ContainerEntrypoint: ['python3', '/opt/ml/code/prepare.py'], ContainerArguments: ['--mode', 'full'] },
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.t3.medium', InstanceCount: 1, VolumeSizeInGB: 30 } },
      ProcessingInputs: [{
        InputName: 'raw',
        S3Input: {
          S3Uri: { 'Fn::Join': ['', ['s3://', bucket, '/raw/']] }, LocalPath: '/opt/ml/processing/input/raw',
          S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
        },
      }],
      ProcessingOutputConfig: {
        Outputs: [{
          OutputName: 'prepared',
          S3Output: { S3Uri: { 'Fn::Join': ['', ['s3://', bucket, '/prepared/']] }, LocalPath: '/opt/ml/processing/output/prepared', S3UploadMode: 'EndOfJob' },
        }],
      },
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
    });
  });

  test('the container gets the run identity of every run: the job name as PROCESSING_RUN_ID, the time the name was given as PROCESSING_SCHEDULED_TIME', () => {
    const runs = template.findResources('AWS::SageMaker::ProcessingJob');
    const nameId = Object.keys(template.findResources('Custom::ProcessingJobRunName'))[0];
    expect(Object.values<any>(runs)[0].Properties.Environment).toEqual({
      PROCESSING_RUN_ID: { 'Fn::GetAtt': [nameId, 'JobName'] },
      PROCESSING_SCHEDULED_TIME: { 'Fn::GetAtt': [nameId, 'ScheduledTime'] },
    });
  });

  test('the job waits for its role policy', () => {
    const job = Object.values<any>(template.findResources('AWS::SageMaker::ProcessingJob'))[0];
    expect(job.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^PrepareDataJobRoleDefaultPolicy/), expect.stringMatching(/^PrepareDataJobRole[0-9A-F]{8}$/)]));
  });

  test('deleting the job resource stops a running job: it is deleted with the stack, never retained', () => {
    const job = Object.values<any>(template.findResources('AWS::SageMaker::ProcessingJob'))[0];
    expect(job.DeletionPolicy).toBeUndefined();
    expect(job.UpdateReplacePolicy).toBeUndefined();
  });

  test('the name resource sees the prefix, the run id and the whole request without the name', () => {
    const names = template.findResources('Custom::ProcessingJobRunName');
    const props = Object.values<any>(names)[0].Properties;
    expect(props.Prefix).toBe('PrepareData');
    expect(props.RunId).toBe('backfill-1');
    expect(props.Request.ProcessingJobName).toBeUndefined();
    expect(props.Request.AppSpecification).toEqual({ ImageUri: IMAGE_URI, ContainerEntrypoint: ['python3', '/opt/ml/code/prepare.py'], ContainerArguments: ['--mode', 'full'] });
    // The run's identity as the placeholders the resource gives values for: a deployment made before runs had it picks a new name.
    expect(props.Request.Environment).toEqual({ PROCESSING_RUN_ID: '<run name>', PROCESSING_SCHEDULED_TIME: '<time the run name is given>' });
  });

  test('the completion resource waits on the job by name and ARN', () => {
    template.hasResourceProperties('Custom::ProcessingJobRunCompletion', {
      JobName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PrepareDataName'), 'JobName'] },
      JobArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PrepareData[0-9A-F]{8}$'), 'ProcessingJobArn'] },
    });
  });

  test('attributes: name, ARN and output URIs', () => {
    expect(stack.resolve(run.jobName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PrepareDataName/), 'JobName'] });
    expect(stack.resolve(run.jobArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PrepareData[0-9A-F]{8}$/), 'ProcessingJobArn'] });
    expect(stack.resolve(run.outputS3Uri('prepared'))).toEqual({ 'Fn::Join': ['', ['s3://', stack.resolve(data.bucketName), '/prepared/']] });
    expect(() => run.outputS3Uri('missing')).toThrow("RunStack/PrepareData: no S3 output named 'missing' (S3 outputs: prepared)");
  });

  test('the Provider waits up to its 1-hour limit, polling every 30 s; the run\'s own timeout goes to the completion resource', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(Object.values<any>(machines)[0].Properties.DefinitionString);
    // 1 hour / 30 s = 120 attempts
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    expect(definition).toContain('\\"MaxAttempts\\":120');
    template.hasResourceProperties('Custom::ProcessingJobRunCompletion', { TimeoutSeconds: 2700 });
  });

  test('handlers: Node.js 24, one code asset, may only describe the run names of the prefix', () => {
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'src/run-handler/index.onEvent', Runtime: 'nodejs24.x' }, 1);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'src/run-handler/index.isComplete', Runtime: 'nodejs24.x' }, 1);
    const handlers = Object.values<any>(template.findResources('AWS::Lambda::Function')).filter((fn) => /^src\/run-handler\/index\.(onEvent|isComplete)$/.test(fn.Properties.Handler));
    expect(new Set(handlers.map((fn) => fn.Properties.Code.S3Key)).size).toBe(1);
    const policies = template.findResources('AWS::IAM::Policy');
    const handlerPolicies = Object.entries<any>(policies).filter(([id]) => /ProcessingJobRunProvider3600s(OnEvent|IsComplete)RoleDefaultPolicy/.test(id));
    expect(handlerPolicies).toHaveLength(2);
    for (const [, policy] of handlerPolicies) {
      // Besides its own log group (test/iam/deploy-time-run.test.ts evaluates the whole role).
      expect(stack.resolve(policy.Properties.PolicyDocument.Statement).filter((s: any) => String(s.Action).startsWith('sagemaker:'))).toEqual([
        { Action: 'sagemaker:DescribeProcessingJob', Effect: 'Allow', Resource: jobArn('preparedata-????????-??????-????????') },
      ]);
    }
  });

  test('no handler may create, stop or pass roles: CloudFormation does that', () => {
    const text = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(text).not.toContain('sagemaker:CreateProcessingJob');
    expect(text).not.toContain('sagemaker:StopProcessingJob');
    expect(text).not.toContain('iam:PassRole');
  });

  test('guardrails see a deploy-time run', () => {
    const inspection = processingJobInspectionOf(run)!;
    expect(inspection.kind).toBe('deploy-time-run');
    expect(inspection.spec.instanceType).toBe('ml.t3.medium');
    expect(stack.resolve(inspection.spec.jobName)).toEqual(stack.resolve(run.jobName));
  });
});

describe('ProcessingJobRun in a stack with several runs', () => {
  test('runs with the same timeout share one Provider; each prefix is granted', () => {
    const stack = new Stack(new App(), 'Shared');
    build({ jobNamePrefix: 'first' }, stack);
    new ProcessingJobRun(stack, 'Second', { image: ProcessingImage.fromRegistry(IMAGE_URI), jobNamePrefix: 'Second-Step' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const policy = Object.entries<any>(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('ProcessingJobRunProvider3600sIsComplete'))![1];
    expect(stack.resolve(policy.Properties.PolicyDocument.Statement).filter((s: any) => String(s.Action).startsWith('sagemaker:'))).toEqual([
      { Action: 'sagemaker:DescribeProcessingJob', Effect: 'Allow', Resource: jobArn('first-????????-??????-????????') },
      { Action: 'sagemaker:DescribeProcessingJob', Effect: 'Allow', Resource: jobArn('second-step-????????-??????-????????') },
    ]);
  });

  test('changing a run\'s timeout keeps the ServiceToken of its custom resources (CloudFormation refuses to change it)', () => {
    const tokens = (timeout: Duration) => {
      const { stack } = build({ timeout });
      const template = Template.fromStack(stack);
      return ['Custom::ProcessingJobRunName', 'Custom::ProcessingJobRunCompletion'].map((type) =>
        Object.values<any>(template.findResources(type)).map((r) => r.Properties.ServiceToken));
    };
    const before = tokens(Duration.minutes(45));
    expect(before.flat()).toHaveLength(2);
    expect(tokens(Duration.minutes(10))).toEqual(before);
  });

  test('runs with different timeouts share the stack\'s one Provider', () => {
    const stack = new Stack(new App(), 'Shared');
    build({ jobNamePrefix: 'first', timeout: Duration.minutes(10) }, stack);
    new ProcessingJobRun(stack, 'Second', { image: ProcessingImage.fromRegistry(IMAGE_URI), timeout: Duration.minutes(50) });
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test.each(['ml.p3.2xlarge', 'ml.p2.xlarge', 'ml.p5.4xlarge'])('instance type %s, which the API has and CloudFormation\'s schema lacks, fails synth', (type) => {
    expect(ProcessingInstanceType.KNOWN_TYPES).toContain(type);
    expect(() => build({ instanceType: ProcessingInstanceType.of(type) })).toThrow(
      `RunStack/PrepareData: instanceType '${type}' is not one of the ${CFN_PROCESSING_INSTANCE_TYPES.length} instance types CloudFormation's ` +
      `AWS::SageMaker::ProcessingJob accepts (ProcessingResources.ClusterConfig.InstanceType, enum of its resource schema in ${CFN_SCHEMA_SOURCE}), ` +
      'so the deployment would fail; pick one of those, or run the job with a ProcessingJob (the API takes every processing instance type)');
  });

  test('an instance type in CloudFormation\'s enum deploys', () => {
    expect(CFN_PROCESSING_INSTANCE_TYPES).toContain('ml.g5.xlarge');
    expect(() => build({ instanceType: ProcessingInstanceType.ML_G5_XLARGE })).not.toThrow();
  });

  test('a maxRuntime not shorter than the timeout is a warning', () => {
    const { stack } = build({ timeout: Duration.minutes(10), maxRuntime: Duration.minutes(20) });
    Annotations.fromStack(stack).hasWarning('/RunStack/PrepareData', Match.stringLikeRegexp('maxRuntime 1200 seconds is not shorter than timeout 600 seconds'));
    const equal = build({ timeout: Duration.minutes(10), maxRuntime: Duration.minutes(10) });
    Annotations.fromStack(equal.stack).hasWarning('/RunStack/PrepareData', Match.stringLikeRegexp('maxRuntime 600 seconds is not shorter than timeout 600 seconds'));
  });

  test('a maxRuntime past the 59 minutes the deployment can wait is a warning, with the default 1-hour timeout', () => {
    // The handler's own limit (src/run-handler), which the construct repeats.
    expect(LONGEST_WAIT_SECONDS).toBe(3540);
    const { stack } = build({ maxRuntime: Duration.seconds(3590) });
    Annotations.fromStack(stack).hasWarning('/RunStack/PrepareData',
      'RunStack/PrepareData: maxRuntime 3590 seconds is not shorter than 3540 seconds, the longest the deployment waits (timeout 3600 seconds, ' +
      'but at most 3540 after the job is created: CloudFormation gives a custom resource 1 hour): a run that uses its maxRuntime fails the deployment first; ' +
      'give a shorter maxRuntime or a longer timeout (StoppingCondition.MaxRuntimeInSeconds) [ack: cdk-sagemaker-processing:run-timeout]');
  });
});

describe('ProcessingJobRun validation', () => {
  test.each([
    [{ timeout: Duration.seconds(30) }, 'RunStack/PrepareData: timeout 30 seconds is out of range 1 minute – 1 hour (the Provider framework waits at most 1 hour for a custom resource)'],
    [{ timeout: Duration.hours(2) }, 'RunStack/PrepareData: timeout 2 hours is out of range 1 minute – 1 hour (the Provider framework waits at most 1 hour for a custom resource)'],
    [{ jobNamePrefix: 'bad_prefix' }, "RunStack/PrepareData: jobNamePrefix 'bad_prefix' must be 1–38 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])*"],
    [{ instanceType: undefined, instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE }] },
      'RunStack/PrepareData: instancePreferences is not supported by AWS::SageMaker::ProcessingJob (its ClusterConfig takes one InstanceType); give instanceType'],
    [{ environment: { PROCESSING_RUN_ID: 'mine' } },
      "RunStack/PrepareData: environment variable PROCESSING_RUN_ID is set by every run (the run's id and scheduled time); remove it (Environment)"],
  ])('%j is rejected', (props, message) => {
    expect(() => build(props as Partial<ProcessingJobRunProps>)).toThrow(message);
  });
});

describe('ProcessingJobRun tags from Tags.of(scope)', () => {
  const synthWith = (tag: (stack: Stack) => void, tags?: { [key: string]: string }) => {
    const app = new App();
    const stack = new Stack(app, 'TestStack');
    tag(stack);
    new ProcessingJobRun(stack, 'Run', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/seed:1'), tags });
    return () => app.synth();
  };

  test('are checked as the run\'s own tags are: characters tags may not have', () => {
    expect(synthWith((s) => Tags.of(s).add('cost-center', 'R&D'))).toThrow(
      "TestStack/Run: tag cost-center value 'R&D' must match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*: letters, digits, spaces and _ . : / = + - @ (Tags)");
  });

  test('count with the run\'s own tags toward the 50', () => {
    const own = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t${i}`, 'v']));
    expect(synthWith((s) => { for (let i = 0; i < 10; i++) Tags.of(s).add(`org${i}`, 'v'); }, own)).toThrow('TestStack/Run: tags has 55 tags; the limit is 50 (Tags)');
  });

  test('that pass the rules synthesize and reach the resource', () => {
    expect(synthWith((s) => Tags.of(s).add('team', 'data'))).not.toThrow();
  });
});
