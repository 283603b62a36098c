import { ArnFormat, Aws, Stack, StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BENCH_IMAGE_URI, benchJobName, JobRange } from '../lib/jobs';

/**
 * What people write by hand today for N scheduled processing jobs, without this library: one
 * shared data bucket and one shared job role, and per job a state machine whose only state is a
 * `CustomState` holding the CreateProcessingJob `.sync` request as JSON, the state machine's
 * hand-written IAM statements, and an EventBridge rule with a cron schedule targeting it.
 *
 * Per job that is 6 resources: the state machine, its role and that role's policy, the rule, and
 * the role and policy that CDK's `SfnStateMachine` target creates for the rule.
 */
export class HandWrittenJobsStack extends Stack {
  public readonly bucket: s3.Bucket;
  public readonly jobRole: iam.Role;

  constructor(scope: Construct, id: string, jobCount: number, props?: StackProps & JobRange) {
    super(scope, id, props);
    this.bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    this.jobRole = new iam.Role(this, 'JobRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    this.bucket.grantReadWrite(this.jobRole);
    this.jobRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/ProcessingJobs:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    const first = props?.firstJob ?? 1;
    for (let i = first; i < first + jobCount; i++) this.addJob(i);
  }

  private addJob(index: number): void {
    const name = benchJobName(index);
    const scope = new Construct(this, name);
    const bucketUri = `s3://${this.bucket.bucketName}`;

    const run = new sfn.CustomState(scope, 'Run', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Aws.PARTITION}:states:::sagemaker:createProcessingJob.sync`,
        Parameters: {
          // EventBridge names each execution with a UUID: 14 + 36 characters, under the API's 63.
          'ProcessingJobName.$': `States.Format('${name}-{}', $$.Execution.Name)`,
          RoleArn: this.jobRole.roleArn,
          AppSpecification: {
            ImageUri: BENCH_IMAGE_URI,
            ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/features.py'],
          },
          Environment: { 'SCHEDULED_TIME.$': '$.time' },
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
          ProcessingInputs: [
            {
              InputName: 'raw',
              S3Input: {
                S3Uri: `${bucketUri}/raw/${name}/`, LocalPath: '/opt/ml/processing/input/raw',
                S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
              },
            },
            {
              InputName: 'code',
              S3Input: {
                S3Uri: `${bucketUri}/code/${name}/features.py`, LocalPath: '/opt/ml/processing/input/code',
                S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
              },
            },
          ],
          ProcessingOutputConfig: {
            Outputs: [{
              OutputName: 'features',
              S3Output: { S3Uri: `${bucketUri}/features/${name}/`, LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' },
            }],
          },
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        },
      },
    });

    const machine = new sfn.StateMachine(scope, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(run) });
    // A CustomState gets no permissions from CDK: the statements the .sync integration needs, by hand.
    machine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob', 'sagemaker:AddTags', 'sagemaker:ListTags'],
      resources: [this.formatArn({ service: 'sagemaker', resource: 'processing-job', resourceName: `${name}-*` })],
    }));
    machine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [this.jobRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));
    machine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      resources: [this.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForSageMakerProcessingJobsRule' })],
    }));

    new events.Rule(scope, 'Schedule', {
      schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
      targets: [new targets.SfnStateMachine(machine)],
    });
  }
}
