import { App, Duration, NestedStack, Size, Stack, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  FrameworkProcessor, JobRunOverrides, JobSchedule, JobTrigger, OutputPartitioning, ProcessingCode, ProcessingImage, ProcessingInput,
  ProcessingInstanceType, ProcessingJob, ProcessingJobRun, ProcessingJobRunner, ProcessingOutput, PySparkProcessor, ScriptProcessor,
  SageMakerCreateProcessingJob, SparkJarProcessor, SparkVersion, OverlapPolicy,
} from '../../../lib';
import { IMAGE_URI, jsonPathTask, newStack } from '../../task/helpers';
import { BadInput, many } from '../bad-input';

const P = 'TestStack/Job';
const image = ProcessingImage.fromRegistry(IMAGE_URI);
const S3_PATTERN = '(https|s3)://([^/]+)/?(.*)';
const BUCKET_RULE = "bucket names have only a-z, 0-9, '.' and '-' (S3 bucket naming rules;";
const ENV_KEY = '[a-zA-Z_][a-zA-Z0-9_]*';

/** A job of its own runner with arguments, an S3 input and a partitioned S3 output: what overrides may change. */
function job(extra: Record<string, unknown> = {}, stack = newStack()): ProcessingJob {
  return new ProcessingJob(stack, 'Job', {
    image, arguments: ['--mode', 'full'],
    processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://lake/raw/')],
    processingOutputs: [ProcessingOutput.toS3Uri('features', 's3://lake/features/')],
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    ...extra,
  });
}

/** 40 variables of 250 characters: about 10 KB of a rule's input. */
const LONG_ENVIRONMENT = Object.fromEntries(many(40, (i) => `VAR_${i}`).map((k) => [k, 'x'.repeat(250)]));

const row = (category: string) => (name: string, build: () => unknown, error: string): BadInput => ({ category, name, build, error });

/** Static overrides that break the API's limits, and the message (without the path) each gives on every surface. */
const BAD_OVERRIDES: Array<[string, JobRunOverrides, string]> = [
  ['instance count 0', { instanceCount: 0 }, 'instanceCount 0 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)'],
  ['instance count 500', { instanceCount: 500 }, 'instanceCount 500 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)'],
  ['fractional instance count', { instanceCount: 2.5 }, 'instanceCount 2.5 is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)'],
  ['environment key bad-key', { environment: { 'bad-key': 'x' } }, `environment variable name 'bad-key' must match ${ENV_KEY} and be at most 256 characters (Environment)`],
  ['environment key starting with a digit', { environment: { '1A': 'x' } }, `environment variable name '1A' must match ${ENV_KEY} and be at most 256 characters (Environment)`],
  ['environment value of 257 characters', { environment: { K: 'x'.repeat(257) } }, 'environment variable K is 257 characters; the limit is 256 (Environment)'],
  ['an input that is not a URI', { inputs: { raw: 'not-a-uri' } }, `input 'raw' s3Uri 'not-a-uri' must match ${S3_PATTERN} (ProcessingInputs[].S3Input.S3Uri)`],
  ['an input bucket with a space', { inputs: { raw: 's3://my bucket/raw/' } }, `input 'raw' s3Uri 's3://my bucket/raw/' does not name an S3 bucket: ${BUCKET_RULE} ProcessingInputs[].S3Input.S3Uri)`],
  ['a partitioned output without a trailing slash', { outputs: { features: 's3://lake/f' } },
    "overrides.outputs.features 's3://lake/f' must end with '/' when outputs are partitioned (runs write under <uri>dt=…/ or run=…/) (ProcessingOutputs[].S3Output.S3Uri)"],
  ['101 arguments', { arguments: many(101, (i) => `a${i}`) }, 'arguments has 101 items; it must have 1–100 (AppSpecification.ContainerArguments)'],
  ['empty arguments (the runner refuses every such run)', { arguments: [] }, 'arguments has 0 items; it must have 1–100 (AppSpecification.ContainerArguments)'],
  ['a malformed instance type', { instanceType: 'ml.m5.xlarg' },
    "instanceType 'ml.m5.xlarg' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge); did you mean ml.m5.xlarge? (ProcessingResources.ClusterConfig.InstanceType)"],
  ['an input the job does not have', { inputs: { rawdata: 's3://lake/raw/' } }, `overrides name the input 'rawdata', which is not one of the job ${P}'s S3 inputs (raw)`],
  ['an output the job does not have', { outputs: { feature: 's3://lake/f/' } }, `overrides name the output 'feature', which is not one of the job ${P}'s S3 outputs (features)`],
];

