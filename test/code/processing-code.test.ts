import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FrameworkProcessor, ProcessingCode, ProcessingCodeAssetOptions, ProcessingImage, ProcessingJob, SKLearnVersion } from '../../lib';
import { assemblyObjects } from '../../lib/local/container-files';

function tree(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** The job's staged code files (their paths in the code folder) and its warnings. */
function stagedCode(dir: string, options: ProcessingCodeAssetOptions) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Jobs', { env: { account: '123456789012', region: 'eu-west-1' } });
  new ProcessingJob(stack, 'Features', { processor: new FrameworkProcessor({ image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1) }), code: ProcessingCode.fromAsset(dir, options) });
  app.synth();
  const code = assemblyObjects(outdir).filter((o) => !o.key.endsWith('runproc.sh') && !o.key.endsWith('.json'));
  const prefix = code[0].key.split('/')[0];
  return {
    prefix,
    names: code.map((o) => o.key.slice(prefix.length + 1)).sort(),
    warnings: Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('staged-clutter')).map((w) => w.entry.data),
  };
}

describe('a code folder uploads what a job needs', () => {
  const SOURCE = { 'process.py': 'print(1)', 'lib/util.py': 'x = 1' };

  test('a bytecode cache, a git repository and a virtual environment in the folder are named in one warning, with the exclude that leaves them out', () => {
    const dir = tree({ ...SOURCE, '__pycache__/process.cpython-312.pyc': 'pyc', 'lib/__pycache__/util.cpython-312.pyc': 'pyc', '.git/HEAD': 'ref', '.venv/lib/a/node_modules/b.js': '1' });
    const { names, warnings } = stagedCode(dir, { entryPoint: 'process.py' });
    expect(names).toContain('.git/HEAD');
    expect(warnings).toEqual([`Jobs/Features: the code folder '${dir}' holds .git/, .venv/, __pycache__/, lib/__pycache__/, uploaded file by file with the code though a job almost `
      + "never needs them (a bytecode cache changes the code's hash at every local run); leave them out with exclude: ['.git', '.venv', '__pycache__'] "
      + '[ack: cdk-sagemaker-processing:staged-clutter]']);
  });

  test('exclude leaves files out (glob patterns as aws-cdk-lib assets take them), and a changed cache no longer changes the code prefix', () => {
    const dir = tree({ ...SOURCE, '__pycache__/process.cpython-312.pyc': 'pyc 1', 'notes.ipynb': '{}', '.git/HEAD': 'ref' });
    const options = { entryPoint: 'process.py', exclude: ['__pycache__', '.git', '*.ipynb'] };
    const first = stagedCode(dir, options);
    expect(first.names).toEqual(['lib/util.py', 'process.py']);
    expect(first.warnings).toEqual([]);
    fs.writeFileSync(path.join(dir, '__pycache__', 'process.cpython-312.pyc'), 'pyc 2');
    expect(stagedCode(dir, options).prefix).toBe(first.prefix);
  });

  test('exclude applies to dependency folders too', () => {
    const dir = tree(SOURCE);
    const common = tree({ 'helpers.py': 'h', '__pycache__/helpers.pyc': 'pyc' });
    expect(stagedCode(dir, { entryPoint: 'process.py', dependencies: [common], exclude: ['__pycache__'] }).names)
      .toEqual(['lib/util.py', 'process.py', `${path.basename(common)}/helpers.py`].sort());
  });

  test('an exclude that leaves out the entry point, or that has nothing to apply to, fails synth', () => {
    const dir = tree(SOURCE);
    expect(() => stagedCode(dir, { entryPoint: 'process.py', exclude: ['process.py'] }))
      .toThrow(`Jobs/Features: entryPoint 'process.py' of '${dir}' is left out by exclude [process.py]; the container would not find it`);
    expect(() => ProcessingCode.fromAsset(path.join(dir, 'process.py'), { exclude: ['x'] }))
      .toThrow(`ProcessingCode.fromAsset: '${path.join(dir, 'process.py')}' is a file; exclude leaves files of a folder (or of dependencies) out of the upload`);
    const bucket = s3.Bucket.fromBucketName(new Stack(), 'B', 'code');
    expect(() => ProcessingCode.fromBucket(bucket, 'src.tar.gz', { entryPoint: 'p.py', exclude: ['x'] }))
      .toThrow("ProcessingCode.fromBucket('src.tar.gz'): exclude leaves files of a local folder out of its upload (ProcessingCode.fromAsset); an object in S3 is read as it is");
  });
});
