import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, ProcessingInput, PySparkProcessor, SageMakerCreateProcessingJob, ScriptProcessor, SKLearnProcessor,
  SKLearnVersion, SparkJarProcessor, SparkVersion,
} from '../../lib';
import { frameworkBootstrapScript } from '../../lib/processors/framework-bootstrap';
import { requireSystemPackage } from '../util/system-package';

const IMAGE = ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/r:1');
const FILES = path.join(__dirname, '..', 'parity', 'files');

function job(props: any, region?: string) {
  const stack = new Stack(new App(), 'Jobs', region ? { env: { region } } : undefined);
  const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', props(stack));
  return { stack, task, request: stack.resolve((task.toStateJson() as any).Parameters) };
}

describe('processor validation', () => {
  test.each([
    ['ScriptProcessor without code', () => job(() => ({ processor: new ScriptProcessor({ image: IMAGE, command: ['Rscript'] }) })),
      "Jobs/Job: ScriptProcessor needs code, the script it runs (e.g. code: ProcessingCode.fromAsset('preprocess.py'))"],
    ['ScriptProcessor with a folder', () => job(() => ({
      processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }),
      code: ProcessingCode.fromAsset(FILES, { entryPoint: 'helpers.py' }),
    })), 'Jobs/Job: ScriptProcessor runs one script file, but code is a folder (files); use FrameworkProcessor for a source folder with requirements.txt'],
    ['ScriptProcessor with code that has dependencies (a folder, as the SDK packs it)', () => job(() => ({
      processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }),
      code: ProcessingCode.fromAsset(path.join(FILES, 'helpers.py'), { dependencies: [path.join(FILES, 'lookup.csv')] }),
    })), 'Jobs/Job: ScriptProcessor runs one script file, but code is a file with dependencies, which make a folder (helpers.py); use FrameworkProcessor for a source folder with requirements.txt'],
    ['PySparkProcessor with code that has dependencies', () => job(() => ({
      processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5 }),
      code: ProcessingCode.fromAsset(path.join(FILES, 'helpers.py'), { dependencies: [path.join(FILES, 'lookup.csv')] }),
    })), 'Jobs/Job: PySparkProcessor runs one script file, but code is a file with dependencies, which make a folder (helpers.py); ' +
      'give the app as one file and what it needs as submitPyFiles, submitJars or submitFiles'],
    ['SparkJarProcessor with a folder', () => job(() => ({
      processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'a.Main' }),
      code: ProcessingCode.fromAsset(FILES, { entryPoint: 'udf.jar' }),
    })), 'Jobs/Job: SparkJarProcessor runs one script file, but code is a folder (files); give the app as one jar and what it needs as submitJars or submitFiles'],
    ['S3 code with dependencies', () => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(new Stack(), 'B', 'code-bucket'), 'src.tar.gz', { dependencies: ['x'] }),
      "ProcessingCode.fromBucket('src.tar.gz'): dependencies are local folders staged beside local code (ProcessingCode.fromAsset); an archive in S3 carries its own"],
    ['a dependency that does not exist', () => ProcessingCode.fromAsset(path.join(FILES, 'helpers.py'), { dependencies: ['./no-such-folder'] }),
      "ProcessingCode.fromAsset: dependency './no-such-folder' does not exist"],
    ['ScriptProcessor with no command', () => new ScriptProcessor({ image: IMAGE, command: [] }),
      "ScriptProcessor: command is empty; give the interpreter, e.g. ['python3'] or ['Rscript']"],
    ['FrameworkProcessor without code', () => job(() => ({ processor: new FrameworkProcessor({ image: IMAGE }) })),
      "Jobs/Job: FrameworkProcessor needs code, a source folder with an entry point (e.g. code: ProcessingCode.fromAsset('src', { entryPoint: 'process.py' }))"],
    ['FrameworkProcessor with an S3 archive and no entry point', () => job((stack: Stack) => ({
      processor: new FrameworkProcessor({ image: IMAGE }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'code-bucket'), 'src/sourcedir.tar.gz'),
    })), "Jobs/Job: FrameworkProcessor code is an archive (sourcedir.tar.gz) without entryPoint; give the file in it that runs, e.g. { entryPoint: 'process.py' }"],
    ['SparkJarProcessor without a main class', () => new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: '' }),
      'SparkJarProcessor: submitClass is empty; give the main class of the jar, e.g. com.example.Main'],
    ['Spark processor without version or image', () => new PySparkProcessor({}),
      'PySparkProcessor: give frameworkVersion (e.g. SparkVersion.V3_5) or image'],
    ['PySparkProcessor without the submit app', () => job(() => ({ processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5 }) })),
      "Jobs/Job: PySparkProcessor needs code, the script it runs (e.g. code: ProcessingCode.fromAsset('preprocess.py'))"],
    ['an unknown Spark classification', () => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, configuration: [{ classification: 'spark-default' }] }),
      /^PySparkProcessor: configuration\[0\]\.classification 'spark-default' is not one of core-site, hadoop-env, .*, export$/],
    ['event logs not in S3', () => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, sparkEventLogsS3Uri: 'hdfs://logs' }),
      "PySparkProcessor: sparkEventLogsS3Uri 'hdfs://logs' is not an s3:// URI (e.g. s3://bucket-name/folder-name)"],
    ['a dependency that is not a file', () => job((stack: Stack) => ({
      processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, submitPyFiles: ['./no-such-file.py'] }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'code-bucket'), 'app.py'),
    })), "Jobs/Job: submit py-files './no-such-file.py' is not a local file; give S3 URIs or local file paths"],
    ['a dependency with another scheme', () => job((stack: Stack) => ({
      processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'a.B', submitJars: ['https://example.com/x.jar'] }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'code-bucket'), 'app.jar'),
    })), "Jobs/Job: submit jars 'https://example.com/x.jar' uses an unsupported scheme; give s3:// or s3a:// URIs or local file paths"],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

