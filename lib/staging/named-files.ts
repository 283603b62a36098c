import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, AssetStaging, Aws, FileAssetPackaging, IgnoreStrategy, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { grantS3Prefix } from '../iam/s3-permissions';
import { requireAssets, STAGED_FILES_INSTEAD } from './asset-support';
import { writeAssemblyFile, writeAssemblyNamedFile } from './assembly-file';

/** A file to upload under its own name. Give `sourcePath` or `content`. */
export interface NamedFile {
  /**
   * The file's path in its folder, kept in S3 and so in the container: `configuration.json`,
   * or `sub/b.csv` for a file in a subfolder. Forward slashes.
   */
  readonly name: string;
  /** A local file to upload. */
  readonly sourcePath?: string;
  /** Text written at synth time. */
  readonly content?: string;
}

/** Where staged files are: one S3 "folder" per set of files. */
export interface StagedFiles {
  /** `s3://<asset bucket>/<hash>/` — the prefix that holds exactly these files. */
  readonly prefixUri: string;
  /** `s3://<asset bucket>/<hash>/<name>` of each file, by name. */
  readonly objectUris: { [name: string]: string };
}

/**
 * More files than this in one staged folder get a warning: each file is one asset of the stack's
 * asset manifest, published one by one by `cdk deploy` (data that large belongs in S3).
 */
export const MANY_STAGED_FILES = 1000;

/**
 * Uploads files as CDK file assets under `<content hash of the set>/<name>`, so each keeps its
 * name (and its place in a folder tree) in S3, and therefore in the container, as the SageMaker
 * Python SDK's uploads do (sagemaker/session.py `upload_data`: `<key_prefix>/<relative path>`).
 *
 * Why file assets with a chosen source hash rather than `s3-deployment.BucketDeployment`: the
 * stack synthesizer keys a file asset `<bucket prefix><source hash><extension>`
 * (aws-cdk-lib core `AssetManifestBuilder.defaultAddFileAsset`), so a source hash
 * `<set hash>/<name without extension>` gives the key `<set hash>/<name>`; `cdk deploy` publishes
 * it like any asset (skipped when unchanged), with no Lambda function, layer, custom resource or
 * destination bucket per stack, and the key is content-addressed, so a changed file is a new
 * prefix and a running job never sees a half-updated folder. The grantee may read (and list)
 * exactly this prefix. Internal.
 */
export function stageNamedFiles(scope: Construct, id: string, files: NamedFile[], grantee: iam.IGrantable, emptyFolders: string[] = [], entryPoint?: string): StagedFiles {
  if (files.length === 0) throw new Error(`${scope.node.path}: nothing to upload (${id})`);
  requireAssets(scope, `${id} (${files.map((f) => `'${f.name}'`).slice(0, 3).join(', ')}${files.length > 3 ? `, and ${files.length - 3} more` : ''})`, STAGED_FILES_INSTEAD);
  // The entry point is run through the processor's command (`python3 <file>`, `bash <file>`): it needs no execute bit.
  warnUploadLosses(scope, id, files.filter((f) => f.name !== entryPoint), emptyFolders);
  const stack = Stack.of(scope);
  const names = new Map<string, NamedFile>();
  const setHash = crypto.createHash('sha256');
  for (const file of files) {
    const first = names.get(file.name);
    if (first) {
      const from = (f: NamedFile) => (f.sourcePath !== undefined ? `'${f.sourcePath}'` : 'generated text');
      throw new Error(`${scope.node.path}: two files named '${file.name}' would land in the same folder (${id}): ${from(first)} and ${from(file)}; ` +
        'rename one, or leave one out');
    }
    names.set(file.name, file);
    const bytes = file.content !== undefined ? Buffer.from(file.content, 'utf8') : fs.readFileSync(file.sourcePath!);
    setHash.update(file.name).update('\0').update(crypto.createHash('sha256').update(bytes).digest()).update('\0');
  }
  const folder = setHash.digest('hex');

  const existing = scope.node.tryFindChild(id);
  const earlier = existing ? STAGED.get(existing) : undefined;
  if (earlier && earlier.folder === folder) {
    // The same files bound again in the same scope (e.g. a definition bound twice): one upload, one more grant.
    grantStagedRead(grantee, earlier.bucketName, earlier.prefixKey);
    return earlier.staged;
  }
  if (files.length > MANY_STAGED_FILES) {
    Annotations.of(scope).addWarningV2('cdk-sagemaker-processing:manyStagedFiles',
      `${id}: ${files.length} files are uploaded one asset each (more than ${MANY_STAGED_FILES}); put data this large in S3 and read it with ProcessingInput.fromBucket`);
  }
  const container = new Construct(scope, id);
  const objectUris: { [name: string]: string } = {};
  let bucketName = '';
  let prefixKey = '';
  files.forEach((file, i) => {
    const fileName = stageFile(stack, container, `File${i}`, file);
    const extension = path.extname(fileName);
    const location = stack.synthesizer.addFileAsset({
      sourceHash: `${folder}/${file.name.slice(0, file.name.length - extension.length)}`,
      fileName,
      packaging: FileAssetPackaging.FILE,
      displayName: `${container.node.path}/${file.name}`,
    });
    if (Token.isUnresolved(location.objectKey) || !location.objectKey.endsWith(`${folder}/${file.name}`)) {
      // A synthesizer that does not key assets by their source hash cannot keep file names: the LegacyStackSynthesizer's
      // keys are CloudFormation parameters the CLI fills in at deployment (assets/<asset id>/<hash><extension>).
      const key = Token.isUnresolved(location.objectKey) ? 'a key chosen at deployment (a CloudFormation parameter)' : `'${location.objectKey}'`;
      let deploying = stack;
      while (deploying.nestedStackParent !== undefined) deploying = deploying.nestedStackParent;
      throw new Error(`${scope.node.path}: the stack synthesizer (${deploying.synthesizer.constructor.name}) of stack ${deploying.node.path} stores '${file.name}' under ${key}, ` +
        `not under its own name, which the container finds it by; ${STAGED_FILES_INSTEAD.replace('the DefaultStackSynthesizer', 'the DefaultStackSynthesizer or CliCredentialsStackSynthesizer')}`);
    }
    bucketName = location.bucketName;
    prefixKey = location.objectKey.slice(0, location.objectKey.length - file.name.length);
    objectUris[file.name] = `s3://${location.bucketName}/${location.objectKey}`;
  });
  const staged = { prefixUri: `s3://${bucketName}/${prefixKey}`, objectUris };
  STAGED.set(container, { folder, bucketName, prefixKey, staged });
  grantStagedRead(grantee, bucketName, prefixKey);
  return staged;
}

