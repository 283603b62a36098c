import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECRClient } from '@aws-sdk/client-ecr';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runLocally } from '../../../cli/src';
import { synthDataLake, tempDir, writeCustomers } from './apps';

/**
 * What a local run needs of AWS — your credentials and a region for `--download`/`--upload`, and
 * for `docker login` to ECR before the job's image is pulled — missing is one line that says what
 * to do, before any call (no AWS here: the clients' credentials and region fail as the SDK's do
 * without any).
 */
const NO_CREDENTIALS = async () => {
  throw new Error('Could not load credentials from any providers');
};
const NO_REGION = async () => {
  throw new Error('Region is missing');
};
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const cfn = mockClient(CloudFormationClient);

let dir: string;
let cdkOut: string;
beforeAll(() => {
  dir = tempDir();
  cdkOut = synthDataLake(dir);
  writeCustomers(path.join(dir, 'sample'));
});
afterEach(() => cfn.reset());

test('--download without credentials: names what to set, and how to run without them; the stack is not read', async () => {
  const s3 = new S3Client({ region: 'eu-west-1', credentials: NO_CREDENTIALS });
  await expect(runLocally({
    job: 'SplitIncoming', cdkOut, download: true, engine: 'bwrap', region: 'eu-west-1', outputDir: path.join(dir, 'out-1'),
    clients: { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), s3 }, stdout: quiet, stderr: quiet,
  })).rejects.toThrow(new Error('no AWS credentials: Could not load credentials from any providers '
    + '(set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`); --download reads the deployed stack and S3 with them; '
    + 'without them, give each S3 input as --input NAME=<folder> and leave out --download and --upload'));
  expect(cfn.calls()).toHaveLength(0);
});

test('--upload without a region: names where to give one', async () => {
  const s3 = new S3Client({ region: NO_REGION, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
  await expect(runLocally({
    job: 'SplitIncoming', cdkOut, upload: true, inputs: { raw: path.join(dir, 'sample') }, engine: 'bwrap', outputDir: path.join(dir, 'out-2'),
    clients: { cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }), s3 }, stdout: quiet, stderr: quiet,
  })).rejects.toThrow(/^no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile; --upload reads the deployed stack and S3 with them;/);
  expect(cfn.calls()).toHaveLength(0);
});

describe('Docker with an ECR image and no credentials', () => {
  let savedPath: string | undefined;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  test('docker login is refused before it runs, naming the registry, the image and the sandbox as the way without credentials', async () => {
    // A stand-in `docker` that answers `docker version` and records every other command.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'docker'), `#!/bin/bash\necho "$*" >> ${dir}/docker-commands\n[ "$1" = version ] && echo 27.0.0\nexit 0\n`, { mode: 0o755 });
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    const ecr = new ECRClient({ region: 'eu-west-1', credentials: NO_CREDENTIALS });
    await expect(runLocally({
      job: 'SplitIncoming', cdkOut, inputs: { raw: path.join(dir, 'sample') }, engine: 'docker', region: 'eu-west-1', outputDir: path.join(dir, 'out-3'),
      clients: { ecr }, stdout: quiet, stderr: quiet,
    })).rejects.toThrow(new Error('no AWS credentials: Could not load credentials from any providers '
      + '(set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`); docker login to 141502667606.dkr.ecr.eu-west-1.amazonaws.com '
      + 'needs them to pull 141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3; without them, run with --engine sandbox'));
    expect(fs.readFileSync(path.join(dir, 'docker-commands'), 'utf8').trim().split('\n').map((l) => l.split(' ')[0])).toEqual(['version']);
  });
});
