import { DescribeStacksCommand, ListExportsCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateProcessingJobCommand, DescribeProcessingJobCommand, StopProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { awsError, cli, clock, FakeLogs, mocks, resetAws, restoreEnv } from './harness';

const BUCKET = 'datalake-databucket-1x2y3z4w5v6u';
const ROLE = 'DataLake-NightlyFeaturesJobRole-Q1W2E3R4T5Y6';

/** The DataLake stack as CloudFormation describes it (resources over two pages, exports over two). */
function deployedStack() {
  mocks.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{
    StackName: 'DataLake', StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/DataLake/5a6b7c8d-0000-1111-2222-333344445555',
    CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE',
    Parameters: [{ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '28' }],
  }] });
  const summary = (LogicalResourceId: string, PhysicalResourceId: string, ResourceType: string) =>
    ({ LogicalResourceId, PhysicalResourceId, ResourceType, ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: new Date() });
  mocks.cfn.on(ListStackResourcesCommand, { NextToken: undefined }).resolves({ NextToken: 'page-2', StackResourceSummaries: [
    summary('DataBucketE3889A50', BUCKET, 'AWS::S3::Bucket'),
    summary('DataKey7A2E8C31', '1234abcd-12ab-34cd-56ef-1234567890ab', 'AWS::KMS::Key'),
    summary('JobSecurityGroup4F1A2B3C', 'sg-0a1b2c3d4e5f60718', 'AWS::EC2::SecurityGroup'),
  ] });
  mocks.cfn.on(ListStackResourcesCommand, { NextToken: 'page-2' }).resolves({ StackResourceSummaries: [
    summary('NightlyFeaturesJobRoleB2F1C7A4', ROLE, 'AWS::IAM::Role'),
    summary('NightlyFeaturesRunnerStateMachine6C1D2E3F', 'arn:aws:states:us-east-1:123456789012:stateMachine:Runner', 'AWS::StepFunctions::StateMachine'),
  ] });
  mocks.cfn.on(ListExportsCommand, { NextToken: undefined }).resolves({ NextToken: 'e2', Exports: [{ Name: 'SharedData:ExportsOutputRefLookupBucket', Value: 'shared-lookup-bucket' }] });
  mocks.cfn.on(ListExportsCommand, { NextToken: 'e2' }).resolves({ Exports: [{ Name: 'SharedVpc:PrivateSubnetIds', Value: 'subnet-0aaa,subnet-0bbb,subnet-0ccc' }] });
}

beforeEach(() => resetAws());
afterAll(() => restoreEnv());

