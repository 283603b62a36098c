import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { OutputPartitioning, ProcessingImage, ProcessingJob, ProcessingJobRunner, ProcessingOutput, SageMakerCreateProcessingJob } from '../../lib';
import { PROCESSING_JOB_METADATA_TYPE } from '../../lib/job/metadata';
import { IMAGE_URI, nightlyJobStack } from './stacks';

const image = ProcessingImage.fromRegistry(IMAGE_URI);

/** The statements a role has (by its logical id prefix): its inline policies, the policies attached to it and its managed policies of the template. */
function policyStatementsOf(template: Template, roleIdPrefix: string): any[] {
  const attached = Object.values<any>(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(roleIdPrefix))).map((p) => p.Properties);
  const roles = Object.entries<any>(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith(roleIdPrefix)).map(([, r]) => r.Properties);
  const managed = Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([id]) => roles.some((r) => (r.ManagedPolicyArns ?? []).some((arn: any) => arn.Ref === id))).map(([, p]) => p.Properties);
  return [...roles.flatMap((r) => r.Policies ?? []), ...attached, ...managed].flatMap((p) => p.PolicyDocument.Statement);
}

describe('a job with a runner of its own', () => {
  const { stack } = nightlyJobStack();
  const template = Template.fromStack(stack);

  test('the job role keeps its own statements in one inline policy (one resource), and what every job role needs in the stack\'s shared policy', () => {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'sagemaker.amazonaws.com' } }] } } });
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId, role] = Object.entries<any>(roles)[0];
    expect(Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))).toEqual([]);
    const statements = role.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Action)).toEqual(['s3:GetObject', 's3:ListBucket', ['s3:AbortMultipartUpload', 's3:PutObject']]);
    const shared = template.findResources('AWS::IAM::ManagedPolicy');
    // The stack's shared policies: what every job role needs, and the pull of the job's ECR image with the ECR login.
    expect(role.Properties.ManagedPolicyArns).toEqual([
      { Ref: expect.stringMatching(/^ProcessingJobsSharedJobPolicy/) },
      { Ref: expect.stringMatching(/^ProcessingJobsSharedPullPolicy/) },
    ]);
    expect(shared[role.Properties.ManagedPolicyArns[0].Ref].Properties.PolicyDocument.Statement.map((s: any) => s.Action)).toEqual([
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      'cloudwatch:PutMetricData',
    ]);
  });

  test('the state machine role (the stack\'s runner role of standalone jobs) may run jobs named nightly-features-<yyyyMMdd>-<HHmmss>-<8 hex> with this role only', () => {
    const statements = policyStatementsOf(template, 'ProcessingJobsSharedRunnerRole');
    const jobArn = { 'Fn::Sub': 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:processing-job/nightly-features-????????-??????-????????' };
    // The role's statements are minimized: same resource, same condition, one statement.
    expect(statements).toEqual(expect.arrayContaining([
      { Action: ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:ListTags', 'sagemaker:StopProcessingJob'], Effect: 'Allow', Resource: jobArn },
      { Action: 'iam:PassRole', Effect: 'Allow', Resource: { 'Fn::Sub': expect.stringMatching(/^\$\{NightlyFeaturesJobRole[0-9A-F]{8}\.Arn\}$/) }, Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } },
      { Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'], Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule']] } },
      { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^Alerts/) } },
    ]));
    expect(statements.filter((s) => [s.Action].flat().includes('sagemaker:AddTags'))).toEqual([]);
  });

  test('the state machine is Standard and logs every event to a log group kept a month', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the state machine is deleted with the stack, as CloudFormation does without a DeletionPolicy', () => {
    const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect([machine.DeletionPolicy, machine.UpdateReplacePolicy]).toEqual([undefined, undefined]);
  });

  test('the state machine is created after its role by the reference to the role\'s ARN alone (no DependsOn)', () => {
    const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.Properties.RoleArn).toEqual({ 'Fn::Sub': expect.stringMatching(/^\$\{ProcessingJobsSharedRunnerRole[0-9A-F]{8}\.Arn\}$/) });
    expect(machine.DependsOn).toBeUndefined();
  });

  test('the runner role says whose jobs it runs: the stack\'s standalone jobs, or a shared runner\'s', () => {
    const [runnerRole] = Object.entries<any>(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('ProcessingJobsSharedRunnerRole'));
    expect(runnerRole[1].Properties.Description).toBe('Runs the processing jobs of DataLake that have runners of their own');
    const shared = new Stack(new App(), 'Platform');
    new ProcessingJob(shared, 'Alpha', { runner: new ProcessingJobRunner(shared, 'Runner', { jobNamePrefix: 'pl' }), image });
    Template.fromStack(shared).hasResourceProperties('AWS::IAM::Role', { Description: 'Runs the processing jobs of Platform/Runner' });
  });

  test('the job describes itself in construct metadata for the run command', () => {
    const entries = stack.node.findChild('NightlyFeatures').node.metadata.filter((m) => m.type === PROCESSING_JOB_METADATA_TYPE);
    expect(entries).toHaveLength(1);
    const data = stack.resolve(entries[0].data);
    expect(data).toMatchObject({
      version: 1, path: 'DataLake/NightlyFeatures', id: 'NightlyFeatures', jobId: 'NightlyFeatures', jobNamePrefix: 'nightly-features',
      stateMachineLogicalId: expect.stringMatching(/^NightlyFeaturesRunnerStateMachine[0-9A-F]{8}$/),
      executionInput: {}, outputPartitioning: 'scheduled-date', overridableInputs: ['raw'], overridableOutputs: ['features'],
      // The keys its runner takes (acceptedKeys): the run command refuses others offline.
      overridableKeys: ['arguments', 'environment', 'instanceType', 'instanceCount', 'inputs', 'outputs', 'scheduledTime'],
    });
    expect(data.request.ProcessingJobName).toBeUndefined();
    expect(data.request.AppSpecification).toEqual({ ImageUri: IMAGE_URI, ContainerArguments: ['--mode', 'full'] });
  });
});

