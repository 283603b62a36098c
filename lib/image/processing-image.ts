import * as crypto from 'crypto';
import { Annotations, Aws, CfnMapping, Stack, Token, aws_ecr as ecr, aws_ecr_assets as ecrAssets } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';
import { warnCrossAccountNamed } from '../iam/cross-account';
import { grantCrossAccountPull } from '../iam/cross-account-pull';
import { knownAndDifferent } from '../iam/environment';
import { grantRepositoryPull } from '../iam/registry-login';
import { requireAssets } from '../staging/asset-support';
import { parseEcrImageUri } from './ecr-image-uri';
import { ImageInstanceFit } from '../api/image-instance-fit';
import { FrameworkImageOptions, HuggingFaceImageOptions, SparkImageOptions } from './managed-image-options';
import { isManagedImageAccount, ManagedImageRequest, MANAGED_IMAGES_SOURCE, managedImageUri, resolveManagedImage } from './managed-image-table';
import {
  HuggingFaceVersion, PyTorchVersion, SKLearnVersion, SparkVersion, TensorFlowVersion, XGBoostVersion,
} from './managed-image-versions';

/** Where a processing image comes from; guardrails allow or deny by this. */
export enum ProcessingImageSource {
  /** A SageMaker-managed image (scikit-learn, Spark, frameworks), resolved per region. */
  MANAGED = 'MANAGED',
  /** An ECR repository, named by an `ecr.IRepository`. */
  ECR_REPOSITORY = 'ECR_REPOSITORY',
  /** A Dockerfile in this project, built and pushed at deploy time. */
  ASSET = 'ASSET',
  /** Any registry URI given as a string. */
  REGISTRY = 'REGISTRY',
}

/** A bound image. */
export interface ProcessingImageConfig {
  /** The image URI for `AppSpecification.ImageUri`. */
  readonly imageUri: string;
  /** Where the image comes from. */
  readonly source: ProcessingImageSource;
  /** The ECR repository ARN, when the image is in ECR. @default - not in a known ECR repository */
  readonly repositoryArn?: string;
  /**
   * The instance types the image runs on, when a SageMaker-managed image was chosen (CPU or GPU) by
   * the job's instance types: runs that change the instance type are refused outside them.
   * @default - runs may use any instance type
   */
  readonly instanceFit?: ImageInstanceFit;
}

/**
 * The container image a processing job runs.
 *
 * SageMaker-managed images (`sklearn`, `spark`, `pytorch`, `tensorflow`, `xgboost`, `huggingface`)
 * resolve per region from a table generated from the SageMaker Python SDK; your own images come
 * from `fromEcrRepository`, `fromAsset` (a Dockerfile) or `fromRegistry`.
 */
export abstract class ProcessingImage {
  /**
   * The SageMaker scikit-learn image, as `SKLearnProcessor(framework_version=...)` picks it
   * (repository `sagemaker-scikit-learn`, tag `<version>-cpu-py3`). The job role may pull it.
   * @param version the scikit-learn version, e.g. `SKLearnVersion.V1_2_1`
   */
  public static sklearn(version: SKLearnVersion): ProcessingImage {
    return new ManagedImage({ family: 'sklearn', label: 'scikit-learn', version: version.version });
  }

  /**
   * The SageMaker Spark processing image (`sagemaker-spark-processing`), as `PySparkProcessor`
   * and `SparkJarProcessor` pick it. The job role may pull it.
   * @param version the Spark version, e.g. `SparkVersion.V3_5`
   * @param options Python and container version @default - tag `<version>-cpu`
   */
  public static spark(version: SparkVersion, options: SparkImageOptions = {}): ProcessingImage {
    return new ManagedImage({ family: 'spark', label: 'Spark', version: version.version, pyVersion: options.pyVersion, containerVersion: options.containerVersion });
  }

  /**
   * The PyTorch (training) image, as `PyTorchProcessor` / `FrameworkProcessor(PyTorch, ...)` pick it.
   * @param version the PyTorch version, e.g. `PyTorchVersion.V2_8_0`
   * @param options Python version and CPU/GPU @default - the only Python version; CPU or GPU by the job's instance type
   */
  public static pytorch(version: PyTorchVersion, options: FrameworkImageOptions = {}): ProcessingImage {
    return ManagedImage.framework('pytorch', 'PyTorch', version.version, options);
  }

  /**
   * The TensorFlow (training) image, as `TensorFlowProcessor` picks it.
   * @param version the TensorFlow version, e.g. `TensorFlowVersion.V2_19_0`
   * @param options Python version and CPU/GPU @default - the only Python version; CPU or GPU by the job's instance type
   */
  public static tensorflow(version: TensorFlowVersion, options: FrameworkImageOptions = {}): ProcessingImage {
    return ManagedImage.framework('tensorflow', 'TensorFlow', version.version, options);
  }