test.each(['com.example.Main', 'com.example.Main$Job', 'de.köln.Verarbeitung', 'jp.例え.メイン', '_x.$y2', 'app.Main\u0301'])(
  'SparkJarProcessor takes the Java class name %s (JLS 3.8: Unicode letters, digits, $ and _)', (submitClass) => {
    expect(() => new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass })).not.toThrow();
  });

test.each(['com.example Main', '1com.Main', 'com.example.', 'com..Main', 'com.ex-ample.Main', '.Main'])('SparkJarProcessor refuses %s, which is no Java class name', (submitClass) => {
  expect(() => new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass }))
    .toThrow(`SparkJarProcessor: submitClass '${submitClass}' is not a Java class name (identifiers separated by '.', e.g. com.example.Main)`);
});

test('a dependency whose file has the name of a file of the source folder is refused, naming both', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deps-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.mkdirSync(path.join(dir, 'reqs'));
  fs.writeFileSync(path.join(dir, 'src', 'process.py'), 'print(1)\n');
  fs.writeFileSync(path.join(dir, 'src', 'requirements.txt'), 'pandas\n');
  fs.writeFileSync(path.join(dir, 'reqs', 'requirements.txt'), 'numpy\n');
  expect(() => job(() => ({
    processor: new FrameworkProcessor({ image: IMAGE }),
    code: ProcessingCode.fromAsset(path.join(dir, 'src'), { entryPoint: 'process.py', dependencies: [path.join(dir, 'reqs', 'requirements.txt')] }),
  }))).toThrow(`Jobs/Job: two files named 'requirements.txt' would land in the same folder (Code): '${path.join(dir, 'src', 'requirements.txt')}' ` +
    `and '${path.join(dir, 'reqs', 'requirements.txt')}'; rename one, or leave one out`);
});

test('a dependency the source folder already holds at the same place (or one listed twice) is staged once, as the SDK\'s tar unpacks it once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deps-'));
  fs.mkdirSync(path.join(dir, 'src', 'common'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'process.py'), 'print(1)\n');
  fs.writeFileSync(path.join(dir, 'src', 'common', 'util.py'), 'A = 1\n');
  const { request, stack } = job(() => ({
    processor: new FrameworkProcessor({ image: IMAGE }),
    code: ProcessingCode.fromAsset(path.join(dir, 'src'), { entryPoint: 'process.py', dependencies: [path.join(dir, 'src', 'common'), path.join(dir, 'src', 'common')] }),
  }));
  expect(request.ProcessingInputs[0].InputName).toBe('code');
  const staged = stack.node.findAll().filter((c) => c.node.path.startsWith('Jobs/Job/Code/File')).length;
  expect(staged).toBe(2);
});

