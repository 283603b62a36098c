import { Annotations as CoreAnnotations, App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  GuardrailMode, JobSchedule, JobTrigger, ProcessingGuardrails, ProcessingGuardrailsProps, ProcessingImage, ProcessingInstanceType, ProcessingJob,
  ProcessingJobProps, ProcessingJobRunner,
} from '../../lib';
import { processingJobInspectionOf } from '../../lib/definition/inspection';
import { IMAGE_URI } from '../task/helpers';

const POLICY: ProcessingGuardrailsProps = { maxInstanceCount: 4, allowedInstanceFamilies: ['m5'] };
const image = ProcessingImage.fromRegistry(IMAGE_URI);

function findings(stack: Stack, kind: 'error' | 'warning' = 'error'): string[] {
  const a = Annotations.fromStack(stack);
  const found = kind === 'error' ? a.findError('*', Match.stringLikeRegexp('guardrail')) : a.findWarning('*', Match.stringLikeRegexp('guardrail'));
  return found.map((m) => m.entry.data as string);
}

/** An app with the policy on it and one stack, `Jobs`, that `build` fills. */
function jobsStack(build: (stack: Stack) => void, policy: ProcessingGuardrailsProps = POLICY): Stack {
  const app = new App();
  const stack = new Stack(app, 'Jobs');
  build(stack);
  Aspects.of(app).add(new ProcessingGuardrails(policy));
  return stack;
}

function job(stack: Stack, props: Partial<ProcessingJobProps> = {}): ProcessingJob {
  return new ProcessingJob(stack, 'Nightly', { image, instanceType: ProcessingInstanceType.ML_M5_LARGE, ...props });
}

