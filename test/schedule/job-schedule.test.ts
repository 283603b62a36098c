import { CfnElement, Duration, Resource, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { JobSchedule } from '../../lib';
import { arnOf, IMAGE_URI, newTarget, parseJson, propertiesOf, refOf, subArnOf, TestJobRunTarget } from './target-double';

/** The execution input the double renders for a scheduled run with these overrides: the overrides form, the job's values left to the runner. */
function overridesForm(scheduledTime: string, overrides: object = {}) {
  return { job: 'Nightly', ...overrides, scheduledTime };
}

describe('EventBridge Scheduler schedules', () => {
  let template: any;
  let target: TestJobRunTarget;
  let dlq: sqs.Queue;
  const bound: { [id: string]: Resource } = {};

  beforeAll(() => {
    const made = newTarget();
    target = made.target;
    dlq = new sqs.Queue(made.stack, 'Dlq');
    const schedules: { [id: string]: JobSchedule } = {
      London: JobSchedule.cron({ minute: '0', hour: '2', timeZone: TimeZone.EUROPE_LONDON }),
      Weekdays: JobSchedule.cron({ minute: '30', hour: '6', weekDay: 'MON-FRI', flexibleWindow: Duration.minutes(15) }),
      Every6h: JobSchedule.rate(Duration.hours(6), {
        startDate: new Date('2027-01-01T00:00:00Z'), endDate: new Date('2027-12-31T00:00:00Z'),
        retryAttempts: 3, maxEventAge: Duration.hours(2), deadLetterQueue: dlq,
      }),
      Raw: JobSchedule.expression('cron(15 3 1 * ? *)', { timeZone: TimeZone.AMERICA_NEW_YORK, description: 'monthly backfill', enabled: false }),
      Once: JobSchedule.at(new Date('2030-05-01T12:34:56.789Z'), { overrides: { instanceType: 'ml.m5.4xlarge', arguments: ['--mode', 'backfill'] } }),
    };
    for (const [id, schedule] of Object.entries(schedules)) bound[id] = schedule._bind(target, id);
    template = Template.fromStack(made.stack).toJSON();
  });

  test('a cron schedule in a time zone starts the state machine with the scheduled time (the overrides form: the runner completes it with the job\'s values)', () => {
    expect(propertiesOf(template, bound.London)).toEqual({
      FlexibleTimeWindow: { Mode: 'OFF' },
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: {
        Arn: refOf(target.stateMachine),
        RoleArn: subArnOf(target.startRole),
        Input: expect.any(String),
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    });
    expect(parseJson(propertiesOf(template, bound.London).Target.Input)).toEqual(overridesForm('<aws.scheduler.scheduled-time>'));
  });

  test('weekDay puts ? in day-of-month; a flexible window is rendered in minutes', () => {
    const props = propertiesOf(template, bound.Weekdays);
    expect(props.ScheduleExpression).toBe('cron(30 6 ? * MON-FRI *)');
    expect(props.ScheduleExpressionTimezone).toBe('Etc/UTC');
    expect(props.FlexibleTimeWindow).toEqual({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 });
  });

  test('a rate schedule renders its dates, retry policy and dead-letter queue', () => {
    const props = propertiesOf(template, bound.Every6h);
    expect(props.ScheduleExpression).toBe('rate(6 hours)');
    expect(props.StartDate).toBe('2027-01-01T00:00:00.000Z');
    expect(props.EndDate).toBe('2027-12-31T00:00:00.000Z');
    expect(props.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 3 });
    expect(props.Target.DeadLetterConfig).toEqual({ Arn: subArnOf(dlq) });
  });

  test('a raw expression keeps its text and time zone; enabled false deploys it DISABLED with its description', () => {
    const props = propertiesOf(template, bound.Raw);
    expect(props.ScheduleExpression).toBe('cron(15 3 1 * ? *)');
    expect(props.ScheduleExpressionTimezone).toBe('America/New_York');
    expect(props.State).toBe('DISABLED');
    expect(props.Description).toBe('monthly backfill');
  });

  test('a one-time schedule runs at the UTC second of the Date, with its overrides in every run', () => {
    const props = propertiesOf(template, bound.Once);
    expect(props.ScheduleExpression).toBe('at(2030-05-01T12:34:56)');
    expect(props.ScheduleExpressionTimezone).toBe('Etc/UTC');
    expect(parseJson(props.Target.Input)).toEqual(overridesForm('<aws.scheduler.scheduled-time>', { instanceType: 'ml.m5.4xlarge', arguments: ['--mode', 'backfill'] }));
  });

  test('each schedule is one AWS::Scheduler::Schedule; the start role gets only StartExecution and the DLQ, no new role or policy', () => {
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Scheduler::Schedule')).toHaveLength(5);
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::IAM::Role')).toHaveLength(3); // runner, start, job roles of the double
    const policies = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::IAM::Policy') as any[];
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.Roles).toEqual([refOf(target.startRole)]);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: refOf(target.stateMachine) },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(dlq) },
    ]);
  });
});

