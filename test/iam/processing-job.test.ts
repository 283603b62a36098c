import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iamCdk from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRunner, ProcessingOutput, SKLearnProcessor, SKLearnVersion, XGBoostVersion,
} from '../../lib';
import { nightlyJobStack } from '../job/stacks';
import { ACCOUNT, PARTITION, REGION, SynthesizedIam } from '../util/iam-evaluator';

const jobArn = (name: string) => `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:processing-job/${name}`;
const roleArn = (pathAndName: string) => `arn:${PARTITION}:iam::${ACCOUNT}:role/${pathAndName}`;
const TO_SAGEMAKER = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };
const LOG_GROUP = `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs`;

describe('a standalone ProcessingJob (its own runner), evaluated', () => {
  const { stack } = nightlyJobStack();
  const iam = SynthesizedIam.of(stack);
  const runnerRole = iam.role('ProcessingJobsShared/RunnerRole/Resource');
  const jobRole = iam.role('NightlyFeatures/JobRole/Resource');
  const lake = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));
  const topic = iam.ref(iam.logicalId('AWS::SNS::Topic', 'Alerts/Resource'));

  test('the runner runs, watches and stops the job\'s runs and passes its role to SageMaker', async () => {
    for (const action of ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob']) {
      expect(await iam.decide(runnerRole, { action, resource: jobArn('nightly-features-20261130-020000-0a1b2c3d') })).toBe('Allowed');
    }
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: iam.att(jobRole, 'Arn'), context: TO_SAGEMAKER })).toBe('Allowed');
    expect(await iam.decide(runnerRole, { action: 'sns:Publish', resource: topic })).toBe('Allowed');
  });

  test('…and nothing of other jobs, other roles or other services', async () => {
    expect(await iam.decide(runnerRole, { action: 'sagemaker:CreateProcessingJob', resource: jobArn('daily-report-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runnerRole, { action: 'sagemaker:StopProcessingJob', resource: jobArn('daily-report-1') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: iam.att(jobRole, 'Arn'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: roleArn('Admin'), context: TO_SAGEMAKER })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runnerRole, { action: 'sns:Publish', resource: `arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:other` })).toBe('ImplicitlyDenied');
  });

  test('only Step Functions of this account may assume the runner role', async () => {
    expect(await iam.trusts(runnerRole, 'states.amazonaws.com', { 'aws:SourceAccount': ACCOUNT })).toBe('Allowed');
    expect(await iam.trusts(runnerRole, 'states.amazonaws.com', { 'aws:SourceAccount': '222222222222' })).toBe('ImplicitlyDenied');
  });

  test('the job reads its input prefix and writes its output prefix (every date partition under it)', async () => {
    expect(await iam.decide(jobRole, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/part-0.csv` })).toBe('Allowed');
    expect(await iam.decide(jobRole, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/features/dt=2026-11-30/part-0.parquet` })).toBe('Allowed');
    expect(await iam.decide(jobRole, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/part-0.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(jobRole, { action: 's3:ListBucket', resource: `arn:${PARTITION}:s3:::${lake}`, context: { 's3:prefix': 'features/' } })).toBe('ImplicitlyDenied');
  });
});

describe('a shared runner, evaluated', () => {
  const stack = new Stack(new App(), 'TestStack');
  const bucket = new s3.Bucket(stack, 'Lake');
  const runner = new ProcessingJobRunner(stack, 'Platform', { jobNamePrefix: 'pl' });
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  new ProcessingJob(stack, 'Features', { runner, image, processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')], tags: { team: 'data' } });
  const given = new iamCdk.Role(stack, 'GivenRole', { assumedBy: new iamCdk.ServicePrincipal('sagemaker.amazonaws.com') });
  new ProcessingJob(stack, 'Report', { runner, image, role: given, processingOutputs: [ProcessingOutput.toBucket('report', bucket, 'reports/')] });
  const iam = SynthesizedIam.of(stack);
  const runnerRole = iam.role('Platform/RunnerRole/Resource');
  const featuresRole = iam.role('Features/JobRole/Resource');
  const givenRole = iam.role('GivenRole/Resource');
  const lake = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));

  test('the runner runs every job under its prefix, and tags them', async () => {
    for (const name of ['pl-features-20261130-020000-0a1b2c3d', 'pl-report-20261130-020000-0a1b2c3d']) {
      for (const action of ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob', 'sagemaker:AddTags']) {
        expect(await iam.decide(runnerRole, { action, resource: jobArn(name) })).toBe('Allowed');
      }
    }
  });

  test('it passes its jobs\' roles (the runner\'s IAM path, and a role given to a job) to SageMaker only', async () => {
    expect(iam.att(featuresRole, 'Arn')).toMatch(/:role\/processing-jobs\/pl\//);
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: iam.att(featuresRole, 'Arn'), context: TO_SAGEMAKER })).toBe('Allowed');
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: iam.att(givenRole, 'Arn'), context: TO_SAGEMAKER })).toBe('Allowed');
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: iam.att(featuresRole, 'Arn'), context: { 'iam:PassedToService': 'glue.amazonaws.com' } })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runnerRole, { action: 'iam:PassRole', resource: roleArn('processing-jobs/other-runner/Job'), context: TO_SAGEMAKER })).toBe('ImplicitlyDenied');
  });

  test('it touches no job outside its prefix', async () => {
    expect(await iam.decide(runnerRole, { action: 'sagemaker:CreateProcessingJob', resource: jobArn('payroll-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runnerRole, { action: 'sagemaker:StopProcessingJob', resource: jobArn('plx-1') })).toBe('ImplicitlyDenied');
  });

  test('one job\'s role cannot reach another job\'s data', async () => {
    expect(await iam.decide(featuresRole, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/a.csv` })).toBe('Allowed');
    expect(await iam.decide(featuresRole, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${lake}/reports/a.html` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(featuresRole, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/reports/a.html` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(givenRole, { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/reports/a.html` })).toBe('Allowed');
    expect(await iam.decide(givenRole, { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/a.csv` })).toBe('ImplicitlyDenied');
  });

  test('every job role of the runner writes the processing-job logs and metrics (the runner\'s base policy)', async () => {
    const stream = `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs:log-stream:pl-features-1/algo-1`;
    expect(await iam.decide(featuresRole, { action: 'logs:PutLogEvents', resource: stream })).toBe('Allowed');
    expect(await iam.decide(featuresRole, { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': '/aws/sagemaker/ProcessingJobs' } })).toBe('Allowed');
    for (const action of ['logs:CreateLogGroup', 'logs:DescribeLogStreams']) {
      expect(await iam.decide(featuresRole, { action, resource: LOG_GROUP })).toBe('Allowed');
    }
  });
});

describe('standalone jobs of one stack: what every runner and job role needs is one shared policy each, with the same decisions', () => {
  const stack = new Stack(new App(), 'TestStack');
  const bucket = new s3.Bucket(stack, 'Lake');
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  new ProcessingJob(stack, 'Traced', { image, processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')] });
  new ProcessingJob(stack, 'Untraced', { image, tracingEnabled: false, processingOutputs: [ProcessingOutput.toBucket('out', bucket, 'out/')] });
  const iam = SynthesizedIam.of(stack);
  // The runners of a stack's standalone jobs share a runner role per tracing setting (tracing needs X-Ray).
  const runner = (job: string) => iam.role(`ProcessingJobsShared/RunnerRole${job === 'Untraced' ? 'Untraced' : ''}/Resource`);
  const jobRole = (job: string) => iam.role(`${job}/JobRole/Resource`);
  const syncRule = `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule`;

  test('each runner role manages its log delivery and the .sync rule; X-Ray only where tracing is on', async () => {
    for (const job of ['Traced', 'Untraced']) {
      expect(await iam.decide(runner(job), { action: 'logs:CreateLogDelivery', resource: '*' })).toBe('Allowed');
      expect(await iam.decide(runner(job), { action: 'events:PutRule', resource: syncRule })).toBe('Allowed');
      expect(await iam.decide(runner(job), { action: 'events:PutRule', resource: `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/other` })).toBe('ImplicitlyDenied');
    }
    expect(await iam.decide(runner('Traced'), { action: 'xray:PutTraceSegments', resource: '*' })).toBe('Allowed');
    expect(await iam.decide(runner('Untraced'), { action: 'xray:PutTraceSegments', resource: '*' })).toBe('ImplicitlyDenied');
  });

  test('the shared policies grant nothing of a job: the runner role of one tracing setting starts none of the other\'s runs, each job role reads only its own data', async () => {
    expect(await iam.decide(runner('Traced'), { action: 'sagemaker:CreateProcessingJob', resource: jobArn('Untraced-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(runner('Traced'), { action: 'iam:PassRole', resource: iam.att(jobRole('Untraced'), 'Arn'), context: TO_SAGEMAKER })).toBe('ImplicitlyDenied');
    const lake = iam.ref(iam.logicalId('AWS::S3::Bucket', 'Lake/Resource'));
    expect(await iam.decide(jobRole('Untraced'), { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::${lake}/raw/a.csv` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(jobRole('Traced'), { action: 's3:PutObject', resource: `arn:${PARTITION}:s3:::${lake}/out/a.csv` })).toBe('ImplicitlyDenied');
  });

  test('every job role writes the processing-job logs and metrics, and no other log group or namespace', async () => {
    const stream = `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs:log-stream:traced-1/algo-1`;
    for (const job of ['Traced', 'Untraced']) {
      expect(await iam.decide(jobRole(job), { action: 'logs:PutLogEvents', resource: stream })).toBe('Allowed');
      expect(await iam.decide(jobRole(job), { action: 'logs:PutLogEvents', resource: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/x:log-stream:y` }))
        .toBe('ImplicitlyDenied');
      expect(await iam.decide(jobRole(job), { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': '/aws/sagemaker/ProcessingJobs' } })).toBe('Allowed');
      expect(await iam.decide(jobRole(job), { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'Other' } })).toBe('ImplicitlyDenied');
    }
  });

  // SageMaker creates the group on a job's first run and describes its streams (Service Authorization Reference, CloudWatch
  // Logs: both are authorized on the log-group type, `log-group:<name>`, which `log-group:<name>:*` does not match).
  test.each(['logs:CreateLogGroup', 'logs:DescribeLogStreams'])('every job role may %s of /aws/sagemaker/ProcessingJobs, and of no other group', async (action) => {
    for (const job of ['Traced', 'Untraced']) {
      expect(await iam.decide(jobRole(job), { action, resource: LOG_GROUP })).toBe('Allowed');
      expect(await iam.decide(jobRole(job), { action, resource: `${LOG_GROUP}-other` })).toBe('ImplicitlyDenied');
      expect(await iam.decide(jobRole(job), { action, resource: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs` })).toBe('ImplicitlyDenied');
    }
  });
});

describe('standalone jobs of one stack: the ECR login and an image\'s pull are policies of the stack, attached to the job roles that need them', () => {
  // A region known at synth: the managed images' repositories are plain ARNs (the evaluator resolves no Fn::FindInMap).
  const stack = new Stack(new App(), 'TestStack', { env: { account: ACCOUNT, region: REGION } });
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  new ProcessingJob(stack, 'Registry', { image });
  new ProcessingJob(stack, 'Elsewhere', { image: ProcessingImage.fromRegistry('registry.example.com/team/jobs:1') });
  const bucket = new s3.Bucket(stack, 'Code');
  const code = ProcessingCode.fromBucket(bucket, 'code/process.py');
  new ProcessingJob(stack, 'ScikitA', { processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }), code });
  new ProcessingJob(stack, 'ScikitB', { processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }), code });
  new ProcessingJob(stack, 'XGBoost', { processor: new FrameworkProcessor({ image: ProcessingImage.xgboost(XGBoostVersion.V1_7_1) }), code });
  const iam = SynthesizedIam.of(stack);
  const jobRole = (job: string) => iam.role(`${job}/JobRole/Resource`);
  const repository = (name: string) => {
    const policy = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .map((id) => iam.resolve(Template.fromStack(stack).toJSON().Resources[id].Properties.PolicyDocument))
      .flatMap((d) => d.Statement).find((s: any) => String(s.Resource).endsWith(`:repository/${name}`));
    return policy.Resource as string;
  };

  test('each job role pulls its own image\'s repository only, and logs in to ECR when its image is in ECR', async () => {
    for (const job of ['ScikitA', 'ScikitB']) {
      expect(await iam.decide(jobRole(job), { action: 'ecr:BatchGetImage', resource: repository('sagemaker-scikit-learn') })).toBe('Allowed');
      expect(await iam.decide(jobRole(job), { action: 'ecr:BatchGetImage', resource: repository('sagemaker-xgboost') })).toBe('ImplicitlyDenied');
      expect(await iam.decide(jobRole(job), { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe('Allowed');
    }
    expect(await iam.decide(jobRole('XGBoost'), { action: 'ecr:BatchGetImage', resource: repository('sagemaker-xgboost') })).toBe('Allowed');
    expect(await iam.decide(jobRole('XGBoost'), { action: 'ecr:BatchGetImage', resource: repository('sagemaker-scikit-learn') })).toBe('ImplicitlyDenied');
    // A private ECR image by URI (another account's): the pull of that repository and the login, nothing else.
    const jobs = 'arn:aws:ecr:eu-west-1:123456789012:repository/jobs';
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']) {
      expect(await iam.decide(jobRole('Registry'), { action, resource: jobs })).toBe('Allowed');
    }
    expect(await iam.decide(jobRole('Registry'), { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe('Allowed');
    expect(await iam.decide(jobRole('Registry'), { action: 'ecr:BatchGetImage', resource: `${jobs}-other` })).toBe('ImplicitlyDenied');
    expect(await iam.decide(jobRole('Registry'), { action: 'ecr:BatchGetImage', resource: repository('sagemaker-scikit-learn') })).toBe('ImplicitlyDenied');
    expect(await iam.decide(jobRole('ScikitA'), { action: 'ecr:BatchGetImage', resource: jobs })).toBe('ImplicitlyDenied');
    // An image of another registry: no grant, no login.
    expect(await iam.decide(jobRole('Elsewhere'), { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe('ImplicitlyDenied');
    expect(await iam.decide(jobRole('Elsewhere'), { action: 'ecr:BatchGetImage', resource: jobs })).toBe('ImplicitlyDenied');
  });

  test('one policy per repository: its pull and the login', () => {
    const policies = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .map((p) => p.Properties.PolicyDocument.Statement.map((s: any) => s.Action).flat().join(' ')).sort();
    // The pulls of the registry image's repository, scikit-learn's and XGBoost's, each with the login a pull needs
    // (no login policy of its own: every job here pulls).
    expect(policies.filter((p) => p.startsWith('ecr:'))).toEqual([
      'ecr:BatchCheckLayerAvailability ecr:GetDownloadUrlForLayer ecr:BatchGetImage ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability ecr:GetDownloadUrlForLayer ecr:BatchGetImage ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability ecr:GetDownloadUrlForLayer ecr:BatchGetImage ecr:GetAuthorizationToken',
    ]);
  });
});

describe('a job notifying a topic encrypted with a customer managed key', () => {
  const stack = new Stack(new App(), 'TestStack');
  const key = new kms.Key(stack, 'TopicKey');
  const topic = new sns.Topic(stack, 'Alerts', { masterKey: key });
  new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1'), notificationTopic: topic });
  const iam = SynthesizedIam.of(stack);
  const runnerRole = iam.role('ProcessingJobsShared/RunnerRole/Resource');
  const keyArn = iam.att(iam.logicalId('AWS::KMS::Key', 'TopicKey/Resource'), 'Arn');
  const via = (service: string) => ({ 'kms:ViaService': `${service}.${REGION}.amazonaws.com` });

  // SNS asks KMS for the message's data key on the publisher's behalf (Amazon SNS Developer Guide, "Encryption at rest").
  test('the runner may publish, and use the topic\'s key through SNS', async () => {
    expect(await iam.decide(runnerRole, { action: 'sns:Publish', resource: iam.ref(iam.logicalId('AWS::SNS::Topic', 'Alerts/Resource')) })).toBe('Allowed');
    expect(await iam.decide(runnerRole, { action: 'kms:GenerateDataKey', resource: keyArn, context: via('sns') })).toBe('Allowed');
    expect(await iam.decide(runnerRole, { action: 'kms:Decrypt', resource: keyArn, context: via('sns') })).toBe('Allowed');
  });

  test('…but not directly, nor through another service', async () => {
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
      expect(await iam.decide(runnerRole, { action, resource: keyArn })).toBe('ImplicitlyDenied');
      expect(await iam.decide(runnerRole, { action, resource: keyArn, context: via('sqs') })).toBe('ImplicitlyDenied');
    }
  });
});

describe('two jobs of one stack whose prefixes start one another (etl, etl-daily, etlx), evaluated', () => {
  const stack = new Stack(new App(), 'TestStack');
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  const etl = new ProcessingJob(stack, 'Etl', { image, jobNamePrefix: 'etl' });
  new ProcessingJob(stack, 'EtlDaily', { image, jobNamePrefix: 'etl-daily' });
  new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(etl.asStep(stack, 'Step')) });
  const iam = SynthesizedIam.of(stack);

  test('the runner role the two runners share runs, watches and stops the runs of both, and no job a prefix of theirs starts', async () => {
    const runnerRole = iam.role('ProcessingJobsShared/RunnerRole/Resource');
    for (const action of ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob']) {
      expect(await iam.decide(runnerRole, { action, resource: jobArn('etl-20261130-020000-0a1b2c3d') })).toBe('Allowed');
      expect(await iam.decide(runnerRole, { action, resource: jobArn('etl-daily-20261130-020000-0a1b2c3d') })).toBe('Allowed');
      // Run names are `<prefix>-????????-??????-????????`: `etl`'s pattern takes no name of a longer prefix.
      expect(await iam.decide(runnerRole, { action, resource: jobArn('etl-daily-extra-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
      expect(await iam.decide(runnerRole, { action, resource: jobArn('etlx-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
      expect(await iam.decide(runnerRole, { action, resource: jobArn('etl-1') })).toBe('ImplicitlyDenied');
    }
  });

  test('a step of the job (asStep) reaches the job\'s run names only', async () => {
    const pipelineRole = iam.role('Pipeline/Role/Resource');
    expect(await iam.decide(pipelineRole, { action: 'sagemaker:StopProcessingJob', resource: jobArn('etl-20261130-020000-0a1b2c3d') })).toBe('Allowed');
    expect(await iam.decide(pipelineRole, { action: 'sagemaker:StopProcessingJob', resource: jobArn('etl-daily-20261130-020000-0a1b2c3d') })).toBe('ImplicitlyDenied');
  });
});
