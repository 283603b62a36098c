import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingOutput, SageMakerCreateProcessingJob,
} from '../lib';

/**
 * The Step Functions task on its own: a state machine whose one state runs a processing job
 * (`.sync`), with the date of the run taken from the execution input.
 */
export class FoundationStack extends Stack {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const data = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });

    const task = SageMakerCreateProcessingJob.jsonPath(this, 'CleanEvents', {
      image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'),
      entrypoint: ['python3', '-c', 'import sys; print(sys.argv)'],
      arguments: ['--date', sfn.JsonPath.stringAt('$.date')],
      processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
      processingOutputs: [ProcessingOutput.toBucket('clean', data, 'clean/')],
      instanceType: ProcessingInstanceType.ML_T3_MEDIUM,
      maxRuntime: Duration.minutes(30),
      resultPath: '$.job',
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(task),
    });
  }
}
