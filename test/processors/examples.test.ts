import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProcessorsStack } from '../../examples/processors/processors-stack';
import { stateMachineDefinition } from '../util/definition';
import { requireSystemPackage } from '../util/system-package';

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
    expect(states.SplitTrainTest.Parameters.AppSpecification.ImageUri).toMatch(/^SageMakerImagesagemakerscikitlearn121cpupy3[0-9a-f]{8}\.us-east-1\.uri$/);
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

describe('the scikit-learn preprocessing script runs for real (Debian python3-sklearn)', () => {
  test('reads input/raw/*.csv, writes scaled train and test splits', () => {
    requireSystemPackage('python3-sklearn', ['/usr/bin/python3', '-c', 'import sklearn']);
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'processing-'));
    fs.mkdirSync(path.join(base, 'input', 'raw'), { recursive: true });
    const rows = ['age,income,churned'];
    for (let i = 0; i < 50; i++) rows.push(`${20 + i},${1000 + 37 * i},${i % 3 === 0 ? 'yes' : 'no'}`);
    rows.push('33,,no');
    fs.writeFileSync(path.join(base, 'input', 'raw', 'customers.csv'), rows.join('\n') + '\n');
    const out = execFileSync('/usr/bin/python3', [path.join(__dirname, '..', '..', 'examples', 'processors', 'sklearn', 'preprocessing.py'),
      '--base-dir', base, '--label', 'churned'], { encoding: 'utf8' });
    expect(out).toBe('train: 40 rows\ntest: 10 rows\n');
    const train = fs.readFileSync(path.join(base, 'output', 'train', 'train.csv'), 'utf8').trim().split('\n');
    const test = fs.readFileSync(path.join(base, 'output', 'test', 'test.csv'), 'utf8').trim().split('\n');
    expect(train[0]).toBe('churned,age,income');
    expect(train).toHaveLength(41);
    expect(test).toHaveLength(11);
    const ages = train.slice(1).map((l) => Number(l.split(',')[1]));
    expect(Math.abs(ages.reduce((a, b) => a + b, 0) / ages.length)).toBeLessThan(1e-6);
  });
});