describe('jobs sharing a runner', () => {
  function sharedStack() {
    const stack = new Stack(new App(), 'Platform');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    const bucket = new s3.Bucket(stack, 'Lake');
    const outputs = (name: string) => [ProcessingOutput.toBucket(name, bucket, `${name}/`)];
    const a = new ProcessingJob(stack, 'Alpha', { runner, image, processingOutputs: outputs('alpha') });
    const b = new ProcessingJob(stack, 'Beta', { runner, image, jobNamePrefix: 'beta', processingOutputs: outputs('beta'), tags: { team: 'x' } });
    return { stack, runner, a, b };
  }

  test('job names start with the runner prefix; created roles live under the runner path', () => {
    const { stack, a, b } = sharedStack();
    expect([a.jobNamePrefix, b.jobNamePrefix]).toEqual(['pl-Alpha', 'pl-beta']);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(1);
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Path: '/processing-jobs/pl/' } });
    expect(Object.keys(roles)).toHaveLength(2);
  });

  test('the runner role is scoped to the runner prefix and role path, whatever the number of jobs', () => {
    const { stack } = sharedStack();
    const statements = policyStatementsOf(Template.fromStack(stack), 'RunnerRunnerRole');
    const jobArn = { 'Fn::Sub': 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:processing-job/pl-*' };
    expect(statements).toEqual(expect.arrayContaining([
      { Action: ['sagemaker:AddTags', 'sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:ListTags', 'sagemaker:StopProcessingJob'], Effect: 'Allow', Resource: jobArn },
      { Action: 'iam:PassRole', Effect: 'Allow', Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/processing-jobs/pl/*' } },
    ]));
    expect(statements.filter((s) => s.Action === 'iam:PassRole')).toHaveLength(1);
  });

  test('a job that brings its own role adds that role to what the runner may pass', () => {
    const { stack, runner } = sharedStack();
    const role = new iam.Role(stack, 'TeamRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    new ProcessingJob(stack, 'Gamma', { runner, image, role });
    const passRoles = policyStatementsOf(Template.fromStack(stack), 'RunnerRunnerRole').filter((s) => s.Action === 'iam:PassRole');
    expect(passRoles).toHaveLength(1);
    expect(passRoles[0].Resource).toEqual([{ 'Fn::Sub': expect.stringMatching(/^\$\{TeamRole[0-9A-F]{8}\.Arn\}$/) },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/processing-jobs/pl/*' }]);
  });

  test('each further job costs one resource (its role) and adds no statement to the runner', () => {
    const counts = [1, 2, 6].map((n) => {
      const stack = new Stack(new App(), 'Scale');
      const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
      for (let i = 0; i < n; i++) new ProcessingJob(stack, `Job${i}`, { runner, image });
      const template = Template.fromStack(stack).toJSON();
      return { resources: Object.keys(template.Resources).length, statements: policyStatementsOf(Template.fromStack(stack), 'RunnerRunnerRole').length };
    });
    expect(counts[1].resources - counts[0].resources).toBe(1);
    expect(counts[2].resources - counts[1].resources).toBe(4);
    expect(new Set(counts.map((c) => c.statements)).size).toBe(1);
  });
});

describe('outputs in the job bucket', () => {
  test('toJobBucket writes each run to <job name>/output/<name> of a bucket the runner creates (encrypted, SSL only, private); the role writes under <prefix>- only', () => {
    const stack = new Stack(new App(), 'Bucketed');
    const job = new ProcessingJob(stack, 'Report', { image, processingOutputs: [ProcessingOutput.toJobBucket('report')], outputExpiration: Duration.days(90) });
    const metadata = stack.resolve(job.node.metadata.find((m) => m.type === PROCESSING_JOB_METADATA_TYPE)!.data);
    // The request holds the bucket; each run adds its folder (the run paths: test/job/run-paths.test.ts).
    expect(metadata.request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^ReportRunnerBucket/) }, '/']] });
    expect(metadata.jobBucketOutputs).toEqual(['report']);
    expect(metadata.overridableOutputs).toEqual(['report']);
    const template = Template.fromStack(stack);
    const statements = Object.values<any>(template.findResources('AWS::IAM::Role')).flatMap((r) => (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement));
    const writes = statements.filter((st) => JSON.stringify(st.Resource).includes('ReportRunnerBucket'));
    expect(writes.map((st) => [st.Effect, st.Action])).toEqual([['Allow', ['s3:AbortMultipartUpload', 's3:PutObject']]]);
    // `<bucket ARN>/Report-*`, as a Fn::Join or a Fn::Sub.
    expect(JSON.stringify(writes[0].Resource)).toMatch(/ReportRunnerBucket[0-9A-F]{8}(\.Arn\}|","Arn"\]\},")\/Report-\*"/);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('the job as a step of a larger state machine', () => {
  test('asStep renders the job with the overrides and a fresh name, and scopes the parent role', () => {
    const { stack, job } = nightlyJobStack();
    const step = job.asStep(stack, 'Features', { overrides: { scheduledTime: sfn.JsonPath.stringAt('$.date'), instanceCount: 2 } });
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(step) });
    const state = stack.resolve(step.toStateJson());
    expect(state.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::sagemaker:createProcessingJob.sync']] });
    expect(state.Parameters['ProcessingJobName.$']).toMatch(/^States\.Format\('nightly-features-\{\}/);
    expect(state.Parameters.ProcessingResources.ClusterConfig).toEqual({ InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 });
    expect(state.Parameters.Environment).toEqual({ 'LOG_LEVEL': 'info', 'PROCESSING_RUN_ID.$': '$$.Execution.Name', 'PROCESSING_SCHEDULED_TIME.$': '$.date' });
    expect(state.Parameters.ProcessingOutputConfig.Outputs[0].S3Output['S3Uri.$']).toEqual({ 'Fn::Join': ['', [
      "States.Format('s3://", { Ref: expect.stringMatching(/^Lake/) }, "/features/dt={}/', States.ArrayGetItem(States.StringSplit($.date, 'T'), 0))"]] });
    const statements = policyStatementsOf(Template.fromStack(stack), 'PipelineRole');
    expect(statements.find((s) => s.Action === 'iam:PassRole').Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
  });

  test('asStep refuses a whole environment from the state\'s input: it would drop the job\'s variables and the run identity', () => {
    const { stack, job } = nightlyJobStack();
    expect(() => job.asStep(stack, 'Features', { overrides: { environment: sfn.JsonPath.objectAt('$.environment') as unknown as { [key: string]: string } } }))
      .toThrow("DataLake/Features: overrides.environment is one object from the state's input ($.environment); a step would replace the job's own " +
        "variables and PROCESSING_RUN_ID / PROCESSING_SCHEDULED_TIME with it (Environment); give each variable its own key, e.g. { LOG_LEVEL: JsonPath.stringAt('$.logLevel') }");
  });
});

describe('bad configurations', () => {
  const shared = () => {
    const stack = new Stack(new App(), 'Bad');
    return { stack, runner: new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' }) };
  };
  test.each<[string, () => void, string]>([
    ['own-runner props on a job of a shared runner', () => {
      const { stack, runner } = shared();
      new ProcessingJob(stack, 'Job', { runner, image, tracingEnabled: true, failureAlarm: true });
    }, 'Bad/Job: failureAlarm, tracingEnabled are set on the runner when the job shares one (runner Bad/Runner); give them in ProcessingJobRunnerProps'],
    ['two jobs with one id in a runner', () => {
      const { stack, runner } = shared();
      new ProcessingJob(new Construct(stack, 'TeamA'), 'Job', { runner, image, jobNamePrefix: 'team-a' });
      new ProcessingJob(new Construct(stack, 'TeamB'), 'Job', { runner, image, jobNamePrefix: 'team-b' });
    }, "Bad/TeamB/Job: the runner Bad/Runner already has a job with id 'Job'; give jobs of one runner distinct ids"],
    ['a runner prefix over 20 characters', () => new ProcessingJobRunner(new Stack(new App(), 'Bad'), 'Runner', { jobNamePrefix: 'a-very-long-runner-prefix' }),
      "Bad/Runner: jobNamePrefix 'a-very-long-runner-prefix' must be 1–20 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* (the job prefix and the run suffix follow it in the 63 characters of ProcessingJobName)"],
    ['a job prefix too long for the runner prefix', () => {
      const { stack, runner } = shared();
      new ProcessingJob(stack, 'Job', { runner, image, jobNamePrefix: 'a'.repeat(36) });
    }, `Bad/Job: jobNamePrefix 'pl-${'a'.repeat(36)}' must be 1–38 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* (25 characters of the 63 allowed for ProcessingJobName are the run suffix) (in runner Bad/Runner, the prefix is 'pl-' + jobNamePrefix)`],
    ['a partitioned output URI without a trailing slash', () => new ProcessingJob(new Stack(new App(), 'Bad'), 'Job', {
      image, outputPartitioning: OutputPartitioning.SCHEDULED_DATE, processingOutputs: [ProcessingOutput.toS3Uri('train', 's3://b/train')],
    }), "Bad/Job: output 'train' URI 's3://b/train' must end with '/' when outputs are partitioned (runs write under s3://b/train/dt=…/ or run=…/); give a key prefix ending in '/'"],
    ['metrics of a job in a shared runner', () => {
      const { stack, runner } = shared();
      new ProcessingJob(stack, 'Job', { runner, image }).metricFailed();
    }, "Bad/Job: metricFailed() measures the job's own state machine, and this job shares the runner Bad/Runner; use the runner's state machine metrics (runner.stateMachine.metricFailed()) for all of its jobs"],
    ['retries out of range', () => new ProcessingJob(new Stack(new App(), 'Bad'), 'Job', { image, retry: { maxAttempts: 100, backoffRate: 0.5 } }),
      'Bad/Job/Runner: retry.maxAttempts 100 is out of range 0–99 (Step Functions Retry)\nBad/Job/Runner: retry.backoffRate 0.5 is out of range 1–10 (Step Functions Retry)'],
    ['a job-bucket output outside a ProcessingJob', () => SageMakerCreateProcessingJob.jsonPath(new Stack(new App(), 'Bad'), 'Task', {
      image, processingOutputs: [ProcessingOutput.toJobBucket('report')],
    }), "Bad/Task: output 'report' goes to the job's bucket (ProcessingOutput.toJobBucket), which only a ProcessingJob has; give a location with ProcessingOutput.toBucket or toS3Uri"],
  ])('%s', (_what, build, message) => {
    expect(build).toThrow(message);
  });

  test('a runner without jobs fails synthesis', () => {
    const { stack } = shared();
    expect(() => Template.fromStack(stack)).toThrow('Bad/Runner: the runner has no jobs; create a ProcessingJob with runner: this runner');
  });
});

describe("the run's own environment variables", () => {
  const variables = (n: number) => Object.fromEntries([...Array(n).keys()].map((i) => [`VAR_${i}`, 'x']));
  const job = (environment: { [key: string]: string }) => new ProcessingJob(new Stack(new App(), 'Env'), 'Job', { image, environment });

  test.each(['PROCESSING_RUN_ID', 'PROCESSING_SCHEDULED_TIME'])('a job may not set %s: every run sets it', (name) => {
    expect(() => job({ [name]: 'mine' })).toThrow(`Env/Job: environment variable ${name} is set by every run (the run's id and scheduled time); remove it (Environment)`);
  });

  test('99 variables and the run\'s two are over the API\'s 100', () => {
    expect(() => job(variables(99))).toThrow('Env/Job: environment has 101 variables, counting the 2 every run adds (PROCESSING_RUN_ID, PROCESSING_SCHEDULED_TIME); '
      + 'the limit is 100 (Environment)');
  });

  test('98 variables and the run\'s two make the API\'s 100', () => {
    expect(() => job(variables(98))).not.toThrow();
  });

  test('a schedule\'s overrides may not set a run variable either', () => {
    const stack = new Stack(new App(), 'Env');
    const j = new ProcessingJob(stack, 'Job', { image });
    expect(() => j.asStep(stack, 'Step', { overrides: { environment: { PROCESSING_RUN_ID: 'x' } } })).toThrow(
      "Env/Step: environment variable PROCESSING_RUN_ID is set by every run (the run's id and scheduled time); remove it (Environment)");
  });
});

test("the run command's metadata names the state machine by the logical id it is deployed with, also when it is overridden after the job was built", () => {
  const app = new App();
  const stack = new Stack(app, 'Jobs');
  const job = new ProcessingJob(stack, 'Nightly', { image: ProcessingImage.fromRegistry(IMAGE_URI) });
  (job.stateMachine.node.defaultChild as CfnResource).overrideLogicalId('NightlyRunner');
  const [entry] = app.synth().getStackByName('Jobs').findMetadataByType(PROCESSING_JOB_METADATA_TYPE);
  expect((entry.data as unknown as { stateMachineLogicalId: string }).stateMachineLogicalId).toBe('NightlyRunner');
});
