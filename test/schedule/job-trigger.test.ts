import { Duration, Resource } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { GlueJobState, JobTrigger, SageMakerJobStatus } from '../../lib';
import { applyInputTransformer } from './input-transformer';
import { arnOf, newTarget, propertiesOf, refOf, TestJobRunTarget } from './target-double';

// Events shaped as the AWS documentation describes them (S3 "EventBridge event message
// structure", SageMaker "Events that SageMaker sends to EventBridge", Glue "Automating with EventBridge").
const OBJECT_CREATED = {
  'version': '0', 'id': 'e1', 'detail-type': 'Object Created', 'source': 'aws.s3', 'account': '123456789012',
  'time': '2026-11-24T07:15:02Z', 'region': 'eu-west-1', 'resources': ['arn:aws:s3:::raw-data'],
  'detail': { version: '0', bucket: { name: 'raw-data' }, object: { key: 'raw/2026/11/24/events.csv', size: 1024 }, reason: 'PutObject' },
};
const PROCESSING_COMPLETED = {
  'version': '0', 'id': 'e2', 'detail-type': 'SageMaker Processing Job State Change', 'source': 'aws.sagemaker',
  'time': '2026-11-24T02:41:10Z', 'region': 'eu-west-1',
  'detail': { ProcessingJobName: 'upstream-20261124-020007-1a2b3c4d', ProcessingJobStatus: 'Completed' },
};
const GLUE_SUCCEEDED = {
  'version': '0', 'id': 'e3', 'detail-type': 'Glue Job State Change', 'source': 'aws.glue', 'time': '2026-11-24T01:00:00Z',
  'detail': { jobName: 'ingest', severity: 'INFO', state: 'SUCCEEDED', jobRunId: 'jr_0123', message: 'Job run succeeded' },
};

/** The execution input a trigger renders: the overrides form (what the event gives), the job's values left to the runner. */
function overridesForm(scheduledTime: string, overrides: { environment?: object; inputs?: object } = {}) {
  return { job: 'Nightly', ...overrides, scheduledTime };
}

