import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssetStaging, Aws, FileAssetPackaging, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantS3Prefix } from '../iam/s3-permissions';

/** A file to upload under its own name. Give `sourcePath` or `content`. */
export interface NamedFile {
  /** The object's file name, kept in S3 and so in the container (e.g. `configuration.json`). */
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
 * Uploads files as CDK file assets under `<content hash>/<name>`, so each keeps its file name in
 * S3 and therefore in the container: the Spark container reads `conf/configuration.json`, and
 * `--py-files` modules are imported by name. (A plain `s3_assets.Asset` is stored as `<hash>.<ext>`.)
 * The grantee may read exactly these objects. Internal.
 */
export function stageNamedFiles(scope: Construct, id: string, files: NamedFile[], grantee: iam.IGrantable): StagedFiles {
  const stack = Stack.of(scope);
  const names = new Set<string>();
  const sources = files.map((file) => {
    if (names.has(file.name)) throw new Error(`${scope.node.path}: two files named '${file.name}' would land in the same folder (${id})`);
    names.add(file.name);
    const bytes = file.content !== undefined ? Buffer.from(file.content, 'utf8') : fs.readFileSync(file.sourcePath!);
    return { name: file.name, bytes };
  });
  const setHash = crypto.createHash('sha256');
  for (const s of sources) setHash.update(s.name).update('\0').update(s.bytes).update('\0');
  const folder = setHash.digest('hex');

  const container = new Construct(scope, id);
  const objectUris: { [name: string]: string } = {};
  let bucketName = '';
  let prefixKey = '';
  for (const [i, s] of sources.entries()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-sagemaker-processing-'));
    const file = path.join(dir, s.name);
    fs.writeFileSync(file, s.bytes);
    const staging = new AssetStaging(container, `File${i}`, { sourcePath: file });
    // The staging copies the file into the cloud assembly now; the temporary copy is no longer needed.
    fs.rmSync(dir, { recursive: true, force: true });
    const extension = path.extname(s.name);
    // The synthesizer keys the object `<sourceHash><extension>`: `<folder>/<name without extension>` + extension.
    const location = stack.synthesizer.addFileAsset({
      sourceHash: `${folder}/${s.name.slice(0, s.name.length - extension.length)}`,
      fileName: staging.relativeStagedPath(stack),
      packaging: FileAssetPackaging.FILE,
      displayName: `${container.node.path}/${s.name}`,
    });
    bucketName = location.bucketName;
    prefixKey = location.objectKey.slice(0, location.objectKey.length - s.name.length);
    objectUris[s.name] = `s3://${location.bucketName}/${location.objectKey}`;
  }
  grantS3Prefix(grantee, { bucketArn: `arn:${Aws.PARTITION}:s3:::${bucketName}`, keyPrefix: prefixKey }, { read: true });
  return { prefixUri: `s3://${bucketName}/${prefixKey}`, objectUris };
}
