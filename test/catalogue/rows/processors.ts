import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FrameworkProcessor, ProcessingCode, ProcessingImage, Processor, PySparkProcessor, SKLearnProcessor, SKLearnVersion, ScriptProcessor,
  SparkJarProcessor, SparkVersion,
} from '../../../lib';
import { jsonPathTask, newStack } from '../../task/helpers';
import { BadInput } from '../bad-input';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-processors-'));
const script = path.join(folder, 'main.py');
fs.writeFileSync(script, 'print(1)\n');
fs.writeFileSync(path.join(folder, 'x,y.py'), 'print(1)\n');
fs.mkdirSync(path.join(folder, 'a'));
fs.mkdirSync(path.join(folder, 'b'));
fs.writeFileSync(path.join(folder, 'a', 'util.py'), 'A = 1\n');
fs.writeFileSync(path.join(folder, 'b', 'util.py'), 'B = 2\n');

/** A source folder of one file (its files are staged under their names; the message names the folder). */
const sourceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-source-'));
fs.writeFileSync(path.join(sourceFolder, 'main.py'), 'print(1)\n');
const P = 'TestStack/Job';
const CLASSIFICATIONS = 'core-site, hadoop-env, hadoop-log4j, hive-env, hive-log4j, hive-exec-log4j, hive-site, spark-defaults, spark-env, spark-log4j, spark-hive-site, spark-metrics, yarn-env, yarn-site, export';

const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1');
const row = (name: string, build: () => unknown, error: string): BadInput => ({ category: 'processors', name, build, error });
const job = (props: Parameters<typeof jsonPathTask>[0]) => () => jsonPathTask(props);
const spark = (props: Partial<ConstructorParameters<typeof PySparkProcessor>[0]>) => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, ...props });

