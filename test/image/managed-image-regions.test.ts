import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import {
  HuggingFaceVersion, ProcessingImage, PyTorchVersion, SKLearnVersion, SparkVersion, TensorFlowVersion, XGBoostVersion,
} from '../../lib';
import { ecrDomainOf, managedImageUri, resolveManagedImage } from '../../lib/image/managed-image-table';
import * as table from '../../lib/image/managed-images.json';

/**
 * Every managed image in every region aws-cdk-lib's region-info or the SDK's image_uri_config knows:
 * the URI image_uris.retrieve builds (SDK 2.257.6: `{registry}.dkr.{ecr hostname}/{repository}:{tag}`,
 * the hostname `ecr.<region>.<dnsSuffix>` of the region's partition in botocore's endpoints.json,
 * which region-info calls `domainSuffix`), or a synth error naming the region, the framework and
 * the version where the SDK has no registry for the image.
 */
const TABLE = table as unknown as {
  registries: { [id: string]: { [region: string]: string } };
  images: { [family: string]: { versions: { [version: string]: { variants: Array<{ repository: string; registries: string; processor: string | null; pyVersion: string | null; baseFramework?: string; baseFrameworkVersion?: string }> } } } };
};
const TABLE_REGIONS = new Set(Object.values(TABLE.registries).flatMap((byRegion) => Object.keys(byRegion)));
const REGIONS = [...new Set([...RegionInfo.regions.map((r) => r.name), ...TABLE_REGIONS])].sort();

test('the regions: region-info\'s and the table\'s, every partition among them', () => {
  expect(new Set(REGIONS.map((r) => RegionInfo.get(r).partition))).toEqual(
    new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']));
});

test.each(REGIONS)('the ECR domain of %s is its partition\'s domain', (region) => {
  expect(ecrDomainOf(region)).toBe(RegionInfo.get(region).domainSuffix);
});

describe.each(Object.keys(TABLE.images))('every %s image in every region', (family) => {
  test.each(Object.keys(TABLE.images[family].versions))('%s', (version) => {
    for (const variant of TABLE.images[family].versions[version].variants) {
      const image = resolveManagedImage('Job', {
        family, label: family, version, processor: variant.processor ?? undefined, pyVersion: variant.pyVersion ?? undefined,
        containerVersion: family === 'spark' && variant.pyVersion ? '1.0' : undefined,
        baseFramework: variant.baseFramework, baseFrameworkVersion: variant.baseFrameworkVersion,
      });
      expect(image.accounts).toBe(TABLE.registries[variant.registries]);
      for (const region of REGIONS) {
        const account = TABLE.registries[variant.registries][region];
        if (account === undefined) continue;
        const uri = managedImageUri(image, region);
        expect(uri.startsWith(`${account}.dkr.ecr.${region}.${RegionInfo.get(region).domainSuffix}/${variant.repository}:`)).toBe(true);
      }
    }
  });
});

/** One image of each kind, as a user writes it. */
const KINDS: Array<[string, string, () => ProcessingImage, string]> = [
  ['scikit-learn', '1.2-1', () => ProcessingImage.sklearn(SKLearnVersion.V1_2_1), 'sagemaker-scikit-learn:1.2-1-cpu-py3'],
  ['Spark', '3.5', () => ProcessingImage.spark(SparkVersion.V3_5), 'sagemaker-spark-processing:3.5-cpu'],
  ['PyTorch', '2.8.0', () => ProcessingImage.pytorch(PyTorchVersion.V2_8_0), 'pytorch-training:2.8.0-cpu-py312'],
  ['TensorFlow', '2.19.0', () => ProcessingImage.tensorflow(TensorFlowVersion.V2_19_0), 'tensorflow-training:2.19.0-cpu-py312'],
  ['XGBoost', '1.7-1', () => ProcessingImage.xgboost(XGBoostVersion.V1_7_1), 'sagemaker-xgboost:1.7-1'],
  ['Hugging Face transformers', '4.56.2', () => ProcessingImage.huggingface(HuggingFaceVersion.V4_56_2, { pytorchVersion: '2.8.0' }),
    'huggingface-pytorch-training:2.8.0-transformers4.56.2-gpu-py312-cu129-ubuntu22.04'],
];

describe.each(KINDS)('%s %s in a stack of each region', (label, version, image, repositoryAndTag) => {
  test.each(REGIONS)('%s', (region) => {
    const stack = new Stack(new App(), 'Jobs', { env: { region } });
    const role = new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const bind = () => stack.resolve(image().bind(stack, { grantee: role }).imageUri);
    const accounts = resolveManagedImage('Job', { family: familyOf(repositoryAndTag), label, version,
      ...(label.startsWith('Hugging') ? { baseFramework: 'pytorch', baseFrameworkVersion: '2.8.0' } : {}) }).accounts;
    if (accounts[region] !== undefined) {
      expect(bind()).toBe(`${accounts[region]}.dkr.ecr.${region}.${RegionInfo.get(region).domainSuffix}/${repositoryAndTag}`);
    } else {
      expect(bind).toThrow(`Jobs: ${label} ${version} (the SageMaker-managed image ${repositoryAndTag}) is not available in region ${region}; regions: `);
    }
  });
});

function familyOf(repositoryAndTag: string): string {
  const repository = repositoryAndTag.split(':')[0];
  return ({
    'sagemaker-scikit-learn': 'sklearn', 'sagemaker-spark-processing': 'spark', 'pytorch-training': 'pytorch', 'tensorflow-training': 'tensorflow',
    'sagemaker-xgboost': 'xgboost', 'huggingface-pytorch-training': 'huggingface',
  } as { [repository: string]: string })[repository];
}
