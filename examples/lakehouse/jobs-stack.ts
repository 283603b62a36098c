import * as path from 'path';
import { Duration, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  FrameworkProcessor, JobSchedule, ProcessingCode, ProcessingDefaults, ProcessingImage, ProcessingInput, ProcessingInstanceType, ProcessingJob,
  ProcessingOutput, PyTorchVersion, PySparkProcessor, ScriptProcessor, SKLearnProcessor, SKLearnVersion, SparkJarProcessor, SparkVersion,
} from '../../lib';
import { LakeFoundationStack } from './foundation-stack';

const PROCESSORS = path.join(__dirname, '..', 'processors');

/** The lakehouse's jobs of every processor kind, each with its own runner, in the foundation's network and keys. */
export class LakeJobsStack extends Stack {
  constructor(scope: Construct, id: string, foundation: LakeFoundationStack, props?: StackProps) {
    super(scope, id, props);
    const { raw, curated, athenaResults, dataKey, vpc, alerts } = foundation;
    ProcessingDefaults.of(this).add({
      vpc, volumeKmsKey: dataKey, outputKmsKey: dataKey, enableInterContainerTrafficEncryption: true,
      instanceType: ProcessingInstanceType.ML_M5_LARGE, maxRuntime: Duration.hours(1), tags: { team: 'lakehouse' },
    });
    const common = { notificationTopic: alerts, failureAlarm: true };

    new ProcessingJob(this, 'SplitTrainTest', {
      ...common,
      processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
      code: ProcessingCode.fromAsset(path.join(PROCESSORS, 'sklearn', 'preprocessing.py')),
      arguments: ['--label', 'churned'],
      processingInputs: [ProcessingInput.fromBucket('raw', raw, 'customers/')],
      processingOutputs: [
        ProcessingOutput.toBucket('train', curated, 'prepared/train/', { localPath: '/opt/ml/processing/output/train' }),
        ProcessingOutput.toBucket('test', curated, 'prepared/test/', { localPath: '/opt/ml/processing/output/test' }),
      ],
      schedule: JobSchedule.cron({ hour: '3', minute: '0', timeZone: TimeZone.EUROPE_LONDON }),
    });

    new ProcessingJob(this, 'WeeklySummary', {
      ...common,
      processor: new ScriptProcessor({ image: ProcessingImage.fromAsset(path.join(PROCESSORS, 'r')), command: ['Rscript'] }),
      code: ProcessingCode.fromAsset(path.join(PROCESSORS, 'r', 'summarize.R')),
      processingInputs: [ProcessingInput.fromBucket('raw', raw, 'events/')],
      processingOutputs: [ProcessingOutput.toBucket('summary', curated, 'summaries/', { localPath: '/opt/ml/processing/output/summary' })],
      schedule: JobSchedule.cron({ weekDay: 'MON', hour: '6', minute: '0', direct: true }),
    });

    new ProcessingJob(this, 'ScoreCustomers', {
      ...common,
      processor: new FrameworkProcessor({ image: ProcessingImage.pytorch(PyTorchVersion.V2_1_0, { pyVersion: 'py310' }) }),
      code: ProcessingCode.fromAsset(path.join(PROCESSORS, 'framework'), { entryPoint: 'process.py' }),
      processingInputs: [
        ProcessingInput.fromAthena('customers', {
          database: 'lakehouse', queryString: 'SELECT * FROM customers WHERE active', outputS3Uri: `s3://${athenaResults.bucketName}/customers/`, kmsKey: dataKey,
        }),
      ],
      processingOutputs: [
        ProcessingOutput.toBucket('scores', curated, 'scores/', { localPath: '/opt/ml/processing/output/scores' }),
        ProcessingOutput.toFeatureGroup('features', 'customer-features'),
      ],
    });

    new ProcessingJob(this, 'CountEvents', {
      ...common,
      processor: new PySparkProcessor({
        frameworkVersion: SparkVersion.V3_5,
        submitPyFiles: [path.join(PROCESSORS, 'pyspark', 'helpers.py')],
        configuration: [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g' } }],
      }),
      code: ProcessingCode.fromAsset(path.join(PROCESSORS, 'pyspark', 'app.py')),
      processingInputs: [ProcessingInput.fromBucket('events', raw, 'events/')],
      processingOutputs: [ProcessingOutput.toBucket('counts', curated, 'counts/')],
      instanceCount: 2,
    });

    new ProcessingJob(this, 'AggregateSales', {
      ...common,
      processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'com.example.aggregate.Main' }),
      code: ProcessingCode.fromBucket(raw, 'jars/aggregate.jar'),
      processingInputs: [ProcessingInput.fromBucket('sales', raw, 'sales/')],
      processingOutputs: [ProcessingOutput.toBucket('aggregates', curated, 'aggregates/')],
    });
  }
}