/** The sets staged so far, by the construct that holds them. */
const STAGED = new WeakMap<Construct, { folder: string; bucketName: string; prefixKey: string; staged: StagedFiles }>();

function grantStagedRead(grantee: iam.IGrantable, bucketName: string, prefixKey: string): void {
  // Only this set's prefix of the bootstrap bucket (which holds every asset of the account).
  grantS3Prefix(grantee, { bucketArn: `arn:${Aws.PARTITION}:s3:::${bucketName}`, keyPrefix: prefixKey }, { read: true });
}

/** Warning id for what a folder's upload as S3 objects leaves out: execute bits, empty folders. */
export const UPLOAD_LOSSES_WARNING = 'cdk-sagemaker-processing:staged-file-modes';

/**
 * Warns of what the container will not get as it is on disk: each file is an S3 object, and S3
 * keeps no file mode and no folder. The SDK ships a code folder as `sourcedir.tar.gz`, which keeps
 * both; here a shell script or a program (no extension) with an execute bit arrives without it, and
 * an empty folder does not arrive. (An executable `.py` is run by its interpreter and needs no bit.)
 */
function warnUploadLosses(scope: Construct, id: string, files: NamedFile[], empty: string[]): void {
  const executables = files.filter((f) => f.sourcePath !== undefined && ['', '.sh', '.bash'].includes(path.extname(f.name))
    && (fs.statSync(f.sourcePath).mode & 0o111) !== 0).map((f) => f.name);
  const problems = [
    ...(executables.length > 0 ? [`${executables.join(', ')} ${executables.length > 1 ? 'are' : 'is'} executable here and arrive${executables.length > 1 ? '' : 's'} ` +
      'without the execute bit (S3 keeps no file mode): run it through its interpreter (bash tool.sh) or chmod +x it in the entry point'] : []),
    ...(empty.length > 0 ? [`the empty folder${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ${empty.length > 1 ? 'do' : 'does'} not arrive (S3 keeps no folders): ` +
      'create it in the code (os.makedirs(..., exist_ok=True))'] : []),
  ];
  if (problems.length > 0) Annotations.of(scope).addWarningV2(UPLOAD_LOSSES_WARNING, `${scope.node.path}: ${id}: ${problems.join('; ')}`);
}

/**
 * What a local path holds: its files, named as the SDK uploads them (sagemaker/session.py
 * `upload_data`: a file by its base name, a folder's files, recursively, by their path in it), and
 * for a folder the folders in it that hold no file at any depth (`out/`; the outermost of nested ones).
 * Symbolic links are followed, as the SDK's `tarfile.add(dereference=True)` follows them
 * (sagemaker/utils.py `create_tar_file`); one that leads nowhere (an editor's lock file `.#name`)
 * or back into its own folder is an error naming it, with `owner` (who reads the path) first.
 */
