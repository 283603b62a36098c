import { App, CfnParameter, Duration, Lazy, Size, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  JobSchedule, JobTrigger, ProcessingCode, ProcessingImage, ProcessingJob, ProcessingJobFleet, ProcessingJobRun, SageMakerCreateProcessingJob, ScriptProcessor,
} from '../../lib';
import { IMAGE_URI, renderedRequest } from '../task/helpers';

/**
 * Deploy-time values (a `Number` CfnParameter) in props the library converts or needs at synth: a
 * clear error naming the construct path, the prop and the field, never aws-cdk-lib's bare conversion
 * error or a placeholder number (-1.888e+289) taken as the value.
 */
const IMAGE = ProcessingImage.fromRegistry(IMAGE_URI);
const number = (stack: Stack, id = 'N') => new CfnParameter(stack, id, { type: 'Number', default: 2 }).valueAsNumber;
const stack = () => new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });

describe('a deploy-time amount in another unit than the field takes', () => {
  test.each<[string, (s: Stack) => void, string]>([
    ['maxRuntime in hours (a job)', (s) => new ProcessingJob(s, 'Job', { image: IMAGE, maxRuntime: Duration.hours(number(s)) }),
      'S/Job: maxRuntime is a deploy-time amount in another unit, which cannot be converted at synth; give it as Duration.seconds(…) (StoppingCondition.MaxRuntimeInSeconds)'],
    ['volumeSize in TiB (a task)', (s) => SageMakerCreateProcessingJob.jsonPath(s, 'Task', { image: IMAGE, volumeSize: Size.tebibytes(number(s)) }),
      'S/Task: volumeSize is a deploy-time amount in another unit, which cannot be converted at synth; give it as Size.gibibytes(…) (ProcessingResources.ClusterConfig.VolumeSizeInGB)'],
    ['timeout in minutes (a deploy-time run)', (s) => new ProcessingJobRun(s, 'Run', { image: IMAGE, timeout: Duration.minutes(number(s)) }),
      "S/Run: timeout is a deploy-time amount in another unit, which cannot be converted at synth; give it as Duration.seconds(…) (the completion handler's TimeoutSeconds)"],
  ])('%s is refused with the form to use', (_what, build, message) => {
    expect(() => build(stack())).toThrow(message);
  });

  test('in the unit the field takes, it is rendered as its parameter', () => {
    const s = stack();
    const job = SageMakerCreateProcessingJob.jsonPath(s, 'Task', { image: IMAGE, maxRuntime: Duration.seconds(number(s, 'Seconds')), volumeSize: Size.gibibytes(number(s, 'Gib')) });
    const request = renderedRequest(s, job);
    expect(request.StoppingCondition.MaxRuntimeInSeconds).toEqual({ Ref: 'Seconds' });
    expect(request.ProcessingResources.ClusterConfig.VolumeSizeInGB).toEqual({ Ref: 'Gib' });
  });
});

