import { App, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { JobSchedule, JobTrigger, OutputPartitioning, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingJobRunner, ProcessingOutput } from '../../lib';
import { stateMachineDefinitions } from '../util/definition';
import { completed, runLocally } from './local-run';
import { IMAGE_URI } from './stacks';

const image = ProcessingImage.fromRegistry(IMAGE_URI);

/** A CloudFormation string with `Ref`s and `Fn::GetAtt`s replaced by readable stand-ins, as in test/util/definition.ts. */
function flatten(value: any): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
  // `${Id}` and `${Id.Arn}` of Fn::Sub (compactIntrinsics), as the Ref and GetAtt above.
  if (typeof value['Fn::Sub'] === 'string') {
    return value['Fn::Sub'].replace(/\$\{([A-Za-z0-9]+)(\.Arn)?\}/g, (_: string, id: string, arn?: string) => (arn ? flatten({ 'Fn::GetAtt': [id, 'Arn'] }) : id));
  }
  if (value.Ref) return value.Ref;
  if (value['Fn::GetAtt']) return `arn:aws:iam::123456789012:role/${value['Fn::GetAtt'][0]}`;
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

function lakeStack() {
  const stack = new Stack(new App(), 'Lake');
  const bucket = new s3.Bucket(stack, 'Data');
  const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'lake' });
  new ProcessingJob(stack, 'Nightly', {
    runner, image,
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('features', bucket, 'features/')],
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    schedule: JobSchedule.cron({ minute: '0', hour: '2', timeZone: TimeZone.EUROPE_LONDON }),
    triggers: [JobTrigger.onObjectCreated(bucket, { prefix: 'raw/', input: 'raw' })],
  });
  const template = Template.fromStack(stack);
  const definition = Object.values(stateMachineDefinitions(stack))[0];
  return { stack, template, definition };
}

describe('what schedules and triggers send is what the runner takes', () => {
  const { template, definition } = lakeStack();
  const handlers = { Run: completed };

  test('a scheduled run: the Scheduler input with its scheduled time is checked, then runs', async () => {
    const schedule = Object.values<any>(template.findResources('AWS::Scheduler::Schedule'))[0];
    expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Europe/London');
    const input = JSON.parse(flatten(schedule.Properties.Target.Input).replace('<aws.scheduler.scheduled-time>', '2026-11-24T02:00:00Z'));
    const run = await runLocally(definition, input, handlers, 'scheduled-1');
    expect(run.states).toEqual(['Route', 'Run']);
    const request = run.requests.Run[0];
    expect(request.ProcessingInputs[0].S3Input.S3Uri).toMatch(/^s3:\/\/Data[0-9A-F]{8}\/raw\/$/);
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/^s3:\/\/Data[0-9A-F]{8}\/features\/dt=2026-11-24\/$/);
    expect(request.Environment).toEqual({ PROCESSING_RUN_ID: 'scheduled-1', PROCESSING_SCHEDULED_TIME: '2026-11-24T02:00:00Z' });
  });

  test('an object-created run: the rule\'s input template with an S3 event reads that object', async () => {
    const rule = Object.values<any>(template.findResources('AWS::Events::Rule'))[0];
    const transformer = rule.Properties.Targets[0].InputTransformer;
    const event = { time: '2026-11-24T09:15:02Z', detail: { bucket: { name: 'lake-data' }, object: { key: 'raw/2026-11-24/events.csv' } } };
    const values: Record<string, string> = {
      'detail-object-key': event.detail.object.key, 'detail-bucket-name': event.detail.bucket.name, 'time': event.time,
    };
    expect(Object.keys(transformer.InputPathsMap).sort()).toEqual(Object.keys(values).sort());
    // EventBridge puts a value inside quotes as it is, and a bare placeholder as a JSON string.
    const text = flatten(transformer.InputTemplate)
      .replace(/"([^"]*)"/g, (quoted) => quoted.replace(/<([a-z-]+)>/g, (_, k) => values[k]))
      .replace(/<([a-z-]+)>/g, (_, k) => JSON.stringify(values[k]));
    const run = await runLocally(definition, JSON.parse(text), handlers, 'triggered-1');
    expect(run.states).toEqual(['Route', 'Run']);
    const request = run.requests.Run[0];
    expect(request.ProcessingInputs[0].S3Input.S3Uri).toBe('s3://lake-data/raw/2026-11-24/events.csv');
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/\/features\/dt=2026-11-24\/$/);
    expect(request.Environment).toEqual({
      PROCESSING_TRIGGER_OBJECT_KEY: 'raw/2026-11-24/events.csv', PROCESSING_RUN_ID: 'triggered-1', PROCESSING_SCHEDULED_TIME: '2026-11-24T09:15:02Z',
    });
  });
});