  /**
   * The XGBoost image, as `XGBoostProcessor` picks it (`sagemaker-xgboost:<version>`).
   * @param version the XGBoost version, e.g. `XGBoostVersion.V1_7_1`
   * @param options Python version and CPU/GPU, for the old versions that have them @default - the version's image
   */
  public static xgboost(version: XGBoostVersion, options: FrameworkImageOptions = {}): ProcessingImage {
    return ManagedImage.framework('xgboost', 'XGBoost', version.version, options);
  }

  /**
   * The Hugging Face (training) image, as `HuggingFaceProcessor(transformers_version, pytorch_version | tensorflow_version)` picks it.
   * @param version the transformers version, e.g. `HuggingFaceVersion.V4_56_2`
   * @param options the base framework version (required), Python version, CPU/GPU
   */
  public static huggingface(version: HuggingFaceVersion, options: HuggingFaceImageOptions): ProcessingImage {
    if ((options.pytorchVersion === undefined) === (options.tensorflowVersion === undefined)) {
      throw new Error(`ProcessingImage.huggingface(${version.version}): give exactly one of pytorchVersion and tensorflowVersion`);
    }
    return new ManagedImage({
      family: 'huggingface',
      label: 'Hugging Face transformers',
      version: version.version,
      processor: options.processorType,
      pyVersion: options.pyVersion,
      baseFramework: options.pytorchVersion !== undefined ? 'pytorch' : 'tensorflow',
      baseFrameworkVersion: options.pytorchVersion ?? options.tensorflowVersion,
    });
  }

  /**
   * An image in an ECR repository; the job role gets pull access to it.
   * @param repository the repository
   * @param tagOrDigest a tag (`latest`, `1.4`) or a digest (`sha256:...`) @default 'latest'
   */
  public static fromEcrRepository(repository: ecr.IRepository, tagOrDigest: string = 'latest'): ProcessingImage {
    return new EcrRepositoryImage(repository, tagOrDigest);
  }

  /**
   * An image built from a Dockerfile in `directory` (a `DockerImageAsset`: staged at synth,
   * built and pushed by `cdk deploy`). The job role gets pull access to the asset repository.
   * It is built for `linux/amd64`, the only platform SageMaker Processing runs (every processing
   * instance type is x86_64), also on an arm64 machine such as Apple silicon; another `platform`
   * fails synth.
   * @param directory the folder with the Dockerfile
   * @param options asset options (build args, target, ...) @default - default asset options, with `platform` `Platform.LINUX_AMD64`
   */
  public static fromAsset(directory: string, options: ecrAssets.DockerImageAssetOptions = {}): ProcessingImage {
    return new AssetImage(directory, options);
  }

  /**
   * An image by URI. For a private ECR URI (`<account>.dkr.ecr.<region>.<domain>/<repository>[:tag]`, the domain of the
   * region's partition, `amazonaws.com`, `amazonaws.com.cn`, `c2s.ic.gov`, ..., or `${Aws.URL_SUFFIX}` as `repositoryUriForTag` writes it)
   * the job role gets pull access to that repository (a repository of another account must also
   * allow the pull in its repository policy: synth warns, `cdk-sagemaker-processing:cross-account-resource`,
   * except for SageMaker's managed-image registries), and a region other than the stack's is refused; for
   * other registries nothing is granted. The account and the region may be tokens
   * (`${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/features:1`); a URI whose repository is
   * known only at deploy or run time (a parameter, `sfn.JsonPath.stringAt(...)`) is granted nothing,
   * with the warning `cdk-sagemaker-processing:image-pull-not-granted`.
   * @param imageUri the full image URI, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/r:1`
   */
  public static fromRegistry(imageUri: string): ProcessingImage {
    // A Docker image reference has no whitespace (distribution/reference grammar); the API takes 1–255 characters.
    if (!Token.isUnresolved(imageUri) && (imageUri.length === 0 || /\s/.test(imageUri))) {
      throw new Error(`ProcessingImage.fromRegistry: '${imageUri}' is not an image reference (no spaces, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1) (AppSpecification.ImageUri)`);
    }
    return new RegistryImage(imageUri);
  }

