import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  HuggingFaceVersion, ImageProcessorType, ProcessingImage, ProcessingImageSource, PyTorchVersion, SKLearnVersion, SparkVersion,
  TensorFlowVersion, XGBoostVersion,
} from '../../lib';
import * as table from '../../lib/image/managed-images.json';

function roleIn(stack: Stack): iam.Role {
  return new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
}

function uriIn(region: string, image: ProcessingImage): string {
  const stack = new Stack(new App(), 'Jobs', { env: { region } });
  return stack.resolve(image.bind(stack, { grantee: roleIn(stack) }).imageUri);
}

// Accounts and domains: the SDK's image_uri_config/*.json and utils.py ALTERNATE_DOMAINS.
describe('managed image URIs per region', () => {
  const cases: Array<[string, () => ProcessingImage, Record<string, string>]> = [
    ['scikit-learn 1.2-1', () => ProcessingImage.sklearn(SKLearnVersion.V1_2_1), {
      'us-east-1': '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      'eu-west-1': '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      'ap-southeast-2': '783357654285.dkr.ecr.ap-southeast-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      'cn-north-1': '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-scikit-learn:1.2-1-cpu-py3',
      'us-gov-west-1': '414596584902.dkr.ecr.us-gov-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    }],
    ['Spark 3.5', () => ProcessingImage.spark(SparkVersion.V3_5), {
      'us-east-1': '173754725891.dkr.ecr.us-east-1.amazonaws.com/sagemaker-spark-processing:3.5-cpu',
      'eu-west-1': '571004829621.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-spark-processing:3.5-cpu',
      'ap-southeast-2': '440695851116.dkr.ecr.ap-southeast-2.amazonaws.com/sagemaker-spark-processing:3.5-cpu',
      'cn-north-1': '671472414489.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-spark-processing:3.5-cpu',
      'us-gov-west-1': '271483468897.dkr.ecr.us-gov-west-1.amazonaws.com/sagemaker-spark-processing:3.5-cpu',
    }],
    ['PyTorch 2.8.0 GPU', () => ProcessingImage.pytorch(PyTorchVersion.V2_8_0, { processorType: ImageProcessorType.GPU }), {
      'us-east-1': '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.8.0-gpu-py312',
      'eu-west-1': '763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.8.0-gpu-py312',
      'ap-southeast-2': '763104351884.dkr.ecr.ap-southeast-2.amazonaws.com/pytorch-training:2.8.0-gpu-py312',
      'cn-north-1': '727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/pytorch-training:2.8.0-gpu-py312',
      'us-gov-west-1': '442386744353.dkr.ecr.us-gov-west-1.amazonaws.com/pytorch-training:2.8.0-gpu-py312',
    }],
    ['XGBoost 1.7-1', () => ProcessingImage.xgboost(XGBoostVersion.V1_7_1), {
      'us-east-1': '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      'eu-west-1': '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      'ap-southeast-2': '783357654285.dkr.ecr.ap-southeast-2.amazonaws.com/sagemaker-xgboost:1.7-1',
      'cn-north-1': '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1',
      'us-gov-west-1': '414596584902.dkr.ecr.us-gov-west-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    }],
    ['Hugging Face 4.56.2 on PyTorch 2.8', () => ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { pytorchVersion: '2.8' }), {
      'us-east-1': '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:2.8-transformers4.56.2-gpu-py312-cu129-ubuntu22.04',
      'eu-west-1': '763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-training:2.8-transformers4.56.2-gpu-py312-cu129-ubuntu22.04',
      'ap-southeast-2': '763104351884.dkr.ecr.ap-southeast-2.amazonaws.com/huggingface-pytorch-training:2.8-transformers4.56.2-gpu-py312-cu129-ubuntu22.04',
      'cn-north-1': '727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/huggingface-pytorch-training:2.8-transformers4.56.2-gpu-py312-cu129-ubuntu22.04',
      'us-gov-west-1': '442386744353.dkr.ecr.us-gov-west-1.amazonaws.com/huggingface-pytorch-training:2.8-transformers4.56.2-gpu-py312-cu129-ubuntu22.04',
    }],
  ];
  for (const [name, image, expected] of cases) {
    test.each(Object.entries(expected))(`${name} in %s`, (region, uri) => {
      expect(uriIn(region, image())).toBe(uri);
    });
  }

  test('TensorFlow: alias 2.19 finds 2.19.0\'s image and keeps 2.19 in the tag, as the SDK does; CPU by default', () => {
    expect(uriIn('us-east-1', ProcessingImage.tensorflow(TensorFlowVersion.of('2.19'))))
      .toBe('763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.19-cpu-py312');
    expect(uriIn('us-east-1', ProcessingImage.tensorflow(TensorFlowVersion.V2_19_0)))
      .toBe('763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.19.0-cpu-py312');
  });

  test('ISO regions use their own ECR domain', () => {
    expect(uriIn('us-iso-east-1', ProcessingImage.sklearn(SKLearnVersion.V1_2_1)))
      .toMatch(/^\d{12}\.dkr\.ecr\.us-iso-east-1\.c2s\.ic\.gov\/sagemaker-scikit-learn:1\.2-1-cpu-py3$/);
    expect(uriIn('us-isob-east-1', ProcessingImage.sklearn(SKLearnVersion.V1_2_1)))
      .toMatch(/^\d{12}\.dkr\.ecr\.us-isob-east-1\.sc2s\.sgov\.gov\//);
  });

  test('Spark with a Python and container version: tag <version>-cpu-<py>-v<container>', () => {
    expect(uriIn('us-east-1', ProcessingImage.spark(SparkVersion.V3_3, { pyVersion: 'py39', containerVersion: '1.2' })))
      .toBe('173754725891.dkr.ecr.us-east-1.amazonaws.com/sagemaker-spark-processing:3.3-cpu-py39-v1.2');
  });

  test('PyTorch 1.0.0 has py2 and py3: pyVersion picks one', () => {
    expect(uriIn('us-east-1', ProcessingImage.pytorch(PyTorchVersion.V1_0_0, { pyVersion: 'py3' })))
      .toBe('520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-pytorch:1.0.0-cpu-py3');
  });
});

describe('managed image in an env-agnostic stack', () => {
  let stack: Stack;
  let template: any;
  let bound: any;
  beforeAll(() => {
    stack = new Stack(new App(), 'Jobs');
    const role = roleIn(stack);
    bound = stack.resolve(ProcessingImage.sklearn(SKLearnVersion.V1_2_1).bind(stack, { grantee: role }));
    ProcessingImage.sklearn(SKLearnVersion.V1_2_1).bind(stack, { grantee: role });
    ProcessingImage.spark(SparkVersion.V3_5).bind(stack, { grantee: role });
    template = Template.fromStack(stack).toJSON();
  });

  test('looks the URI up in a CfnMapping on AWS::Region, one mapping per image', () => {
    const ids = Object.keys(template.Mappings);
    expect(ids).toHaveLength(2);
    const sklearnId = ids.find((id) => id.includes('scikitlearn'))!;
    expect(bound.imageUri).toEqual({ 'Fn::FindInMap': [sklearnId, { Ref: 'AWS::Region' }, 'uri'] });
    expect(bound.source).toBe(ProcessingImageSource.MANAGED);
    expect(template.Mappings[sklearnId]['us-east-1']).toEqual({
      account: '683313688378', uri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    });
    expect(template.Mappings[sklearnId]['cn-north-1'].uri).toBe('450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-scikit-learn:1.2-1-cpu-py3');
  });

  test('a mapping holds only the regions its image is in', () => {
    const sklearnMap = Object.entries<any>(template.Mappings).find(([id]) => id.includes('scikitlearn'))![1];
    const sparkMap = Object.entries<any>(template.Mappings).find(([id]) => id.includes('spark'))![1];
    expect(Object.keys(sklearnMap).sort()).toEqual(Object.keys(table.registries.r0).sort());
    expect(sklearnMap['us-iso-east-1']).toBeDefined();
    expect(sparkMap['us-iso-east-1']).toBeUndefined();
    expect(sparkMap['ap-southeast-7']).toBeDefined();
    expect(sklearnMap['ap-southeast-7']).toBeUndefined();
  });

  test('grants pull on the managed repository of the region, account from the mapping', () => {
    const sklearnId = Object.keys(template.Mappings).find((id) => id.includes('scikitlearn'))!;
    const statements = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::IAM::Policy').Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:', { Ref: 'AWS::Region' }, ':',
        { 'Fn::FindInMap': [sklearnId, { Ref: 'AWS::Region' }, 'account'] }, ':repository/sagemaker-scikit-learn']] },
    });
  });
});

