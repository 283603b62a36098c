import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { downloadInput } from '../../../cli/src/local/s3-transfer';
import { relativeKey } from '../../../lib/local/container-files';
import { tempDir } from './apps';

/**
 * `--download` lays an S3 input out as an asset of cdk.out is placed (lib/local/container-files.ts
 * `relativeKey`) and as SageMaker downloads an `S3Prefix`: each object at its key after the URI,
 * so `s3://bucket/path/to/input/csv/data` fills the input's folder with the files under `data/`
 * (SageMaker Developer Guide, "How Amazon SageMaker Processing Configures Input and Output For
 * Your Processing Container"; the SageMaker Python SDK's local mode, `_download_files_under_prefix`).
 */
const s3 = mockClient(S3Client);
const KEYS = ['lake/raw/a.csv', 'lake/raw/part=1/b c.csv', 'lake/raw-2024/x.csv', 'lake/raw/'];

beforeEach(() => {
  s3.reset();
  s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => ({ Contents: KEYS.filter((k) => k.startsWith(input.Prefix)).map((Key) => ({ Key })) }));
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: { transformToByteArray: async () => Buffer.from(input.Key) } } as never));
});

function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

test.each([
  ['s3://bucket/lake/raw', ['a.csv', 'part=1/b c.csv', 'raw-2024/x.csv']],
  ['s3://bucket/lake/raw/', ['a.csv', 'part=1/b c.csv']],
  ['s3://bucket/lake/raw/a.csv', ['a.csv']],
  ['s3://bucket/lake/', ['raw-2024/x.csv', 'raw/a.csv', 'raw/part=1/b c.csv']],
])('%s is downloaded as %j, where an asset under that URI is placed', async (uri, expected) => {
  const target = tempDir();
  const count = await downloadInput(new S3Client({ region: 'eu-west-1' }), { name: 'raw', s3Uri: uri, dataType: 'S3Prefix' }, target);
  expect(files(target)).toEqual(expected);
  expect(count).toBe(expected.length);
  const key = uri.replace(/^s3:\/\/bucket\//, '');
  expect(KEYS.filter((k) => k.startsWith(key) && !k.endsWith('/')).map((k) => relativeKey(key, k)).sort()).toEqual(expected);
  expect(fs.readFileSync(path.join(target, expected[0]), 'utf8')).toMatch(/^lake\//);
});

test('an object whose key climbs out of the prefix (\'..\') is refused, not written outside the input\'s folder', async () => {
  s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'lake/raw/../../escape.csv' }] });
  const parent = tempDir();
  const target = path.join(parent, 'raw');
  fs.mkdirSync(target);
  await expect(downloadInput(new S3Client({ region: 'eu-west-1' }), { name: 'raw', s3Uri: 's3://bucket/lake/raw/', dataType: 'S3Prefix' }, target)).rejects.toThrow(
    "input raw: the object s3://bucket/lake/raw/../../escape.csv would land outside the input's folder ('..' in its key); nothing was downloaded after it");
  expect(fs.readdirSync(parent)).toEqual(['raw']);
  expect(fs.existsSync(path.join(parent, '..', 'escape.csv'))).toBe(false);
});
