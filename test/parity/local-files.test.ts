import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJobDefinitionProps, PySparkProcessor, SageMakerCreateProcessingJob,
  ScriptProcessor, SKLearnProcessor, SKLearnVersion, SparkJarProcessor, SparkVersion,
} from '../../lib';
import { materializeContainer, MaterializedContainer } from '../../lib/local/container-files';

/**
 * Parity with the SageMaker Python SDK 2.257.6 (aws/sagemaker-python-sdk fc582aaa46fa) for code and
 * inputs given as LOCAL files: what the container sees. The SDK uploads a local code file to
 * `s3://<bucket>/<job>/input/code/<file name>` and runs it as `/opt/ml/processing/input/code/<file name>`
 * (sagemaker/processing.py ScriptProcessor._include_code_in_inputs, _get_user_code_name, _set_entrypoint;
 * tests/unit/test_processing.py test_script_processor_works_with_absolute_local_path); a local input
 * through sagemaker/session.py upload_data: a file as `<prefix>/<its name>`, a folder as its files
 * under `<prefix>/<relative path>` (test_script_processor_with_one_input). Each case here synthesizes
 * the job, then builds the container's `/opt/ml/processing` from the request and the cloud assembly's
 * assets, and compares the command, the paths and the bytes with the local sources.
 */

const LOCAL = path.join(__dirname, 'local');
const FILES = path.join(__dirname, 'files');
const IMAGE = ProcessingImage.fromRegistry('012345678901.dkr.ecr.us-west-2.amazonaws.com/my-custom-image-uri');

interface View {
  readonly request: any;
  readonly container: MaterializedContainer;
  /** Input name → { file in the input folder → its bytes as text }. */
  readonly files: { [input: string]: { [file: string]: string } };
}

function containerView(build: (stack: Stack) => ProcessingJobDefinitionProps, data?: { [input: string]: string }): View {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Parity', { env: { account: '012345678901', region: 'us-west-2' } });
  const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', build(stack));
  const request = stack.resolve((task.toStateJson() as any).Parameters);
  app.synth();
  const container = materializeContainer({ request, assemblyDir: outdir, root: fs.mkdtempSync(path.join(os.tmpdir(), 'parity-root-')), data });
  const files = Object.fromEntries(container.inputs.map((i) => [i.name,
    Object.fromEntries(i.files.map((f) => [f, fs.readFileSync(path.join(i.hostPath, f), 'utf8')]))]));
  return { request, container, files };
}

const read = (...p: string[]) => fs.readFileSync(path.join(...p), 'utf8');
const codeUri = (request: any) => request.ProcessingInputs.find((i: any) => i.InputName === 'code').S3Input.S3Uri;
const ASSET_OBJECT = (name: string) => new RegExp(`^s3://cdk-hnb659fds-assets-012345678901-us-west-2/[0-9a-f]{64}/${name.replace('.', '\\.')}$`);

