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

describe('a manifest file (S3DataType ManifestFile)', () => {
  // ProcessingS3Input.S3Uri (API reference): [{"prefix": "s3://bucket/prefix/"}, "relative/key", ...]; each object lands at its path after the prefix.
  const MANIFEST_KEY = 'lists/objects.manifest';
  function serve(manifest: string) {
    s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => ({
      Body: {
        transformToString: async () => manifest,
        transformToByteArray: async () => Buffer.from(`${input.Bucket}/${input.Key}`),
      },
    } as never));
  }

  test('the objects it lists are downloaded at their paths after its prefix, from the prefix\'s bucket; nothing is listed', async () => {
    serve(JSON.stringify([{ prefix: 's3://data-bucket/lake/raw/' }, 'a.csv', 'part=1/b c.csv']));
    const target = tempDir();
    const count = await downloadInput(new S3Client({ region: 'eu-west-1' }), { name: 'raw', s3Uri: `s3://bucket/${MANIFEST_KEY}`, dataType: 'ManifestFile' }, target);
    expect(count).toBe(2);
    expect(files(target)).toEqual(['a.csv', 'part=1/b c.csv']);
    expect(fs.readFileSync(path.join(target, 'part=1', 'b c.csv'), 'utf8')).toBe('data-bucket/lake/raw/part=1/b c.csv');
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
    expect(s3.commandCalls(GetObjectCommand).map((c) => `${c.args[0].input.Bucket}/${c.args[0].input.Key}`))
      .toEqual([`bucket/${MANIFEST_KEY}`, 'data-bucket/lake/raw/a.csv', 'data-bucket/lake/raw/part=1/b c.csv']);
  });

  test.each([
    ['not JSON', 'a.csv\nb.csv', /^input raw: the manifest s3:\/\/bucket\/lists\/objects\.manifest is not JSON; expected a JSON array: \{"prefix": "s3:\/\/bucket\/prefix\/"\}, then keys relative to it$/],
    ['no prefix first', JSON.stringify(['a.csv']),
      /^input raw: the manifest s3:\/\/bucket\/lists\/objects\.manifest is not a SageMaker manifest; expected a JSON array: \{"prefix": "s3:\/\/bucket\/prefix\/"\}, then keys relative to it$/],
    ['a key that is not a string', JSON.stringify([{ prefix: 's3://b/p/' }, 3]), /is not a SageMaker manifest/],
    ['no objects', JSON.stringify([{ prefix: 's3://b/p/' }]), /^input raw: the manifest s3:\/\/bucket\/lists\/objects\.manifest lists no objects$/],
    ['a key that climbs out (\'..\')', JSON.stringify([{ prefix: 's3://b/p/' }, '../../escape.csv']),
      /^input raw: the object s3:\/\/b\/p\/\.\.\/\.\.\/escape\.csv would land outside the input's folder \('\.\.' in its key\); nothing was downloaded after it$/],
  ])('a manifest with %s is a one-line error', async (_what, manifest, message) => {
    serve(manifest);
    await expect(downloadInput(new S3Client({ region: 'eu-west-1' }), { name: 'raw', s3Uri: `s3://bucket/${MANIFEST_KEY}`, dataType: 'ManifestFile' }, tempDir()))
      .rejects.toThrow(message);
  });
});
