import * as fs from 'fs';
import * as path from 'path';
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { awsCallCount, awsError, cli, deployedStateMachine, EXECUTION_ARN, EXECUTION_NAME, FIXTURE, mocks, resetAws, restoreEnv } from './harness';

afterAll(() => restoreEnv());

const KNOWN = 'known jobs: DataLake/NightlyFeatures, DataLake/Weekly, Prod/Reports/Weekly';

/** Every error is one line on stderr with exit code 2, and nothing was started. */
async function expectError(args: string[], line: string, env: { [key: string]: string | undefined } = {}) {
  resetAws(env);
  const result = await cli(args);
  expect(result.stderr).toBe(`${line}\n`);
  expect(result.code).toBe(2);
  expect(mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
}

describe('errors are one line each, exit code 2', () => {
  test.each<[string, string[], string]>([
    ['bad --env', ['run', 'NightlyFeatures', '--env', 'MODE'], "error: --env 'MODE': expected KEY=VALUE"],
    ['bad --env key', ['run', 'NightlyFeatures', '--env', '1MODE=x'], "error: --env: environment variable name '1MODE' must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 256 characters (Environment)"],
    ['bad --input', ['run', 'NightlyFeatures', '--input', 'raw'], "error: --input 'raw': expected NAME=s3://bucket/prefix"],
    ['bad --input URI', ['run', 'NightlyFeatures', '--input', 'raw=/tmp/raw'], "error: --input: input 'raw' s3Uri '/tmp/raw' must match (https|s3)://([^/]+)/?(.*) (ProcessingInputs[].S3Input.S3Uri)"],
    ['a variable every run sets', ['run', 'NightlyFeatures', '--env', 'PROCESSING_RUN_ID=mine'],
      "error: --env PROCESSING_RUN_ID: environment variable PROCESSING_RUN_ID is set by every run (the run's id and scheduled time); remove it (Environment)"],
    ['more variables than CreateProcessingJob takes', ['run', 'NightlyFeatures', ...Array.from({ length: 99 }, (_, i) => ['--env', `V${i}=x`]).flat()],
      'error: --env: environment has 102 variables, counting the 2 every run adds (PROCESSING_RUN_ID, PROCESSING_SCHEDULED_TIME); the limit is 100 (Environment) (job DataLake/NightlyFeatures)'],
    ['an --arg with a line break', ['run', 'NightlyFeatures', '--arg', 'a\nb'], "error: --arg: arguments[0] has a line break; each item must be one line (the API's pattern .*) (AppSpecification.ContainerArguments)"],
    ['an S3 bucket name S3 cannot have', ['run', 'NightlyFeatures', '--input', 'raw=s3://my bucket/raw/'],
      "error: --input: input 'raw' s3Uri 's3://my bucket/raw/' does not name an S3 bucket: bucket names have only a-z, 0-9, '.' and '-' (S3 bucket naming rules; ProcessingInputs[].S3Input.S3Uri)"],
    ['unknown input', ['run', 'NightlyFeatures', '--input', 'rawx=s3://b/raw/'], "error: --input rawx: the job DataLake/NightlyFeatures has no S3 input named 'rawx' (S3 inputs: raw, lookup)"],
    ['unknown output', ['run', 'NightlyFeatures', '--output', 'report=s3://b/r/'], "error: --output report: the job DataLake/NightlyFeatures has no S3 output named 'report' (S3 outputs: features)"],
    ['no outputs at all', ['run', 'DataLake/Weekly', '--output', 'x=s3://b/r/'], "error: --output x: the job DataLake/Weekly has no S3 output named 'x' (S3 outputs: none)"],
    ['a partitioned output without a trailing slash', ['run', 'NightlyFeatures', '--output', 'features=s3://b/features'],
      "error: --output features='s3://b/features': the job writes each run under dt=<date>/ of its output URIs, so the URI must end with '/'"],
    ['bad --instance-count', ['run', 'NightlyFeatures', '--instance-count', 'two'], "error: --instance-count 'two': expected a whole number 1–100"],
    ['--instance-count out of range', ['run', 'NightlyFeatures', '--instance-count', '101'], 'error: --instance-count: instanceCount 101 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)'],
    ['bad --instance-type', ['run', 'NightlyFeatures', '--instance-type', 'm5.large'], "error: --instance-type: instanceType 'm5.large' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge); did you mean ml.m5.large? " +
      '(ProcessingResources.ClusterConfig.InstanceType)'],
    ['a misspelt --instance-type size, which the runner would refuse', ['run', 'NightlyFeatures', '--instance-type', 'ml.m5.2xlage'],
      "error: --instance-type: instanceType 'ml.m5.2xlage' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge); did you mean ml.m5.2xlarge? " +
      '(ProcessingResources.ClusterConfig.InstanceType)'],
    ['bad --scheduled-time', ['run', 'NightlyFeatures', '--scheduled-time', 'yesterday'], "error: --scheduled-time 'yesterday': expected an ISO 8601 time with a zone, such as 2026-11-20T02:00:00Z, 2026-11-20T03:00:00+01:00 or 2026-11-20"],
    ['unknown job', ['run', 'Nightly'], `error: no job 'Nightly' in ${FIXTURE}; ${KNOWN}`],
    ['ambiguous job', ['run', 'Weekly'], `error: job 'Weekly' is ambiguous in ${FIXTURE}: DataLake/Weekly, Prod/Reports/Weekly; give the construct path`],
    ['no cdk.out', ['--cdk-out', '/nonexistent/cdk.out', 'run', 'NightlyFeatures'],
      'error: no cloud assembly at /nonexistent/cdk.out (/nonexistent/cdk.out/manifest.json is missing): run `cdk synth` first, or pass --cdk-out'],
    ['unknown option', ['run', 'NightlyFeatures', '--bogus'], "error: unknown option '--bogus'"],
    ['missing job', ['run'], "error: missing required argument 'job'"],
    ['bad --max', ['list', 'NightlyFeatures', '--max', '0'], "error: --max '0': expected a whole number 1–100"],
  ])('%s', async (_name, args, line) => {
    await expectError(args, line);
    expect(awsCallCount()).toBe(0);
  });

  test('no region', async () => {
    await expectError(['run', 'NightlyFeatures'], 'error: no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile', { AWS_REGION: undefined });
  });

  test('a stack pinned to a region needs no AWS_REGION', async () => {
    resetAws({ AWS_REGION: undefined });
    mocks.cfn.on(DescribeStackResourceCommand).rejects(awsError('ValidationError', 'Stack with id Prod-Reports does not exist'));
    const result = await cli(['run', 'Prod/Reports/Weekly']);
    expect(result.stderr).toBe('error: stack Prod-Reports is not deployed in eu-west-1: run `cdk deploy Prod-Reports` (or pass --region)\n');
  });

  test('no credentials', async () => {
    await expectError(['run', 'NightlyFeatures'],
      'error: no AWS credentials: Could not load credentials from any providers (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`)',
      { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
  });

  test('the stack is not deployed', async () => {
    resetAws();
    mocks.cfn.on(DescribeStackResourceCommand).rejects(awsError('ValidationError', 'Stack with id DataLake does not exist'));
    const result = await cli(['run', 'NightlyFeatures']);
    expect(result.stderr).toBe('error: stack DataLake is not deployed in us-east-1: run `cdk deploy DataLake` (or pass --region)\n');
    expect(result.code).toBe(2);
  });

  test('the deployed stack is older than cdk.out (no such state machine)', async () => {
    resetAws();
    mocks.cfn.on(DescribeStackResourceCommand).rejects(awsError('ValidationError', 'Resource NightlyFeaturesRunnerStateMachine6C1D2E3F does not exist for stack DataLake'));
    const result = await cli(['run', 'NightlyFeatures']);
    expect(result.stderr).toBe('error: stack DataLake in us-east-1 has no resource NightlyFeaturesRunnerStateMachine6C1D2E3F for DataLake/NightlyFeatures: deploy the current app (`cdk deploy DataLake`)\n');
  });

  test('--region wins over the SDK default and --help exits 0', async () => {
    resetAws();
    mocks.cfn.on(DescribeStackResourceCommand).rejects(awsError('ValidationError', 'Stack with id DataLake does not exist'));
    const result = await cli(['run', 'NightlyFeatures', '--region', 'ap-southeast-2']);
    expect(result.stderr).toBe('error: stack DataLake is not deployed in ap-southeast-2: run `cdk deploy DataLake` (or pass --region)\n');
    const help = await cli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--scheduled-time <iso>');
  });

  test('--version prints the CLI package\'s version and exits 0', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cli', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag]);
      expect([result.code, result.stdout, result.stderr]).toEqual([0, `${version}\n`, '']);
    }
  });
});

describe('an AWS error the SDK gave up on says what to do, one line, exit 2', () => {
  const network = Object.assign(new Error('getaddrinfo ENOTFOUND cloudformation.us-esat-1.amazonaws.com'), { code: 'ENOTFOUND' });
  test.each<[string, Error, string]>([
    ['access denied (CloudFormation\'s query code)', awsError('AccessDenied', 'User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: cloudformation:DescribeStackResource'),
      'error: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: cloudformation:DescribeStackResource (the AWS identity in use may not do this: '
      + 'grant it the permission (docs/run-command.md, "Permissions", lists each command\'s) or pass --profile for one that has it)'],
    ['expired session credentials', awsError('ExpiredToken', 'The security token included in the request is expired'),
      'error: ExpiredToken: The security token included in the request is expired (your AWS credentials have expired: refresh them (`aws sso login`, or new session credentials) and run the command again)'],
    ['credentials AWS does not know (or a region not enabled)', awsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
      'error: InvalidClientTokenId: The security token included in the request is invalid. (AWS does not accept these credentials: check the profile (--profile, AWS_PROFILE) or access key, '
      + 'and that the region is enabled for your account)'],
    ['throttled beyond the SDK\'s retries', awsError('Throttling', 'Rate exceeded'),
      'error: Throttling: Rate exceeded (AWS throttled the command\'s calls beyond its retries: run it again in a minute (a longer --poll-interval makes fewer calls))'],
    ['a misspelt region: no endpoint answers', network,
      'error: getaddrinfo ENOTFOUND cloudformation.us-esat-1.amazonaws.com (AWS could not be reached: check the network, and the region (--region, AWS_REGION): a misspelt one names no endpoint)'],
  ])('%s', async (_what, error, line) => {
    resetAws();
    mocks.cfn.on(DescribeStackResourceCommand).rejects(error);
    const result = await cli(['run', 'NightlyFeatures']);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.code).toBe(2);
  });

  test('credentials that expire while run watches: the run goes on, and the line says how to follow or stop it', async () => {
    resetAws();
    deployedStateMachine();
    mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    mocks.sfn.on(DescribeExecutionCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    const result = await cli(['run', 'NightlyFeatures', '--no-logs']);
    expect(result.stderr).toBe('error: ExpiredTokenException: The security token included in the request is expired (your AWS credentials have expired: refresh them '
      + '(`aws sso login`, or new session credentials) and run the command again); the run goes on without this command: '
      + `follow it with \`cdk-sagemaker-processing logs --follow ${EXECUTION_NAME}\`, stop it with \`cdk-sagemaker-processing stop ${EXECUTION_NAME}\`\n`);
    expect(result.code).toBe(2);
  });
});

test('a run name AWS does not know in the region: the line names the region and --region', async () => {
  resetAws();
  deployedStateMachine();
  mocks.sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist', 'Execution Does Not Exist'));
  mocks.sm.on(DescribeProcessingJobCommand).rejects(awsError('ValidationException', 'Requested resource not found.'));
  const result = await cli(['status', 'nightly-features-20261124-090000-deadbeef']);
  expect(result.stderr).toBe(`error: no run 'nightly-features-20261124-090000-deadbeef' in us-east-1 (ran elsewhere? pass --region) and no job 'nightly-features-20261124-090000-deadbeef' in ${FIXTURE}; ${KNOWN}\n`);
  expect(result.code).toBe(2);
});