const overrideRows: BadInput[] = BAD_OVERRIDES.flatMap(([name, overrides, message]) => [
  row('static overrides: schedule')(name, () => job({ schedule: JobSchedule.cron({ minute: '0', hour: '2', overrides }) }), `${P}/Schedule: ${message}`),
  row('static overrides: trigger')(name, () => {
    const stack = newStack();
    return job({ triggers: [JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Raw'), { overrides })] }, stack);
  }, `${P}/Trigger1: ${message}`),
  row('static overrides: asStep')(name, () => {
    const stack = newStack();
    return job({}, stack).asStep(stack, 'Step', { overrides });
  }, `TestStack/Step: ${message}`),
]);

const names = row('names and prefixes');
const numbers = row('numbers');
const paths = row('S3 and paths');
const processors = row('processors and images');
const types = row('instance types');
const schedules = row('schedules');
const tokens = row('arguments and tokens');

export const VALIDATION_ROWS: BadInput[] = [
  ...overrideRows,
  row('static overrides: asStep')('a scheduled time that is not a timestamp', () => {
    const stack = newStack();
    return job({}, stack).asStep(stack, 'Step', { overrides: { scheduledTime: 'yesterday' } });
  }, 'TestStack/Step: overrides.scheduledTime \'yesterday\' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"'),
  row('static overrides: asStep')('a scheduled time on a day its month does not have', () => {
    const stack = newStack();
    return job({}, stack).asStep(stack, 'Step', { overrides: { scheduledTime: '2026-02-30T02:00:00Z' } });
  }, 'TestStack/Step: overrides.scheduledTime \'2026-02-30T02:00:00Z\' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"'),

  // Names and prefixes.
  names('a shared runner\'s job in another stack', () => {
    const app = new App();
    const runner = new ProcessingJobRunner(new Stack(app, 'Platform'), 'Runner', { jobNamePrefix: 'pl' });
    return new ProcessingJob(new Stack(app, 'TestStack'), 'Features', { runner, image });
  }, 'TestStack/Features: the job is in stack TestStack and its runner Platform/Runner in stack Platform; a shared runner\'s jobs must be in the runner\'s stack ' +
    '(their references run both ways, a cycle CloudFormation refuses): give each stack its own ProcessingJobRunner, or put the jobs on a ProcessingJobFleet'),
  names('a shared runner\'s job in a nested stack of the runner\'s stack', () => {
    const stack = newStack();
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    return new ProcessingJob(new NestedStack(stack, 'Nested'), 'Features', { runner, image });
  }, 'TestStack/Nested/Features: the job is in stack TestStack/Nested and its runner TestStack/Runner in stack TestStack; a shared runner\'s jobs must be in ' +
    'the runner\'s stack (their references run both ways, a cycle CloudFormation refuses): give each stack its own ProcessingJobRunner, or put the jobs on a ProcessingJobFleet'),
  names('two jobs with one prefix in a shared runner', () => {
    const stack = newStack();
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'A', { runner, image, jobNamePrefix: 'daily' });
    return new ProcessingJob(stack, 'B', { runner, image, jobNamePrefix: 'daily' });
  }, "TestStack/B: jobNamePrefix 'pl-daily' is also the prefix of TestStack/A; jobs need distinct prefixes (their runs, IAM scopes and overlap checks are told apart by the prefix)"),
  names('ids that clean up to the same prefix', () => {
    const stack = newStack();
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'Daily_Job', { runner, image });
    return new ProcessingJob(stack, 'Daily.Job', { runner, image });
  }, "TestStack/Daily.Job: jobNamePrefix 'pl-Daily-Job' is also the prefix of TestStack/Daily_Job; jobs need distinct prefixes (their runs, IAM scopes and overlap checks are told apart by the prefix)"),
  names('two jobs of their own runners with one prefix', () => {
    const stack = newStack();
    new ProcessingJob(stack, 'A', { image, jobNamePrefix: 'nightly' });
    return new ProcessingJob(stack, 'B', { image, jobNamePrefix: 'nightly' });
  }, "TestStack/B: jobNamePrefix 'nightly' is also the prefix of TestStack/A; jobs need distinct prefixes (their runs, IAM scopes and overlap checks are told apart by the prefix)"),
  names('OverlapPolicy.SKIP beside a prefix that extends it with a date', () => {
    const stack = newStack();
    new ProcessingJob(stack, 'A', { image, jobNamePrefix: 'a', overlap: OverlapPolicy.SKIP });
    return new ProcessingJob(stack, 'B', { image, jobNamePrefix: 'a-2026' });
  }, "TestStack/A: overlap SKIP looks for running jobs whose names contain 'a-2', and the runs of TestStack/B (prefix 'a-2026') match it: they would make this job skip; give the jobs prefixes that do not contain each other"),
  names('OverlapPolicy.SKIP added after a prefix that extends it with a date', () => {
    const stack = newStack();
    new ProcessingJob(stack, 'B', { image, jobNamePrefix: 'a-2026' });
    return new ProcessingJob(stack, 'A', { image, jobNamePrefix: 'a', overlap: OverlapPolicy.SKIP });
  }, "TestStack/A: overlap SKIP looks for running jobs whose names contain 'a-2', and the runs of TestStack/B (prefix 'a-2026') match it: they would make this job skip; give the jobs prefixes that do not contain each other"),
  names('OverlapPolicy.SKIP inside a shared runner beside a longer prefix', () => {
    const stack = newStack();
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    new ProcessingJob(stack, 'A', { runner, image, jobNamePrefix: 'x', overlap: OverlapPolicy.SKIP });
    return new ProcessingJob(stack, 'B', { runner, image, jobNamePrefix: 'x-2' });
  }, "TestStack/A: overlap SKIP looks for running jobs whose names contain 'pl-x-2', and the runs of TestStack/B (prefix 'pl-x-2') match it: they would make this job skip; give the jobs prefixes that do not contain each other"),

  // Numbers.
  numbers('NaN back-off rate', () => job({ retry: { backoffRate: NaN } }), `${P}/Runner: retry.backoffRate NaN is out of range 1–10 (Step Functions Retry)`),
  numbers('infinite back-off rate', () => job({ retry: { backoffRate: Infinity } }), `${P}/Runner: retry.backoffRate Infinity is out of range 1–10 (Step Functions Retry)`),
  numbers('fractional max attempts', () => job({ retry: { maxAttempts: 2.5 } }), `${P}/Runner: retry.maxAttempts 2.5 is out of range 0–99 (Step Functions Retry)`),
  numbers('NaN capacity attempts', () => job({ retry: { capacityAttempts: NaN } }), `${P}/Runner: retry.capacityAttempts NaN is out of range 0–10 (Step Functions Retry)`),
  numbers('retry interval of 1.5 seconds', () => job({ retry: { interval: Duration.millis(1500) } }),
    `${P}/Runner: retry.interval 1 second 500 millis is not a whole number of seconds; give 1–86400 seconds (Step Functions Retry)`),
  numbers('retry max delay of 2 days', () => job({ retry: { maxDelay: Duration.days(2) } }), `${P}/Runner: retry.maxDelay 172800 is out of range 1–86400 seconds (Step Functions Retry)`),
  // Step Functions Developer Guide, "Step Functions service quotas": an execution runs for at most a year.
  numbers('capacity retries whose waits pass a year', () => new ProcessingJobRunner(newStack(), 'Runner', {
    retry: { capacityAttempts: 9, capacityInterval: Duration.hours(18) },
  }), 'TestStack/Runner: retry.capacityAttempts 9 with retry.capacityInterval 18 hours waits 383 days in all (the interval doubles after each attempt), ' +
    'over the 1 year (365 days) an execution may run: attempts after the 8th could never start; give at most 8 capacity attempts with this interval, ' +
    'or a shorter interval (Step Functions maximum execution time)'),
  numbers('output expiration of one hour', () => job({ outputExpiration: Duration.hours(1) }),
    `${P}/Runner: outputExpiration 1 hour is not a whole number of days; give 1–2147483647 days (S3 lifecycle Expiration.Days)`),
  numbers('output expiration of 36 hours', () => job({ outputExpiration: Duration.hours(36) }),
    `${P}/Runner: outputExpiration 1 day 12 hours is not a whole number of days; give 1–2147483647 days (S3 lifecycle Expiration.Days)`),
  numbers('max runtime of 1.5 seconds', () => jsonPathTask({ maxRuntime: Duration.millis(1500) }),
    `${P}: maxRuntime 1 second 500 millis is not a whole number of seconds; give whole seconds (StoppingCondition.MaxRuntimeInSeconds)`),
  numbers('volume of 1.5 GiB', () => jsonPathTask({ volumeSize: Size.mebibytes(1536) }), `${P}: volumeSize is 1.5 GiB, not a whole number of GiB (ProcessingResources.ClusterConfig.VolumeSizeInGB)`),
  numbers('NaN instance count', () => jsonPathTask({ instanceCount: NaN }), `${P}: instanceCount NaN is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`),
  numbers('max runtime of NaN seconds', () => jsonPathTask({ maxRuntime: Duration.seconds(NaN) }),
    `${P}: maxRuntime NaN seconds is not a whole number of seconds; give whole seconds (StoppingCondition.MaxRuntimeInSeconds)`),

  // S3 and paths.
  paths('a bucket name with a space', () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://my bucket/raw/')] }),
    `${P}: input 'raw' s3Uri 's3://my bucket/raw/' does not name an S3 bucket: ${BUCKET_RULE} ProcessingInputs[].S3Input.S3Uri)`),
  paths('a bucket name with a dollar', () => jsonPathTask({ processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://bucket$/out/')] }),
    `${P}: output 'out' s3Uri 's3://bucket$/out/' does not name an S3 bucket: ${BUCKET_RULE} ProcessingOutputs[].S3Output.S3Uri)`),
  paths('a local path with ..', () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { localPath: '/opt/ml/processing/../../etc' })] }),
    `${P}: input 'raw' localPath '/opt/ml/processing/../../etc' has an empty, '.' or '..' path segment; give a plain folder under /opt/ml/processing/ (LocalPath)`),
  paths('a local path with //', () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://b/raw/', { localPath: '/opt/ml/processing//' })] }),
    `${P}: input 'raw' localPath '/opt/ml/processing//' has an empty, '.' or '..' path segment; give a plain folder under /opt/ml/processing/ (LocalPath)`),
  paths('a local path with .', () => jsonPathTask({ processingOutputs: [ProcessingOutput.toS3Uri('out', 's3://b/out/', { localPath: '/opt/ml/processing/./out' })] }),
    `${P}: output 'out' localPath '/opt/ml/processing/./out' has an empty, '.' or '..' path segment; give a plain folder under /opt/ml/processing/ (LocalPath)`),
  paths('a code entry point outside its folder', () => ProcessingCode.fromAsset('examples/processors/framework', { entryPoint: '../outside.py' }),
    "ProcessingCode.fromAsset: entryPoint '../outside.py' is outside 'examples/processors/framework'; give a path inside the folder, e.g. 'process.py'"),
  paths('a code entry point that is an absolute path', () => ProcessingCode.fromAsset('examples/processors/framework', { entryPoint: '/etc/passwd' }),
    "ProcessingCode.fromAsset: entryPoint '/etc/passwd' is outside 'examples/processors/framework'; give a path inside the folder, e.g. 'process.py'"),
  paths('a code entry point that is a folder', () => ProcessingCode.fromAsset('examples/processors', { entryPoint: 'framework' }),
    "ProcessingCode.fromAsset: entryPoint 'framework' is a folder; give the file that runs, e.g. 'framework/main.py'"),
  paths('code from a bucket with an empty key', () => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(newStack(), 'B', 'code-bucket'), ''),
    "ProcessingCode.fromBucket: key '' names no object; give the key of a script or of a .zip/.tar.gz archive, e.g. 'code/process.py'"),
  paths('code from a bucket with a folder key', () => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(newStack(), 'B', 'code-bucket'), 'code/'),
    "ProcessingCode.fromBucket: key 'code/' names a folder; give the key of a script or of a .zip/.tar.gz archive, e.g. 'code/process.py'"),

  // Processors and images.
  processors('a Java class name with a space', () => new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'com.example Main' }),
    "SparkJarProcessor: submitClass 'com.example Main' is not a Java class name (identifiers separated by '.', e.g. com.example.Main)"),
  processors('a Java class name ending with a dot', () => new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'com.example.' }),
    "SparkJarProcessor: submitClass 'com.example.' is not a Java class name (identifiers separated by '.', e.g. com.example.Main)"),
  processors('an image reference with a space', () => ProcessingImage.fromRegistry('my image:1'),
    "ProcessingImage.fromRegistry: 'my image:1' is not an image reference (no spaces, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1) (AppSpecification.ImageUri)"),
  processors('an empty image reference', () => ProcessingImage.fromRegistry(''),
    "ProcessingImage.fromRegistry: '' is not an image reference (no spaces, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1) (AppSpecification.ImageUri)"),
  processors('PySpark configuration given as an object', () => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, configuration: { classification: 'spark-defaults' } as never }),
    "PySparkProcessor: configuration must be a list of { classification, properties } objects, e.g. [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g' } }]; got object"),
  processors('an empty command word', () => new ScriptProcessor({ image, command: [''] }),
    'ScriptProcessor: command[0] is 0 characters; each item must be 1–256 (AppSpecification.ContainerEntrypoint)'),
  processors('a command word of 257 characters', () => new ScriptProcessor({ image, command: ['python3', 'x'.repeat(257)] }),
    'ScriptProcessor: command[1] is 257 characters; each item must be 1–256 (AppSpecification.ContainerEntrypoint)'),
  processors('an empty framework command word', () => new FrameworkProcessor({ image, command: ['python', ''] }),
    'FrameworkProcessor: command[1] is 0 characters; each item must be 1–256 (AppSpecification.ContainerEntrypoint)'),

  // Instance types.
  ...([
    ['a truncated size', 'ml.m5.xlarg', '; did you mean ml.m5.xlarge?'],
    ['no ml. prefix', 'm5.xlarge', '; did you mean ml.m5.xlarge?'],
    ['an empty name', '', ''],
    ['no size', 'ml.m5', ''],
    ['upper case', 'ML.M5.XLARGE', ''],
    ['a trailing space', 'ml.m5.xlarge ', '; did you mean ml.m5.xlarge?'],
    ['an EC2 name', 'm5.large', '; did you mean ml.m5.large?'],
    ['an empty family', 'ml..xlarge', '; did you mean ml.c4.xlarge?'],
    ['a size with a typo', 'ml.c5.2xlarg', '; did you mean ml.c5.2xlarge?'],
  ] as const).map(([name, value, hint]) => types(name, () => jsonPathTask({ instanceType: ProcessingInstanceType.of(value) }),
    `${P}: instanceType '${value}' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge)${hint} (ProcessingResources.ClusterConfig.InstanceType)`)),
  types('a malformed instance preference', () => jsonPathTask({ instancePreferences: [{ instanceType: ProcessingInstanceType.of('ml.g5') }] }),
    `${P}: instancePreferences[].instanceType 'ml.g5' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge) (ProcessingResources.ClusterConfig.InstancePreferences)`),

  // Schedules.
  schedules('a time zone on Mars', () => job({ schedule: JobSchedule.cron({ hour: '2', minute: '0', timeZone: TimeZone.of('Mars/Olympus_Mons') }) }),
    `${P}/Schedule: timeZone 'Mars/Olympus_Mons' is not an IANA time zone name (EventBridge Scheduler ScheduleExpressionTimezone)`),
  schedules('a misspelt time zone', () => job({ schedule: JobSchedule.cron({ hour: '2', minute: '0', timeZone: TimeZone.of('Europe/Londn') }) }),
    `${P}/Schedule: timeZone 'Europe/Londn' is not an IANA time zone name; did you mean Europe/London? (EventBridge Scheduler ScheduleExpressionTimezone)`),
  schedules('a time zone in lower case', () => job({ schedule: JobSchedule.cron({ hour: '2', minute: '0', timeZone: TimeZone.of('europe/paris') }) }),
    `${P}/Schedule: timeZone 'europe/paris' is not an IANA time zone name; did you mean Europe/Paris? (EventBridge Scheduler ScheduleExpressionTimezone)`),
  schedules('a trigger whose overrides make the rule\'s input over 8,192 characters', () => {
    const stack = newStack();
    return job({ triggers: [JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Raw'), { overrides: { environment: LONG_ENVIRONMENT } })] }, stack);
  }, `${P}/Trigger1: the rule's target input is 10562 characters; EventBridge takes at most 8192 (PutTargets Target.InputTransformer.InputTemplate): ` +
    "set fewer or shorter values in the overrides (the job's own values are not sent), or move them into the job"),
  schedules('a classic rule schedule whose overrides make its input over 8,192 characters', () => job({
    schedule: JobSchedule.rule(events.Schedule.rate(Duration.hours(1)), { overrides: { environment: LONG_ENVIRONMENT } }),
  }), `${P}/Schedule: the rule's target input is 10510 characters; EventBridge takes at most 8192 (PutTargets Target.InputTransformer.InputTemplate): ` +
    "set fewer or shorter values in the overrides (the job's own values are not sent), or move them into the job"),
  schedules('an event trigger with an empty list in its pattern', () => job({
    triggers: [JobTrigger.onEvent({ source: ['aws.glue'], detail: { state: [] } })],
  }), `${P}/Trigger1: pattern.detail.state is an empty list; EventBridge refuses it in an event pattern: give at least one value, or leave the field out`),
  schedules('an event trigger whose pattern is over 4,096 characters', () => job({
    triggers: [JobTrigger.onEvent({ source: ['my.app'], detail: { batchId: Array.from({ length: 400 }, (_, i) => `batch-${i}`) } })],
  }), `${P}/Trigger1: the rule's event pattern is 4734 characters of JSON; EventBridge takes at most 4096 (PutRule EventPattern): match fewer or shorter values`),
  schedules('a direct schedule of a job that skips overlapping runs', () => job({
    overlap: OverlapPolicy.SKIP, schedule: JobSchedule.rate(Duration.hours(1), { direct: true }),
  }), `${P}/Schedule: direct mode cannot skip a run while another is in progress: the job has overlap OverlapPolicy.SKIP, which its state machine checks, ` +
    'and a direct schedule calls CreateProcessingJob without it; leave direct out, or give the job OverlapPolicy.ALLOW'),
  schedules('an event trigger whose overrides read over 100 event paths', () => job({
    triggers: [JobTrigger.onEvent({ source: ['my.app'] }, {
      overrides: { environment: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, events.EventField.fromPath(`$.detail.v${i}`)])) },
    })],
  }), `${P}/Trigger1: the rule's target reads 102 event paths; EventBridge takes at most 100 (PutTargets Target.InputTransformer.InputPathsMap): ` +
    'read fewer distinct events.EventField paths in the overrides'),
  schedules('a FIFO dead-letter queue on a schedule', () => {
    const stack = newStack();
    const deadLetterQueue = new sqs.Queue(stack, 'Dlq', { fifo: true });
    return job({ schedule: JobSchedule.cron({ hour: '2', minute: '0', deadLetterQueue }) }, stack);
  }, `${P}/Schedule: deadLetterQueue TestStack/Dlq is a FIFO queue; EventBridge Scheduler dead-letter queues must be standard SQS queues (EventBridge Scheduler DeadLetterConfig)`),
  schedules('a FIFO dead-letter queue on a trigger', () => {
    const stack = newStack();
    const deadLetterQueue = new sqs.Queue(stack, 'Dlq', { fifo: true });
    return job({ triggers: [JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Raw'), { deadLetterQueue })] }, stack);
  }, `${P}/Trigger1: deadLetterQueue TestStack/Dlq is a FIFO queue; EventBridge rule dead-letter queues must be standard SQS queues (EventBridge rule DeadLetterConfig)`),

  // Arguments and tokens.
  tokens('a JSONata string in a JSONPath task', () => jsonPathTask({ arguments: ['--date', '{% $states.input.date %}'] }),
    `${P}: arguments[1] is the JSONata value {% $states.input.date %}, but the state evaluates JSONPath, not JSONata: it would reach the container as that text; ` +
    'use sfn.JsonPath.stringAt(...) (or SageMakerCreateProcessingJob.jsonata for JSONata) (AppSpecification.ContainerArguments)'),
  tokens('a JSONPath value in a JSONata task', () => SageMakerCreateProcessingJob.jsonata(newStack(), 'Job', { image, arguments: ['--date', sfn.JsonPath.stringAt('$.date')] }),
    `${P}: arguments[1] is the JSONPath value $.date, but the state evaluates JSONata, not JSONPath: it would reach the container as that text; use a JSONata expression {% ... %} instead (AppSpecification.ContainerArguments)`),
  tokens('JsonPath.stringAt in a ProcessingJob\'s arguments', () => new ProcessingJob(newStack(), 'Job', { image, arguments: ['--date', sfn.JsonPath.stringAt('$.date')] }),
    `${P}: arguments[1] is the JSONPath value $.date, but this definition is not evaluated by any state: it would reach the container as that text; ` +
    'give run values in the execution input, or in the overrides of a schedule, trigger or asStep (AppSpecification.ContainerArguments)'),
  tokens('a JSONata string in a ProcessingJob\'s environment', () => new ProcessingJob(newStack(), 'Job', { image, environment: { DATE: '{% $now() %}' } }),
    `${P}: environment variable DATE is the JSONata value {% $now() %}, but this definition is not evaluated by any state: it would reach the container as that text; ` +
    'give run values in the execution input, or in the overrides of a schedule, trigger or asStep (Environment)'),
  tokens('JsonPath.numberAt as a ProcessingJob\'s instance count', () => new ProcessingJob(newStack(), 'Job', { image, instanceCount: sfn.JsonPath.numberAt('$.n') }),
    `${P}: instanceCount is the JSONPath value $.n, but this definition is not evaluated by any state: it would reach the container as that text; ` +
    'give run values in the execution input, or in the overrides of a schedule, trigger or asStep (ProcessingResources.ClusterConfig.InstanceCount)'),
  tokens('a JSONPath input URI in a deploy-time run', () => new ProcessingJobRun(newStack(), 'Run', { image, processingInputs: [ProcessingInput.fromS3Uri('raw', sfn.JsonPath.stringAt('$.uri'))] }),
    "TestStack/Run: input 'raw' s3Uri is the JSONPath value $.uri, but this definition is not evaluated by any state: it would reach the container as that text; " +
    'a deploy-time run takes values known at deploy time (CloudFormation references are fine) (ProcessingInputs[].S3Input.S3Uri)'),
  tokens('one token among 150 arguments', () => jsonPathTask({ arguments: [...many(149, (i) => `a${i}`), sfn.JsonPath.stringAt('$.x')] }),
    `${P}: arguments has 150 items; it must have 1–100 (AppSpecification.ContainerArguments)`),
  tokens('101 variables with the run\'s two in a ProcessingJob', () => new ProcessingJob(newStack(), 'Job', { image, environment: Object.fromEntries(many(99, (i) => `V${i}`).map((k) => [k, 'x'])) }),
    `${P}: environment has 101 variables, counting the 2 every run adds (PROCESSING_RUN_ID, PROCESSING_SCHEDULED_TIME); the limit is 100 (Environment)`),
  tokens('a job variable the run sets', () => new ProcessingJob(newStack(), 'Job', { image, environment: { PROCESSING_RUN_ID: 'mine' } }),
    `${P}: environment variable PROCESSING_RUN_ID is set by every run (the run's id and scheduled time); remove it (Environment)`),
];
