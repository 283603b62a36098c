import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as table from '../../lib/image/managed-images.json';
import * as versions from '../../lib/image/managed-image-versions';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'generate-managed-images.js');
const COMMIT = 'a'.repeat(40);

/** A minimal SDK tree in the shapes image_uri_config uses (per-py configs, aliases, HF base frameworks). */
function fakeSdk(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-'));
  fs.mkdirSync(path.join(dir, 'image_uri_config'));
  const write = (name: string, body: object) => fs.writeFileSync(path.join(dir, 'image_uri_config', `${name}.json`), JSON.stringify(body));
  const reg = { 'us-east-1': '111111111111', 'cn-north-1': '222222222222' };
  fs.writeFileSync(path.join(dir, 'utils.py'), 'ALTERNATE_DOMAINS = {\n    "cn-north-1": "amazonaws.com.cn",\n}\n');
  write('sklearn', { training: { versions: { '1.2-1': { processors: ['cpu'], py_versions: ['py3'], registries: reg, repository: 'sagemaker-scikit-learn' } } } });
  write('spark', { processing: { processors: ['cpu'], versions: { '3.5': { py_versions: ['py39'], registries: reg, repository: 'sagemaker-spark-processing' } } } });
  write('pytorch', { training: { processors: ['cpu', 'gpu'], version_aliases: { '2.8': '2.8.0' }, versions: {
    '2.8.0': { py_versions: ['py312'], registries: reg, repository: 'pytorch-training' } } } });
  write('tensorflow', { training: { processors: ['cpu', 'gpu'], versions: {
    '1.13.1': { py2: { registries: reg, repository: 'sagemaker-tensorflow-scriptmode' }, py3: { registries: { 'us-east-1': '333333333333' }, repository: 'tensorflow-training' } } } } });
  write('xgboost', { training: { versions: { '1.7-1': { registries: reg, repository: 'sagemaker-xgboost' } } } });
  write('huggingface', { training: { processors: ['gpu'], versions: { '4.4.2': {
    version_aliases: { 'pytorch1.6': 'pytorch1.6.0' },
    'pytorch1.6.0': { py_versions: ['py36'], registries: reg, repository: 'huggingface-pytorch-training' },
  }, '4.56.2': {
    'pytorch2.8.0': { py_versions: ['py312'], registries: reg, repository: 'huggingface-pytorch-training', container_version: { gpu: 'cu129-ubuntu22.04' } },
  } } } });
  return dir;
}

describe('scripts/generate-managed-images.js', () => {
  let out: any;
  let versionsTs: string;
  beforeAll(() => {
    const sdk = fakeSdk();
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'images-'));
    execFileSync('node', [SCRIPT, sdk, '--version', '9.9.9', '--commit', COMMIT, '--out-dir', outDir], { encoding: 'utf8' });
    out = JSON.parse(fs.readFileSync(path.join(outDir, 'managed-images.json'), 'utf8'));
    versionsTs = fs.readFileSync(path.join(outDir, 'managed-image-versions.ts'), 'utf8');
  });

  test('records the SDK release and the ECR domains', () => {
    expect(out.source).toMatchObject({ repository: 'aws/sagemaker-python-sdk', version: '9.9.9', commit: COMMIT });
    expect(out.domains).toEqual({ default: 'amazonaws.com', regions: { 'cn-north-1': 'amazonaws.com.cn' } });
  });

  test('tags follow image_uris._format_tag for each config shape', () => {
    const tags = (family: string, version: string) => out.images[family].versions[version].variants.map((v: any) => v.tag);
    expect(tags('sklearn', '1.2-1')).toEqual(['1.2-1-cpu-py3']);
    expect(tags('spark', '3.5')).toEqual(['3.5-cpu', '3.5-cpu-py39']);
    expect(tags('pytorch', '2.8.0')).toEqual(['2.8.0-cpu-py312', '2.8.0-gpu-py312']);
    expect(tags('tensorflow', '1.13.1')).toEqual(['1.13.1-cpu-py2', '1.13.1-gpu-py2', '1.13.1-cpu-py3', '1.13.1-gpu-py3']);
    expect(tags('xgboost', '1.7-1')).toEqual(['1.7-1']);
    expect(tags('huggingface', '4.4.2')).toEqual(['1.6.0-transformers4.4.2-gpu-py36-cu110-ubuntu18.04']);
    expect(tags('huggingface', '4.56.2')).toEqual(['2.8.0-transformers4.56.2-gpu-py312-cu129-ubuntu22.04']);
    expect(out.images.pytorch.aliases).toEqual({ '2.8': '2.8.0' });
  });

  test('stores each distinct registry table once', () => {
    expect(Object.values(out.registries)).toEqual([{ 'cn-north-1': '222222222222', 'us-east-1': '111111111111' }, { 'us-east-1': '333333333333' }]);
  });

  test('writes one static member per version', () => {
    expect(versionsTs).toContain("public static readonly V1_2_1 = new SKLearnVersion('1.2-1');");
    expect(versionsTs).toContain("public static readonly V4_56_2 = new HuggingFaceVersion('4.56.2');");
  });
});

describe('the committed table and version classes agree', () => {
  test.each([
    ['sklearn', versions.SKLearnVersion], ['spark', versions.SparkVersion], ['pytorch', versions.PyTorchVersion],
    ['tensorflow', versions.TensorFlowVersion], ['xgboost', versions.XGBoostVersion], ['huggingface', versions.HuggingFaceVersion],
  ])('%s', (family, cls) => {
    const members = Object.values(cls).filter((v) => v instanceof cls).map((v: any) => v.version);
    expect(members).toEqual(Object.keys((table.images as any)[family].versions));
  });
});
