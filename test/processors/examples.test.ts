import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProcessorsStack } from '../../examples/processors/processors-stack';
import { materializeContainer, toHostPaths } from '../../lib/local/container-files';
import { stateMachineDefinition } from '../util/definition';
import { requireSystemPackage } from '../util/system-package';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'processors');

describe('processors example stack', () => {
  let template: Template;
  let states: Record<string, any>;
  beforeAll(() => {
    const stack = new ProcessorsStack(new App(), 'ProcessorsExample');
    template = Template.fromStack(stack);
    states = stateMachineDefinition(stack).States;
  });

  test('runs the five processors in one state machine', () => {
    expect(Object.keys(states)).toEqual(['SplitTrainTest', 'SummarizeWithR', 'ScoreWithPyTorch', 'CountEventsWithPySpark', 'AggregateWithSparkJar']);
  });

  test('uses the four image sources: managed mapping, Dockerfile asset, ECR repository, registry URI', () => {
    expect(Object.keys(template.toJSON().Mappings)).toEqual([expect.stringMatching(/^SageMakerImagesagemakerscikitlearn121cpupy3/), expect.stringMatching(/^SageMakerImagesagemakersparkprocessing35cpu/)]);
    // The managed image's mapping, read for us-east-1 (the definition helper's region).
    expect(states.SplitTrainTest.Parameters.AppSpecification.ImageUri).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3');
    expect(states.SummarizeWithR.Parameters.AppSpecification).toEqual({
      ImageUri: expect.stringMatching(/^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/cdk-hnb659fds-container-assets-123456789012-us-east-1:[0-9a-f]{64}$/),
      ContainerEntrypoint: ['Rscript', '/opt/ml/processing/input/code/summarize.R'],
    });
    expect(states.ScoreWithPyTorch.Parameters.AppSpecification).toEqual({
      ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/scoring:2.8.0-cpu',
      ContainerEntrypoint: ['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh'],
    });
    expect(states.AggregateWithSparkJar.Parameters.AppSpecification.ImageUri).toBe('173754725891.dkr.ecr.us-east-1.amazonaws.com/sagemaker-spark-processing:3.5-cpu');
  });

  test('PySpark job: py-file channel, configuration, event logs, app', () => {
    const p = states.CountEventsWithPySpark.Parameters;
    expect(p.AppSpecification.ContainerEntrypoint).toEqual(['smspark-submit', '--py-files', '/opt/ml/processing/input/py-files',
      '--local-spark-event-logs-dir', '/opt/ml/processing/spark-events/', '/opt/ml/processing/input/code/app.py']);
    expect(p.ProcessingInputs.map((i: any) => [i.InputName, i.S3Input.LocalPath])).toEqual([
      ['py-files', '/opt/ml/processing/input/py-files'], ['conf', '/opt/ml/processing/input/conf'], ['code', '/opt/ml/processing/input/code']]);
    expect(p.ProcessingOutputConfig.Outputs).toEqual([{ OutputName: 'output-1', S3Output: { S3Uri: 's3://Data666C94C7/spark-events/', LocalPath: '/opt/ml/processing/spark-events/', S3UploadMode: 'Continuous' } }]);
  });

  test('Spark jar job: --class, the S3 jar as code, a dependency jar in S3', () => {
    expect(states.AggregateWithSparkJar.Parameters.AppSpecification.ContainerEntrypoint).toEqual(['smspark-submit', '--class', 'com.example.aggregate.Main',
      '--jars', 's3://Data666C94C7/jars/udfs.jar', '/opt/ml/processing/input/code/aggregate.jar']);
    expect(states.AggregateWithSparkJar.Parameters.ProcessingInputs).toEqual([{ InputName: 'code', S3Input: {
      S3Uri: 's3://Data666C94C7/jars/aggregate.jar', LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' } }]);
  });
});

/**
 * The examples run for real on the container's view: `/opt/ml/processing` is built in a temporary
 * folder from the synthesized request and the cloud assembly's assets (lib/local/container-files.ts),
 * and the container's command runs there with Debian's /usr/bin/python3 (python3-sklearn). The
 * scripts take `--base-dir` for the folder that stands for `/opt/ml/processing`.
 */
describe('the scikit-learn and FrameworkProcessor examples run on their materialized container', () => {
  let app: App;
  let states: Record<string, any>;
  let train: string;
  beforeAll(() => {
    requireSystemPackage('python3-sklearn', ['/usr/bin/python3', '-c', 'import sklearn']);
    app = new App();
    states = stateMachineDefinition(new ProcessorsStack(app, 'ProcessorsExample')).States;
  });

  test('SplitTrainTest: python3 runs input/code/preprocessing.py on input/raw, writing the train and test splits', () => {
    const raw = fs.mkdtempSync(path.join(os.tmpdir(), 's3-raw-'));
    const rows = ['age,income,churned'];
    for (let i = 0; i < 50; i++) rows.push(`${20 + i},${1000 + 37 * i},${i % 3 === 0 ? 'yes' : 'no'}`);
    rows.push('33,,no');
    fs.writeFileSync(path.join(raw, 'customers.csv'), rows.join('\n') + '\n');
    const container = materializeContainer({
      request: states.SplitTrainTest.Parameters, assemblyDir: app.outdir, root: fs.mkdtempSync(path.join(os.tmpdir(), 'processing-')), data: { raw },
    });
    expect(container.inputs.map((i) => [i.containerPath, i.files])).toEqual([
      ['/opt/ml/processing/input/raw', ['customers.csv']], ['/opt/ml/processing/input/code', ['preprocessing.py']]]);
    expect(fs.readFileSync(path.join(container.root, 'input', 'code', 'preprocessing.py'), 'utf8'))
      .toBe(fs.readFileSync(path.join(EXAMPLES, 'sklearn', 'preprocessing.py'), 'utf8'));
    expect(container.command).toEqual(['python3', `${container.root}/input/code/preprocessing.py`, '--label', 'churned']);

    const out = execFileSync('/usr/bin/python3', [...container.command.slice(1), '--base-dir', container.root], { encoding: 'utf8' });
    expect(out).toBe('train: 40 rows\ntest: 10 rows\n');
    const trainRows = fs.readFileSync(path.join(container.outputs.train, 'train.csv'), 'utf8').trim().split('\n');
    const testRows = fs.readFileSync(path.join(container.outputs.test, 'test.csv'), 'utf8').trim().split('\n');
    expect(trainRows[0]).toBe('churned,age,income');
    expect(trainRows).toHaveLength(41);
    expect(testRows).toHaveLength(11);
    const ages = trainRows.slice(1).map((l) => Number(l.split(',')[1]));
    expect(Math.abs(ages.reduce((a, b) => a + b, 0) / ages.length)).toBeLessThan(1e-6);
    train = container.outputs.train;
  });

  test('ScoreWithPyTorch: runproc.sh installs requirements.txt and runs process.py from the source tree on the train split', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'processing-'));
    // The job's input `features` is the prefix the scikit-learn job writes its train split to.
    const container = materializeContainer({ request: states.ScoreWithPyTorch.Parameters, assemblyDir: app.outdir, root, data: { features: train } });
    expect(container.inputs.map((i) => [i.containerPath, i.files])).toEqual([
      ['/opt/ml/processing/input/features', ['train.csv']],
      ['/opt/ml/processing/input/code/', ['process.py', 'requirements.txt', 'scoring/__init__.py', 'scoring/model.py']],
      ['/opt/ml/processing/input/entrypoint', ['runproc.sh']],
    ]);
    expect(container.command).toEqual(['/bin/bash', `${root}/input/entrypoint/runproc.sh`]);
    // runproc.sh changes to the container's code folder; here that folder is under the temporary root.
    const runproc = path.join(root, 'input', 'entrypoint', 'runproc.sh');
    fs.writeFileSync(runproc, toHostPaths(fs.readFileSync(runproc, 'utf8'), root));
    // No network here: `pip` and `python -m pip` are recorded; `python` is Debian's python3.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
    const pipLog = path.join(bin, 'pip.log');
    fs.writeFileSync(path.join(bin, 'pip'), `#!/bin/bash\necho "pip $*" >> ${pipLog}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'python'),
      `#!/bin/bash\nif [ "$1" = "-m" ] && [ "$2" = "pip" ]; then shift 2; echo "python -m pip $*" >> ${pipLog}; exit 0; fi\nexec /usr/bin/python3 "$@"\n`, { mode: 0o755 });

    const out = execFileSync(container.command[0], [...container.command.slice(1), '--base-dir', root],
      { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } });
    expect(out.trim().split('\n').pop()).toBe('scored 40 rows');
    expect(fs.readFileSync(pipLog, 'utf8')).toBe('pip uninstall --yes typing\npython -m pip install -r requirements.txt\n');
    const scores = fs.readFileSync(path.join(container.outputs.scores, 'scores.csv'), 'utf8').trim().split('\n');
    expect(scores[0]).toBe('churned,score');
    expect(scores).toHaveLength(41);
    for (const line of scores.slice(1)) expect(Number(line.split(',')[1])).toBeGreaterThanOrEqual(0);
  });
});