export const PROCESSOR_ROWS: BadInput[] = [
  row('ScriptProcessor with an empty command', () => new ScriptProcessor({ image, command: [] }),
    "ScriptProcessor: command is empty; give the interpreter, e.g. ['python3'] or ['Rscript']"),
  row('ScriptProcessor without code', job({ processor: new ScriptProcessor({ image, command: ['python3'] }) }),
    `${P}: ScriptProcessor needs code, the script it runs (e.g. code: ProcessingCode.fromAsset('preprocess.py'))`),
  row('ScriptProcessor with a folder as code', job({ processor: new ScriptProcessor({ image, command: ['python3'] }), code: ProcessingCode.fromAsset(sourceFolder, { entryPoint: 'main.py' }) }),
    `${P}: ScriptProcessor runs one script file, but code is a folder (${path.basename(sourceFolder)}); use FrameworkProcessor for a source folder with requirements.txt`),
  row('SKLearnProcessor without code', job({ processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }) }),
    `${P}: SKLearnProcessor needs code, the script it runs (e.g. code: ProcessingCode.fromAsset('preprocess.py'))`),
  row('FrameworkProcessor with an empty command', () => new FrameworkProcessor({ image, command: [] }),
    "FrameworkProcessor: command is empty; give the interpreter, e.g. ['python']"),
  row('FrameworkProcessor without code', job({ processor: new FrameworkProcessor({ image }) }),
    `${P}: FrameworkProcessor needs code, a source folder with an entry point (e.g. code: ProcessingCode.fromAsset('src', { entryPoint: 'process.py' }))`),
  row('FrameworkProcessor with an archive in S3 and no entry point', () => {
    const stack = newStack();
    return jsonPathTask({ processor: new FrameworkProcessor({ image }), code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'code-bucket'), 'src/sourcedir.tar.gz') }, stack);
  },
    `${P}: FrameworkProcessor code is an archive (sourcedir.tar.gz) without entryPoint; give the file in it that runs, e.g. { entryPoint: 'process.py' }`),
  row('SparkJarProcessor with an empty main class', () => new SparkJarProcessor({ frameworkVersion: SparkVersion.V3_5, submitClass: '' }),
    'SparkJarProcessor: submitClass is empty; give the main class of the jar, e.g. com.example.Main'),
  row('PySparkProcessor with neither frameworkVersion nor image', () => new PySparkProcessor({}),
    'PySparkProcessor: give frameworkVersion (e.g. SparkVersion.V3_5) or image'),
  row('Spark event logs to a local folder', () => spark({ sparkEventLogsS3Uri: '/tmp/spark-events' }),
    "PySparkProcessor: sparkEventLogsS3Uri '/tmp/spark-events' is not an s3:// URI (e.g. s3://bucket-name/folder-name)"),
  row('Spark configuration with an unknown classification', () => spark({ configuration: [{ classification: 'spark-default', properties: {} }] }),
    `PySparkProcessor: configuration[0].classification 'spark-default' is not one of ${CLASSIFICATIONS}`),
  row('Spark configuration nested under an unknown classification', () => spark({
    configuration: [{ classification: 'spark-env', properties: {}, configurations: [{ classification: 'exports', properties: {} }, { classification: 'bogus', properties: {} }] }],
  }),
    `PySparkProcessor: configuration[0].configurations[0].classification 'exports' is not one of ${CLASSIFICATIONS}; configuration[0].configurations[1].classification 'bogus' is not one of ${CLASSIFICATIONS}`),
  row('a Spark env classification without an export entry', () => spark({ configuration: [{ classification: 'hadoop-env', properties: { HADOOP_HEAPSIZE: '2048' } }] }),
    "PySparkProcessor: configuration[0] 'hadoop-env' needs configurations with an 'export' entry, whose properties become the export lines of its script " +
    "(the Spark container refuses an env classification without one: \"'env' classifications require a sub-configuration\")"),
  row('Spark export at the top level', () => spark({ configuration: [{ classification: 'export', properties: { A: '1' } }] }),
    "PySparkProcessor: configuration[0].classification 'export' stands only under the configurations of hadoop-env, hive-env, spark-env, yarn-env, " +
    "e.g. { classification: 'spark-env', configurations: [{ classification: 'export', properties: { PYSPARK_PYTHON: '/usr/bin/python3' } }] }"),
  row('a Spark yarn-site value with a bare &', () => spark({ configuration: [{ classification: 'yarn-site', properties: { 'yarn.x': 'a&b' } }] }),
    "PySparkProcessor: configuration[0].properties['yarn.x'] value 'a&b' has '&', which the Spark container writes into the XML of 'yarn-site' as it is (unescaped), " +
    'where Hadoop cannot read it at start; write it as &amp;'),
  row('a local py-file with a comma beside S3 URIs', job({ processor: spark({ submitPyFiles: ['s3://libs/a.zip', path.join(folder, 'x,y.py')] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: submit py-files local file 'x,y.py' has a ',', which spark-submit reads as the separator of two files (beside S3 URIs each local file is named in --py-files); ` +
    'rename the file (AppSpecification.ContainerEntrypoint)'),
  row('an empty list of py-files', job({ processor: spark({ submitPyFiles: [] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: submit py-files is empty; give one or more S3 URIs or local file paths, or leave it out`),
  row('an S3 jar whose key has a comma (spark-submit would read two files)', job({ processor: spark({ submitJars: ['s3://jars/udf,v2.jar'] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: submit jars 's3://jars/udf,v2.jar' has a ',', which spark-submit reads as the separator of two files (--jars takes a comma-separated list); ` +
    'rename the object, or give it as a local file (AppSpecification.ContainerEntrypoint)'),
  row('an s3a file in a bucket S3 cannot name', job({ processor: spark({ submitFiles: ['s3a://my bucket/lookup.csv'] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: submit files 's3a://my bucket/lookup.csv' does not name an S3 bucket: bucket names have only a-z, 0-9, '.' and '-' (S3 bucket naming rules; AppSpecification.ContainerEntrypoint)`),
  row('a jar from an unsupported scheme', job({ processor: spark({ submitJars: ['gs://jars/udf.jar'] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: submit jars 'gs://jars/udf.jar' uses an unsupported scheme; give s3:// or s3a:// URIs or local file paths`),
  row('a local file that does not exist', job({ processor: spark({ submitFiles: [path.join(folder, 'missing.csv')] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: submit files '${path.join(folder, 'missing.csv')}' is not a local file; give S3 URIs or local file paths`),
  row('two local py-files with the same name', job({ processor: spark({ submitPyFiles: [path.join(folder, 'a', 'util.py'), path.join(folder, 'b', 'util.py')] }), code: ProcessingCode.fromAsset(script) }),
    `${P}: two files named 'util.py' would land in the same folder (Submit-py-files): '${path.join(folder, 'a', 'util.py')}' and '${path.join(folder, 'b', 'util.py')}'; rename one, or leave one out`),
  row('code for a plain image', job({ processor: Processor.fromImage(image, ['python3']), code: ProcessingCode.fromAsset(script) }),
    `${P}: code is given, but the processor is a plain image that would not run it; use ScriptProcessor (or another SDK processor) to run code`),
  row('a processor and an image together', job({ processor: new ScriptProcessor({ image, command: ['python3'] }), image, code: ProcessingCode.fromAsset(script) }),
    `${P}: give either processor, or image with entrypoint, not both (AppSpecification)`),
];