export function folderContents(localPath: string, owner?: string, exclude: string[] = []): { files: NamedFile[]; emptyFolders: string[]; clutter: string[] } {
  if (!fs.statSync(localPath).isDirectory()) return { files: [{ name: path.basename(localPath), sourcePath: localPath }], emptyFolders: [], clutter: [] };
  const files: NamedFile[] = [];
  const emptyFolders: string[] = [];
  const clutter: string[] = [];
  // The patterns of aws-cdk-lib's asset `exclude` (IgnoreMode.GLOB), matched against the path in the folder.
  const ignore = exclude.length > 0 ? IgnoreStrategy.glob(path.resolve(localPath), exclude) : undefined;
  const fail = (name: string, full: string, what: string) => new Error(`${owner !== undefined ? `${owner}: ` : ''}'${name}' in '${localPath}' is a symbolic link ` +
    `to '${fs.readlinkSync(full)}', ${what}`);
  const walk = (dir: string, prefix: string, ancestors: string[]): boolean => {
    let hasFile = false;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (ignore?.ignores(path.resolve(full))) continue;
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      if (stat === undefined) throw fail(`${prefix}${entry.name}`, full, "which does not exist (an editor's lock file .#<name> is such a link); remove it, or make it lead to a file");
      if (stat.isDirectory()) {
        if (CLUTTER_FOLDERS.includes(entry.name)) clutter.push(`${prefix}${entry.name}/`);
        const real = fs.realpathSync(full);
        if (ancestors.includes(real)) throw fail(`${prefix}${entry.name}`, full, 'a folder that holds it, so its files would be uploaded without end; remove it');
        const before = emptyFolders.length;
        if (walk(full, `${prefix}${entry.name}/`, [...ancestors, real])) {
          hasFile = true;
        } else {
          // An empty folder inside an empty folder is named once, by its outermost.
          emptyFolders.splice(before);
          emptyFolders.push(`${prefix}${entry.name}/`);
        }
      } else if (stat.isFile()) {
        files.push({ name: `${prefix}${entry.name}`, sourcePath: full });
        hasFile = true;
      }
    }
    return hasFile;
  };
  walk(localPath, '', [fs.realpathSync(localPath)]);
  // The outermost of nested ones (node_modules/a/node_modules/) is named once.
  return { files, emptyFolders, clutter: clutter.filter((c) => !clutter.some((o) => o !== c && c.startsWith(o))) };
}

/**
 * Folders a job's code almost never needs, which tools leave in a source folder: Python's bytecode
 * cache (rewritten by every local run, so the staged hash and the job's code prefix change with
 * it), a git repository, a Node.js or a local virtual environment's packages (built for this
 * machine, thousands of files, each an asset). The SDK's `sourcedir.tar.gz` takes them too
 * (sagemaker/fw_utils.py `tar_and_upload_dir` lists every entry of the folder).
 */
export const CLUTTER_FOLDERS = ['__pycache__', '.git', 'node_modules', '.venv', '.ipynb_checkpoints', '.pytest_cache', '.mypy_cache'];

/** Warning id for such folders in a code folder. */
export const STAGED_CLUTTER_WARNING = 'cdk-sagemaker-processing:staged-clutter';

/**
 * The extension aws-cdk-lib's asset staging gives the staged copy of a file (core/lib/asset-staging
 * `getExtension`, aws-cdk-lib 2.276: a known archive extension, `.tar.gz` `.zip` `.jar` `.tar` `.tgz`, in
 * lower case, else `path.extname`); the synthesizer keys the asset by the last extension of that copy.
 */
function stagedExtension(fileName: string): string {
  const lower = fileName.toLowerCase();
  return ['.tar.gz', '.zip', '.jar', '.tar', '.tgz'].find((e) => lower.endsWith(e)) ?? path.extname(fileName);
}

/**
 * Stages one file in the cloud assembly; returns its path there. The synthesizer takes the object
 * key's extension from that path, so the staged copy keeps the name's extension: a local file
 * whose staged copy keeps the name's extension is staged as it is; text is written into the
 * assembly (`writeAssemblyFile`); any other file (`README`, `.env`, `App.JAR`, whose staged copy
 * would be `asset.<hash>` or `asset.<hash>.jar`) is written into the assembly inside a folder of
 * its own, under its name (`writeAssemblyNamedFile`, also when the app disables asset staging).
 */
function stageFile(stack: Stack, scope: Construct, id: string, file: NamedFile): string {
  const baseName = path.posix.basename(file.name);
  const extension = path.extname(baseName);
  if (extension !== '' && file.content === undefined && path.extname(`asset${stagedExtension(file.sourcePath!)}`) === extension) {
    return new AssetStaging(scope, id, { sourcePath: file.sourcePath! }).relativeStagedPath(stack);
  }
  if (extension !== '' && file.content !== undefined) return writeAssemblyFile(scope, file.content, extension).fileName;
  return writeAssemblyNamedFile(scope, baseName, file.content !== undefined ? Buffer.from(file.content, 'utf8') : fs.readFileSync(file.sourcePath!));
}