describe('classic EventBridge rule schedules', () => {
  let template: any;
  let target: TestJobRunTarget;
  let cron: Resource;
  let rate: Resource;
  let dlq: sqs.Queue;

  beforeAll(() => {
    const made = newTarget();
    target = made.target;
    dlq = new sqs.Queue(made.stack, 'Dlq');
    cron = JobSchedule.rule(events.Schedule.cron({ minute: '0', hour: '3' }), {
      overrides: { environment: { MODE: 'nightly' } }, description: 'nightly (UTC)', retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue: dlq,
    })._bind(target, 'Nightly3am');
    rate = JobSchedule.rule(events.Schedule.rate(Duration.days(1)), { enabled: false })._bind(target, 'Daily');
    template = Template.fromStack(made.stack).toJSON();
  });

  test('a rule schedule starts the state machine with the event time as the scheduled time', () => {
    const props = propertiesOf(template, cron);
    expect(props).toEqual({
      Description: 'nightly (UTC)',
      // Named under the runner's prefix, which the start role's trust names (test/iam/trigger.test.ts).
      Name: expect.stringMatching(/^TestStack-0a1b2c3d-[0-9a-f]{8}$/),
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Targets: [{
        Arn: refOf(target.stateMachine),
        Id: 'Target0',
        RoleArn: arnOf(target.startRole),
        DeadLetterConfig: { Arn: arnOf(dlq) },
        RetryPolicy: { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 2 },
        InputTransformer: { InputPathsMap: { time: '$.time' }, InputTemplate: expect.any(String) },
      }],
    });
    const input = props.Targets[0].InputTransformer.InputTemplate.replace('<time>', '"2026-11-24T03:00:00Z"');
    expect(JSON.parse(input)).toEqual(overridesForm('2026-11-24T03:00:00Z', { environment: { MODE: 'nightly' } }));
  });

  test('a disabled rate rule', () => {
    expect(propertiesOf(template, rate)).toMatchObject({ ScheduleExpression: 'rate(1 day)', State: 'DISABLED' });
  });

  test('each rule schedule is one AWS::Events::Rule and reuses the start role', () => {
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Events::Rule')).toHaveLength(2);
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::IAM::Role')).toHaveLength(3);
  });
});

describe('one-time schedules in the past', () => {
  test('warn at synth (the synth clock is not the deploy clock), and do not fail', () => {
    const { stack, target } = newTarget();
    JobSchedule.at(new Date('2020-01-01T00:00:00Z'))._bind(target, 'Past');
    JobSchedule.expression('at(2020-01-01T00:00:00)')._bind(target, 'PastRaw');
    JobSchedule.at(new Date('2099-01-01T00:00:00Z'))._bind(target, 'Future');
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => `${w.id} ${w.entry.data}`);
    expect(warnings).toEqual([
      expect.stringMatching(/^\/Jobs\/Nightly\/Past one-time schedule at\(2020-01-01T00:00:00\) is already past at synth time \(.*\); a one-time schedule is meant for a future time: check the date \[ack: cdk-sagemaker-processing:schedule-at-in-the-past\]$/),
      expect.stringMatching(/^\/Jobs\/Nightly\/PastRaw one-time schedule at\(2020-01-01T00:00:00\) is already past/),
    ]);
  });
});

test('a cron whose years all fall outside startDate and endDate never fires: a warning; a year a time zone may still reach is left alone', () => {
  const { stack, target } = newTarget();
  JobSchedule.cron({ minute: '0', hour: '2', year: '2031-2032', startDate: new Date('2033-01-02T00:00:00Z') })._bind(target, 'BeforeStart');
  JobSchedule.cron({ minute: '0', hour: '2', year: '2031', endDate: new Date('2030-12-31T23:00:00Z') })._bind(target, 'NewYearEast');
  JobSchedule.cron({ minute: '0', hour: '2', year: '2031', startDate: new Date('2031-12-31T12:00:00Z') })._bind(target, 'NewYearWest');
  expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => w.entry.data)).toEqual([
    "Jobs/Nightly/BeforeStart: expression 'cron(0 2 * * ? 2031-2032)' can never fire: every year it names (2031-2032) is before startDate 2033-01-02T00:00:00.000Z; " +
    'the schedule would deploy and never start a run [ack: cdk-sagemaker-processing:schedule-never-fires]',
  ]);
});

