import * as fs from 'fs';
import * as path from 'path';

/**
 * What a processing container sees under `/opt/ml/processing`, built on this machine from a
 * synthesized CreateProcessingJob request and the cloud assembly's file assets, without Docker
 * and without AWS: the code and inputs land where SageMaker would put them, under the names it
 * would give them; the outputs are empty folders. For tests (the examples run against it) and for
 * running a job locally (the CLI). Internal: not exported from `lib/index.ts`.
 */

/** The container's processing root. */
export const CONTAINER_ROOT = '/opt/ml/processing';

/** The parts of a CreateProcessingJob request the container sees (fields as the API names them). */
export interface ContainerRequest {
  readonly AppSpecification: { readonly ContainerEntrypoint?: string[]; readonly ContainerArguments?: string[] };
  readonly ProcessingInputs?: Array<{
    readonly InputName: string;
    readonly AppManaged?: boolean;
    readonly S3Input?: { readonly S3Uri: string; readonly LocalPath?: string; readonly S3DataType?: string; readonly S3InputMode?: string };
    readonly DatasetDefinition?: { readonly LocalPath?: string; readonly InputMode?: string };
  }>;
  readonly ProcessingOutputConfig?: { readonly Outputs: Array<{ readonly OutputName: string; readonly S3Output?: { readonly LocalPath: string } }> };
}

/** Where to find what a request reads. */
export interface MaterializeOptions {
  /** The request; its S3 URIs must be plain strings (resolve CloudFormation intrinsics first). */
  readonly request: ContainerRequest;
  /** The cloud assembly folder (`cdk.out`) whose file assets hold the staged code and inputs. */
  readonly assemblyDir: string;
  /** The local folder that stands for `/opt/ml/processing`; created when missing. */
  readonly root: string;
  /**
   * Local data for inputs that are not assets (inputs from buckets, manifest files, dataset
   * definitions): input name → a local file or folder, copied as SageMaker would download that
   * object or prefix, or the objects a manifest lists, or a query's result. @default - none; such an input is an error
   */
  readonly data?: { [inputName: string]: string };
}

/** One input as placed. */
export interface MaterializedInput {
  readonly name: string;
  /** The folder in the container, e.g. `/opt/ml/processing/input/code`. */
  readonly containerPath: string;
  /** The same folder on this machine. */
  readonly hostPath: string;
  /** The files placed, relative to the folder, sorted. */
  readonly files: string[];
}

/** The container's view, on this machine. */
export interface MaterializedContainer {
  readonly root: string;
  readonly inputs: MaterializedInput[];
  /** Output name → the empty folder on this machine the job writes into. */
  readonly outputs: { [name: string]: string };
  /** `ContainerEntrypoint` + `ContainerArguments`, with container paths mapped to this machine. */
  readonly command: string[];
}

/** An object of the assembly: its S3 key and the staged file that becomes it. */
export interface AssemblyObject {
  readonly bucketPattern: RegExp;
  readonly key: string;
  readonly file: string;
}

/** Maps `/opt/ml/processing...` in a text (a path, an argument, a script) to the local root. */
export function toHostPaths(text: string, root: string): string {
  return text.split(CONTAINER_ROOT).join(root.replace(/\/+$/, ''));
}

/**
 * Places a job's inputs as the container would see them and creates its output folders. S3
 * inputs of type `S3Prefix` in File mode are placed as SageMaker downloads them: every object whose
 * key starts with the URI's key, at its key relative to the URI (an object named exactly by the
 * URI keeps its base name). Manifest files and dataset definitions (Athena, Redshift) are placed
 * from local data only; Pipe mode has no local form and is refused; app-managed inputs are skipped.
 */
export function materializeContainer(options: MaterializeOptions): MaterializedContainer {
  const root = path.resolve(options.root);
  fs.mkdirSync(root, { recursive: true });
  const objects = assemblyObjects(options.assemblyDir);
  const hostPath = (containerPath: string) => {
    if (containerPath !== CONTAINER_ROOT && !containerPath.startsWith(`${CONTAINER_ROOT}/`)) {
      throw new Error(`local path '${containerPath}' is not under ${CONTAINER_ROOT}`);
    }
    return path.join(root, containerPath.slice(CONTAINER_ROOT.length));
  };

  const inputs: MaterializedInput[] = [];
  for (const input of options.request.ProcessingInputs ?? []) {
    if (input.AppManaged) continue;
    const s3 = input.S3Input;
    const dataset = input.DatasetDefinition;
    const inputMode = s3?.S3InputMode ?? dataset?.InputMode;
    const localPath = s3?.LocalPath ?? dataset?.LocalPath;
    if (inputMode === 'Pipe' || !localPath) throw new Error(`input '${input.InputName}': Pipe mode has no local folder`);
    const local = options.data?.[input.InputName];
    if (local === undefined && (dataset || !s3)) throw new Error(`input '${input.InputName}': a dataset definition needs local data for its query's result (data: { '${input.InputName}': ... })`);
    if (local === undefined && s3?.S3DataType === 'ManifestFile') {
      throw new Error(`input '${input.InputName}': a manifest file needs local data for the objects it lists (data: { '${input.InputName}': ... })`);
    }
    const dir = hostPath(localPath.replace(/\/+$/, ''));
    fs.mkdirSync(dir, { recursive: true });
    const placed = local !== undefined ? copyLocal(input.InputName, local, dir) : placeObjects(input.InputName, s3!.S3Uri, objects, dir);
    inputs.push({ name: input.InputName, containerPath: localPath, hostPath: dir, files: placed.sort() });
  }

  const outputs: { [name: string]: string } = {};
  for (const output of options.request.ProcessingOutputConfig?.Outputs ?? []) {
    if (!output.S3Output) continue;
    outputs[output.OutputName] = hostPath(output.S3Output.LocalPath.replace(/\/+$/, ''));
    fs.mkdirSync(outputs[output.OutputName], { recursive: true });
  }
  const app = options.request.AppSpecification;
  const command = [...(app.ContainerEntrypoint ?? []), ...(app.ContainerArguments ?? [])].map((word) => toHostPaths(word, root));
  return { root, inputs, outputs, command };
}

