import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FrameworkProcessor, JobSchedule, JobTrigger, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingJobRun, PySparkProcessor, S3DataType, SparkVersion } from '../../../lib';
import { IMAGE_URI, jsonPathTask, newStack } from '../../task/helpers';

/** An almost-certainly-wrong configuration: synth passes with exactly this acknowledgeable warning. */
export interface Warned {
  readonly category: string;
  readonly name: string;
  /** Builds the configuration; returns its stack. */
  readonly build: () => Stack;
  readonly warning: string;
}

const image = ProcessingImage.fromRegistry(IMAGE_URI);
const KNOWN = ProcessingInstanceType.KNOWN_TYPES.length;
const unknownType = (where: string, value: string, closest: string) =>
  `${where}: instanceType '${value}' is not among the ${KNOWN} processing instance types of the SageMaker API model this library was built with (closest: ${closest}); ` +
  'if AWS added it since, acknowledge this warning [ack: cdk-sagemaker-processing:unknown-instance-type]';

/** A job with one object-created trigger of the given key filters. */
const triggered = (filters: { prefix?: string; suffix?: string }) => {
  const stack = newStack();
  new ProcessingJob(stack, 'Job', { image, triggers: [JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Landing'), filters)] });
  return stack;
};

export const WARNING_ROWS: Warned[] = [
  { category: 'inputs', name: 'a manifest-file input whose URI is a folder', build: () => jsonPathTask({
    processingInputs: [ProcessingInput.fromS3Uri('files', 's3://lake/manifests/', { s3DataType: S3DataType.MANIFEST_FILE })],
  }).stack, warning: "TestStack/Job: input 'files' s3Uri 's3://lake/manifests/' ends with '/', but its s3DataType is ManifestFile: SageMaker reads the URI as one manifest " +
    "object (a JSON list of a prefix and keys), not a folder; give the manifest file's key, or S3DataType.S3_PREFIX for the objects under the folder (ProcessingInputs[].S3Input.S3DataType) " +
    '[ack: cdk-sagemaker-processing:manifest-folder]' },
  { category: 'schedules', name: 'a cron of a past year', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, schedule: JobSchedule.cron({ minute: '0', hour: '2', year: '2020' }),
  })), warning: "TestStack/Job/Schedule: expression 'cron(0 2 * * ? 2020)' can never fire: every year it names (2020) is past; the schedule would deploy and never " +
    'start a run [ack: cdk-sagemaker-processing:schedule-never-fires]' },
  { category: 'schedules', name: 'a rule on the 30th of February', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, schedule: JobSchedule.rule(events.Schedule.cron({ minute: '0', hour: '2', day: '30', month: '2' })),
  })), warning: "TestStack/Job/Schedule: expression 'cron(0 2 30 2 ? *)' can never fire: no month it names (2) has day 30; the rule would deploy and never " +
    'start a run [ack: cdk-sagemaker-processing:schedule-never-fires]' },
  { category: 'schedules', name: 'a cron of a year after its endDate', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, schedule: JobSchedule.cron({ minute: '0', hour: '2', year: '2031', endDate: new Date('2030-06-01T00:00:00Z') }),
  })), warning: "TestStack/Job/Schedule: expression 'cron(0 2 * * ? 2031)' can never fire: every year it names (2031) is after endDate 2030-06-01T00:00:00.000Z; " +
    'the schedule would deploy and never start a run [ack: cdk-sagemaker-processing:schedule-never-fires]' },
  // A date that was ahead at the first deployment is past at every synth after it: a warning, or the app could not be deployed again.
  { category: 'schedules', name: 'an end date in the past', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, schedule: JobSchedule.cron({ hour: '2', minute: '0', endDate: new Date('2020-01-01T00:00:00Z') }),
  })), warning: expect.stringMatching(new RegExp('^TestStack/Job/Schedule: endDate 2020-01-01T00:00:00.000Z is already past at synth \\(.*\\): the schedule ' +
    'runs no more, and EventBridge Scheduler refuses to create a schedule whose EndDate is past \\(a deployed one stays as it is\\): remove the schedule, ' +
    'or give a later endDate \\(EventBridge Scheduler EndDate\\) \\[ack: cdk-sagemaker-processing:schedule-date-past\\]$')) as unknown as string },
  { category: 'schedules', name: 'a start date in the past', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, schedule: JobSchedule.rate(Duration.hours(1), { startDate: new Date('2026-01-01T00:00:00Z') }),
  })), warning: expect.stringMatching(new RegExp('^TestStack/Job/Schedule: startDate 2026-01-01T00:00:00.000Z is already past at synth \\(.*\\): ' +
    'EventBridge Scheduler refuses a StartDate more than 5 minutes old when it creates the schedule \\(a deployed one stays as it is\\): for a new ' +
    'schedule give a future date; once the schedule has started, leave startDate out \\(EventBridge Scheduler StartDate\\) ' +
    '\\[ack: cdk-sagemaker-processing:schedule-date-past\\]$')) as unknown as string },
  { category: 'triggers', name: 'a suffix written as a glob', build: () => triggered({ suffix: '*.csv' }),
    warning: "TestStack/Job/Trigger1: suffix '*.csv' has '*' or '?', which EventBridge matches literally (a key ending with those characters), not as a pattern: " +
      "give the fixed part (e.g. suffix '.csv') [ack: cdk-sagemaker-processing:trigger-key-filter]" },
  { category: 'triggers', name: 'a prefix written as an S3 URI', build: () => triggered({ prefix: 's3://landing/raw/' }),
    warning: "TestStack/Job/Trigger1: prefix 's3://landing/raw/' is matched against object keys, which start with neither 's3://' nor '/': give the key's own prefix " +
      "(e.g. 'raw/') [ack: cdk-sagemaker-processing:trigger-key-filter]" },
  { category: 'triggers', name: 'an event pattern over the default 2,048-character quota', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, triggers: [JobTrigger.onEvent({ source: ['my.app'], detail: { batchId: Array.from({ length: 200 }, (_, i) => `batch-${i}`) } })],
  })), warning: "TestStack/Job/Trigger1: the rule's event pattern is 2334 characters of JSON; EventBridge's default quota is 2048 (Service Quotas: Event pattern size, " +
    'adjustable up to 4096), and PutRule refuses a longer pattern in an account whose quota was not raised: match fewer or shorter values, ' +
    'or acknowledge this warning where the quota is raised [ack: cdk-sagemaker-processing:event-pattern-quota]' },
  { category: 'instance types', name: 'a well-formed type the table lacks', build: () => jsonPathTask({ instanceType: ProcessingInstanceType.of('ml.m9.xlarge') }).stack,
    warning: unknownType('TestStack/Job', 'ml.m9.xlarge', 'ml.m4.xlarge') },
  { category: 'instance types', name: 'a new family in a schedule\'s overrides', build: () => Stack.of(new ProcessingJob(newStack(), 'Job', {
    image, schedule: JobSchedule.cron({ hour: '2', minute: '0', overrides: { instanceType: 'ml.x9.large' } }),
  })), warning: unknownType('TestStack/Job/Schedule', 'ml.x9.large', 'ml.m5.large') },
  { category: 'S3 and paths', name: 'a legacy upper-case bucket name', build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://My_Bucket/raw/')] }).stack,
    warning: "TestStack/Job: input 'raw' s3Uri 's3://My_Bucket/raw/' names the bucket 'My_Bucket', which has upper-case letters or underscores: only legacy buckets in us-east-1 " +
      'have such names, and SageMaker cannot use them in other regions; check the bucket name (S3 bucket naming rules) [ack: cdk-sagemaker-processing:legacy-bucket-name]' },
  { category: 'S3 and paths', name: 'a glob in an S3 URI', build: () => jsonPathTask({ processingInputs: [ProcessingInput.fromS3Uri('raw', 's3://lake/raw/2026-*/part-?.csv')] }).stack,
    warning: "TestStack/Job: input 'raw' s3Uri 's3://lake/raw/2026-*/part-?.csv' has '*' or '?' in its key: SageMaker reads an S3 URI's key literally (the objects whose keys " +
      "start with 'raw/2026-*/part-?.csv'), not as a pattern; give the folder, e.g. 's3://lake/raw/', or a manifest file (ProcessingInputs[].S3Input.S3Uri) " +
      '[ack: cdk-sagemaker-processing:s3-uri-wildcard]' },
  { category: 'processors and images', name: 'requirements.txt with network isolation', build: () => jsonPathTask({
    image: undefined,
    processor: new FrameworkProcessor({ image }),
    code: ProcessingCode.fromAsset('examples/processors/framework', { entryPoint: 'process.py' }),
    enableNetworkIsolation: true,
  }).stack, warning: 'TestStack/Job: FrameworkProcessor installs the code folder\'s requirements.txt with pip, but enableNetworkIsolation is true: the container has no network ' +
    'and the install fails (unless the packages are in the image already); remove requirements.txt or the isolation (NetworkConfig.EnableNetworkIsolation) [ack: cdk-sagemaker-processing:network-isolation-needs-network]' },
  { category: 'processors and images', name: 'a Spark export value with a space and no quotes', build: () => jsonPathTask({
    image: undefined,
    processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, configuration: [{ classification: 'yarn-env', configurations: [{ classification: 'export', properties: { YARN_OPTS: '-Xmx1g -Dx=y' } }] }] }),
    code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(newStack(), 'B', 'code-bucket'), 'app.py'),
  }).stack, warning: "TestStack/Job: configuration[0].configurations[0].properties['YARN_OPTS'] '-Xmx1g -Dx=y' (yarn-env: export YARN_OPTS=-Xmx1g -Dx=y): " +
    'the Spark container writes each export line as it is, so bash exports the value up to its first space and refuses the rest; put quotes around the value ' +
    '(\'"-Xmx2g -Dkey=value"\') [ack: cdk-sagemaker-processing:spark-export-unquoted]' },
  { category: 'processors and images', name: 'an entrypoint program with a space', build: () => jsonPathTask({ image, entrypoint: ['python3 -u', 'run.py'] }).stack,
    warning: "TestStack/Job: entrypoint[0] 'python3 -u' has whitespace, but SageMaker runs the first item as the program, with no shell to split it into words: " +
      "the container fails to start. Give each word as its own item, e.g. ['python3', '-u', 'run.py'] (AppSpecification.ContainerEntrypoint) [ack: cdk-sagemaker-processing:entrypoint-program-space]" },
  { category: 'deploy-time run', name: 'maxRuntime equal to timeout', build: () => Stack.of(new ProcessingJobRun(newStack(), 'Run', { image, timeout: Duration.minutes(30), maxRuntime: Duration.minutes(30) })),
    warning: 'TestStack/Run: maxRuntime 1800 seconds is not shorter than timeout 1800 seconds, the time the deployment waits: a run that uses its maxRuntime fails the deployment first; ' +
      'give a shorter maxRuntime or a longer timeout (StoppingCondition.MaxRuntimeInSeconds) [ack: cdk-sagemaker-processing:run-timeout]' },
];