describe('a raw at(...) is read in its time zone', () => {
  /** The wall-clock literal `hours` from now, read as UTC. */
  const literal = (hours: number) => new Date(Date.now() + hours * 3600 * 1000).toISOString().slice(0, 19);
  const pastWarnings = (id: string, expression: string, timeZone?: TimeZone) => {
    const { stack, target } = newTarget();
    JobSchedule.expression(expression, { timeZone })._bind(target, id);
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('schedule-at-in-the-past')).length;
  };

  test('UTC (the default): 3 hours ago is past', () => {
    expect(pastWarnings('Utc', `at(${literal(-3)})`)).toBe(1);
    expect(pastWarnings('UtcFuture', `at(${literal(3)})`)).toBe(0);
  });

  test('UTC+14: a wall clock 10 hours ahead of UTC now is 4 hours ago; UTC-10: 5 hours behind is 5 hours ahead', () => {
    expect(pastWarnings('Kiritimati', `at(${literal(10)})`, TimeZone.of('Pacific/Kiritimati'))).toBe(1);
    expect(pastWarnings('Honolulu', `at(${literal(-5)})`, TimeZone.PACIFIC_HONOLULU)).toBe(0);
  });
});

describe('valid expressions are accepted as written', () => {
  const cronCases: Array<[object, string]> = [
    [{ minute: '0/15', hour: '8-17', weekDay: 'MON-FRI' }, 'cron(0/15 8-17 ? * MON-FRI *)'],
    [{ minute: '0', hour: '0', day: 'L' }, 'cron(0 0 L * ? *)'],
    [{ minute: '0', hour: '6', day: '15W', month: 'JAN,JUL' }, 'cron(0 6 15W JAN,JUL ? *)'],
    [{ minute: '0', hour: '6', weekDay: '6L' }, 'cron(0 6 ? * 6L *)'],
    [{ minute: '0', hour: '6', weekDay: 'MON#1', year: '2027-2030' }, 'cron(0 6 ? * MON#1 2027-2030)'],
    [{ minute: '*' }, 'cron(* * * * ? *)'],
  ];
  let rendered: string[];
  beforeAll(() => {
    const { stack, target } = newTarget();
    const schedules = cronCases.map(([options], i) => JobSchedule.cron(options)._bind(target, `S${i}`));
    const template = Template.fromStack(stack).toJSON();
    rendered = schedules.map((s) => propertiesOf(template, s).ScheduleExpression);
  });

  test.each(cronCases.map(([options, expression], i) => [options, expression, i] as const))('cron %j renders %s', (_options, expression, i) => {
    expect(rendered[i]).toBe(expression);
  });

  test.each([
    'cron(0 12 ? * 2#1 *)', 'cron(5,35 14 * * ? *)', 'cron(0 */2 ? * SUN-SAT 2027)', 'rate(1 minute)', 'rate(15 minutes)', 'rate(1 days)', 'at(2030-02-28T23:59:59)',
  ])('expression %s is accepted by EventBridge Scheduler', (expression) => {
    const { target } = newTarget();
    expect(() => JobSchedule.expression(expression)._bind(target, 'S')).not.toThrow();
  });

  test.each(['cron(0 3 * * ? *)', 'rate(1 hour)', 'rate(2 hours)'])('rule expression %s is accepted by EventBridge rules', (expression) => {
    const { target } = newTarget();
    expect(() => JobSchedule.rule(events.Schedule.expression(expression))._bind(target, 'S')).not.toThrow();
  });
});

/** A JSON string with one GetAtt, written as `Fn::Sub` (compactIntrinsics), parsed with the GetAtt as `${logicalId.Arn}`. */
function joinedJson(value: any): any {
  expect(Object.keys(value)).toEqual(['Fn::Sub']);
  return JSON.parse(value['Fn::Sub']);
}

