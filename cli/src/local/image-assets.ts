/**
 * The Docker image assets of a cloud assembly: what the Docker engine builds instead of pulling
 * the job's image from the stack's ECR repository. Read from the assembly's asset manifests
 * (`*.assets.json`): `dockerImages.<id>.source` `{ directory, dockerFile, dockerBuildArgs, platform }`
 * and `dockerImages.<id>.destinations.*.imageTag`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from '../errors';

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
  readonly dockerImages?: { [id: string]: {
    source: { directory?: string; dockerFile?: string; dockerBuildArgs?: { [name: string]: string }; platform?: string };
    destinations: { [id: string]: { imageTag: string } };
  }; };
}

/** The image assets of the assembly folder `directory`. */
export function imageAssets(directory: string): ImageAsset[] {
  const images: ImageAsset[] = [];
  for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.assets.json'))) {
    let manifest: AssetManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as AssetManifest;
    } catch (e) {
      throw new CliError(`cannot read ${path.join(directory, file)}: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const image of Object.values(manifest.dockerImages ?? {})) {
      if (!image.source.directory) continue; // an executable source: produced at publish time, not in cdk.out
      for (const destination of Object.values(image.destinations)) {
        images.push({
          imageTag: destination.imageTag,
          directory: path.resolve(directory, image.source.directory),
          dockerFile: image.source.dockerFile,
          buildArgs: image.source.dockerBuildArgs,
          platform: image.source.platform,
        });
      }
    }
  }
  return images;
}

/** The image asset an ECR image URI (`<registry>/<repository>:<tag>`) was pushed from, if any. */
export function imageAssetFor(imageUri: string, images: ImageAsset[]): ImageAsset | undefined {
  const tag = /:([^:/]+)$/.exec(imageUri)?.[1];
  return tag === undefined ? undefined : images.find((i) => i.imageTag === tag);
}
