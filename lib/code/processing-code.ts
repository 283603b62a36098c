import * as path from 'path';
import * as fs from 'fs';
import { Annotations, Token, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';
import { literalText } from '../api/tokens';
import { grantS3Prefix } from '../iam/s3-permissions';
import { s3UriOf } from '../io/s3-location';
import { folderContents, STAGED_CLUTTER_WARNING, stageNamedFiles } from '../staging/named-files';

/**
 * Where code lands in the container, as the SageMaker Python SDK puts it
 * (sagemaker/processing.py: `_CODE_CONTAINER_BASE_PATH` + `_CODE_CONTAINER_INPUT_NAME`).
 */
export const CODE_CONTAINER_PATH = '/opt/ml/processing/input/code';
/** The input name the SDK gives the code input (sagemaker/processing.py `_CODE_CONTAINER_INPUT_NAME`). */
export const CODE_INPUT_NAME = 'code';

/** The archives the FrameworkProcessor bootstrap unpacks (`tar -xzf`, Python's zipfile), in any case (`Code.ZIP`). */
const ARCHIVE_SUFFIXES = ['.zip', '.tar.gz', '.tgz'];

/** Whether a file name is an archive the bootstrap unpacks; neither tar nor zipfile reads the name's case. */
function isArchiveName(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return ARCHIVE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** Options of code from a local path. */
export interface ProcessingCodeAssetOptions {
  /** For a folder: the file inside it that runs, e.g. `train.py`. @default - required for a folder; the file itself for a file */
  readonly entryPoint?: string;
  /**
   * Local folders or files of extra libraries that land in the code folder beside the code, each
   * under its own name, as the SDK's `FrameworkProcessor.run(dependencies=[...])` packs them into
   * `sourcedir.tar.gz` (sagemaker/fw_utils.py `tar_and_upload_dir`): `['../common']` gives
   * `/opt/ml/processing/input/code/common/...`. Code with dependencies is a folder: run it with a
   * `FrameworkProcessor`. @default - none
   */
  readonly dependencies?: string[];
  /**
   * Paths in the folder (and in each dependency folder) not to upload, as glob patterns in the
   * syntax of aws-cdk-lib's asset `exclude` (`IgnoreMode.GLOB`): `['__pycache__', '.git', '*.ipynb']`.
   * A folder that holds `__pycache__`, `.git`, `node_modules`, `.venv` or a tool's cache and is not
   * excluded gets the warning `cdk-sagemaker-processing:staged-clutter`. @default - every file is uploaded, as the SDK uploads it
   */
  readonly exclude?: string[];
}

/** Bound code. */
export interface ProcessingCodeConfig {
  /**
   * The S3 URI the code input reads: the object of a file or archive, or the prefix that holds
   * exactly a folder's files.
   */
  readonly s3Uri: string;
  /**
   * The name it has in `/opt/ml/processing/input/code/`: the file's own name for a script or an
   * archive; for a folder, the folder's name (its files land in the code folder, not the folder itself).
   */
  readonly fileName: string;
  /** True when the object is an archive of a folder (`.zip`, `.tar.gz`) that the bootstrap unpacks. */
  readonly isArchive: boolean;
  /** True when the code is a folder whose files land in the code folder as they are. @default false */
  readonly isFolder?: boolean;
  /** A local folder that holds `requirements.txt` (installed with pip by the processors that install it). @default false */
  readonly hasRequirements?: boolean;
  /** The entry point: the file that runs (for a folder or archive, its path inside it). */
  readonly entryPoint: string;
  /** True when the code is an object already in S3 (`fromBucket`), not staged by the app. @default false */
  readonly inS3?: boolean;
}

/**
 * User code for a job: a script file or a source folder, uploaded as CDK assets, or an object
 * already in S3. Processors put it where the SDK does (`/opt/ml/processing/input/code/`), under
 * its own name: `ProcessingCode.fromAsset('preprocessing.py')` runs as
 * `/opt/ml/processing/input/code/preprocessing.py`, a folder's files keep their paths in it.
 */
export abstract class ProcessingCode {
  /**
   * A local file, or a folder with `entryPoint`. Each file is uploaded by `cdk deploy` as a file
   * asset under `<content hash>/<its path>`, so the container sees the names and the folder tree
   * (as the SDK's upload does); nothing is zipped.
   */
  public static fromAsset(assetPath: string, options: ProcessingCodeAssetOptions = {}): ProcessingCode {
    return new AssetCode(assetPath, options);
  }

  /**
   * An object in S3: a script, or a .zip/.tar.gz/.tgz of a source folder (then give `entryPoint`).
   * The job role may read it.
   */
  public static fromBucket(bucket: s3.IBucket, key: string, options: ProcessingCodeAssetOptions = {}): ProcessingCode {
    if (options.dependencies !== undefined) {
      throw new Error(`ProcessingCode.fromBucket('${key}'): dependencies are local folders staged beside local code (ProcessingCode.fromAsset); ` +
        'an archive in S3 carries its own');
    }
    if (options.exclude !== undefined) {
      throw new Error(`ProcessingCode.fromBucket('${key}'): exclude leaves files of a local folder out of its upload (ProcessingCode.fromAsset); an object in S3 is read as it is`);
    }
    if (!Token.isUnresolved(key) && (key.length === 0 || key.endsWith('/'))) {
      throw new Error(`ProcessingCode.fromBucket: key '${key}' names ${key.length === 0 ? 'no object' : 'a folder'}; give the key of a script or of a .zip/.tar.gz archive, e.g. 'code/process.py'`);
    }
    const fileName = key.split('/').pop() ?? key;
    if (!Token.isUnresolved(key) && !isArchiveName(fileName) && options.entryPoint !== undefined && options.entryPoint !== fileName) {
      // Only an archive is unpacked in the code folder; any other object is the file that runs.
      throw new Error(`ProcessingCode.fromBucket('${key}'): entryPoint '${options.entryPoint}' names a file inside an archive, but '${fileName}' ` +
        `is not a ${ARCHIVE_SUFFIXES.join('/')} archive, so the container would find only '${fileName}'; give the key of the archive, or leave entryPoint out to run '${fileName}'`);
    }
    return new BucketCode(bucket, key, options);
  }

  /** Binds the code to a job: uploads or locates it and grants the job role read access. */
  public abstract bind(scope: Construct, options: ProcessingBindOptions): ProcessingCodeConfig;
}

class AssetCode extends ProcessingCode {
  private readonly isDirectory: boolean;

  constructor(private readonly assetPath: string, private readonly options: ProcessingCodeAssetOptions) {
    super();
    if (!fs.existsSync(assetPath)) {
      throw new Error(`ProcessingCode.fromAsset: '${assetPath}' does not exist`);
    }
    this.isDirectory = fs.statSync(assetPath).isDirectory();
    if (this.isDirectory) {
      if (!options.entryPoint) throw new Error(`ProcessingCode.fromAsset: '${assetPath}' is a folder; give entryPoint (the file in it that runs)`);
      const inside = path.relative(assetPath, path.resolve(assetPath, options.entryPoint));
      if (path.isAbsolute(options.entryPoint) && !inside.startsWith('..') && inside !== '') {
        // runproc.sh runs `<command> <entryPoint>` in the code folder, where the absolute path of this machine does not exist.
        throw new Error(`ProcessingCode.fromAsset: entryPoint '${options.entryPoint}' is an absolute path; give it relative to '${assetPath}': '${inside.split(path.sep).join('/')}'`);
      }
      if (path.isAbsolute(options.entryPoint) || inside.startsWith('..') || inside === '') {
        throw new Error(`ProcessingCode.fromAsset: entryPoint '${options.entryPoint}' is outside '${assetPath}'; give a path inside the folder, e.g. 'process.py'`);
      }
      if (!fs.existsSync(path.join(assetPath, options.entryPoint))) {
        throw new Error(`ProcessingCode.fromAsset: entryPoint '${options.entryPoint}' is not in '${assetPath}'`);
      }
      if (fs.statSync(path.join(assetPath, options.entryPoint)).isDirectory()) {
        throw new Error(`ProcessingCode.fromAsset: entryPoint '${options.entryPoint}' is a folder; give the file that runs, e.g. '${options.entryPoint.replace(/\/+$/, '')}/main.py'`);
      }
    }
    for (const dependency of options.dependencies ?? []) {
      if (!fs.existsSync(dependency)) throw new Error(`ProcessingCode.fromAsset: dependency '${dependency}' does not exist`);
    }
    if (!this.isDirectory && options.exclude !== undefined && (options.dependencies ?? []).length === 0) {
      throw new Error(`ProcessingCode.fromAsset: '${assetPath}' is a file; exclude leaves files of a folder (or of dependencies) out of the upload`);
    }
    if (!this.isDirectory && options.entryPoint !== undefined && options.entryPoint !== path.basename(assetPath)) {
      throw new Error(`ProcessingCode.fromAsset: '${assetPath}' is a file, which is its own entry point; entryPoint '${options.entryPoint}' names another file`);
    }
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingCodeConfig {
    const exclude = this.options.exclude ?? [];
    const { files, emptyFolders, clutter } = folderContents(this.assetPath, `${scope.node.path}: code`, exclude);
    if (files.length === 0) throw new Error(`${scope.node.path}: code folder '${this.assetPath}' has no files${exclude.length > 0 ? ` once exclude [${exclude.join(', ')}] is applied` : ''}`);
    const entry = this.isDirectory ? path.posix.normalize(this.options.entryPoint!.split(path.sep).join('/')) : undefined;
    if (entry !== undefined && !files.some((f) => f.name === entry)) {
      throw new Error(`${scope.node.path}: entryPoint '${this.options.entryPoint}' of '${this.assetPath}' is left out by exclude [${exclude.join(', ')}]; the container would not find it`);
    }
    const dependencies = this.options.dependencies ?? [];
    const byName = new Map(files.map((f) => [f.name, f.sourcePath!]));
    for (const dependency of dependencies) {
      const base = path.basename(path.resolve(dependency));
      const contents = folderContents(dependency, `${scope.node.path}: dependency`, exclude);
      clutter.push(...contents.clutter.map((folder) => `${base}/${folder}`));
      const isFolder = fs.statSync(dependency).isDirectory();
      for (const file of contents.files) {
        const name = isFolder ? `${base}/${file.name}` : base;
        // A dependency the code folder holds at the same place (or one listed twice) is the same file: the SDK's
        // tar holds it twice and unpacks it once (sagemaker/fw_utils.py tar_and_upload_dir); it is staged once.
        const same = byName.get(name);
        if (same !== undefined && fs.realpathSync(same) === fs.realpathSync(file.sourcePath!)) continue;
        files.push({ ...file, name });
        byName.set(name, file.sourcePath!);
      }
      emptyFolders.push(...contents.emptyFolders.map((folder) => `${base}/${folder}`).filter((folder) => !emptyFolders.includes(folder)));
    }
    if (clutter.length > 0) {
      Annotations.of(scope).addWarningV2(STAGED_CLUTTER_WARNING, `${scope.node.path}: the code folder '${this.assetPath}' holds ${clutter.join(', ')}, uploaded `
        + `file by file with the code though a job almost never needs ${clutter.length > 1 ? 'them' : 'it'} (a bytecode cache changes the code's hash at every local run); `
        + `leave ${clutter.length > 1 ? 'them' : 'it'} out with exclude: [${[...new Set(clutter.map((f) => `'${f.replace(/\/$/, '').split('/').pop()}'`))].join(', ')}]`);
    }
    const name = path.basename(path.resolve(this.assetPath));
    const entryPoint = this.isDirectory ? path.posix.normalize(this.options.entryPoint!.split(path.sep).join('/')) : name;
    const staged = stageNamedFiles(scope, 'Code', files, options.grantee, emptyFolders, entryPoint);
    if (dependencies.length > 0 && !this.isDirectory) {
      // sagemaker/fw_utils.py: the entry point and the dependencies share the source folder.
      return { s3Uri: staged.prefixUri, fileName: name, isArchive: false, isFolder: true, entryPoint: name, hasRequirements: files.some((f) => f.name === 'requirements.txt') };
    }
    if (this.isDirectory) {
      return {
        s3Uri: staged.prefixUri, fileName: name, isArchive: false, isFolder: true, entryPoint: this.options.entryPoint!.split(path.sep).join('/'),
        hasRequirements: files.some((f) => f.name === 'requirements.txt'),
      };
    }
    // The object itself, as the SDK's code input (`s3://<bucket>/<job>/input/code/<file>`).
    return { s3Uri: staged.objectUris[name], fileName: name, isArchive: false, isFolder: false, entryPoint: name };
  }
}

class BucketCode extends ProcessingCode {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string, private readonly options: ProcessingCodeAssetOptions) {
    super();
  }

  public bind(scope: Construct, options: ProcessingBindOptions): ProcessingCodeConfig {
    const fileName = this.key.split('/').pop() ?? this.key;
    if (Token.isUnresolved(fileName)) {
      // sagemaker/processing.py `_get_user_code_name`: the container runs the code by its base name, which
      // a key known only at deploy time does not give (`Fn::Split` cannot take the last segment of any key).
      throw new Error(`${scope.node.path}: the file name of ProcessingCode.fromBucket key '${literalText(this.key, '${…}')}' is known only at deploy time, but the container ` +
        `runs the code as ${CODE_CONTAINER_PATH}/<file name> (and an archive is known by its name); write the file name out, e.g. \`\${prefix}/process.py\``);
    }
    grantS3Prefix(options.grantee, { bucketArn: this.bucket.bucketArn, keyPrefix: this.key, isObjectKey: true, encryptionKey: this.bucket.encryptionKey, bucket: this.bucket }, { read: true });
    const isArchive = isArchiveName(fileName);
    return { s3Uri: s3UriOf(this.bucket.bucketName, this.key), fileName, isArchive, isFolder: false, entryPoint: this.options.entryPoint ?? fileName, inS3: true };
  }
}