describe('direct mode: EventBridge Scheduler calls CreateProcessingJob itself', () => {
  let stack: ReturnType<typeof newTarget>['stack'];
  let template: any;
  let target: TestJobRunTarget;
  let dlq: sqs.Queue;
  let nightly: Resource;

  beforeAll(() => {
    const made = newTarget('nightly-features');
    stack = made.stack;
    target = made.target;
    dlq = new sqs.Queue(stack, 'Dlq');
    nightly = JobSchedule.cron({ minute: '0', hour: '2', direct: true, retryAttempts: 10, deadLetterQueue: dlq, overrides: { instanceCount: 2 } })._bind(target, 'Direct');
    JobSchedule.rate(Duration.hours(1), { direct: true })._bind(target, 'Hourly');
    template = Template.fromStack(stack).toJSON();
  });

  test('targets the universal sagemaker:createProcessingJob ARN as the start role', () => {
    const t = propertiesOf(template, nightly).Target;
    expect(t.Arn).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:scheduler:::aws-sdk:sagemaker:createProcessingJob' });
    expect(t.RoleArn).toEqual(subArnOf(target.startRole));
    expect(t.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 10 });
    expect(t.DeadLetterConfig).toEqual({ Arn: subArnOf(dlq) });
  });

  test('the input is the job\'s request with the overrides, named <prefix>-<aws.scheduler.execution-id>, the run id and scheduled time in the environment', () => {
    const jobRole = stack.getLogicalId(target.jobRole.node.defaultChild as CfnElement);
    expect(joinedJson(propertiesOf(template, nightly).Target.Input)).toEqual({
      ProcessingJobName: 'nightly-features-<aws.scheduler.execution-id>',
      AppSpecification: { ImageUri: IMAGE_URI, ContainerArguments: ['--mode', 'full'] },
      Environment: {
        LOG_LEVEL: 'info',
        PROCESSING_RUN_ID: 'nightly-features-<aws.scheduler.execution-id>',
        PROCESSING_SCHEDULED_TIME: '<aws.scheduler.scheduled-time>',
      },
      ProcessingInputs: [{
        InputName: 'raw',
        S3Input: {
          S3Uri: 's3://raw-bucket/events/', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
        },
      }],
      ProcessingOutputConfig: {
        Outputs: [{ OutputName: 'features', S3Output: { S3Uri: 's3://lake/features/', LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } }],
      },
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 } },
      RoleArn: `\${${jobRole}.Arn}`,
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    });
  });

  test('the start role may create jobs under the prefix and pass the job role to SageMaker only: no * resource, no StartExecution need', () => {
    const policies = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::IAM::Policy') as any[];
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      // granted by the double's runner, as the contract says the start role already is
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: refOf(target.stateMachine) },
      {
        Action: 'sagemaker:CreateProcessingJob',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:123456789012:processing-job/nightly-features*']] },
      },
      {
        Action: 'iam:PassRole',
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        Effect: 'Allow',
        Resource: arnOf(target.jobRole),
      },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(dlq) },
    ]);
  });

  test('aws-cdk-lib\'s Universal target adds no wildcard statement and no warning', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('two direct schedules are two AWS::Scheduler::Schedule resources and nothing else', () => {
    const types = Object.values(template.Resources).map((r: any) => r.Type).sort();
    expect(types).toEqual([
      'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::Role', 'AWS::IAM::Role',
      'AWS::SQS::Queue', 'AWS::Scheduler::Schedule', 'AWS::Scheduler::Schedule', 'AWS::StepFunctions::StateMachine',
    ]);
  });
});

describe('direct-mode job names', () => {
  test('a 26-character prefix fits: with a UUID execution id the name is a valid 63-character ProcessingJobName', () => {
    const { stack, target } = newTarget('a'.repeat(26));
    const schedule = JobSchedule.rate(Duration.hours(1), { direct: true })._bind(target, 'Direct');
    const input = joinedJson(propertiesOf(Template.fromStack(stack).toJSON(), schedule).Target.Input);
    const name = input.ProcessingJobName.replace('<aws.scheduler.execution-id>', 'f3b2c1d0-1234-4abc-9def-0123456789ab');
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
  });

  test('a 27-character prefix is refused with the computed limit', () => {
    const { target } = newTarget('a'.repeat(27));
    expect(() => JobSchedule.rate(Duration.hours(1), { direct: true })._bind(target, 'Direct')).toThrow(
      "Jobs/Nightly/Direct: direct mode names each run '<jobNamePrefix>-<aws.scheduler.execution-id>' and budgets 36 characters for the execution id, " +
      "so jobNamePrefix may have at most 26 characters of the 63 allowed for ProcessingJobName; '" + 'a'.repeat(27) + "' has 27: give the job a shorter jobNamePrefix");
  });

  test('the same long prefix is fine without direct mode (the state machine names runs)', () => {
    const { target } = newTarget('a'.repeat(27));
    expect(() => JobSchedule.rate(Duration.hours(1))._bind(target, 'Schedule')).not.toThrow();
  });
});

