/**
 * The file assets of a cloud assembly, by the S3 object key `cdk deploy` publishes them under:
 * what lets a local run put the job's code (and any other staged file) where the container finds
 * it, from `cdk.out` instead of S3. Read from the assembly's asset manifests (`*.assets.json`,
 * artifact type `cdk:asset-manifest`): `files.<id>.source` `{ path, packaging: 'file' | 'zip' }`
 * and `files.<id>.destinations.*.objectKey`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from '../errors';

/** One file asset: where `cdk deploy` uploads it and where it is in `cdk.out`. */
export interface FileAsset {
  /** The object key in the assets bucket, e.g. `<sha256>.py` or `<sha256>/configuration.json`. */
  readonly objectKey: string;
  /** The staged file or directory in `cdk.out` (absolute). */
  readonly sourcePath: string;
  /** `file`: uploaded as it is; `zip`: a directory uploaded as a zip archive. */
  readonly packaging: 'file' | 'zip';
}

/** A Docker image asset: the build context in `cdk.out` and the tag it is pushed with. */
export interface ImageAsset {
  readonly imageTag: string;
  /** The build context (absolute). */
  readonly directory: string;
  readonly dockerFile?: string;
  readonly buildArgs?: { [name: string]: string };
  readonly platform?: string;
}

interface AssetManifest {
  readonly files?: { [id: string]: { source: { path?: string; packaging?: string }; destinations: { [id: string]: { objectKey: string } } } };
  readonly dockerImages?: { [id: string]: {
    source: { directory?: string; dockerFile?: string; dockerBuildArgs?: { [name: string]: string }; platform?: string };
    destinations: { [id: string]: { imageTag: string } };
  }; };
}

/** The assets of the assembly that holds `templateFile` (its directory's asset manifests). */
export class AssemblyAssets {
  /** The assets of the assembly directory `directory`. */
  public static of(directory: string): AssemblyAssets {
    const manifestFile = path.join(directory, 'manifest.json');
    const manifest = readJson(manifestFile) as { artifacts?: { [id: string]: { type: string; properties?: { file?: string } } } };
    const files: FileAsset[] = [];
    const images: ImageAsset[] = [];
    for (const artifact of Object.values(manifest.artifacts ?? {})) {
      if (artifact.type !== 'cdk:asset-manifest' || !artifact.properties?.file) continue;
      const assets = readJson(path.join(directory, artifact.properties.file)) as AssetManifest;
      for (const file of Object.values(assets.files ?? {})) {
        if (!file.source.path) continue; // an executable source: produced at publish time, not in cdk.out
        const packaging = file.source.packaging === 'zip' ? 'zip' : 'file';
        for (const destination of Object.values(file.destinations)) {
          files.push({ objectKey: destination.objectKey, sourcePath: path.join(directory, file.source.path), packaging });
        }
      }
      for (const image of Object.values(assets.dockerImages ?? {})) {
        if (!image.source.directory) continue;
        for (const destination of Object.values(image.destinations)) {
          images.push({
            imageTag: destination.imageTag,
            directory: path.join(directory, image.source.directory),
            dockerFile: image.source.dockerFile,
            buildArgs: image.source.dockerBuildArgs,
            platform: image.source.platform,
          });
        }
      }
    }
    return new AssemblyAssets(files, images);
  }

  private constructor(public readonly files: FileAsset[], public readonly images: ImageAsset[]) {}

  /**
   * The assets an S3 URI names, each with its path relative to what the container gets: the object
   * itself (`s3://b/<hash>.py` → `<hash>.py`), or every asset under a prefix (`s3://b/<hash>/` →
   * `conf/configuration.json`…), as SageMaker lays out an `S3Prefix` input (the key after the prefix).
   * Empty when no asset matches (the object is not one of the app's assets).
   */
  public filesAt(s3Uri: string): { asset: FileAsset; relativePath: string }[] {
    const key = /^s3:\/\/[^/]+\/(.*)$/.exec(s3Uri)?.[1];
    if (key === undefined) return [];
    const exact = this.files.find((f) => f.objectKey === key);
    if (exact) return [{ asset: exact, relativePath: path.posix.basename(key) }];
    const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    return this.files
      .filter((f) => f.objectKey.startsWith(prefix))
      .map((asset) => ({ asset, relativePath: asset.objectKey.slice(prefix.length) }));
  }

  /** The image asset an ECR image URI (`<registry>/<repository>:<tag>`) was pushed from, if any. */
  public imageFor(imageUri: string): ImageAsset | undefined {
    const tag = /:([^:/]+)$/.exec(imageUri)?.[1];
    return tag === undefined ? undefined : this.images.find((i) => i.imageTag === tag);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}