describe('triggers', () => {
  let template: any;
  let target: TestJobRunTarget;
  let bucket: s3.Bucket;
  const rules: { [id: string]: Resource } = {};
  let stack: ReturnType<typeof newTarget>['stack'];

  beforeAll(() => {
    const made = newTarget();
    stack = made.stack;
    target = made.target;
    bucket = new s3.Bucket(stack, 'Raw');
    const triggers: { [id: string]: JobTrigger } = {
      OnCsv: JobTrigger.onObjectCreated(bucket, { prefix: 'raw/', suffix: '.csv', input: 'raw' }),
      OnPrefix: JobTrigger.onObjectCreated(bucket, { prefix: 'landing/' }),
      OnSuffix: JobTrigger.onObjectCreated(bucket, { suffix: '.parquet' }),
      OnStar: JobTrigger.onObjectCreated(bucket, { prefix: 'a*b\\c/', suffix: '*.json' }),
      OnAny: JobTrigger.onObjectCreated(bucket, { enabled: false, description: 'every object' }),
      AfterUpstream: JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'upstream-' }),
      AfterFailure: JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'upstream-', statuses: [SageMakerJobStatus.FAILED, SageMakerJobStatus.STOPPED] }),
      AfterTraining: JobTrigger.onTrainingJobStateChange({ jobNamePrefix: 'churn-model' }),
      AfterGlue: JobTrigger.onGlueJobStateChange({ jobName: 'ingest', states: [GlueJobState.SUCCEEDED, GlueJobState.TIMEOUT] }),
      OnCustom: JobTrigger.onEvent({ source: ['my.app'], detailType: ['Batch Ready'] }, {
        overrides: { arguments: ['--batch', events.EventField.fromPath('$.detail.batchId')], scheduledTime: events.EventField.fromPath('$.detail.asOf') },
        retryAttempts: 4, maxEventAge: Duration.hours(1),
      }),
    };
    for (const [id, trigger] of Object.entries(triggers)) rules[id] = trigger._bind(target, id);
    template = Template.fromStack(stack).toJSON();
  });

  test('S3: Object Created of the bucket, prefix and suffix as one wildcard filter', () => {
    expect(propertiesOf(template, rules.OnCsv).EventPattern).toEqual({
      'source': ['aws.s3'],
      'detail-type': ['Object Created'],
      'detail': { bucket: { name: [refOf(bucket)] }, object: { key: [{ wildcard: 'raw/*.csv' }] } },
    });
  });

  test('S3: a prefix alone or a suffix alone is a prefix or suffix filter; none matches every key', () => {
    expect(propertiesOf(template, rules.OnPrefix).EventPattern.detail.object).toEqual({ key: [{ prefix: 'landing/' }] });
    expect(propertiesOf(template, rules.OnSuffix).EventPattern.detail.object).toEqual({ key: [{ suffix: '.parquet' }] });
    expect(propertiesOf(template, rules.OnAny).EventPattern.detail).toEqual({ bucket: { name: [refOf(bucket)] } });
  });

  test('S3: * and \\ in prefix and suffix are escaped in the wildcard filter', () => {
    expect(propertiesOf(template, rules.OnStar).EventPattern.detail.object).toEqual({ key: [{ wildcard: 'a\\*b\\\\c/*\\*.json' }] });
  });

  test('S3: the object key reaches the job as the input URI and PROCESSING_TRIGGER_OBJECT_KEY; the event time is the scheduled time', () => {
    const t = propertiesOf(template, rules.OnCsv).Targets[0];
    expect(t.Arn).toEqual(refOf(target.stateMachine));
    expect(t.RoleArn).toEqual(arnOf(target.startRole));
    expect(t.InputTransformer.InputPathsMap).toEqual({ 'detail-object-key': '$.detail.object.key', 'detail-bucket-name': '$.detail.bucket.name', 'time': '$.time' });
    expect(applyInputTransformer(t.InputTransformer, OBJECT_CREATED)).toEqual(overridesForm('2026-11-24T07:15:02Z', {
      environment: { PROCESSING_TRIGGER_OBJECT_KEY: 'raw/2026/11/24/events.csv' },
      inputs: { raw: 's3://raw-data/raw/2026/11/24/events.csv' },
    }));
  });

  test('S3: without input, the key reaches the job only as PROCESSING_TRIGGER_OBJECT_KEY', () => {
    const t = propertiesOf(template, rules.OnPrefix).Targets[0];
    expect(applyInputTransformer(t.InputTransformer, OBJECT_CREATED)).toEqual(overridesForm('2026-11-24T07:15:02Z', {
      environment: { PROCESSING_TRIGGER_OBJECT_KEY: 'raw/2026/11/24/events.csv' },
    }));
  });

  test('S3: a bucket of this app gets EventBridge notifications once, however many triggers', () => {
    const notifications = Object.values(template.Resources).filter((r: any) => r.Type === 'Custom::S3BucketNotifications') as any[];
    expect(notifications).toHaveLength(1);
    expect(notifications[0].Properties).toMatchObject({ BucketName: refOf(bucket), NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });

  test('disabled trigger with a description', () => {
    expect(propertiesOf(template, rules.OnAny)).toMatchObject({ State: 'DISABLED', Description: 'every object' });
  });

  test('SageMaker processing: name prefix and default status Completed; the upstream job name reaches the job', () => {
    const props = propertiesOf(template, rules.AfterUpstream);
    expect(props.EventPattern).toEqual({
      'source': ['aws.sagemaker'],
      'detail-type': ['SageMaker Processing Job State Change'],
      'detail': { ProcessingJobName: [{ prefix: 'upstream-' }], ProcessingJobStatus: ['Completed'] },
    });
    expect(applyInputTransformer(props.Targets[0].InputTransformer, PROCESSING_COMPLETED)).toEqual(overridesForm('2026-11-24T02:41:10Z', {
      environment: { PROCESSING_TRIGGER_JOB_NAME: 'upstream-20261124-020007-1a2b3c4d' },
    }));
  });

  test('SageMaker processing: chosen statuses', () => {
    expect(propertiesOf(template, rules.AfterFailure).EventPattern.detail.ProcessingJobStatus).toEqual(['Failed', 'Stopped']);
  });

  test('SageMaker training: Training Job State Change by TrainingJobName prefix', () => {
    expect(propertiesOf(template, rules.AfterTraining).EventPattern).toEqual({
      'source': ['aws.sagemaker'],
      'detail-type': ['SageMaker Training Job State Change'],
      'detail': { TrainingJobName: [{ prefix: 'churn-model' }], TrainingJobStatus: ['Completed'] },
    });
  });

  test('Glue: job name and states; the Glue job name and run id reach the job', () => {
    const props = propertiesOf(template, rules.AfterGlue);
    expect(props.EventPattern).toEqual({
      'source': ['aws.glue'],
      'detail-type': ['Glue Job State Change'],
      'detail': { jobName: ['ingest'], state: ['SUCCEEDED', 'TIMEOUT'] },
    });
    expect(applyInputTransformer(props.Targets[0].InputTransformer, GLUE_SUCCEEDED)).toEqual(overridesForm('2026-11-24T01:00:00Z', {
      environment: { PROCESSING_TRIGGER_JOB_NAME: 'ingest', PROCESSING_TRIGGER_JOB_RUN_ID: 'jr_0123' },
    }));
  });

  test('custom pattern: overrides read from the event, scheduledTime from the event when given', () => {
    const props = propertiesOf(template, rules.OnCustom);
    expect(props.EventPattern).toEqual({ 'source': ['my.app'], 'detail-type': ['Batch Ready'] });
    expect(props.Targets[0].RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 4 });
    const event = { 'detail-type': 'Batch Ready', 'source': 'my.app', 'time': '2026-11-24T09:00:00Z', 'detail': { batchId: 'b-42', asOf: '2026-11-23T00:00:00Z' } };
    expect(applyInputTransformer(props.Targets[0].InputTransformer, event)).toEqual({ job: 'Nightly', arguments: ['--batch', 'b-42'], scheduledTime: '2026-11-23T00:00:00Z' });
  });

  test('each trigger is one AWS::Events::Rule with the shared start role; the start role policy is unchanged', () => {
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Events::Rule')).toHaveLength(10);
    const startPolicy = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::IAM::Policy'
      && JSON.stringify(r.Properties.Roles) === JSON.stringify([refOf(target.startRole)])) as any;
    expect(startPolicy.Properties.PolicyDocument.Statement).toEqual([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: refOf(target.stateMachine) }]);
  });

  test('no warnings for a bucket of this app; the filters with literal * are said to match literally', () => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings).toEqual([
      expect.stringMatching(/^Jobs\/Nightly\/OnStar: prefix 'a\*b\\c\/' has '\*' or '\?', which EventBridge matches literally .*\[ack: cdk-sagemaker-processing:trigger-key-filter\]$/),
      expect.stringMatching(/^Jobs\/Nightly\/OnStar: suffix '\*\.json' has '\*' or '\?', which EventBridge matches literally .*\[ack: cdk-sagemaker-processing:trigger-key-filter\]$/),
    ]);
  });
});