test('each further scheduled job in a shared runner costs 2 resources: its role and its schedule', () => {
  const count = (n: number) => {
    const stack = new Stack(new App(), 'Scale');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'pl' });
    for (let i = 0; i < n; i++) new ProcessingJob(stack, `Job${i}`, { runner, image, schedule: JobSchedule.cron({ minute: String(i % 60), hour: '3' }) });
    const resources = Template.fromStack(stack).toJSON().Resources;
    return { total: Object.keys(resources).length, types: Object.values<any>(resources).map((r) => r.Type) };
  };
  const [one, eleven] = [count(1), count(11)];
  expect((eleven.total - one.total) / 10).toBe(2);
  expect(eleven.types.filter((t) => t === 'AWS::Scheduler::Schedule')).toHaveLength(11);
  expect(eleven.types.filter((t) => t === 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
});

test("a schedule's runs are checked where they differ from the job: a warning the job's own spec gave is not repeated on a schedule that changes nothing", () => {
  const warningsAt = (overrides?: { instanceType: string }) => {
    const stack = new Stack(new App(), 'Warn');
    new ProcessingJob(stack, 'Job', {
      image, instanceType: ProcessingInstanceType.of('ml.m9.xlarge'),
      schedule: JobSchedule.cron({ minute: '0', hour: '2', overrides }),
    });
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('unknown-instance-type')).map((w) => `${w.id} ${/'(ml\.[^']+)'/.exec(String(w.entry.data))?.[1]}`);
  };
  // The job's spec is the schedule's: one warning, on the job.
  expect(warningsAt()).toEqual(['/Warn/Job ml.m9.xlarge']);
  // A schedule that runs on another unknown type is checked itself, and warns on the schedule.
  expect(warningsAt({ instanceType: 'ml.m8.xlarge' })).toEqual(['/Warn/Job ml.m9.xlarge', '/Warn/Job/Schedule ml.m8.xlarge']);
});

test('overrides a job cannot take are refused with the path of the schedule, trigger or step that gives them', () => {
  const build = (starter: (job: ProcessingJob, bucket: s3.Bucket) => void) => () => {
    const stack = new Stack(new App(), 'Lake');
    const bucket = new s3.Bucket(stack, 'Data');
    const job = new ProcessingJob(stack, 'Job', {
      image, processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')],
      processingOutputs: [ProcessingOutput.toBucket('features', bucket, 'features/')], outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    });
    starter(job, bucket);
  };
  expect(build((job, bucket) => job.addTrigger('OnRaw', JobTrigger.onObjectCreated(bucket, { prefix: 'raw/', input: 'raw', overrides: { arguments: ['--full'] } }))))
    .toThrow("Lake/Job/OnRaw: overrides give arguments, but the job Lake/Job has none to replace; give the job default arguments to make them overridable");
  expect(build((job, bucket) => job.addTrigger('OnEvents', JobTrigger.onObjectCreated(bucket, { prefix: 'events/', input: 'events' }))))
    .toThrow("Lake/Job/OnEvents: input 'events' is not one of the job's S3 inputs (raw): the trigger gives the URI of each new object to the job input it names; name one, or leave input out");
  expect(build((job) => job.addSchedule('Nightly', JobSchedule.cron({ minute: '0', hour: '2', overrides: { inputs: { events: 's3://other/events/' } } }))))
    .toThrow("Lake/Job/Nightly: overrides name the input 'events', which is not one of the job Lake/Job's S3 inputs (raw)");
  expect(build((job) => job.addSchedule('Direct', JobSchedule.cron({ minute: '0', hour: '2', direct: true }))))
    .toThrow(/^Lake\/Job\/Direct: the job's outputPartitioning SCHEDULED_DATE needs the state machine/);
  expect(build((job) => job.asStep(new Stack(new App(), 'Pipeline'), 'Features', { overrides: { outputs: { scores: 's3://other/scores/' } } })))
    .toThrow("Pipeline/Features: overrides name the output 'scores', which is not one of the job Lake/Job's S3 outputs (features)");
});
