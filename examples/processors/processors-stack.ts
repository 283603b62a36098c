import * as path from 'path';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingNag, ProcessingOutput, ProcessingS3Location, PySparkProcessor,
  SageMakerCreateProcessingJob, ScriptProcessor, SKLearnProcessor, SKLearnVersion, SparkJarProcessor, SparkVersion,
} from '../../lib';

const HERE = __dirname;

/**
 * The five SDK processors and the four image sources in one state machine:
 * scikit-learn preprocessing (managed image), an R script (Dockerfile asset), a framework job
 * (ECR repository), a PySpark job with a py-file and Spark configuration (managed Spark image),
 * and a Spark jar from S3 (image by registry URI).
 */
export class ProcessorsStack extends Stack {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const data = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const small = ProcessingInstanceType.ML_T3_MEDIUM;

    const sklearn = SageMakerCreateProcessingJob.jsonPath(this, 'SplitTrainTest', {
      processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
      code: ProcessingCode.fromAsset(path.join(HERE, 'sklearn', 'preprocessing.py')),
      processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
      processingOutputs: [
        ProcessingOutput.toBucket('train', data, 'prepared/train/', { localPath: '/opt/ml/processing/output/train' }),
        ProcessingOutput.toBucket('test', data, 'prepared/test/', { localPath: '/opt/ml/processing/output/test' }),
      ],
      arguments: ['--label', 'churned'],
      instanceType: small,
      maxRuntime: Duration.minutes(30),
      resultPath: sfn.JsonPath.DISCARD,
    });

    const r = SageMakerCreateProcessingJob.jsonPath(this, 'SummarizeWithR', {
      processor: new ScriptProcessor({ image: ProcessingImage.fromAsset(path.join(HERE, 'r')), command: ['Rscript'] }),
      code: ProcessingCode.fromAsset(path.join(HERE, 'r', 'summarize.R')),
      processingInputs: [ProcessingInput.fromBucket('raw', data, 'raw/')],
      processingOutputs: [ProcessingOutput.toBucket('summary', data, 'summary/', { localPath: '/opt/ml/processing/output/summary' })],
      instanceType: small,
      maxRuntime: Duration.minutes(30),
      resultPath: sfn.JsonPath.DISCARD,
    });

    const framework = SageMakerCreateProcessingJob.jsonPath(this, 'ScoreWithPyTorch', {
      processor: new FrameworkProcessor({
        image: ProcessingImage.fromEcrRepository(ecr.Repository.fromRepositoryName(this, 'ScoringImages', 'scoring'), '2.8.0-cpu'),
      }),
      code: ProcessingCode.fromAsset(path.join(HERE, 'framework'), { entryPoint: 'process.py' }),
      processingInputs: [ProcessingInput.fromBucket('features', data, 'prepared/train/')],
      processingOutputs: [ProcessingOutput.toBucket('scores', data, 'scores/', { localPath: '/opt/ml/processing/output/scores' })],
      instanceType: ProcessingInstanceType.ML_M5_XLARGE,
      maxRuntime: Duration.hours(1),
      resultPath: sfn.JsonPath.DISCARD,
    });

    const pyspark = SageMakerCreateProcessingJob.jsonPath(this, 'CountEventsWithPySpark', {
      processor: new PySparkProcessor({
        frameworkVersion: SparkVersion.V3_5,
        submitPyFiles: [path.join(HERE, 'pyspark', 'helpers.py')],
        configuration: [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g', 'spark.sql.shuffle.partitions': '8' } }],
        // A location in the bucket: the job role may put event logs under spark-events/ only.
        sparkEventLogs: ProcessingS3Location.fromBucket(data, 'spark-events/'),
      }),
      code: ProcessingCode.fromAsset(path.join(HERE, 'pyspark', 'app.py')),
      arguments: ['--input', data.s3UrlForObject('raw/events/'), '--output', data.s3UrlForObject('counts/')],
      instanceType: ProcessingInstanceType.ML_M5_XLARGE,
      instanceCount: 2,
      maxRuntime: Duration.hours(1),
      resultPath: sfn.JsonPath.DISCARD,
    });

    const sparkJar = SageMakerCreateProcessingJob.jsonPath(this, 'AggregateWithSparkJar', {
      processor: new SparkJarProcessor({
        image: ProcessingImage.fromRegistry('173754725891.dkr.ecr.us-east-1.amazonaws.com/sagemaker-spark-processing:3.5-cpu'),
        submitClass: 'com.example.aggregate.Main',
        submitJars: [data.s3UrlForObject('jars/udfs.jar')],
      }),
      code: ProcessingCode.fromBucket(data, 'jars/aggregate.jar'),
      arguments: ['--date', sfn.JsonPath.stringAt('$.date')],
      instanceType: ProcessingInstanceType.ML_M5_XLARGE,
      maxRuntime: Duration.hours(1),
      resultPath: sfn.JsonPath.DISCARD,
    });

    // The Spark jobs read and write these S3 URIs themselves (arguments, jars): grant them here.
    data.grantRead(pyspark.role, 'raw/events/*');
    data.grantWrite(pyspark.role, 'counts/*');
    ProcessingNag.acknowledgePrefixGrants(pyspark.role, {
      bucket: data, keyPatterns: ['raw/events/*', 'counts/*'], reason: 'Spark reads the events and writes the counts itself, at the S3 URIs of its arguments.',
    });
    data.grantRead(sparkJar.role, 'jars/udfs.jar');

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(sklearn.next(r).next(framework).next(pyspark).next(sparkJar)),
    });
  }
}