test('the entry point is run through the command and needs no execute bit: only other executables are warned of', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-'));
  fs.writeFileSync(path.join(dir, 'run.sh'), 'bash tool.sh\n', { mode: 0o755 });
  const script = job(() => ({ processor: new ScriptProcessor({ image: IMAGE, command: ['bash'] }), code: ProcessingCode.fromAsset(path.join(dir, 'run.sh')) }));
  expect(script.request.AppSpecification.ContainerEntrypoint).toEqual(['bash', '/opt/ml/processing/input/code/run.sh']);
  Annotations.fromStack(script.stack).hasNoWarning('*', Match.anyValue());
  fs.writeFileSync(path.join(dir, 'tool.sh'), 'echo\n', { mode: 0o755 });
  const folder = job(() => ({ processor: new FrameworkProcessor({ image: IMAGE, command: ['bash'] }), code: ProcessingCode.fromAsset(dir, { entryPoint: './run.sh' }) }));
  Annotations.fromStack(folder.stack).hasWarning('/Jobs/Job', Match.stringLikeRegexp('^Jobs/Job: Code: tool.sh is executable here and arrives without the execute bit'));
});

describe('spark-submit dependency options as smspark-submit reads them (aws/sagemaker-spark-container src/smspark/cli.py _get_list_of_files)', () => {
  const entrypoint = (props: any) => job((s: Stack) => ({
    processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, ...props }),
    code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(s, 'B', 'code-bucket'), 'app.py'),
  })).request.AppSpecification.ContainerEntrypoint;

  test('local files alone: the channel folder, which smspark-submit expands into its files (as the SDK gives it)', () => {
    expect(entrypoint({ submitJars: [path.join(FILES, 'udf.jar')], submitFiles: [path.join(FILES, 'lookup.csv'), path.join(FILES, 'helpers.py')] })).toEqual([
      'smspark-submit', '--jars', '/opt/ml/processing/input/jars', '--files', '/opt/ml/processing/input/files', '/opt/ml/processing/input/code/app.py']);
  });

  test('local files beside S3 URIs: each file is named after the URIs (a value that starts with s3:// reaches spark-submit as it is, where a folder is no jar or file)', () => {
    expect(entrypoint({
      submitPyFiles: ['s3://libs/common.zip', path.join(FILES, 'helpers.py')],
      submitJars: [path.join(FILES, 'udf.jar'), 's3a://libs/x.jar'],
      submitFiles: ['s3://libs/b.csv', path.join(FILES, 'lookup.csv'), 's3://libs/c.csv'],
    })).toEqual([
      'smspark-submit',
      '--py-files', 's3://libs/common.zip,/opt/ml/processing/input/py-files/helpers.py',
      '--jars', 's3a://libs/x.jar,/opt/ml/processing/input/jars/udf.jar',
      '--files', 's3://libs/b.csv,s3://libs/c.csv,/opt/ml/processing/input/files/lookup.csv',
      '/opt/ml/processing/input/code/app.py']);
  });

  test('a local file listed twice is staged once, as the SDK copies it twice into one folder', () => {
    expect(entrypoint({ submitFiles: ['s3://libs/b.csv', path.join(FILES, 'lookup.csv'), path.join(FILES, '..', 'files', 'lookup.csv')] })).toEqual([
      'smspark-submit', '--files', 's3://libs/b.csv,/opt/ml/processing/input/files/lookup.csv', '/opt/ml/processing/input/code/app.py']);
  });

  test('a local file with a comma beside S3 URIs is refused (spark-submit would read two files)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comma-'));
    fs.writeFileSync(path.join(dir, 'a,b.csv'), 'x\n');
    expect(() => entrypoint({ submitFiles: ['s3://libs/b.csv', path.join(dir, 'a,b.csv')] })).toThrow(
      "Jobs/Job: submit files local file 'a,b.csv' has a ',', which spark-submit reads as the separator of two files " +
      '(beside S3 URIs each local file is named in --files); rename the file (AppSpecification.ContainerEntrypoint)');
    expect(entrypoint({ submitFiles: [path.join(dir, 'a,b.csv')] })).toContain('/opt/ml/processing/input/files');
  });
});