/** The file assets of a cloud assembly (and of its nested assemblies), by destination key. */
export function assemblyObjects(assemblyDir: string): AssemblyObject[] {
  const found: AssemblyObject[] = [];
  for (const entry of fs.readdirSync(assemblyDir, { withFileTypes: true })) {
    const full = path.join(assemblyDir, entry.name);
    if (entry.isDirectory() && entry.name.startsWith('assembly-')) {
      found.push(...assemblyObjects(full));
    } else if (entry.isFile() && entry.name.endsWith('.assets.json')) {
      const manifest = JSON.parse(fs.readFileSync(full, 'utf8')) as {
        files?: { [id: string]: { source: { path?: string; packaging?: string }; destinations: { [id: string]: { bucketName: string; objectKey: string } } } };
      };
      for (const asset of Object.values(manifest.files ?? {})) {
        // A zipped folder is one object (.zip) in S3 too; only a file asset is one object as it is.
        if (!asset.source.path || asset.source.packaging === 'zip') continue;
        for (const dest of Object.values(asset.destinations)) {
          found.push({ bucketPattern: bucketPatternOf(dest.bucketName), key: dest.objectKey, file: path.resolve(assemblyDir, asset.source.path) });
        }
      }
    }
  }
  return found;
}

/**
 * `cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}` matches any account and region, and the
 * placeholders a request resolved without a deployed stack holds for them (`<account>`, the CLI's `local`).
 */
function bucketPatternOf(bucketName: string): RegExp {
  const parts = bucketName.split(/\$\{AWS::[A-Za-z]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(?:[a-z0-9-]+|<[^<>/]+>)')}$`);
}

/** The assembly's objects under an S3 URI (the URI's bucket, keys starting with its key); none when the URI is no plain s3:// URI. */
export function assetObjectsAt(s3Uri: string, objects: AssemblyObject[]): AssemblyObject[] {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(s3Uri);
  if (!m) return [];
  const [, bucket, key] = m;
  return objects.filter((o) => o.bucketPattern.test(bucket) && o.key.startsWith(key));
}

function placeObjects(name: string, s3Uri: string, objects: AssemblyObject[], dir: string): string[] {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(s3Uri);
  if (!m) throw new Error(`input '${name}': S3 URI '${s3Uri}' is not a plain s3:// URI (resolve it first)`);
  const key = m[2];
  const matching = assetObjectsAt(s3Uri, objects);
  if (matching.length === 0) {
    throw new Error(`input '${name}': no asset of the cloud assembly is under '${s3Uri}'; give local data for it (data: { '${name}': ... })`);
  }
  const placed = new Set<string>();
  for (const object of matching) {
    const relative = relativeKey(key, object.key);
    if (placed.has(relative)) continue;
    const target = path.join(dir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(object.file, target);
    placed.add(relative);
  }
  return [...placed];
}

/**
 * Where SageMaker puts an object of an `S3Prefix` input in the local folder: the rest of its key
 * after the URI (after the `/` that follows it); an object the URI names exactly keeps its base name.
 */
export function relativeKey(uriKey: string, objectKey: string): string {
  if (objectKey === uriKey) return path.posix.basename(objectKey);
  if (uriKey === '' || uriKey.endsWith('/')) return objectKey.slice(uriKey.length);
  if (objectKey[uriKey.length] === '/') return objectKey.slice(uriKey.length + 1);
  return objectKey.slice(uriKey.lastIndexOf('/') + 1);
}

/**
 * Copies a local file or folder into an input's folder as the container would find it after an
 * upload to S3, which holds no symbolic links: links are followed (the input itself may be one),
 * a link to nothing or a loop of links is an error naming it.
 */
function copyLocal(name: string, source: string, dir: string): string[] {
  const targetOf = (file: string): fs.Stats => {
    try {
      return fs.statSync(file);
    } catch {
      throw new Error(`input '${name}': ${file} is a symbolic link to nothing (${fs.readlinkSync(file)})`);
    }
  };
  if (!targetOf(source).isDirectory()) {
    fs.copyFileSync(source, path.join(dir, path.basename(source)));
    return [path.basename(source)];
  }
  const files: string[] = [];
  const walk = (from: string, to: string, prefix: string, above: string[]) => {
    const real = fs.realpathSync(from);
    if (above.includes(real)) throw new Error(`input '${name}': ${from} is a symbolic link to a folder that holds it (${real})`);
    for (const entry of fs.readdirSync(from).sort()) {
      const file = path.join(from, entry);
      if (targetOf(file).isDirectory()) {
        fs.mkdirSync(path.join(to, entry), { recursive: true });
        walk(file, path.join(to, entry), `${prefix}${entry}/`, [...above, real]);
      } else {
        fs.copyFileSync(file, path.join(to, entry));
        files.push(`${prefix}${entry}`);
      }
    }
  };
  walk(source, dir, '', []);
  return files;
}