test('schedules that share cron fields get the same expression; a wrong one is refused every time, naming each schedule', () => {
  const { target } = newTarget();
  const expressionOf = (id: string, cron: events.CronOptions) => {
    const resource = JobSchedule.cron(cron)._bind(target, id);
    return (resource.node.defaultChild as CfnElement).stack.resolve((resource.node.defaultChild as unknown as { scheduleExpression: string }).scheduleExpression);
  };
  expect([expressionOf('A', { minute: '0', hour: '2' }), expressionOf('B', { minute: '0', hour: '2' }), expressionOf('C', { minute: '0', hour: '3' })])
    .toEqual(['cron(0 2 * * ? *)', 'cron(0 2 * * ? *)', 'cron(0 3 * * ? *)']);
  for (const id of ['D', 'E']) expect(() => expressionOf(id, { minute: '0', hour: '25' })).toThrow(new RegExp(`/${id}: cron hour '25' is invalid`));
});

test("'?' in one cron day field, as AWS cron writes it, leaves the days to the other field", () => {
  const { target } = newTarget();
  const expressionOf = (id: string, cron: events.CronOptions) => {
    const resource = JobSchedule.cron(cron)._bind(target, id);
    return (resource.node.defaultChild as CfnElement).stack.resolve((resource.node.defaultChild as unknown as { scheduleExpression: string }).scheduleExpression);
  };
  expect([
    expressionOf('Mondays', { minute: '0', hour: '2', day: '?', weekDay: 'MON' }),
    expressionOf('Firsts', { minute: '0', hour: '2', day: '1', weekDay: '?' }),
    expressionOf('EveryDay', { minute: '0', hour: '2', weekDay: '?' }),
    expressionOf('EveryWeekDay', { minute: '0', hour: '2', day: '?' }),
  ]).toEqual(['cron(0 2 ? * MON *)', 'cron(0 2 1 * ? *)', 'cron(0 2 * * ? *)', 'cron(0 2 * * ? *)']);
  expect(() => expressionOf('Neither', { minute: '0', hour: '2', day: '?', weekDay: '?' })).toThrow(
    new Error("Jobs/Nightly/Neither: cron day and weekDay are both '?'; one of them must name the days (leave it out for every day) (EventBridge Scheduler cron expression)"));
});

describe('a recurring schedule whose dates pass after its first deployment', () => {
  /** The schedule's template and warnings, synthesized as if the clock read `now`. */
  const synthAt = (now: string) => {
    jest.useFakeTimers({ now: new Date(now), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
    try {
      const { stack, target } = newTarget();
      JobSchedule.rate(Duration.hours(6), { startDate: new Date('2027-01-01T00:00:00Z'), endDate: new Date('2027-06-01T00:00:00Z') })._bind(target, 'Campaign');
      return {
        template: Template.fromStack(stack).toJSON(),
        warnings: Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => `${w.entry.data}`),
      };
    } finally {
      jest.useRealTimers();
    }
  };

  test('synthesizes again, with the same template and a warning: an unrelated fix can still be deployed', () => {
    // The first deployment: both dates ahead. Later deployments of the app (CloudFormation leaves the unchanged schedule alone):
    // the start passed, then the end. An error here refused every later deployment of the app until its code was changed.
    const first = synthAt('2026-12-01T00:00:00Z');
    expect(first.warnings).toEqual([]);
    const started = synthAt('2027-02-01T00:00:00Z');
    expect(started.template).toEqual(first.template);
    expect(started.warnings).toEqual([expect.stringMatching(/^Jobs\/Nightly\/Campaign: startDate 2027-01-01T00:00:00.000Z is already past at synth \(2027-02-01T00:00:00.000Z\): .* once the schedule has started, leave startDate out \(EventBridge Scheduler StartDate\) \[ack: cdk-sagemaker-processing:schedule-date-past\]$/)]);
    const ended = synthAt('2027-07-01T00:00:00Z');
    expect(ended.template).toEqual(first.template);
    expect(ended.warnings).toEqual([
      expect.stringMatching(/^Jobs\/Nightly\/Campaign: endDate 2027-06-01T00:00:00.000Z is already past at synth \(2027-07-01T00:00:00.000Z\): the schedule runs no more, .* remove the schedule, or give a later endDate/),
      expect.stringMatching(/^Jobs\/Nightly\/Campaign: startDate 2027-01-01T00:00:00.000Z is already past/),
    ]);
  });
});