test('spark-submit dependencies longer than one ContainerEntrypoint item are refused naming the prop, the value and the limit', () => {
  const libs = Array.from({ length: 8 }, (_, i) => `s3://my-company-shared-libraries/python/releases/2026-11/lib${i}.zip`);
  const option = libs.join(',');
  expect(() => job(() => ({ processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, submitPyFiles: libs }), code: ProcessingCode.fromAsset(path.join(FILES, 'helpers.py')) })))
    .toThrow(`Jobs/Job: submitPyFiles makes the spark-submit --py-files value '${option}' ${option.length} characters, but each item of ` +
      'AppSpecification.ContainerEntrypoint is at most 256; give fewer S3 URIs (local files share one input folder and take ' +
      "'/opt/ml/processing/input/py-files' only, unless S3 URIs stand beside them), or put the files in one archive");
  // 256 characters are taken as they are.
  const fits = [`s3://b/${'a'.repeat(249)}`];
  expect(job(() => ({ processor: new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: 'a.Main', submitJars: fits }), code: ProcessingCode.fromAsset(path.join(FILES, 'udf.jar')) }))
    .request.AppSpecification.ContainerEntrypoint).toEqual(['smspark-submit', '--class', 'a.Main', '--jars', fits[0], '/opt/ml/processing/input/code/udf.jar']);
});

test('an absolute entryPoint inside the folder is refused with the relative path to give', () => {
  const entryPoint = path.join(FILES, 'helpers.py');
  expect(() => ProcessingCode.fromAsset(FILES, { entryPoint })).toThrow(
    `ProcessingCode.fromAsset: entryPoint '${entryPoint}' is an absolute path; give it relative to '${FILES}': 'helpers.py'`);
});

describe('processor grants', () => {
  test('SKLearnProcessor: pull on the managed scikit-learn repository of the region', () => {
    const { stack } = job((s: Stack) => ({
      processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(s, 'Code', 'code-bucket'), 'jobs/preprocess.py'),
    }), 'us-east-1');
    const statements = Template.fromStack(stack).toJSON().Resources;
    const policy = Object.values<any>(statements).find((r) => r.Type === 'AWS::IAM::Policy').Properties.PolicyDocument.Statement;
    expect(policy).toContainEqual({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:683313688378:repository/sagemaker-scikit-learn']] },
    });
  });

  test('staged Spark configuration: read of its own folder only', () => {
    const { stack, request } = job((s: Stack) => ({
      processor: new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, configuration: [{ classification: 'spark-defaults', properties: { a: 'b' } }] }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(s, 'Code', 'code-bucket'), 'app.py'),
    }), 'eu-west-1');
    const conf = request.ProcessingInputs.find((i: any) => i.InputName === 'conf').S3Input.S3Uri;
    const key = /\/([0-9a-f]{64})\/configuration\.json'?$/.exec(JSON.stringify(conf))?.[1] ?? /([0-9a-f]{64})\/configuration\.json/.exec(JSON.stringify(conf))![1];
    const policy = Object.values<any>(Template.fromStack(stack).toJSON().Resources).find((r) => r.Type === 'AWS::IAM::Policy').Properties.PolicyDocument.Statement;
    expect(policy).toContainEqual({
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-eu-west-1' }, `/${key}/*`]] },
    });
    expect(policy).toContainEqual({
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': [`${key}/*`] } },
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-eu-west-1' }]] },
    });
  });
});

test('a code folder, a dependency and an input folder with a link that leads nowhere are refused, naming the job and the link', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'links-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'process.py'), 'print(1)\n');
  fs.symlinkSync('gone.py', path.join(dir, 'src', 'old.py'));
  const message = (owner: string) => `Jobs/Job: ${owner}: 'old.py' in '${path.join(dir, 'src')}' is a symbolic link to 'gone.py', which does not exist`;
  expect(() => job(() => ({ processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromAsset(path.join(dir, 'src'), { entryPoint: 'process.py' }) })))
    .toThrow(message('code'));
  fs.writeFileSync(path.join(dir, 'main.py'), 'print(1)\n');
  expect(() => job(() => ({ processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromAsset(path.join(dir, 'main.py'), { dependencies: [path.join(dir, 'src')] }) })))
    .toThrow(message('dependency'));
  expect(() => job(() => ({
    processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }), code: ProcessingCode.fromAsset(path.join(dir, 'main.py')),
    processingInputs: [ProcessingInput.fromAsset('data', path.join(dir, 'src'))],
  }))).toThrow(message("input 'data'"));
});

