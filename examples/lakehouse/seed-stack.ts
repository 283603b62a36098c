import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJobRun, ProcessingOutput } from '../../lib';
import { LakeFoundationStack } from './foundation-stack';

/** Seeds the curated bucket's reference tables while `cdk deploy` runs; the deployment waits for it. */
export class LakeSeedStack extends Stack {
  public readonly seed: ProcessingJobRun;

  constructor(scope: Construct, id: string, foundation: LakeFoundationStack, props?: StackProps) {
    super(scope, id, props);
    this.seed = new ProcessingJobRun(this, 'SeedReferenceTables', {
      image: ProcessingImage.fromRegistry('public.ecr.aws/docker/library/python:3.12-slim'),
      entrypoint: ['python3', '-c', 'import shutil; shutil.copytree("/opt/ml/processing/input/reference", "/opt/ml/processing/output/tables", dirs_exist_ok=True)'],
      processingInputs: [ProcessingInput.fromBucket('reference', foundation.raw, 'reference/')],
      processingOutputs: [ProcessingOutput.toBucket('tables', foundation.curated, 'reference/')],
      instanceType: ProcessingInstanceType.ML_T3_MEDIUM,
      maxRuntime: Duration.minutes(20),
      timeout: Duration.minutes(30),
      volumeKmsKey: foundation.dataKey,
      outputKmsKey: foundation.dataKey,
      vpc: foundation.vpc,
      runId: 'reference-v1',
    });
  }
}