  /** Binds the image to a job: returns its URI and grants pull access to the job role. */
  public abstract bind(scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig;
}

class EcrRepositoryImage extends ProcessingImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tagOrDigest: string) {
    super();
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig {
    checkImageRegion(scope, this.repository.env.region, `of ECR repository ${this.repository.repositoryName}`);
    // `grantPull`: the pull actions on this repository and the registry login, `ecr:GetAuthorizationToken` on `*`
    // (it has no resource types, Service Authorization Reference, Amazon ECR; the same statement as `grantRegistryLogin`).
    if (!grantCrossAccountPull(this.repository, options.grantee)) this.repository.grantPull(options.grantee);
    return {
      imageUri: this.repository.repositoryUriForTagOrDigest(this.tagOrDigest),
      source: ProcessingImageSource.ECR_REPOSITORY,
      repositoryArn: this.repository.repositoryArn,
    };
  }
}

class AssetImage extends ProcessingImage {
  /** One asset per stack and directory, so a shared image is uploaded once. */
  private readonly assets = new Map<Stack, ecrAssets.DockerImageAsset>();

  constructor(private readonly directory: string, private readonly options: ecrAssets.DockerImageAssetOptions) {
    super();
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig {
    const platform = this.options.platform?.platform;
    if (platform !== undefined && !isProcessingPlatform(platform)) {
      throw new Error(`${scope.node.path}: ProcessingImage.fromAsset('${this.directory}') platform '${platform}' cannot run on SageMaker Processing, whose ` +
        `instance types are all x86_64 (${PROCESSING_PLATFORM_SOURCE}); build it for ${ecrAssets.Platform.LINUX_AMD64.platform} (Platform.LINUX_AMD64, the default)`);
    }
    requireAssets(scope, `the image built from ProcessingImage.fromAsset('${this.directory}')`,
      'push the image to ECR yourself and use ProcessingImage.fromEcrRepository or ProcessingImage.fromRegistry');
    const stack = Stack.of(scope);
    let asset = this.assets.get(stack);
    if (!asset) {
      // Without a platform Docker builds for the machine it runs on: an arm64 image on Apple silicon or a Graviton CI
      // runner, which fails on every processing instance ("exec format error"). So linux/amd64 unless given.
      asset = new ecrAssets.DockerImageAsset(scope, 'ProcessingImage', { directory: this.directory, ...this.options, platform: this.options.platform ?? ecrAssets.Platform.LINUX_AMD64 });
      this.assets.set(stack, asset);
    }
    // The pull of CDK's container-assets repository (the stack synthesizer's, where `cdk deploy` pushes the image) and
    // the registry login on `*`: `ecr:GetAuthorizationToken` has no resource types (Service Authorization Reference, Amazon ECR).
    asset.repository.grantPull(options.grantee);
    return { imageUri: asset.imageUri, source: ProcessingImageSource.ASSET, repositoryArn: asset.repository.repositoryArn };
  }
}

/**
 * Where the processing instances' architecture is read: the API model's `ProcessingInstanceType`
 * enum (botocore sagemaker service-2.json, `lib/api/processing-instance-type.ts`) has only x86_64
 * families (`ml.t3`, `ml.m5`, `ml.c5`, `ml.r5`, `ml.g4dn`, `ml.p3`, …), no Graviton (`…g`) one.
 */
const PROCESSING_PLATFORM_SOURCE = 'CreateProcessingJob ProcessingResources.ClusterConfig.InstanceType';

/** `linux/amd64` in any of Docker's spellings (`linux/x86_64`, a `v2`–`v4` variant). */
function isProcessingPlatform(platform: string): boolean {
  return /^linux\/(amd64|x86_64|x86-64)(\/v[1-4])?$/i.test(platform.trim());
}

/** The warning for an image whose repository is not known before deployment (nothing granted). */
export const IMAGE_PULL_NOT_GRANTED_WARNING = 'cdk-sagemaker-processing:image-pull-not-granted';

class RegistryImage extends ProcessingImage {
  constructor(private readonly imageUri: string) {
    super();
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig {
    const ecrImage = parseEcrImageUri(this.imageUri);
    if (!ecrImage) {
      if (Token.isUnresolved(this.imageUri)) {
        Annotations.of(scope).addWarningV2(IMAGE_PULL_NOT_GRANTED_WARNING, `the image URI is known only at deploy or run time, so the job role is granted `
          + 'no pull of it: SageMaker pulls a private ECR image with the job\'s role (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:GetAuthorizationToken). '
          + 'Grant the pull yourself (repository.grantPull(role)), use ProcessingImage.fromEcrRepository, or write the URI with a literal repository '
          + '(`${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/<repository>:<tag>`, the domain of every partition, is granted); an image of another registry needs nothing');
      }
      return { imageUri: this.imageUri, source: ProcessingImageSource.REGISTRY };
    }
    // SageMaker pulls a private ECR image with the job's role: the role needs the pull of that
    // repository (and the registry login), in any account; another account's repository must also
    // allow it in its repository policy.
    checkImageRegion(scope, ecrImage.region, `'${this.imageUri}'`);
    const repositoryArn = Stack.of(scope).formatArn({
      service: 'ecr', region: ecrImage.region, account: ecrImage.account, resource: 'repository', resourceName: ecrImage.repository,
    });
    grantRepositoryPull(options.grantee, repositoryArn);
    // A pull across accounts needs the repository policy too (Amazon ECR User Guide, "Private
    // repository policy examples"), which a URI gives the library no way to write. The registries of
    // SageMaker's managed images allow every account's pull.
    if (!isManagedImageAccount(ecrImage.account)) {
      warnCrossAccountNamed(options.grantee, `ECR repository ${ecrImage.repository} (image '${this.imageUri}')`, ecrImage.account, 'repository policy',
        'add a statement allowing ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability to the role there, '
        + 'or, for a repository this app defines in a stack of that account, use ProcessingImage.fromEcrRepository (the library then writes it)');
    }
    return { imageUri: this.imageUri, source: ProcessingImageSource.REGISTRY, repositoryArn };
  }
}

/**
 * Refuses an ECR image of another region than the job's stack: SageMaker pulls a processing image
 * only from the job's own region (CreateProcessingJob answers `ValidationException: Invalid region
 * <r> in image URI ... Please provide an image URI in region <job's region>`, as reported in
 * aws/amazon-sagemaker-examples#2422).
 */
function checkImageRegion(scope: Construct, imageRegion: string, image: string): void {
  const jobRegion = Stack.of(scope).region;
  if (!knownAndDifferent(imageRegion, jobRegion)) return;
  throw new Error(`${scope.node.path}: image ${image} is in region ${imageRegion}, but the job runs in ${jobRegion}; ` +
    'SageMaker pulls a processing image only from the job\'s own region: push it to an ECR repository of that region (AppSpecification.ImageUri)');
}

/**
 * A SageMaker-managed image. In a stack with a concrete region it is a plain URI; in an
 * env-agnostic stack a `CfnMapping` (one per image and stack, only the regions the image is in)
 * is looked up on `AWS::Region`. The job role may pull from the managed repository.
 */
class ManagedImage extends ProcessingImage {
  public static framework(family: string, label: string, version: string, options: FrameworkImageOptions): ManagedImage {
    return new ManagedImage({ family, label, version, processor: options.processorType, pyVersion: options.pyVersion });
  }