describe('a program with whitespace: SageMaker runs ContainerEntrypoint[0] with no shell', () => {
  const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('entrypoint-program-space')).map((w) => w.entry.data);
  const script = ProcessingCode.fromAsset(path.join(FILES, 'helpers.py'));

  test('ScriptProcessor command and an image\'s entrypoint are warned of, with the words to give', () => {
    expect(warnings(job(() => ({ processor: new ScriptProcessor({ image: IMAGE, command: ['python3 -u'] }), code: script })).stack)).toEqual([
      "Jobs/Job: command[0] 'python3 -u' has whitespace, but SageMaker runs the first item as the program, with no shell to split it into words: " +
      "the container fails to start. Give each word as its own item, e.g. ['python3', '-u'] (AppSpecification.ContainerEntrypoint) [ack: cdk-sagemaker-processing:entrypoint-program-space]"]);
    expect(warnings(job(() => ({ image: IMAGE, entrypoint: ['python3 /opt/program/run.py', '--verbose'] })).stack)).toEqual([
      "Jobs/Job: entrypoint[0] 'python3 /opt/program/run.py' has whitespace, but SageMaker runs the first item as the program, with no shell to split it into words: " +
      "the container fails to start. Give each word as its own item, e.g. ['python3', '/opt/program/run.py', '--verbose'] (AppSpecification.ContainerEntrypoint) " +
      '[ack: cdk-sagemaker-processing:entrypoint-program-space]']);
  });

  test('words after the program, and a FrameworkProcessor command (bash splits it in runproc.sh), are not', () => {
    expect(warnings(job(() => ({ image: IMAGE, entrypoint: ['/bin/sh', '-c', 'python3 a.py && echo done'] })).stack)).toEqual([]);
    expect(warnings(job(() => ({ processor: new FrameworkProcessor({ image: IMAGE, command: ['python -u'] }), code: script })).stack)).toEqual([]);
  });
});

describe('FrameworkProcessor bootstrap (runproc.sh) runs for real', () => {
  test('unpacks a zip, sees requirements.txt, runs the entry point with the job arguments', () => {
    requireSystemPackage('python3', ['/usr/bin/python3', '--version']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runproc-'));
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'process.py'), 'import sys\nprint("ran", *sys.argv[1:])\n');
    execFileSync('/usr/bin/python3', ['-c', `import zipfile; z = zipfile.ZipFile('${dir}/code.zip', 'w'); z.write('${src}/process.py', 'process.py'); z.close()`]);
    fs.rmSync(src, { recursive: true });
    const script = frameworkBootstrapScript({ archiveFileName: 'code.zip', command: ['/usr/bin/python3'], entryPoint: 'process.py' });
    // The container's code folder is the temporary folder here.
    fs.writeFileSync(path.join(dir, 'runproc.sh'), script.replace('cd /opt/ml/processing/input/code/', `cd ${dir}/`));
    const out = execFileSync('/bin/bash', [path.join(dir, 'runproc.sh'), '--date', '2026-11-25'], { encoding: 'utf8' });
    expect(out).toBe('ran --date 2026-11-25\n');
    expect(script).toContain("if [[ -f 'requirements.txt' ]]; then\n    # Optionally log into CodeArtifact\n");
    expect(script).toContain('    # Some py3 containers has typing, which may breaks pip install\n    pip uninstall --yes typing\n\n    python -m pip install -r requirements.txt\nfi');
  });

  test('the command is written as the SDK writes it (bash reads its words and expansions); the entry point is quoted where it needs it', () => {
    requireSystemPackage('python3', ['/usr/bin/python3', '--version']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runproc-'));
    fs.writeFileSync(path.join(dir, 'my process.py'), 'import sys\nprint("unbuffered" if sys.stdout.write_through else "buffered", *sys.argv[1:])\n');
    const script = frameworkBootstrapScript({ command: ['${PYTHON:-/usr/bin/python3} -u'], entryPoint: 'my process.py' });
    // SDK 2.257.6 `_generate_framework_script`: `{entry_point_command} {entry_point} "$@"` with `" ".join(self.command)`.
    expect(script).toContain(`\n\${PYTHON:-/usr/bin/python3} -u 'my process.py' "$@"\n`);
    fs.writeFileSync(path.join(dir, 'runproc.sh'), script.replace('cd /opt/ml/processing/input/code/', `cd ${dir}/`));
    expect(execFileSync('/bin/bash', [path.join(dir, 'runproc.sh'), 'a b'], { encoding: 'utf8' })).toBe('unbuffered a b\n');
  });

  test('a .tar.gz source folder is unpacked with tar, as the SDK does', () => {
    expect(frameworkBootstrapScript({ archiveFileName: 'sourcedir.tar.gz', command: ['python'], entryPoint: 'process.py' }))
      .toContain('cd /opt/ml/processing/input/code/\ntar -xzf sourcedir.tar.gz\n');
  });
});

