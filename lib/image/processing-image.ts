import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';

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
}

/**
 * The container image a processing job runs.
 *
 * `fromEcrRepository`, `fromAsset` and `fromRegistry` are here; managed SageMaker images
 * (scikit-learn, Spark, PyTorch, ...) come from `ProcessingImage.sklearn/spark/framework`.
 */
export abstract class ProcessingImage {
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
   * @param directory the folder with the Dockerfile
   * @param options asset options (build args, target, platform, ...) @default - default asset options
   */
  public static fromAsset(directory: string, options: ecrAssets.DockerImageAssetOptions = {}): ProcessingImage {
    return new AssetImage(directory, options);
  }

  /**
   * An image by URI from any registry the job can pull from (for an ECR URI of another
   * account, grant pull on that repository yourself).
   * @param imageUri the full image URI, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/r:1`
   */
  public static fromRegistry(imageUri: string): ProcessingImage {
    return new RegistryImage(imageUri);
  }

  /** Binds the image to a job: returns its URI and grants pull access to the job role. */
  public abstract bind(scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig;
}

class EcrRepositoryImage extends ProcessingImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tagOrDigest: string) {
    super();
  }

  public bind(_scope: Construct, options: ProcessingBindOptions): ProcessingImageConfig {
    this.repository.grantPull(options.grantee);
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
    const stack = Stack.of(scope);
    let asset = this.assets.get(stack);
    if (!asset) {
      asset = new ecrAssets.DockerImageAsset(scope, 'ProcessingImage', { directory: this.directory, ...this.options });
      this.assets.set(stack, asset);
    }
    asset.repository.grantPull(options.grantee);
    return { imageUri: asset.imageUri, source: ProcessingImageSource.ASSET, repositoryArn: asset.repository.repositoryArn };
  }
}

class RegistryImage extends ProcessingImage {
  constructor(private readonly imageUri: string) {
    super();
  }

  public bind(): ProcessingImageConfig {
    return { imageUri: this.imageUri, source: ProcessingImageSource.REGISTRY };
  }
}
