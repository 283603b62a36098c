/**
 * `--download` and `--upload` of a local run: S3 objects (under a prefix, or listed by a manifest) into an input's folder, laid out as
 * SageMaker lays out an `S3Prefix` input and as an asset of cdk.out is placed (each object at its
 * key after the URI, lib/local/container-files.ts `relativeKey`), and an
 * output's files to its S3 URI as SageMaker uploads them (`<S3Uri>/<path under LocalPath>`), with
 * the caller's credentials.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, ListObjectsV2Command, ListObjectsV2CommandOutput, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { relativeKey } from '../../../lib/local/container-files';
import { CliError } from '../errors';
import { filesUnder } from './container-root';

function parse(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m || m[1].startsWith('<')) throw new CliError(`not an S3 URI of a deployed bucket: ${uri}`);
  return { bucket: m[1], key: m[2] };
}

/** Downloads what an S3 input names into `targetDir` (an `S3Prefix`, or the objects a `ManifestFile` lists); returns the number of files. */
export async function downloadInput(s3: S3Client, input: { name: string; s3Uri: string; dataType: string }, targetDir: string): Promise<number> {
  if (input.dataType === 'ManifestFile') return downloadManifest(s3, input, targetDir);
  const { bucket, key } = parse(input.s3Uri);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  if (keys.length === 0) throw new CliError(`input ${input.name}: nothing in S3 at ${input.s3Uri}`);
  for (const objectKey of keys) await downloadObject(s3, input.name, bucket, objectKey, relativeKey(key, objectKey), targetDir);
  return keys.length;
}

/**
 * The objects a manifest lists. Its format (`ProcessingS3Input.S3Uri`, API reference; sagemaker-core
 * `shapes.py` `S3DataSource`): a JSON array whose first element is `{"prefix": "s3://bucket/prefix/"}`
 * and whose other elements are keys relative to that prefix. Each object is placed at its path
 * relative to the prefix, as an `S3Prefix` input places each key after its URI.
 */
async function downloadManifest(s3: S3Client, input: { name: string; s3Uri: string }, targetDir: string): Promise<number> {
  const { bucket, key } = parse(input.s3Uri);
  const manifest = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const shape = 'a JSON array: {"prefix": "s3://bucket/prefix/"}, then keys relative to it';
  let entries: unknown;
  try {
    entries = JSON.parse(await manifest.Body!.transformToString());
  } catch {
    throw new CliError(`input ${input.name}: the manifest ${input.s3Uri} is not JSON; expected ${shape}`);
  }
  const head = Array.isArray(entries) ? entries[0] as { prefix?: unknown } | undefined : undefined;
  const prefix = typeof head?.prefix === 'string' ? /^s3:\/\/([^/]+)\/?(.*)$/.exec(head.prefix) : null;
  const suffixes = Array.isArray(entries) ? entries.slice(1) : [];
  if (!prefix || !suffixes.every((s) => typeof s === 'string')) {
    throw new CliError(`input ${input.name}: the manifest ${input.s3Uri} is not a SageMaker manifest; expected ${shape}`);
  }
  if (suffixes.length === 0) throw new CliError(`input ${input.name}: the manifest ${input.s3Uri} lists no objects`);
  const [, prefixBucket, prefixKey] = prefix;
  for (const suffix of suffixes as string[]) await downloadObject(s3, input.name, prefixBucket, `${prefixKey}${suffix}`, suffix, targetDir);
  return suffixes.length;
}

/** One object into `targetDir` at `relative`; refused when that path is outside the folder. */
async function downloadObject(s3: S3Client, name: string, bucket: string, objectKey: string, relative: string, targetDir: string): Promise<void> {
  const file = path.join(targetDir, ...relative.split('/'));
  // As the SageMaker Python SDK's download_folder (validate_path_within_directory): no object is written outside the folder.
  const inside = path.relative(targetDir, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new CliError(`input ${name}: the object s3://${bucket}/${objectKey} would land outside the input's folder ('..' in its key); nothing was downloaded after it`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
  fs.writeFileSync(file, await object.Body!.transformToByteArray());
}

/**
 * Uploads the files of `dir` under the S3 URI `s3Uri`; returns the object URIs written. With the
 * job's `ProcessingOutputConfig.KmsKeyId`, each object is encrypted with that key (SSE-KMS), as
 * SageMaker encrypts the job's output with it ("The Amazon Web Services KMS key that Amazon
 * SageMaker uses to encrypt the processing job output in Amazon S3", API reference,
 * `ProcessingOutputConfig`).
 */
export async function uploadOutput(s3: S3Client, dir: string, s3Uri: string, kmsKeyId?: string): Promise<string[]> {
  const { bucket, key } = parse(s3Uri);
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const encryption = kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kmsKeyId } : {};
  const written: string[] = [];
  for (const file of filesUnder(dir)) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${file.path}`, Body: fs.readFileSync(path.join(dir, file.path)), ...encryption }));
    written.push(`s3://${bucket}/${prefix}${file.path}`);
  }
  return written;
}
