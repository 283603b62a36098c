import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  HuggingFaceVersion, ImageProcessorType, JobSchedule, JobTrigger, ProcessingImage, ProcessingInstanceType, ProcessingJob, ProcessingJobRun, PyTorchVersion,
  SageMakerCreateProcessingJob, SKLearnVersion, SparkVersion, TensorFlowVersion,
} from '../../../lib';
import { MANAGED_IMAGES_SOURCE } from '../../../lib/image/managed-image-table';
import { BadInput } from '../bad-input';

/** Binds an image in a stack of a region. */
function inRegion(region: string, image: () => ProcessingImage) {
  return () => {
    const stack = new Stack(new App(), 'TestStack', { env: { region } });
    return SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { image: image() });
  };
}
const row = (name: string, build: () => unknown, error: string): BadInput => ({ category: 'images', name, build, error });
/** The table's source (SDK release and commit), named in every managed-image message. */
const SRC = `(SageMaker-managed images of ${MANAGED_IMAGES_SOURCE})`;
const SPARK_REGIONS = 'af-south-1, ap-east-1, ap-east-2, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ' +
  'ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-7, ca-central-1, ca-west-1, cn-north-1, cn-northwest-1, eu-central-1, ' +
  'eu-central-2, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, mx-central-1, sa-east-1, ' +
  'us-east-1, us-east-2, us-gov-east-1, us-gov-west-1, us-west-1, us-west-2';

export const IMAGE_ROWS: BadInput[] = [
  row('an unsupported scikit-learn version', inRegion('us-east-1', () => ProcessingImage.sklearn(SKLearnVersion.of('9.9-1'))),
    `TestStack/Job: scikit-learn version '9.9-1' is not supported; supported versions: 0.20.0, 0.23-1, 1.0-1, 1.2-1, 1.4-2 ${SRC}`),
  row('Spark in a region without the image', inRegion('xx-nowhere-1', () => ProcessingImage.spark(SparkVersion.V3_5)),
    `TestStack/Job: Spark 3.5 (the SageMaker-managed image sagemaker-spark-processing:3.5-cpu) is not available in region xx-nowhere-1; regions: ${SPARK_REGIONS} (${MANAGED_IMAGES_SOURCE})`),
  row('TensorFlow with a Python version it does not have', inRegion('us-east-1', () => ProcessingImage.tensorflow(TensorFlowVersion.V2_19_0, { pyVersion: 'py27' })),
    `TestStack/Job: TensorFlow 2.19.0 has no Python version 'py27'; Python versions: py312 ${SRC}`),
  row('Hugging Face without a base framework', () => ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, {}),
    'ProcessingImage.huggingface(4.56.2): give exactly one of pytorchVersion and tensorflowVersion'),
  row('Hugging Face on a base framework version it was not built on', inRegion('us-east-1', () => ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { tensorflowVersion: '2.4.1' })),
    `TestStack/Job: Hugging Face transformers 4.56.2 has no tensorflow 2.4.1 image; available: pytorch 2.8.0 ${SRC}`),
  row('Hugging Face GPU-only version with a CPU processor', inRegion('us-east-1', () => ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { pytorchVersion: '2.8.0', processorType: ImageProcessorType.CPU })),
    `TestStack/Job: Hugging Face transformers 4.56.2 has no 'cpu' image; processor types: gpu ${SRC}`),
  row('Spark pyVersion without containerVersion', inRegion('us-east-1', () => ProcessingImage.spark(SparkVersion.V3_5, { pyVersion: 'py312' })),
    `TestStack/Job: Spark 3.5: give both pyVersion and containerVersion, or neither ${SRC}`),
  row('a schedule moving a job whose CPU PyTorch image was chosen by its instance type to a GPU instance', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { region: 'us-east-1' } });
    return new ProcessingJob(stack, 'Train', {
      image: ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { pyVersion: 'py312' }), entrypoint: ['python3', 'train.py'], instanceType: ProcessingInstanceType.ML_M5_XLARGE,
      schedule: JobSchedule.cron({ hour: '2', minute: '0', overrides: { instanceType: 'ml.p4d.24xlarge' } }),
    });
  }, "TestStack/Train/Schedule: overrides.instanceType ml.p4d.24xlarge (processor type gpu) does not fit the job's image: the cpu image of PyTorch 2.8.0, " +
    "chosen for ml.m5.xlarge when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): give the image processorType GPU " +
    '(a GPU image runs on CPU instances too)'),
  row('a trigger moving a scikit-learn job to an Inferentia instance', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { region: 'us-east-1' } });
    return new ProcessingJob(stack, 'Prep', {
      image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1), entrypoint: ['python3', 'prep.py'],
      triggers: [JobTrigger.onObjectCreated(new s3.Bucket(stack, 'Lake'), { overrides: { instanceType: 'ml.inf2.xlarge' } })],
    });
  }, "TestStack/Prep/Trigger1: overrides.instanceType ml.inf2.xlarge (processor type inf) does not fit the job's image: the cpu image of scikit-learn 1.2-1, " +
    "chosen for ml.m5.xlarge when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): scikit-learn 1.2-1 has no inf image " +
    '(processor types: cpu)'),
  row('an ECR image URI of another region than the job\'s', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    return new ProcessingJob(stack, 'Features', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1') });
  }, "TestStack/Features: image '123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1' is in region eu-west-1, but the job runs in us-east-1; " +
    "SageMaker pulls a processing image only from the job's own region: push it to an ECR repository of that region (AppSpecification.ImageUri)"),
  row('an imported ECR repository of another region than a deploy-time run\'s', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const repository = ecr.Repository.fromRepositoryArn(stack, 'Repo', 'arn:aws:ecr:eu-west-1:123456789012:repository/team/features');
    return new ProcessingJobRun(stack, 'Backfill', { image: ProcessingImage.fromEcrRepository(repository, '1') });
  }, 'TestStack/Backfill: image of ECR repository team/features is in region eu-west-1, but the job runs in us-east-1; ' +
    "SageMaker pulls a processing image only from the job's own region: push it to an ECR repository of that region (AppSpecification.ImageUri)"),
];
