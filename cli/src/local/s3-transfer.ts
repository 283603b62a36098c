/**
 * `--download` and `--upload` of a local run: S3 objects into an input's folder, laid out as
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

/** Downloads what an S3 input names into `targetDir`; returns the number of files. */
export async function downloadInput(s3: S3Client, input: { name: string; s3Uri: string; dataType: string }, targetDir: string): Promise<number> {
  if (input.dataType === 'ManifestFile') {
    throw new CliError(`input ${input.name} is a manifest file (S3DataType ManifestFile), which --download does not read: give --input ${input.name}=<folder>`);
  }
  const { bucket, key } = parse(input.s3Uri);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  if (keys.length === 0) throw new CliError(`input ${input.name}: nothing in S3 at ${input.s3Uri}`);
  for (const objectKey of keys) {
    const file = path.join(targetDir, ...relativeKey(key, objectKey).split('/'));
    // As the SageMaker Python SDK's download_folder (validate_path_within_directory): no object is written outside the folder.
    const inside = path.relative(targetDir, file);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new CliError(`input ${input.name}: the object s3://${bucket}/${objectKey} would land outside the input's folder ('..' in its key); nothing was downloaded after it`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    fs.writeFileSync(file, await object.Body!.transformToByteArray());
  }
  return keys.length;
}

/** Uploads the files of `dir` under the S3 URI `s3Uri`; returns the object URIs written. */
export async function uploadOutput(s3: S3Client, dir: string, s3Uri: string): Promise<string[]> {
  const { bucket, key } = parse(s3Uri);
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const written: string[] = [];
  for (const file of filesUnder(dir)) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${file.path}`, Body: fs.readFileSync(path.join(dir, file.path)) }));
    written.push(`s3://${bucket}/${prefix}${file.path}`);
  }
  return written;
}
