import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FrameworkProcessor, HuggingFaceVersion, ImageProcessorType, ProcessingCode, ProcessingImage, ProcessingInstanceType, PyTorchVersion,
  SageMakerCreateProcessingJob, SKLearnProcessor, SKLearnVersion, TensorFlowVersion, XGBoostVersion,
} from '../../lib';
import { ProcessingJobDefinitionProps } from '../../lib/definition/processing-job-definition';

function imageOf(props: Partial<ProcessingJobDefinitionProps> & { processor: ProcessingJobDefinitionProps['processor'] }) {
  const stack = new Stack(new App(), 'Jobs', { env: { region: 'us-east-1' } });
  const code = ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'code-bucket'), 'src/sourcedir.tar.gz', { entryPoint: 'process.py' });
  const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { code, ...props });
  const uri: string = stack.resolve((task.toStateJson() as any).Parameters.AppSpecification.ImageUri);
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => w.entry.data);
  return { uri, warnings };
}

const script = ProcessingCode.fromAsset(`${__dirname}/../parity/local/processing_code.py`);
const pytorch = () => new FrameworkProcessor({ image: ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { pyVersion: 'py312' }) });
const g5 = ProcessingInstanceType.ML_G5_XLARGE;
const m5 = ProcessingInstanceType.ML_M5_XLARGE;

describe('a managed image follows the job\'s instance type (image_uris.retrieve(instance_type=...))', () => {
  test.each([
    ['PyTorch on ml.g5.xlarge: the GPU image', () => imageOf({ processor: pytorch(), instanceType: g5 }),
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-gpu-py312'],
    ['PyTorch on ml.m5.xlarge: the CPU image', () => imageOf({ processor: pytorch(), instanceType: m5 }),
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-cpu-py312'],
    ['PyTorch with no instance type: the default ml.m5.xlarge, CPU', () => imageOf({ processor: pytorch() }),
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-cpu-py312'],
    ['TensorFlow on ml.p3.2xlarge: the GPU image', () => imageOf({
      processor: new FrameworkProcessor({ image: ProcessingImage.tensorflow(TensorFlowVersion.V2_19_0) }), instanceType: ProcessingInstanceType.ML_P3_2XLARGE }),
    expect.stringMatching(/\/tensorflow-training:2\.19\.0-gpu-py312$/)],
    ['XGBoost 1.7-1 has one image for every instance type', () => imageOf({
      processor: new FrameworkProcessor({ image: ProcessingImage.xgboost(XGBoostVersion.V1_7_1) }), instanceType: g5 }),
    '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
    ['an explicit processorType wins over the instance type', () => imageOf({
      processor: new FrameworkProcessor({ image: ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { pyVersion: 'py312', processorType: ImageProcessorType.CPU }) }), instanceType: g5 }),
    '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-cpu-py312'],
  ])('%s', (_name, build, uri) => {
    const result = build();
    expect(result.uri).toEqual(uri);
    expect(result.warnings).toEqual([]);
  });

  test('instance preferences of one kind pick that kind, without a warning', () => {
    expect(imageOf({ processor: pytorch(), instancePreferences: [{ instanceType: g5 }, { instanceType: ProcessingInstanceType.ML_G4DN_XLARGE }] }))
      .toEqual({ uri: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-gpu-py312', warnings: [] });
  });

  test('instance preferences mixing CPU and GPU: the GPU image (it runs on both), with a warning naming the CPU types', () => {
    expect(imageOf({ processor: pytorch(), instancePreferences: [{ instanceType: m5 }, { instanceType: g5 }] })).toEqual({
      uri: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-gpu-py312',
      warnings: ['instancePreferences mix cpu and gpu instance types; one image runs on all of them: the gpu image (also on ml.m5.xlarge). ' +
        'Give processorType to choose another [ack: cdk-sagemaker-processing:mixedImageProcessors]'],
    });
  });

  test.each([
    // image_uris._validate_arg raises "Unsupported processor" for these.
    ['scikit-learn (CPU images only) on a GPU instance', () => imageOf({ processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }), instanceType: g5, code: script }),
      "Jobs/Job: scikit-learn 1.2-1 has no gpu image for instance type ml.g5.xlarge; processor types: cpu (SageMaker-managed images of aws/sagemaker-python-sdk 2.257.6 (fc582aaa46fa))"],
    ['Hugging Face (GPU images only) on a CPU instance', () => imageOf({
      processor: new FrameworkProcessor({ image: ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { pytorchVersion: '2.8.0' }) }), instanceType: m5 }),
    "Jobs/Job: Hugging Face transformers 4.56.2 has no cpu image for instance type ml.m5.xlarge; processor types: gpu (SageMaker-managed images of aws/sagemaker-python-sdk 2.257.6 (fc582aaa46fa))"],
  ])('%s is refused', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('a managed image whose instance type is known only at deploy time', () => {
  const warningsOf = (image: (s: Stack) => ProcessingImage) => {
    const stack = new Stack(new App(), 'Jobs', { env: { region: 'us-east-1' } });
    const type = new CfnParameter(stack, 'Type', { type: 'String', default: 'ml.g5.xlarge' }).valueAsString;
    SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { image: image(stack), instanceType: ProcessingInstanceType.of(type) });
    return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
  };

  test('with CPU and GPU images: the CPU image, with a warning that says so and how to choose', () => {
    expect(warningsOf(() => ProcessingImage.pytorch(PyTorchVersion.V2_8_0))).toEqual([
      'Jobs/Job: the instance type is known only at deploy time, so the image cannot be chosen by it: the cpu image is used (processor types: cpu, gpu); ' +
      'give processorType to choose the one that fits the instance types the value may take [ack: cdk-sagemaker-processing:image-processor-unknown]',
    ]);
  });

  test('no warning with processorType given, or for an image with one processor type', () => {
    expect(warningsOf(() => ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { processorType: ImageProcessorType.GPU }))).toEqual([]);
    expect(warningsOf(() => ProcessingImage.sklearn(SKLearnVersion.V1_2_1))).toEqual([]);
  });
});