describe('FrameworkProcessor with code already in S3', () => {
  const bucket = (s: Stack) => s3.Bucket.fromBucketName(s, 'B', 'code-bucket');

  test('a shell script is the bootstrap itself, run with bash from the entrypoint input, as the SDK runs run(code=\'s3://…/runproc.sh\')', () => {
    const { request } = job((s: Stack) => ({ processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromBucket(bucket(s), 'pipelines/abc/runproc.sh') }));
    // SDK 2.257.6: _pack_and_upload_code returns an s3:// code as it is; the input is 'entrypoint'; framework_entrypoint_command ['/bin/bash'].
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh']);
    expect(request.ProcessingInputs.map((i: any) => [i.InputName, i.S3Input.S3Uri, i.S3Input.LocalPath])).toEqual([
      ['entrypoint', 's3://code-bucket/pipelines/abc/runproc.sh', '/opt/ml/processing/input/entrypoint'],
    ]);
  });

  test('a .tgz source folder is unpacked with tar before its entry point runs', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgz-out-'));
    const stack = new Stack(new App({ outdir }), 'Jobs');
    SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromBucket(bucket(stack), 'src/code.tgz', { entryPoint: 'process.py' }) });
    App.of(stack)!.synth();
    // runproc.sh is the one generated text of the assembly that is a bash script.
    const script = fs.readdirSync(outdir).filter((f) => fs.statSync(path.join(outdir, f)).isFile())
      .map((f) => fs.readFileSync(path.join(outdir, f), 'utf8')).find((text) => text.startsWith('#!/bin/bash'));
    expect(script).toContain('cd /opt/ml/processing/input/code/\ntar -xzf code.tgz\n');
    expect(script).toContain('\npython process.py "$@"\n');
    expect(() => job((s: Stack) => ({ processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromBucket(bucket(s), 'src/code.tgz') })))
      .toThrow("Jobs/Job: FrameworkProcessor code is an archive (code.tgz) without entryPoint; give the file in it that runs, e.g. { entryPoint: 'process.py' }");
  });

  test.each([
    ['src/Code.ZIP', '"$(command -v python3 || command -v python)" -m zipfile -e Code.ZIP .'],
    ['src/SOURCEDIR.TAR.GZ', 'tar -xzf SOURCEDIR.TAR.GZ'],
    ['src/code.TGZ', 'tar -xzf code.TGZ'],
  ])('an archive named in upper case (%s) is unpacked as one in lower case: tar and zipfile do not read the name', (key, unpack) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'upper-out-'));
    const stack = new Stack(new App({ outdir }), 'Jobs');
    SageMakerCreateProcessingJob.jsonPath(stack, 'Job', { processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromBucket(bucket(stack), key, { entryPoint: 'process.py' }) });
    App.of(stack)!.synth();
    const script = fs.readdirSync(outdir).filter((f) => fs.statSync(path.join(outdir, f)).isFile())
      .map((f) => fs.readFileSync(path.join(outdir, f), 'utf8')).find((text) => text.startsWith('#!/bin/bash'));
    expect(script).toContain(`cd /opt/ml/processing/input/code/\n${unpack}\n`);
    expect(script).toContain('\npython process.py "$@"\n');
  });

  test.each(['src/code.py', 'src/code.tar', 'src/code.whl'])('an entryPoint inside %s, which is not an archive the container unpacks, is refused', (key) => {
    const name = key.split('/').pop();
    expect(() => ProcessingCode.fromBucket(s3.Bucket.fromBucketName(new Stack(), 'B', 'code-bucket'), key, { entryPoint: 'process.py' })).toThrow(
      `ProcessingCode.fromBucket('${key}'): entryPoint 'process.py' names a file inside an archive, but '${name}' is not a .zip/.tar.gz/.tgz archive, ` +
      `so the container would find only '${name}'; give the key of the archive, or leave entryPoint out to run '${name}'`);
  });

  test.each([
    ['ScriptProcessor', () => new ScriptProcessor({ image: IMAGE, command: ['python3'] })],
    ['FrameworkProcessor', () => new FrameworkProcessor({ image: IMAGE })],
    ['PySparkProcessor', () => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5 })],
  ])('%s: a key whose file name is known only at deploy time is refused (the container runs code by its file name)', (_name, processor) => {
    const key = Token.asString({ Ref: 'ScriptKey' });
    expect(() => job((s: Stack) => ({ processor: processor(), code: ProcessingCode.fromBucket(bucket(s), key) }))).toThrow(
      "Jobs/Job: the file name of ProcessingCode.fromBucket key '${…}' is known only at deploy time, but the container runs the code as " +
      '/opt/ml/processing/input/code/<file name> (and an archive is known by its name); write the file name out, e.g. `${prefix}/process.py`');
  });

  test('a key with a deploy-time folder and a written-out file name runs that file', () => {
    const { request } = job((s: Stack) => ({
      processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }),
      code: ProcessingCode.fromBucket(bucket(s), `scripts/${Token.asString({ Ref: 'Release' })}/process.py`),
    }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['python3', '/opt/ml/processing/input/code/process.py']);
  });

  test('an entryPoint that names the object itself is accepted', () => {
    const { request } = job((s: Stack) => ({ processor: new ScriptProcessor({ image: IMAGE, command: ['python3'] }), code: ProcessingCode.fromBucket(bucket(s), 'code/process.py', { entryPoint: 'process.py' }) }));
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['python3', '/opt/ml/processing/input/code/process.py']);
  });

  test('a Python script keeps its generated runproc.sh (the SDK would run it with bash, which fails)', () => {
    const { request } = job((s: Stack) => ({ processor: new FrameworkProcessor({ image: IMAGE }), code: ProcessingCode.fromBucket(bucket(s), 'code/process.py') }));
    expect(request.ProcessingInputs.map((i: any) => i.InputName)).toEqual(['code', 'entrypoint']);
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh']);
  });
});

