import * as fc from 'fast-check';
import { RUN_VARIABLES, runInputCheck, RunRulesData } from '../../lib/api/run-rules';
import { ProcessingJobSpec } from '../../lib/api/spec';
import { checkProcessingJobSpec } from '../../lib/api/validate';
import type { ProcessingJobMetadata } from '../../lib/job/metadata';
import { checkOverrides } from '../../cli/src/overrides';
import { evaluateJsonata } from '../util/jsonata';

/**
 * One value, one verdict: a run's overrides are checked offline by the CLI (`run`, `local`,
 * `runProcessingJob`), by the runner's JSONata `Run` state, and — given as a schedule's, trigger's
 * or step's static overrides — at synth by the kit (the job's spec with them). For generated values
 * of every field a run can override, the three take or refuse them alike, and the CLI says what
 * the runner says, after the option that gave the value.
 */
const JOB_ENV = { LOG_LEVEL: 'info' };
const RULES: RunRulesData = {
  job: null,
  keys: ['arguments', 'environment', 'instanceType', 'instanceCount', 'inputs', 'outputs', 'scheduledTime'],
  defaults: { arguments: ['--mode', 'full'], environment: JOB_ENV, instanceType: 'ml.m5.xlarge', instanceCount: 1, inputs: { raw: 's3://lake/raw/' }, outputs: { features: 's3://lake/features/' } },
  names: { inputs: ['raw'], outputs: ['features'] },
  partitioned: false,
  runVariables: [RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime],
  guards: [],
  image: null,
};
const METADATA: ProcessingJobMetadata = {
  version: 1, path: 'DataLake/Nightly', id: 'Nightly', jobId: 'Nightly', jobNamePrefix: 'Nightly', stateMachineLogicalId: 'Runner', executionInput: {},
  request: { Environment: JOB_ENV }, outputPartitioning: 'none', overridableKeys: RULES.keys, overridableInputs: ['raw'], overridableOutputs: ['features'],
};
const SPEC: ProcessingJobSpec = {
  jobName: 'nightly', roleArn: 'arn:aws:iam::123456789012:role/job', imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1',
  arguments: ['--mode', 'full'], environment: JOB_ENV, instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGb: 30,
  inputs: [{ inputName: 'raw', s3: { s3Uri: 's3://lake/raw/', localPath: '/opt/ml/processing/input/raw', s3DataType: 'S3Prefix', inputMode: 'File' } }] as ProcessingJobSpec['inputs'],
  outputs: [{ outputName: 'features', s3: { s3Uri: 's3://lake/features/', localPath: '/opt/ml/processing/output', uploadMode: 'EndOfJob' } }] as ProcessingJobSpec['outputs'],
};
const OPTION: { [key: string]: string } = { arguments: '--arg', environment: '--env', instanceType: '--instance-type', instanceCount: '--instance-count', inputs: '--input', outputs: '--output' };

async function runnerCause(input: unknown): Promise<string | undefined> {
  const context = { Execution: { Name: 'run-1', StartTime: '2026-11-24T02:00:00Z' } };
  return (await evaluateJsonata(`{% ${runInputCheck('$states.input', '$runRules')} %}`, { input, context }, { runRules: RULES })).problem;
}