describe('ProcessingGuardrails over static overrides', () => {
  test('a schedule override is checked, and reported on the schedule', () => {
    const stack = jobsStack((s) => job(s, { schedule: JobSchedule.cron({ minute: '0', hour: '2', overrides: { instanceCount: 50 } }) }));
    expect(findings(stack)).toEqual([
      'Jobs/Nightly/Schedule: guardrail maxInstanceCount: instanceCount 50 is above the limit 4 (schedule overrides of Jobs/Nightly)',
    ]);
    expect(Annotations.fromStack(stack).findError('/Jobs/Nightly/Schedule', Match.anyValue())).toHaveLength(1);
  });

  test('a trigger override is checked, and reported on its rule', () => {
    const stack = jobsStack((s) => job(s, {
      triggers: [JobTrigger.onObjectCreated(new s3.Bucket(s, 'Raw'), { prefix: 'raw/', overrides: { instanceType: 'ml.p3.2xlarge' } })],
    }));
    expect(findings(stack)).toEqual([
      'Jobs/Nightly/Trigger1: guardrail allowedInstanceFamilies: instanceType ml.p3.2xlarge is not allowed (allowed: families m5) (trigger overrides of Jobs/Nightly)',
    ]);
  });

  test('a step override is checked, and reported on the step', () => {
    const stack = jobsStack((s) => {
      const nightly = job(s);
      new sfn.StateMachine(s, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(nightly.asStep(s, 'Backfill', { overrides: { instanceCount: 8 } })) });
    });
    expect(findings(stack)).toEqual([
      'Jobs/Backfill: guardrail maxInstanceCount: instanceCount 8 is above the limit 4 (step overrides of Jobs/Nightly)',
    ]);
  });

  test('a direct schedule\'s override is checked', () => {
    const stack = jobsStack((s) => job(s, {
      schedule: JobSchedule.rate(Duration.days(1), { direct: true, overrides: { instanceType: 'ml.g5.xlarge', instanceCount: 5 } }),
    }));
    expect(findings(stack)).toEqual([
      'Jobs/Nightly/Schedule: guardrail allowedInstanceFamilies: instanceType ml.g5.xlarge is not allowed (allowed: families m5) (schedule overrides of Jobs/Nightly)',
      'Jobs/Nightly/Schedule: guardrail maxInstanceCount: instanceCount 5 is above the limit 4 (schedule overrides of Jobs/Nightly)',
    ]);
  });

  test('a step override known only at run time breaks the rule, as in a task of its own', () => {
    const stack = jobsStack((s) => {
      new sfn.StateMachine(s, 'Pipeline', {
        definitionBody: sfn.DefinitionBody.fromChainable(job(s).asStep(s, 'Sized', { overrides: { instanceCount: sfn.JsonPath.numberAt('$.count') } })),
      });
    });
    expect(findings(stack)).toEqual([
      'Jobs/Sized: guardrail maxInstanceCount: instanceCount is a run-time value, which cannot be checked at synth; give a concrete value (limit 4) (step overrides of Jobs/Nightly)',
    ]);
  });

  test('a job without overrides is reported once, on the job, however many schedules, triggers and steps run it', () => {
    const stack = jobsStack((s) => {
      const nightly = job(s, {
        instanceCount: 8,
        schedule: JobSchedule.cron({ minute: '0', hour: '2' }),
        triggers: [JobTrigger.onObjectCreated(new s3.Bucket(s, 'Raw'))],
      });
      nightly.addSchedule('Weekly', JobSchedule.rule(events.Schedule.rate(Duration.days(7))));
      new sfn.StateMachine(s, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(nightly.asStep(s, 'Step')) });
    });
    expect(findings(stack)).toEqual(['Jobs/Nightly: guardrail maxInstanceCount: instanceCount 8 is above the limit 4']);
  });

  test('overrides that repeat the job\'s violation, or change other values, add no report; a different value is reported too', () => {
    const stack = jobsStack((s) => {
      const nightly = job(s, { instanceCount: 8, environment: { MODE: 'full' } });
      nightly.addSchedule('Env', JobSchedule.cron({ minute: '0', overrides: { environment: { MODE: 'delta' } } }));
      nightly.addSchedule('Same', JobSchedule.cron({ minute: '5', overrides: { instanceCount: 8 } }));
      nightly.addSchedule('More', JobSchedule.cron({ minute: '10', overrides: { instanceCount: 50 } }));
    });
    expect(findings(stack)).toEqual([
      'Jobs/Nightly: guardrail maxInstanceCount: instanceCount 8 is above the limit 4',
      'Jobs/Nightly/More: guardrail maxInstanceCount: instanceCount 50 is above the limit 4 (schedule overrides of Jobs/Nightly)',
    ]);
  });

  test('an override that meets the policy leaves the job\'s own violation, and adds none', () => {
    const stack = jobsStack((s) => job(s, {
      instanceType: ProcessingInstanceType.ML_P3_2XLARGE,
      schedule: JobSchedule.cron({ minute: '0', overrides: { instanceType: 'ml.m5.xlarge' } }),
    }));
    expect(findings(stack)).toEqual([
      'Jobs/Nightly: guardrail allowedInstanceFamilies: instanceType ml.p3.2xlarge is not allowed (allowed: families m5)',
    ]);
  });

  test('a step in another stack is reported there, on the step', () => {
    const app = new App();
    const jobs = new Stack(app, 'Jobs');
    const pipelines = new Stack(app, 'Pipelines');
    const nightly = job(jobs, { runner: new ProcessingJobRunner(jobs, 'Runner', { jobNamePrefix: 'lake' }) });
    new sfn.StateMachine(pipelines, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(nightly.asStep(pipelines, 'Big', { overrides: { instanceType: 'ml.c5.xlarge' } })),
    });
    Aspects.of(app).add(new ProcessingGuardrails(POLICY));
    expect(findings(jobs)).toEqual([]);
    expect(findings(pipelines)).toEqual([
      'Pipelines/Big: guardrail allowedInstanceFamilies: instanceType ml.c5.xlarge is not allowed (allowed: families m5) (step overrides of Jobs/Nightly)',
    ]);
  });

  test('warning mode: the variant\'s warning is on the schedule, acknowledgeable there by the rule\'s id', () => {
    const app = new App();
    const stack = new Stack(app, 'Jobs');
    const nightly = job(stack);
    nightly.addSchedule('Acked', JobSchedule.cron({ minute: '0', overrides: { instanceCount: 6 } }));
    nightly.addSchedule('Open', JobSchedule.cron({ minute: '30', overrides: { instanceCount: 7 } }));
    CoreAnnotations.of(nightly.node.findChild('Acked')).acknowledgeWarning('cdk-sagemaker-processing:guardrail:maxInstanceCount', 'a quarterly backfill');
    Aspects.of(app).add(new ProcessingGuardrails({ ...POLICY, mode: GuardrailMode.WARNING }));
    expect(findings(stack)).toEqual([]);
    expect(findings(stack, 'warning')).toEqual([
      'Jobs/Nightly/Open: guardrail maxInstanceCount: instanceCount 7 is above the limit 4 (schedule overrides of Jobs/Nightly) [ack: cdk-sagemaker-processing:guardrail:maxInstanceCount]',
    ]);
  });

  test('the job\'s inspection carries one variant per schedule, trigger and step, with the overrides applied', () => {
    const stack = new Stack(new App(), 'Jobs');
    const nightly = job(stack, { instanceCount: 2, schedule: JobSchedule.cron({ minute: '0', overrides: { instanceCount: 3, environment: { MODE: 'delta' } } }) });
    nightly.asStep(stack, 'Step', { overrides: { instanceType: 'ml.m5.4xlarge' } });
    const variants = processingJobInspectionOf(nightly)!.variants!.map((v) => ({
      kind: v.kind, path: v.construct.node.path, instanceType: v.spec.instanceType, instanceCount: v.spec.instanceCount, environment: v.spec.environment,
    }));
    expect(variants).toEqual([
      { kind: 'schedule', path: 'Jobs/Nightly/Schedule', instanceType: 'ml.m5.large', instanceCount: 3, environment: { MODE: 'delta' } },
      { kind: 'step', path: 'Jobs/Step', instanceType: 'ml.m5.4xlarge', instanceCount: 2, environment: {} },
    ]);
  });
});

describe('secret-like environment variables in overrides', () => {
  function secretWarnings(stack: Stack): string[] {
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('looks like a secret')).map((w) => `${w.id}: ${String(w.entry.data).split(';')[0]}`);
  }

  test('warn on the schedule, trigger or step that sets them; the variables a trigger takes from its event do not', () => {
    const stack = new Stack(new App(), 'Jobs');
    const nightly = job(stack, {
      schedule: JobSchedule.cron({ minute: '0', overrides: { environment: { DB_PASSWORD: 'x', MODE: 'delta' } } }),
      triggers: [
        JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Raw'), { overrides: { environment: { API_TOKEN: 'y' } } }),
        JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'upstream' }),
      ],
    });
    nightly.asStep(stack, 'Step', { overrides: { environment: { SIGNING_SECRET: 'z' } } });
    expect(secretWarnings(stack).sort()).toEqual([
      '/Jobs/Nightly/Schedule: Jobs/Nightly/Schedule: environment variable DB_PASSWORD looks like a secret',
      '/Jobs/Nightly/Trigger1: Jobs/Nightly/Trigger1: environment variable API_TOKEN looks like a secret',
      '/Jobs/Step: Jobs/Step: environment variable SIGNING_SECRET looks like a secret',
    ]);
  });
});
