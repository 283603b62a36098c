import * as path from 'path';
import { Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  OutputPartitioning, ProcessingCode, ProcessingInput, ProcessingInstanceType, ProcessingJob, ProcessingOutput, PySparkProcessor,
  SageMakerCreateProcessingJob, SKLearnProcessor, SKLearnVersion, SparkVersion,
} from '../../lib';
import { LakeFoundationStack } from './foundation-stack';

const EXAMPLES = path.join(__dirname, '..');

/**
 * The nightly chain in one state machine: a Glue job compacts the raw events, a PySpark job (a
 * `ProcessingJob` as a step) computes features, a scikit-learn task evaluates them, and a Lambda
 * function publishes the evaluation.
 */
export class LakePipelineStack extends Stack {
  public readonly pipeline: sfn.StateMachine;

  constructor(scope: Construct, id: string, foundation: LakeFoundationStack, props?: StackProps) {
    super(scope, id, props);
    const { raw, curated, dataKey, alerts } = foundation;
    const scheduledTime = sfn.JsonPath.stringAt('$.scheduledTime');

    const compact = new tasks.GlueStartJobRun(this, 'CompactEvents', {
      glueJobName: 'compact-raw-events',
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      resultPath: sfn.JsonPath.DISCARD,
    });
    const features = new ProcessingJob(this, 'Features', {
      processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5 }),
      code: ProcessingCode.fromAsset(path.join(EXAMPLES, 'data-lake', 'features.py')),
      processingInputs: [ProcessingInput.fromBucket('events', raw, 'compacted/events/')],
      processingOutputs: [ProcessingOutput.toBucket('features', curated, 'pipeline/features/')],
      outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
      instanceType: ProcessingInstanceType.ML_M5_XLARGE,
      volumeKmsKey: dataKey,
      outputKmsKey: dataKey,
      notificationTopic: alerts,
    });
    const evaluate = SageMakerCreateProcessingJob.jsonPath(this, 'EvaluateFeatures', {
      processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
      code: ProcessingCode.fromAsset(path.join(EXAMPLES, 'data-lake', 'evaluate.py')),
      arguments: ['--date', scheduledTime],
      processingInputs: [ProcessingInput.fromBucket('features', curated, 'pipeline/features/')],
      processingOutputs: [ProcessingOutput.toBucket('evaluation', curated, 'pipeline/evaluation/')],
      instanceType: ProcessingInstanceType.ML_T3_MEDIUM,
      maxRuntime: Duration.minutes(30),
      volumeKmsKey: dataKey,
      outputKmsKey: dataKey,
      resultPath: sfn.JsonPath.DISCARD,
    });
    // The function writes to its own log group only (no AWSLambdaBasicExecutionRole, which allows every group of the account).
    const publishLogs = new logs.LogGroup(this, 'PublishEvaluationLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: dataKey, removalPolicy: RemovalPolicy.RETAIN });
    const publishRole = new iam.Role(this, 'PublishEvaluationRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    publishLogs.grantWrite(publishRole);
    const publish = new lambda.Function(this, 'PublishEvaluation', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (event) => ({ published: event.scheduledTime });'),
      timeout: Duration.seconds(30),
      logGroup: publishLogs,
      role: publishRole,
      // One evaluation a night: one concurrent run at most.
      reservedConcurrentExecutions: 1,
    });
    Validations.of(publish).acknowledge(
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously by the pipeline, which sees and retries every failure: no asynchronous event to dead-letter.' },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'It calls no resource in the VPC: it returns its input to the pipeline.' },
    );

    this.pipeline = new sfn.StateMachine(this, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(compact
        .next(features.asStep(this, 'ComputeFeatures', { overrides: { scheduledTime }, resultPath: sfn.JsonPath.DISCARD }))
        .next(evaluate)
        // The pipeline invokes the function's published version: its role may invoke exactly that version.
        .next(new tasks.LambdaInvoke(this, 'Publish', { lambdaFunction: publish.currentVersion, payloadResponseOnly: true }))),
      timeout: Duration.hours(6),
      logs: {
        destination: new logs.LogGroup(this, 'PipelineLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: dataKey, removalPolicy: RemovalPolicy.RETAIN }),
        level: sfn.LogLevel.ALL,
      },
      tracingEnabled: true,
    });
    Validations.of(this.pipeline.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The pipeline\'s own logs and X-Ray tracing: CloudWatch Logs vended-log delivery and X-Ray have no resource-level permissions.',
    });
  }
}