describe('local code and inputs reach the container under their own names (SDK 2.257.6)', () => {
  test('ScriptProcessor: local code file and a local file input keep their names (test_script_processor_with_one_input)', () => {
    const { request, files } = containerView(() => ({
      processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'processing_code.py')),
      processingInputs: [ProcessingInput.fromAsset('census', path.join(LOCAL, 'census.csv'), { localPath: '/opt/ml/processing/input/data/' })],
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['python3', '/opt/ml/processing/input/code/processing_code.py']);
    expect(codeUri(request)).toMatch(ASSET_OBJECT('processing_code.py'));
    expect(request.ProcessingInputs.map((i: any) => [i.InputName, i.S3Input.LocalPath])).toEqual([
      ['census', '/opt/ml/processing/input/data/'], ['code', '/opt/ml/processing/input/code']]);
    expect(files).toEqual({
      census: { 'census.csv': read(LOCAL, 'census.csv') },
      code: { 'processing_code.py': read(LOCAL, 'processing_code.py') },
    });
  });

  test('a local folder input arrives as its files and subfolders, not one archive (session.upload_data of a directory)', () => {
    const { request, files } = containerView(() => ({
      processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'processing_code.py')),
      processingInputs: [ProcessingInput.fromAsset('dataset', path.join(LOCAL, 'dataset'))],
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['python3', '/opt/ml/processing/input/code/processing_code.py']);
    expect(request.ProcessingInputs[0].S3Input).toEqual(expect.objectContaining({
      S3Uri: expect.stringMatching(/^s3:\/\/cdk-hnb659fds-assets-012345678901-us-west-2\/[0-9a-f]{64}\/$/),
      LocalPath: '/opt/ml/processing/input/dataset',
      S3DataType: 'S3Prefix',
    }));
    expect(files.dataset).toEqual({
      '2026/11/part-1.csv': read(LOCAL, 'dataset', '2026', '11', 'part-1.csv'),
      'part-0.csv': read(LOCAL, 'dataset', 'part-0.csv'),
    });
  });

  test('ScriptProcessor with Rscript: the R script keeps its name', () => {
    const { request, files } = containerView(() => ({
      processor: new ScriptProcessor({ image: IMAGE, command: ['Rscript'] }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'summarize.R')),
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['Rscript', '/opt/ml/processing/input/code/summarize.R']);
    expect(files.code).toEqual({ 'summarize.R': read(LOCAL, 'summarize.R') });
  });

  test('FrameworkProcessor with a local source folder: its tree in the code folder, runproc.sh as the SDK writes it', () => {
    const { request, files } = containerView(() => ({
      processor: new FrameworkProcessor({ image: IMAGE }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'src'), { entryPoint: 'process.py' }),
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh']);
    expect(request.ProcessingInputs.map((i: any) => [i.InputName, i.S3Input.LocalPath])).toEqual([
      ['code', '/opt/ml/processing/input/code/'], ['entrypoint', '/opt/ml/processing/input/entrypoint']]);
    expect(files.code).toEqual({
      'lib/util.py': read(LOCAL, 'src', 'lib', 'util.py'),
      'process.py': read(LOCAL, 'src', 'process.py'),
      'requirements.txt': read(LOCAL, 'src', 'requirements.txt'),
    });
    // tests/unit/test_processing.py test_generate_framework_script, without the `tar -xzf sourcedir.tar.gz`
    // line: the files are in the code folder already.
    expect(files.entrypoint).toEqual({ 'runproc.sh': SDK_RUNPROC.replace('tar -xzf sourcedir.tar.gz\n', '') });
  });

  test('FrameworkProcessor with dependencies: each lands in the code folder under its own name (fw_utils.tar_and_upload_dir)', () => {
    const { request, files } = containerView(() => ({
      processor: new FrameworkProcessor({ image: IMAGE }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'src', 'process.py'), { dependencies: [FILES, path.join(LOCAL, 'census.csv')] }),
    }));
    expect(codeUri(request)).toMatch(/^s3:\/\/cdk-hnb659fds-assets-012345678901-us-west-2\/[0-9a-f]{64}\/$/);
    expect(files.code).toEqual({
      'census.csv': read(LOCAL, 'census.csv'),
      'files/helpers.py': read(FILES, 'helpers.py'),
      'files/lookup.csv': read(FILES, 'lookup.csv'),
      'files/udf.jar': read(FILES, 'udf.jar'),
      'process.py': read(LOCAL, 'src', 'process.py'),
    });
    expect(files.entrypoint['runproc.sh']).toContain('\npython process.py "$@"\n');
  });

  test('FrameworkProcessor with one local file: runs it by its name', () => {
    const { files } = containerView(() => ({
      processor: new FrameworkProcessor({ image: IMAGE }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'src', 'process.py')),
    }));
    expect(files.code).toEqual({ 'process.py': read(LOCAL, 'src', 'process.py') });
    expect(files.entrypoint['runproc.sh']).toContain('\npython process.py "$@"\n');
  });

  test('FrameworkProcessor with sourcedir.tar.gz in S3 and CodeArtifact: runproc.sh is byte for byte the SDK\'s (test_generate_framework_script_with_codeartifact)', () => {
    // The S3 object is not an asset: the test stands a local copy in for it.
    const sourcedir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parity-s3-')), 'sourcedir.tar.gz');
    fs.writeFileSync(sourcedir, 'not unpacked here');
    const { request, files } = containerView((stack) => ({
      processor: new FrameworkProcessor({ image: IMAGE, codeArtifactRepositoryArn: 'arn:aws:codeartifact:us-west-2:012345678901:repository/test-domain/test-repository' }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'mybucket'), 'my_job_name/source/sourcedir.tar.gz', { entryPoint: 'process.py' }),
    }), { code: sourcedir });
    expect(codeUri(request)).toBe('s3://mybucket/my_job_name/source/sourcedir.tar.gz');
    expect(files.entrypoint).toEqual({ 'runproc.sh': SDK_RUNPROC.replace("echo 'CodeArtifact repository not specified. Skipping login.'",
      'aws codeartifact login --tool pip --domain test-domain --domain-owner 012345678901 --repository test-repository --region us-west-2') });
  });

  test('PySparkProcessor: the app, --py-files, --jars and --files keep their names (spark/processing.py _stage_submit_deps)', () => {
    const { request, files } = containerView(() => ({
      processor: new PySparkProcessor({
        frameworkVersion: SparkVersion.V3_5,
        submitPyFiles: [path.join(FILES, 'helpers.py')],
        submitJars: [path.join(FILES, 'udf.jar')],
        submitFiles: [path.join(FILES, 'lookup.csv')],
      }),
      code: ProcessingCode.fromAsset(path.join(LOCAL, 'app.py')),
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['smspark-submit',
      '--py-files', '/opt/ml/processing/input/py-files', '--jars', '/opt/ml/processing/input/jars', '--files', '/opt/ml/processing/input/files',
      '/opt/ml/processing/input/code/app.py']);
    expect(files).toEqual({
      'py-files': { 'helpers.py': read(FILES, 'helpers.py') },
      'jars': { 'udf.jar': read(FILES, 'udf.jar') },
      'files': { 'lookup.csv': read(FILES, 'lookup.csv') },
      'code': { 'app.py': read(LOCAL, 'app.py') },
    });
  });

  test('SparkJarProcessor: a local application jar keeps its name', () => {
    const { request, files } = containerView(() => ({
      processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'com.example.Main' }),
      code: ProcessingCode.fromAsset(path.join(FILES, 'udf.jar')),
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['smspark-submit', '--class', 'com.example.Main', '/opt/ml/processing/input/code/udf.jar']);
    expect(files.code).toEqual({ 'udf.jar': read(FILES, 'udf.jar') });
  });
});

/** tests/unit/test_processing.py test_generate_framework_script (SDK 2.257.6), the expected text. */
const SDK_RUNPROC = `#!/bin/bash

cd /opt/ml/processing/input/code/
tar -xzf sourcedir.tar.gz

# Exit on any error. SageMaker uses error code to mark failed job.
set -e

if [[ -f 'requirements.txt' ]]; then
    # Optionally log into CodeArtifact
    if ! hash aws 2>/dev/null; then
        echo "AWS CLI is not installed. Skipping CodeArtifact login."
    else
        echo 'CodeArtifact repository not specified. Skipping login.'
    fi

    # Some py3 containers has typing, which may breaks pip install
    pip uninstall --yes typing

    python -m pip install -r requirements.txt
fi

python process.py "$@"
`;