describe('managed image grants in a concrete region', () => {
  test('pull on arn:<partition>:ecr:<region>:<managed account>:repository/<repository>', () => {
    const stack = new Stack(new App(), 'Jobs', { env: { region: 'eu-west-1' } });
    const role = roleIn(stack);
    const config = ProcessingImage.sklearn(SKLearnVersion.V1_2_1).bind(stack, { grantee: role });
    expect(stack.resolve(config.repositoryArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:141502667606:repository/sagemaker-scikit-learn']] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:141502667606:repository/sagemaker-scikit-learn']] },
      }] },
    });
    expect(Template.fromStack(stack).toJSON().Mappings).toBeUndefined();
  });
});

describe('managed image errors', () => {
  const SOURCE = `aws/sagemaker-python-sdk ${table.source.version} (${table.source.commit.slice(0, 12)})`;
  test('unknown version lists the supported ones', () => {
    expect(() => uriIn('us-east-1', ProcessingImage.sklearn(SKLearnVersion.of('9.9-1')))).toThrow(
      `Jobs: scikit-learn version '9.9-1' is not supported; supported versions: 0.20.0, 0.23-1, 1.0-1, 1.2-1, 1.4-2 (SageMaker-managed images of ${SOURCE})`);
  });

  test('unknown region lists the regions of the image', () => {
    expect(() => uriIn('xx-nowhere-1', ProcessingImage.spark(SparkVersion.V3_5))).toThrow(
      /^Jobs: Spark 3\.5 \(the SageMaker-managed image sagemaker-spark-processing:3\.5-cpu\) is not available in region xx-nowhere-1; regions: af-south-1, .*us-east-1, .*us-west-2 \(aws\/sagemaker-python-sdk/);
  });

  test('a Python version or processor type the version does not have', () => {
    expect(() => uriIn('us-east-1', ProcessingImage.tensorflow(TensorFlowVersion.V2_19_0, { pyVersion: 'py27' }))).toThrow(
      `Jobs: TensorFlow 2.19.0 has no Python version 'py27'; Python versions: py312 (SageMaker-managed images of ${SOURCE})`);
    expect(() => uriIn('us-east-1', ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { pytorchVersion: '2.8.0', processorType: ImageProcessorType.CPU }))).toThrow(
      `Jobs: Hugging Face transformers 4.56.2 has no 'cpu' image; processor types: gpu (SageMaker-managed images of ${SOURCE})`);
  });

  test('several Python versions and none given: py3, the SDK processors\' default', () => {
    expect(uriIn('us-east-1', ProcessingImage.pytorch(PyTorchVersion.V1_0_0))).toMatch(/\/sagemaker-pytorch:1\.0\.0-cpu-py3$/);
  });

  test('Spark: pyVersion without containerVersion', () => {
    expect(() => uriIn('us-east-1', ProcessingImage.spark(SparkVersion.V3_5, { pyVersion: 'py312' }))).toThrow(
      `Jobs: Spark 3.5: give both pyVersion and containerVersion, or neither (SageMaker-managed images of ${SOURCE})`);
  });

  test('Hugging Face: a base framework is required, and must exist', () => {
    expect(() => ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, {})).toThrow(
      'ProcessingImage.huggingface(4.56.2): give exactly one of pytorchVersion and tensorflowVersion');
    expect(() => uriIn('us-east-1', ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { tensorflowVersion: '2.4.1' }))).toThrow(
      `Jobs: Hugging Face transformers 4.56.2 has no tensorflow 2.4.1 image; available: pytorch 2.8.0 (SageMaker-managed images of ${SOURCE})`);
  });

  test('the table records the SDK release it came from', () => {
    expect(table.source).toEqual({
      repository: 'aws/sagemaker-python-sdk', version: '2.257.6', commit: 'fc582aaa46faf7b7e16ab1e13840869712174cd0', files: expect.any(Array),
    });
  });
});