function cliError(overrides: unknown): string | undefined {
  try {
    checkOverrides(overrides as never, METADATA);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The kit's verdict on the job with these overrides, as a schedule's static overrides get it (`ProcessingJob.addVariant`). */
function synthError(o: { [key: string]: any }): string | undefined {
  const spec: { -readonly [K in keyof ProcessingJobSpec]: ProcessingJobSpec[K] } = { ...SPEC };
  if (o.arguments !== undefined) spec.arguments = o.arguments;
  if (o.environment !== undefined) spec.environment = { ...JOB_ENV, ...o.environment };
  if (o.instanceType !== undefined) spec.instanceType = o.instanceType;
  if (o.instanceCount !== undefined) spec.instanceCount = o.instanceCount;
  if (o.inputs !== undefined) spec.inputs = [{ ...SPEC.inputs[0], s3: { ...SPEC.inputs[0].s3!, s3Uri: o.inputs.raw } }];
  if (o.outputs !== undefined) spec.outputs = [{ ...SPEC.outputs[0], s3: { ...SPEC.outputs[0].s3!, s3Uri: o.outputs.features } }];
  try {
    checkProcessingJobSpec('Stack/Nightly/Schedule', spec, { runVariables: [RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime] });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// Characters that break rules: line breaks (the API's `.*`), astral ones (lengths count code points), spaces, `/`, `=`.
const character = fc.constantFrom('a', 'Z', '0', '_', '-', '.', '/', ' ', '=', ':', '\n', '\r', '\u2028', '\t', '😀', 'é', '*', '\u00a0');
const text = fc.oneof(
  fc.array(character, { maxLength: 8 }).map((a) => a.join('')),
  fc.integer({ min: 250, max: 260 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 250, max: 260 }).map((n) => '😀'.repeat(n)),
);
const s3Uri = fc.oneof(
  fc.tuple(fc.constantFrom('s3://', 'https://', 'S3://', 'ftp://', 's3:/', ''), fc.constantFrom('lake', 'my bucket', 'Legacy_Bucket', 'a.b-c', ''), fc.constantFrom('/', '', '//'), text)
    .map(([scheme, bucket, slash, key]) => `${scheme}${bucket}${slash}${key}`),
  fc.integer({ min: 1010, max: 1030 }).map((n) => `s3://b/${'k'.repeat(n - 7)}`),
  // 600 code points of 1,200 UTF-16 units: within the API's 1024.
  fc.integer({ min: 500, max: 1030 }).map((n) => `s3://b/${'😀'.repeat(n - 7)}`),
);
const overrides = fc.oneof(
  fc.record({ arguments: fc.array(text, { maxLength: 3 }) }),
  fc.record({ arguments: fc.integer({ min: 98, max: 102 }).map((n) => Array<string>(n).fill('a')) }),
  fc.record({ environment: fc.dictionary(text, text, { maxKeys: 3 }) }),
  fc.record({ environment: fc.tuple(fc.constantFrom('MODE', 'LOG_LEVEL', '_x1', RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime), text).map(([k, v]) => ({ [k]: v })) }),
  fc.record({ environment: fc.integer({ min: 96, max: 99 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, 'x']))) }),
  fc.record({ instanceType: fc.oneof(text, fc.constantFrom('ml.m5.xlarge', 'ml.m5.xlarg', 'm5.xlarge', 'ml.m9.xlarge', 'ml.M5.xlarge', 'ml.m5.large ', 'ml.trn1n.32xlarge', 'ml.c7i.metal-48xl', 'ml.g5.0xlarge', 'ml..xlarge')) }),
  fc.record({ instanceCount: fc.oneof(fc.integer({ min: -2, max: 103 }), fc.integer({ min: -4, max: 404 }).map((n) => n / 4)) }),
  fc.record({ inputs: s3Uri.map((uri) => ({ raw: uri })) }),
  fc.record({ outputs: s3Uri.map((uri) => ({ features: uri })) }),
  // Values of the wrong type, as `runProcessingJob` may get them from JavaScript or JSON.
  fc.record({ arguments: fc.constantFrom<unknown>('--date 2026-11-24', [1], [null], {}) }),
  fc.record({ environment: fc.constantFrom<unknown>([], 'A=1', { K: 5 }, { K: null }) }),
  fc.record({ instanceType: fc.constantFrom<unknown>(4, null, ['ml.m5.xlarge']) }),
  fc.record({ instanceCount: fc.constantFrom<unknown>('2', null, [2]) }),
  fc.record({ inputs: fc.constantFrom<unknown>('s3://lake/raw/', [], { raw: 5 }, { raw: null }) }),
);

test('the CLI, the runner and the synth-time kit take and refuse the same overrides; the CLI gives the runner\'s cause', async () => {
  await fc.assert(fc.asyncProperty(overrides, async (o) => {
    // The CLI stops at the first problem; the runner counts the others.
    const cause = (await runnerCause(o))?.replace(/ \(and \d+ more problems\)$/, '');
    // The CLI, as synth, also names the closest known instance type, which the runner's check cannot.
    const cli = cliError(o)?.replace(/; did you mean ml\.[a-z0-9.-]+\?/, '');
    const key = Object.keys(o)[0];
    if (key === 'environment' && cause?.startsWith('environment has ')) {
      // The count names the job in the CLI's words, as it counts the job's deployed variables.
      expect(cli).toBe(`--env: ${cause} (job DataLake/Nightly)`);
    } else if (key === 'environment' && cause?.includes(' is set by every run ')) {
      expect(cli).toBe(`--env ${Object.keys((o as { environment: object }).environment)[0]}: ${cause}`);
    } else if (cause?.includes('…')) {
      // The runner shows 100 characters of a long value; the CLI the whole of it.
      expect(cli?.startsWith(`${OPTION[key]}: ${cause.split('…')[0]}`)).toBe(true);
    } else {
      expect(cli).toBe(cause === undefined ? undefined : `${OPTION[key]}: ${cause}`);
    }
    // The kit reads typed props: values of the wrong type never reach it (TypeScript and jsii refuse them).
    const typed = !Object.values(o).some((v) => v === null || typeof v === 'number' && key !== 'instanceCount' || typeof v === 'string' && key !== 'instanceType'
      || Array.isArray(v) && key !== 'arguments' || key === 'arguments' && (!Array.isArray(v) || v.some((a) => typeof a !== 'string'))
      || key === 'instanceCount' && typeof v !== 'number' || key === 'instanceType' && typeof v !== 'string'
      || typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).some((x) => typeof x !== 'string'));
    if (typed) expect(synthError(o) === undefined).toBe(cause === undefined);
  }), { numRuns: 1500 });
}, 120_000);

test.each<[string, unknown, string]>([
  ['an S3 URI of 600 astral characters (1,200 UTF-16 units) is within the 1,024 the API counts in code points', { inputs: { raw: `s3://b/${'😀'.repeat(593)}` } }, ''],
  ['an environment value that is a number', { environment: { MODE: 5 } }, '--env: environment variable MODE must be a string (Environment)'],
  ['arguments as one string', { arguments: '--date 2026-11-24' },
    '--arg: arguments must be a list of strings, e.g. ["--date", "2026-11-24"]; got string (AppSpecification.ContainerArguments)'],
  ['an instance count as a string', { instanceCount: '2' }, '--instance-count: instanceCount must be a number; got string (ProcessingResources.ClusterConfig.InstanceCount)'],
  ['environment as a list', { environment: [] }, '--env: environment must be an object of variable names to string values; got array'],
  ['inputs as a string', { inputs: 's3://lake/raw/' }, '--input: inputs must be an object of input names to S3 URIs; got string'],
  ['a scheduled time as a number', { scheduledTime: 5 }, '--scheduled-time: scheduledTime \'5\' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"'],
])('runProcessingJob: %s', (_name, o, error) => {
  expect(cliError(o) ?? '').toBe(error);
});