describe('imported buckets', () => {
  test('are not changed; a warning says their EventBridge notifications must be on', () => {
    const { stack, target } = newTarget();
    const imported = s3.Bucket.fromBucketName(stack, 'Lake', 'shared-lake');
    JobTrigger.onObjectCreated(imported, { prefix: 'in/' })._bind(target, 'OnLake');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { bucket: { name: ['shared-lake'] } } } });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => `${w.id} ${w.entry.data}`)).toEqual([
      '/Jobs/Nightly/OnLake bucket Jobs/Lake is not defined in this app, so its EventBridge notifications cannot be switched on here; ' +
      'S3 sends "Object Created" events only for buckets with EventBridge notifications on: turn them on where the bucket is defined (eventBridgeEnabled: true) ' +
      '[ack: cdk-sagemaker-processing:trigger-bucket-eventbridge]',
    ]);
  });
});

describe('cost: one resource per schedule or trigger', () => {
  test('a job with four triggers has exactly four more resources than without', () => {
    const count = (withTriggers: boolean) => {
      const { stack, target } = newTarget();
      const imported = s3.Bucket.fromBucketName(stack, 'Lake', 'shared-lake');
      if (withTriggers) {
        JobTrigger.onObjectCreated(imported)._bind(target, 'A');
        JobTrigger.onProcessingJobStateChange({ jobNamePrefix: 'upstream' })._bind(target, 'B');
        JobTrigger.onGlueJobStateChange({ jobName: 'ingest' })._bind(target, 'C');
        JobTrigger.onEvent({ source: ['my.app'] })._bind(target, 'D');
      }
      return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
    };
    expect(count(true) - count(false)).toBe(4);
  });
});