describe('a deploy-time value where the library needs the value at synth', () => {
  test.each<[string, (s: Stack) => void, string]>([
    ["a runner's retry.maxAttempts", (s) => new ProcessingJob(s, 'Job', { image: IMAGE, retry: { maxAttempts: number(s) } }),
      "S/Job/Runner: retry.maxAttempts is known only at deploy time, but the runner's retry states are written with it; give a value known at synth (Step Functions Retry)"],
    ["a runner's retry.capacityInterval", (s) => new ProcessingJob(s, 'Job', { image: IMAGE, retry: { capacityInterval: Duration.seconds(number(s)) } }),
      "S/Job/Runner: retry.capacityInterval is known only at deploy time, but the runner's retry states are written with it; give a value known at synth (Step Functions Retry)"],
    ["a fleet's jobsPerShard", (s) => new ProcessingJobFleet(s, 'Fleet', { jobsPerShard: number(s) }),
      'S/Fleet: jobsPerShard is known only at deploy time, but the fleet puts its jobs into nested stacks by it; give a value known at synth (jobs per nested stack)'],
    ["a schedule's retryAttempts", (s) => new ProcessingJob(s, 'Job', { image: IMAGE, schedule: JobSchedule.rate(Duration.hours(1), { retryAttempts: number(s) }) }),
      "retryAttempts is known only at deploy time, but aws-cdk-lib's EventBridge Scheduler target checks it at synth; give a value known at synth (EventBridge Scheduler RetryPolicy.MaximumRetryAttempts)"],
    ["a schedule's flexibleWindow", (s) => new ProcessingJob(s, 'Job', { image: IMAGE, schedule: JobSchedule.rate(Duration.hours(1), { flexibleWindow: Duration.minutes(number(s)) }) }),
      "flexibleWindow is known only at deploy time, but aws-cdk-lib's schedule checks it at synth; give a value known at synth (EventBridge Scheduler FlexibleTimeWindow.MaximumWindowInMinutes)"],
    ["a trigger's maxEventAge", (s) => new ProcessingJob(s, 'Job', { image: IMAGE, triggers: [JobTrigger.onGlueJobStateChange({ jobName: 'etl', maxEventAge: Duration.seconds(number(s)) })] }),
      "maxEventAge is known only at deploy time, but aws-cdk-lib's EventBridge rule target checks it at synth; give a value known at synth (EventBridge rule RetryPolicy.MaximumEventAgeInSeconds)"],
  ])('%s is refused, naming the prop and why', (_what, build, message) => {
    expect(() => build(stack())).toThrow(message);
  });
});

describe('a deploy-time value in an environment variable name', () => {
  const text = (stack: Stack, id = 'Name') => new CfnParameter(stack, id, { type: 'String', default: 'MODE' }).valueAsString;

  test.each<[string, (s: Stack) => void, string]>([
    ['a job', (s) => new ProcessingJob(s, 'Job', { image: IMAGE, environment: { [text(s)]: 'x' } }), 'S/Job'],
    ['a deploy-time run', (s) => new ProcessingJobRun(s, 'Run', { image: IMAGE, environment: { [`APP_${text(s)}`]: 'x' } }), 'S/Run'],
  ])('in %s is refused at synth, naming the construct (was aws-cdk-lib\'s "used as the key in a map")', (_what, build, path) => {
    expect(() => build(stack())).toThrow(new RegExp(`^${path}: environment variable name (APP_)?\\$\\{…\\} is known only at deploy time, but the job's request ` +
      'is written into the template with its names as text; give the name at synth \\(Environment\\)'));
  });

  test('is judged as a secret by its literal text, and shown without the placeholder', () => {
    const s = stack();
    SageMakerCreateProcessingJob.jsonPath(s, 'Task', { image: IMAGE, environment: { [text(s, 'A')]: 'x', [`${text(s, 'B')}_PASSWORD`]: 'y' } });
    const warnings = Annotations.fromStack(s).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    const secrets = warnings.filter((w) => w.includes('looks like a secret'));
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toContain('environment variable ${…}_PASSWORD looks like a secret');
    expect(warnings.join('\n')).not.toContain('Token[');
  });
});

test("a code key's deploy-time file name is refused with the key shown without the placeholder", () => {
  const s = stack();
  const key = new CfnParameter(s, 'Key', { type: 'String', default: 'code/x.py' }).valueAsString;
  expect(() => SageMakerCreateProcessingJob.jsonPath(s, 'Task', {
    processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }),
    code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(s, 'Code', 'code-bucket'), key),
  })).toThrow("S/Task: the file name of ProcessingCode.fromBucket key '${…}' is known only at deploy time");
});

test.each(['environment', 'tags'])('%s given as one deploy-time value is refused, naming the construct (was a TypeError of the tag check)', (prop) => {
  const s = stack();
  const whole = Token.asAny(Lazy.any({ produce: () => ({ A: 'b' }) })) as unknown as { [key: string]: string };
  expect(() => new ProcessingJob(s, 'Job', { image: IMAGE, [prop]: whole })).toThrow(
    `S/Job: ${prop} is one value known only at deploy or run time, but it is merged key by key at synth; give a map whose keys are known at synth`);
});
