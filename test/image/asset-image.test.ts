import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { ProcessingCode, ProcessingImage, ProcessingJob, ScriptProcessor } from '../../lib';
import { ACCOUNT, REGION, SynthesizedIam } from '../util/iam-evaluator';

const R = path.join(__dirname, '..', '..', 'examples', 'processors', 'r');

function synth(options: ecrAssets.DockerImageAssetOptions = {}, jobs = 1) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'asset-image-')) });
  const stack = new Stack(app, 'Jobs', { env: { account: ACCOUNT, region: REGION } });
  const image = ProcessingImage.fromAsset(R, options);
  for (let i = 0; i < jobs; i++) {
    new ProcessingJob(stack, `Summary${i}`, {
      processor: new ScriptProcessor({ image, command: ['Rscript'] }),
      code: ProcessingCode.fromAsset(path.join(R, 'summarize.R')),
    });
  }
  const assembly = app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Jobs.assets.json'), 'utf8'));
  return { stack, images: Object.values<any>(manifest.dockerImages ?? {}) };
}

describe('a Dockerfile image is built for the platform SageMaker Processing runs', () => {
  test('without a platform, the asset is built for linux/amd64 (an arm64 machine would build an image no processing instance runs)', () => {
    const { images } = synth();
    expect(images.map((i) => i.source.platform)).toEqual(['linux/amd64']);
  });

  test('linux/amd64 given in any of its spellings is kept; build args and target pass through', () => {
    expect(synth({ platform: ecrAssets.Platform.custom('linux/x86_64') }).images.map((i) => i.source.platform)).toEqual(['linux/x86_64']);
    const { images } = synth({ buildArgs: { R_VERSION: '4.4' }, target: 'runtime' });
    expect(images[0].source).toMatchObject({ platform: 'linux/amd64', dockerBuildArgs: { R_VERSION: '4.4' }, dockerBuildTarget: 'runtime' });
  });

  test('an arm64 platform fails synth, naming the job, the platform and what to build instead', () => {
    expect(() => synth({ platform: ecrAssets.Platform.LINUX_ARM64 })).toThrow(
      `Jobs/Summary0: ProcessingImage.fromAsset('${R}') platform 'linux/arm64' cannot run on SageMaker Processing, whose instance types are all x86_64 `
      + '(CreateProcessingJob ProcessingResources.ClusterConfig.InstanceType); build it for linux/amd64 (Platform.LINUX_AMD64, the default)');
  });

  test('two jobs of a stack share one image asset, and each job role may pull it from the container-assets repository', async () => {
    const { stack, images } = synth({}, 2);
    expect(images).toHaveLength(1);
    expect(images[0].destinations[Object.keys(images[0].destinations)[0]].repositoryName).toBe(`cdk-hnb659fds-container-assets-${ACCOUNT}-${REGION}`);
    const iam = SynthesizedIam.of(stack);
    const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/cdk-hnb659fds-container-assets-${ACCOUNT}-${REGION}`;
    for (const job of ['Summary0', 'Summary1']) {
      const role = iam.role(`${job}/JobRole/Resource`);
      for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']) expect(await iam.decide(role, { action, resource: repository })).toBe('Allowed');
      expect(await iam.decide(role, { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/other` })).toBe('ImplicitlyDenied');
    }
  });
});
