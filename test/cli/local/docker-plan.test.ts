import * as fs from 'fs';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { findAssemblyJob } from '../../../cli/src/assembly';
import { dockerPlan } from '../../../cli/src/local/docker-engine';
import { imageAssetFor, imageAssets } from '../../../cli/src/local/image-assets';
import { containerProcess, localRunRequest } from '../../../cli/src/local/local-request';
import { synthDataLake, tempDir } from './apps';

/**
 * The Docker engine's commands (no Docker engine where the tests run): compared with the
 * expectation recorded in fixtures/docker-plan.json, with the cdk.out folder and asset hashes
 * written as {cdk.out} and <sha256> there. `UPDATE_DOCKER_PLAN=1` rewrites the recording.
 */
const RECORDING = path.join(__dirname, 'fixtures', 'docker-plan.json');
const RUN = { runId: 'lake-SplitIncoming-20261124-090000-5e6f7a8b', scheduledTime: '2026-11-24T09:00:00Z' };

let cdkOut: string;
beforeAll(() => {
  cdkOut = synthDataLake(tempDir());
});

async function plan(jobName: string, overrides = {}) {
  const job = findAssemblyJob(cdkOut, jobName);
  const { request } = await localRunRequest(job, overrides, RUN, { region: 'eu-west-1' });
  const proc = containerProcess(request);
  const commands = dockerPlan(proc, { mlRoot: '/tmp/run/ml', containerName: RUN.runId, imageAsset: imageAssetFor(proc.image, imageAssets(cdkOut)) });
  return JSON.parse(JSON.stringify(commands).split(cdkOut).join('{cdk.out}').replace(/[0-9a-f]{64}/g, '<sha256>'));
}

test('the Docker commands of a managed-image job and of a Dockerfile-asset job are the recorded ones', async () => {
  const actual = {
    'SplitIncoming (scikit-learn image from ECR, with --env)': await plan('SplitIncoming', { environment: { MODE: 'full' } }),
    'WeeklySummary (R image built from its Dockerfile asset)': await plan('WeeklySummary'),
  };
  if (process.env.UPDATE_DOCKER_PLAN) fs.writeFileSync(RECORDING, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(fs.readFileSync(RECORDING, 'utf8')));
});

test('an image URI that needs the region is a one-line error', async () => {
  const job = findAssemblyJob(cdkOut, 'SplitIncoming');
  const { request } = await localRunRequest(job, {}, RUN, {});
  expect(() => dockerPlan(containerProcess(request), { mlRoot: '/tmp/run/ml', containerName: RUN.runId }))
    .toThrow(/^the image URI <Fn::FindInMap .*> is not known without the region or the deployed stack: pass --region, or deploy the stack that holds its repository$/);
});

test('the run binds the prepared processing, config and output folders, not all of /opt/ml, so the image keeps its own /opt/ml files (a BYOC /opt/ml/code)', async () => {
  const { run } = await plan('SplitIncoming');
  const volumes = run.flatMap((word: string, i: number) => (run[i - 1] === '--volume' ? [word] : []));
  // /opt/ml/output holds the exit message (/opt/ml/output/message), which the run reads afterwards.
  expect(volumes).toEqual(['/tmp/run/ml/processing:/opt/ml/processing', '/tmp/run/ml/config:/opt/ml/config', '/tmp/run/ml/output:/opt/ml/output']);
});

test('offline in a China region, the image of a Dockerfile asset is named with the partition\'s domain (amazonaws.com.cn)', async () => {
  const job = findAssemblyJob(cdkOut, 'WeeklySummary');
  const { request } = await localRunRequest(job, {}, RUN, { region: 'cn-north-1' });
  expect(containerProcess(request).image).toMatch(/^<account>\.dkr\.ecr\.cn-north-1\.amazonaws\.com\.cn\/cdk-hnb659fds-container-assets-<account>-cn-north-1:[0-9a-f]{64}$/);
});

test.each(RegionInfo.regions.map((r) => [r.name, r.partition!, r.domainSuffix!]))(
  'offline in %s (%s), the image of a Dockerfile asset is named with the partition\'s domain %s', async (region, _partition, domain) => {
    const job = findAssemblyJob(cdkOut, 'WeeklySummary');
    const { request } = await localRunRequest(job, {}, RUN, { region });
    expect(containerProcess(request).image.startsWith(`<account>.dkr.ecr.${region}.${domain}/cdk-hnb659fds-container-assets-<account>-${region}:`)).toBe(true);
  });

test.each([['us-isof-south-1', 'csp.hci.ic.gov'], ['cn-north-1', 'amazonaws.com.cn'], ['eu-west-1', 'amazonaws.com']])(
  'an ECR image of %s (%s) is pulled after the registry login', (region, domain) => {
    const image = `141502667606.dkr.ecr.${region}.${domain}/sagemaker-scikit-learn:1.2-1-cpu-py3`;
    const proc = { image, entrypoint: ['python3'], arguments: [], environment: {}, isolateNetwork: false } as unknown as Parameters<typeof dockerPlan>[0];
    expect(dockerPlan(proc, { mlRoot: '/tmp/run/ml', containerName: 'run' }).loginRegistry).toBe(`141502667606.dkr.ecr.${region}.${domain}`);
  });
test('an image asset of an app that disables asset staging (its source directory absolute) is built from that directory', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'S.assets.json'), JSON.stringify({
    version: '48.0.0', files: {},
    dockerImages: { abc: { source: { directory: '/src/app/docker' }, destinations: { d: { repositoryName: 'r', imageTag: 'abc' } } } },
  }));
  expect(imageAssets(dir).map((i) => i.directory)).toEqual(['/src/app/docker']);
});