describe('run --direct', () => {
  test('an --arg and an --env value of 256 characters outside the BMP pass, as the API and the runner count them (code points)', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed', ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } } });
    new FakeLogs({});
    const wide = '😀'.repeat(256);
    const result = await cli(['run', 'NightlyFeatures', '--direct', '--arg', wide, '--env', `NOTE=${wide}`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const request = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;
    expect(request.AppSpecification?.ContainerArguments).toEqual([wide]);
    expect(request.Environment?.NOTE).toBe(wide);
  });

  test('an empty --arg is an argument, as the API takes it (ContainerArgument: 0–256 characters)', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed', ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } } });
    new FakeLogs({});
    const result = await cli(['run', 'NightlyFeatures', '--direct', '--arg', '--sep', '--arg', '']);
    expect([result.stderr, result.code]).toEqual(['', 0]);
    expect(mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input.AppSpecification?.ContainerArguments).toEqual(['--sep', '']);
  });

  test('creates the job from the synthesized request: intrinsics resolved, overrides applied by name, run variables, dated outputs', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed', ProcessingResources: { ClusterConfig: { InstanceCount: 4, InstanceType: 'ml.m5.2xlarge', VolumeSizeInGB: 30 } } });
    new FakeLogs({});
    const result = await cli(['run', 'NightlyFeatures', '--direct', '--arg', '--mode', '--arg', 'backfill', '--env', 'EXTRA=1',
      '--instance-type', 'ml.m5.2xlarge', '--instance-count', '4', '--input', 'raw=s3://backfill/raw/2026-11-20/', '--scheduled-time', '2026-11-20T02:00:00Z']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    const request = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;
    const name = request.ProcessingJobName!;
    expect(name).toMatch(/^nightly-features-20261124-090000-[0-9a-f]{8}$/);
    const s3Input = (InputName: string, S3Uri: string) => ({ InputName, S3Input: {
      S3Uri, LocalPath: `/opt/ml/processing/input/${InputName}`, S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
    } });
    expect(request).toEqual({
      ProcessingJobName: name,
      RoleArn: `arn:aws:iam::123456789012:role/processing/${ROLE}`,
      AppSpecification: {
        ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
        ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/features.py'],
        ContainerArguments: ['--mode', 'backfill'],
      },
      ProcessingInputs: [
        s3Input('raw', 's3://backfill/raw/2026-11-20/'),
        s3Input('lookup', 's3://shared-lookup-bucket/lookup/'),
        s3Input('code', 's3://cdk-hnb659fds-assets-123456789012-us-east-1/4c1f0e6b2a.py'),
      ],
      ProcessingOutputConfig: {
        Outputs: [{ OutputName: 'features', S3Output: { S3Uri: `s3://${BUCKET}/features/dt=2026-11-20/`, LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } }],
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
      ProcessingResources: { ClusterConfig: { InstanceCount: 4, InstanceType: 'ml.m5.2xlarge', VolumeSizeInGB: 30 } },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      Environment: { MODE: 'incremental', EXTRA: '1', PROCESSING_RUN_ID: name, PROCESSING_SCHEDULED_TIME: '2026-11-20T02:00:00Z' },
      NetworkConfig: { VpcConfig: { SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'], Subnets: ['subnet-0aaa', 'subnet-0bbb'] } },
      Tags: [{ Key: 'team', Value: 'features' }, { Key: 'stack', Value: 'DataLake' }],
    });
    expect(result.stdout).toContain(`\njob ${name} (the run id)\n`);
    expect(result.stdout).toContain(`✔ ${name} Completed`);
  });

  test('without --scheduled-time the run is scheduled now: PROCESSING_SCHEDULED_TIME and the dt= partition follow the clock', async () => {
    deployedStack();
    clock.now = Date.parse('2026-11-24T23:59:30Z');
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    const result = await cli(['run', 'NightlyFeatures', '--direct', '--no-wait']);
    expect(result.code).toBe(0);
    const request = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input;
    expect(request.Environment!.PROCESSING_SCHEDULED_TIME).toBe('2026-11-24T23:59:30Z');
    expect(request.ProcessingOutputConfig!.Outputs![0].S3Output!.S3Uri).toBe(`s3://${BUCKET}/features/dt=2026-11-24/`);
    expect(result.stdout).toMatch(/\njob nightly-features-20261124-235930-[0-9a-f]{8} \(the run id\)\nnightly-features-20261124-235930-[0-9a-f]{8} started; follow it with: cdk-sagemaker-processing logs --follow nightly-features-20261124-235930-[0-9a-f]{8}\n {2}stop it with: cdk-sagemaker-processing stop nightly-features-20261124-235930-[0-9a-f]{8}\n$/);
  });

  test('run-id partitioning puts outputs under run=<job name>/ (a Stage\'s stack in its pinned region)', async () => {
    mocks.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Prod-Reports', StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Prod-Reports/1', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE' }] });
    mocks.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [
      { LogicalResourceId: 'WeeklyJobRole9D8C7B6A', PhysicalResourceId: 'Prod-Reports-WeeklyJobRole', ResourceType: 'AWS::IAM::Role', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
    ] });
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    const result = await cli(['run', 'Prod/Reports/Weekly', '--direct', '--no-wait']);
    expect(result.code).toBe(0);
    const call = mocks.sm.commandCalls(CreateProcessingJobCommand)[0];
    expect(await (call.thisValue as any).config.region()).toBe('eu-west-1');
    expect(call.args[0].input.RoleArn).toBe('arn:aws:iam::123456789012:role/Prod-Reports-WeeklyJobRole');
    const name = call.args[0].input.ProcessingJobName;
    expect(name).toMatch(/^prod-weekly-20261124-090000-[0-9a-f]{8}$/);
    expect(call.args[0].input.ProcessingOutputConfig!.Outputs![0].S3Output!.S3Uri).toBe(`s3://prod-reports/weekly/run=${name}/`);
    expect(mocks.cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: 'Prod-Reports' });
  });

  test('Ctrl-C → y stops the job itself (no state machine)', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    let stopped = false;
    mocks.sm.on(StopProcessingJobCommand).callsFake(() => {
      stopped = true;
      return {};
    });
    mocks.sm.on(DescribeProcessingJobCommand).callsFake(() => ({ ProcessingJobStatus: stopped ? 'Stopped' : 'InProgress' }));
    new FakeLogs({});
    const result = await cli(['run', 'NightlyFeatures', '--direct'], {
      onStdout: (all, io) => {
        if (all.endsWith('starting the instances\n') && !all.includes('? [y/N]')) io.interrupts.emit('SIGINT');
        if (all.endsWith('? [y/N] ')) io.stdin.write('yes\n');
      },
    });
    const name = mocks.sm.commandCalls(CreateProcessingJobCommand)[0].args[0].input.ProcessingJobName;
    expect(mocks.sm.commandCalls(StopProcessingJobCommand).map((c) => c.args[0].input)).toEqual([{ ProcessingJobName: name }]);
    expect(result.stdout).toContain(`stopping ${name}\n`);
    expect(result.code).toBe(1);
  });

  test('a job that is not found right after CreateProcessingJob is waited for a few polls', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    mocks.sm.on(DescribeProcessingJobCommand)
      .rejectsOnce(awsError('ValidationException', 'Requested resource not found.'))
      .rejectsOnce(awsError('ValidationException', 'Requested resource not found.'))
      .resolves({ ProcessingJobStatus: 'Completed' });
    const result = await cli(['run', 'NightlyFeatures', '--direct', '--no-logs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\] creating the job\n✔ nightly-features-\S+ Completed/);
  });

  test('a job that never appears ends the wait as Failed', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    mocks.sm.on(DescribeProcessingJobCommand).rejects(awsError('ValidationException', 'Requested resource not found.'));
    const result = await cli(['run', 'NightlyFeatures', '--direct', '--no-logs']);
    expect(result.code).toBe(1);
    expect(mocks.sm.commandCalls(DescribeProcessingJobCommand)).toHaveLength(4);
    expect(result.stdout).toMatch(/✖ (nightly-features-\S+) Failed after 0s: job \1 was not created\n/);
  });

  test('an intrinsic it cannot resolve is one error line', async () => {
    deployedStack();
    mocks.cfn.on(ListExportsCommand).resolves({ Exports: [] });
    const result = await cli(['run', 'NightlyFeatures', '--direct']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --direct cannot resolve Fn::ImportValue SharedData:ExportsOutputRefLookupBucket (no such export in us-east-1); run the job through its state machine (without --direct)\n');
    expect(mocks.sm.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
  });

  test('CreateProcessingJob refused: its error is the one line', async () => {
    deployedStack();
    mocks.sm.on(CreateProcessingJobCommand).rejects(awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:PassRole'));
    const result = await cli(['run', 'NightlyFeatures', '--direct']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: AccessDeniedException: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:PassRole '
      + '(the AWS identity in use may not do this: grant it the permission (docs/run-command.md, "Permissions", lists each command\'s) or pass --profile for one that has it)\n');
  });
});