  constructor(private readonly request: ManagedImageRequest) {
    super();
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig {
    const image = resolveManagedImage(scope.node.path, { ...this.request, instanceTypes: options.instanceTypes });
    if (image.warning) Annotations.of(scope).addWarningV2('cdk-sagemaker-processing:mixedImageProcessors', image.warning);
    if (image.unknownWarning) Annotations.of(scope).addWarningV2('cdk-sagemaker-processing:image-processor-unknown', `${scope.node.path}: ${image.unknownWarning}`);
    const stack = Stack.of(scope);
    const regions = Object.keys(image.accounts);
    let imageUri: string;
    let account: string;
    let region: string;
    if (!Token.isUnresolved(stack.region)) {
      region = stack.region;
      if (!image.accounts[region]) {
        throw new Error(`${scope.node.path}: ${this.request.label} ${this.request.version} (the SageMaker-managed image ${image.repository}:${image.tag}) ` +
          `is not available in region ${region}; regions: ${regions.join(', ')} (${MANAGED_IMAGES_SOURCE})`);
      }
      imageUri = managedImageUri(image, region);
      account = image.accounts[region];
    } else {
      // One mapping per image and stack; the hash keeps ids of look-alike tags (1.0-1, 1.01) apart.
      const key = `${image.repository}:${image.tag}`;
      const id = `SageMakerImage${key.replace(/[^A-Za-z0-9]/g, '')}${crypto.createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
      const mapping = (stack.node.tryFindChild(id) as CfnMapping | undefined) ?? new CfnMapping(stack, id, {
        mapping: Object.fromEntries(regions.map((r) => [r, { account: image.accounts[r], uri: managedImageUri(image, r) }])),
      });
      region = Aws.REGION;
      imageUri = mapping.findInMap(Aws.REGION, 'uri');
      account = mapping.findInMap(Aws.REGION, 'account');
    }
    const repositoryArn = stack.formatArn({ service: 'ecr', region, account, resource: 'repository', resourceName: image.repository });
    grantRepositoryPull(options.grantee, repositoryArn);
    return { imageUri, source: ProcessingImageSource.MANAGED, repositoryArn, ...(image.instanceFit ? { instanceFit: image.instanceFit } : {}) };
  }
}
