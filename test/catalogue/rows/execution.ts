/** One execution input a runner must refuse, and the exact cause of its `InvalidExecutionInput`. */
export interface BadExecutionInput {
  readonly category: string;
  readonly name: string;
  /** The execution input of the nightly job's own runner (test/job/stacks.ts: arguments, LOG_LEVEL, input raw, partitioned output features). */
  readonly input: unknown;
  readonly cause: string;
}

const row = (name: string, input: unknown, cause: string): BadExecutionInput => ({ category: 'execution input', name, input, cause });
const S3 = '(https|s3)://([^/]+)/?(.*)';
const KEYS = 'arguments, environment, instanceType, instanceCount, inputs, outputs, scheduledTime';
const ENV_NAME = (k: string) => `environment variable name '${k}' must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 256 characters (Environment)`;
const COUNT = (v: string) => `instanceCount ${v} is out of range 1–100 (ProcessingResources.ClusterConfig.InstanceCount)`;
const TIME = (v: string) => `scheduledTime '${v}' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"`;
const NOT_OBJECT = (t: string) => `The execution input must be a JSON object of overrides (see "Execution input" in docs/processing-job.md); got ${t}`;

export const EXECUTION_ROWS: BadExecutionInput[] = [
  row('a string', 'run now', NOT_OBJECT('string')),
  row('a number', 7, NOT_OBJECT('number')),
  row('null', null, NOT_OBJECT('null')),
  row('an array', [{ instanceCount: 2 }], NOT_OBJECT('array')),
  row('the runner\'s old marker key', { __sentinel__: 0 }, `The execution input has the key '__sentinel__', which this job does not take. It takes: ${KEYS}`),
  row('a key in the wrong case', { instancetype: 'ml.m5.large' }, `The execution input has the key 'instancetype', which this job does not take. It takes: ${KEYS}`),
  row('a job key in a job\'s own runner', { job: 'NightlyFeatures' }, `The execution input has the key 'job', which this job does not take. It takes: ${KEYS}`),
  row('arguments of numbers', { arguments: [1, 2] }, 'arguments[0] must be a string (AppSpecification.ContainerArguments) (and 1 more problems)'),
  row('arguments as a string', { arguments: '--date 2026-11-24' }, 'arguments must be a list of strings, e.g. ["--date", "2026-11-24"]; got string (AppSpecification.ContainerArguments)'),
  row('empty arguments', { arguments: [] }, 'arguments has 0 items; it must have 1–100 (AppSpecification.ContainerArguments)'),
  row('an argument of 257 characters', { arguments: ['x'.repeat(257)] }, 'arguments[0] is 257 characters; each item must be 0–256 (AppSpecification.ContainerArguments)'),
  row('101 arguments', { arguments: Array.from({ length: 101 }, (_, i) => `a${i}`) }, 'arguments has 101 items; it must have 1–100 (AppSpecification.ContainerArguments)'),
  row('an environment value that is a number', { environment: { K: 1 } }, 'environment variable K must be a string (Environment)'),
  row('environment as an array', { environment: [] }, 'environment must be an object of variable names to string values; got array'),
  row('an environment name with a dash', { environment: { 'MY-VAR': 'x' } }, ENV_NAME('MY-VAR')),
  row('an environment name with a digit first', { environment: { '1A': 'x' } }, ENV_NAME('1A')),
  row('an environment value of 257 characters', { environment: { K: 'x'.repeat(257) } }, 'environment variable K is 257 characters; the limit is 256 (Environment)'),
  row('98 variables beside the job\'s and the run\'s', { environment: Object.fromEntries(Array.from({ length: 98 }, (_, i) => [`V${i}`, 'x'])) },
    'environment has 101 variables, counting the 2 every run adds (PROCESSING_RUN_ID, PROCESSING_SCHEDULED_TIME); the limit is 100 (Environment)'),
  row('the run id variable', { environment: { PROCESSING_RUN_ID: 'mine' } }, 'environment variable PROCESSING_RUN_ID is set by every run (the run\'s id and scheduled time); remove it (Environment)'),
  row('instance count 0', { instanceCount: 0 }, COUNT('0')),
  row('instance count 2.5', { instanceCount: 2.5 }, COUNT('2.5')),
  row('instance count 101', { instanceCount: 101 }, COUNT('101')),
  row('instance count as a string', { instanceCount: '2' }, 'instanceCount must be a number; got string (ProcessingResources.ClusterConfig.InstanceCount)'),
  row('a malformed instance type', { instanceType: 'ml.m5.xlarg' }, "instanceType 'ml.m5.xlarg' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge) (ProcessingResources.ClusterConfig.InstanceType)"),
  row('an instance type without ml.', { instanceType: 'm5.xlarge' }, "instanceType 'm5.xlarge' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge) (ProcessingResources.ClusterConfig.InstanceType)"),
  row('an instance type as a number', { instanceType: 4 }, 'instanceType must be a string (ProcessingResources.ClusterConfig.InstanceType)'),
  row('an input URI as a number', { inputs: { raw: 5 } }, "input 'raw' s3Uri must be a string (ProcessingInputs[].S3Input.S3Uri)"),
  row('an ftp input URI', { inputs: { raw: 'ftp://host/raw/' } }, `input 'raw' s3Uri 'ftp://host/raw/' must match ${S3} (ProcessingInputs[].S3Input.S3Uri)`),
  row('an input bucket with a space', { inputs: { raw: 's3://my bucket/raw/' } },
    "input 'raw' s3Uri 's3://my bucket/raw/' does not name an S3 bucket: bucket names have only a-z, 0-9, '.' and '-' (S3 bucket naming rules; ProcessingInputs[].S3Input.S3Uri)"),
  row('an unknown input', { inputs: { rawdata: 's3://lake/raw/' } }, "inputs names the input 'rawdata', which is not one of the job's S3 inputs (raw)"),
  row('inputs as a string', { inputs: 's3://lake/raw/' }, 'inputs must be an object of input names to S3 URIs; got string'),
  row('a partitioned output without a trailing slash', { outputs: { features: 's3://scratch/features' } },
    "outputs.features 's3://scratch/features' must end with '/' when outputs are partitioned (runs write under <uri>dt=…/ or run=…/) (ProcessingOutputs[].S3Output.S3Uri)"),
  row('an unknown output', { outputs: { feature: 's3://scratch/' } }, "outputs names the output 'feature', which is not one of the job's S3 outputs (features)"),
  row('a date without a time', { scheduledTime: '2026-11-24' }, TIME('2026-11-24')),
  row('month 13', { scheduledTime: '2026-13-01T00:00:00Z' }, TIME('2026-13-01T00:00:00Z')),
  row('February 30', { scheduledTime: '2026-02-30T02:00:00Z' }, TIME('2026-02-30T02:00:00Z')),
  row('April 31 with an offset', { scheduledTime: '2026-04-31T01:00:00+02:00' }, TIME('2026-04-31T01:00:00+02:00')),
  row('February 29 of a year that is not a leap year', { scheduledTime: '2100-02-29T00:00:00Z' }, TIME('2100-02-29T00:00:00Z')),
  row('a scheduled time that adds a variable', { scheduledTime: '2026-11-24T02:00:00Z","LD_PRELOAD":"/tmp/x.so' }, TIME('2026-11-24T02:00:00Z","LD_PRELOAD":"/tmp/x.so')),
  row('a run form that is a string', { run: 'now' }, 'run must be an object of the run\'s values; got string'),
  row('a run form with an extra key beside it', { run: {}, extra: 1 }, "The execution input has the key 'extra', which this job does not take. It takes: run"),
  row('a run form with an unknown value', { run: { bogus: 1 } }, `The execution input has the key 'bogus', which this job does not take. It takes: ${KEYS}`),
  row('a run form with instance count 0', { run: { instanceCount: 0 } }, COUNT('0')),
  row('a run form with a null instance count', { run: { instanceCount: null } }, 'instanceCount must be a number; got null (ProcessingResources.ClusterConfig.InstanceCount)'),
];
