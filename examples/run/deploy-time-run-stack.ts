import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJobRun, ProcessingOutput,
} from '../../lib';

/**
 * A one-off data preparation during `cdk deploy`: the job runs when the stack is created, again
 * when its definition or `runId` changes, and the deployment fails if the job fails.
 */
export class DeployTimeRunStack extends Stack {
  public readonly run: ProcessingJobRun;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const data = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });

    this.run = new ProcessingJobRun(this, 'BackfillFeatures', {
      image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'),
      entrypoint: ['python3', '-c', 'import os; print("backfill", os.environ["SCHEMA_VERSION"])'],
      environment: { SCHEMA_VERSION: '3' },
      processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
      processingOutputs: [ProcessingOutput.toBucket('features', data, 'features/v3/')],
      instanceType: ProcessingInstanceType.ML_T3_MEDIUM,
      maxRuntime: Duration.minutes(20),
      timeout: Duration.minutes(30),
      runId: 'schema-v3',
    });

    new CfnOutput(this, 'BackfillJobName', { value: this.run.jobName });
    new CfnOutput(this, 'BackfillOutput', { value: this.run.outputS3Uri('features') });
  }
}