describe('FrameworkProcessor CodeArtifact login (codeartifact_repo_arn)', () => {
  const REPO = 'arn:aws:codeartifact:us-west-2:012345678901:repository/test-domain/test-repository';

  test('the job role may get a token for the domain, read the repository, and get the STS bearer token for CodeArtifact only', () => {
    const { stack } = job((s: Stack) => ({
      processor: new FrameworkProcessor({ image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-west-2.amazonaws.com/r:1'), codeArtifactRepositoryArn: REPO }),
      code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(s, 'B', 'code-bucket'), 'src/sourcedir.tar.gz', { entryPoint: 'process.py' }),
    }), 'us-west-2');
    const policy = Object.values<any>(Template.fromStack(stack).toJSON().Resources).find((r) => r.Type === 'AWS::IAM::Policy').Properties.PolicyDocument.Statement;
    const codeArtifact = policy.filter((s: any) => JSON.stringify(s.Action).includes('codeartifact') || JSON.stringify(s.Action).includes('sts:'));
    expect(codeArtifact).toEqual([
      { Action: 'codeartifact:GetAuthorizationToken', Effect: 'Allow', Resource: 'arn:aws:codeartifact:us-west-2:012345678901:domain/test-domain' },
      { Action: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'], Effect: 'Allow', Resource: REPO },
      { Action: 'sts:GetServiceBearerToken', Condition: { StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } }, Effect: 'Allow', Resource: '*' },
    ]);
  });

  test.each([
    // tests/unit/test_processing.py test_get_codeartifact_command_bad_repo_arn
    ['arn:aws:codeartifact:us-west-2:012345678901:repository/test-domain',
      "FrameworkProcessor: codeArtifactRepositoryArn 'arn:aws:codeartifact:us-west-2:012345678901:repository/test-domain' is not a CodeArtifact repository ARN (arn:<partition>:codeartifact:<region>:<account>:repository/<domain>/<repository>)"],
    [Token.asString({ Ref: 'Repo' }), 'FrameworkProcessor: codeArtifactRepositoryArn must be concrete at synth (its parts are written into runproc.sh); got a token'],
  ])('%s is refused', (arn, message) => {
    expect(() => new FrameworkProcessor({ image: IMAGE, codeArtifactRepositoryArn: arn })).toThrow(message);
  });
});
