import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingCode, PySparkProcessor, SageMakerCreateProcessingJob, SparkVersion } from '../../lib';

describe('Spark configuration: what the Spark container reads from configuration.json (aws/sagemaker-spark-container src/smspark/config.py)', () => {
  const spark = (configuration: any[]) => () => new PySparkProcessor({ frameworkVersion: SparkVersion.V3_5, configuration });
  const exportEntry = { classification: 'export', properties: { PYSPARK_PYTHON: '/usr/bin/python3' } };

  test.each([
    ['spark-env', 'hadoop-env', 'hive-env', 'yarn-env'].map((c) => ({ classification: c, configurations: [exportEntry] })),
    [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g' } }, { classification: 'core-site', properties: {} }],
  ])('accepted: env classifications with export entries, others with properties (%#)', (...configuration) => {
    expect(spark(configuration)).not.toThrow();
  });

  test.each([
    ['export at the top, where the container has no file for it (it failed at start)', [exportEntry],
      "PySparkProcessor: configuration[0].classification 'export' stands only under the configurations of hadoop-env, hive-env, spark-env, yarn-env, " +
      "e.g. { classification: 'spark-env', configurations: [{ classification: 'export', properties: { PYSPARK_PYTHON: '/usr/bin/python3' } }] }"],
    ['an env classification without export entries', [{ classification: 'spark-env', properties: { PYSPARK_PYTHON: '/usr/bin/python3' } }],
      "PySparkProcessor: configuration[0] 'spark-env' needs configurations with an 'export' entry, whose properties become the export lines of its script " +
      "(the Spark container refuses an env classification without one: \"'env' classifications require a sub-configuration\")"],
    ['an env classification with empty configurations', [{ classification: 'yarn-env', configurations: [] }],
      "PySparkProcessor: configuration[0] 'yarn-env' needs configurations with an 'export' entry"],
    ['another classification under an env classification', [{ classification: 'hadoop-env', configurations: [exportEntry, { classification: 'core-site', properties: {} }] }],
      "PySparkProcessor: configuration[0].configurations[1].classification 'core-site' under 'hadoop-env' must be 'export' " +
      '(the Spark container writes only export entries into an env script, and refuses any other)'],
    ['configurations under a classification with no env script, which the container ignores', [{ classification: 'spark-defaults', configurations: [exportEntry] }],
      "PySparkProcessor: configuration[0] 'spark-defaults' takes no configurations (the Spark container writes only its properties, and would ignore 1 nested entry); " +
      'give them as properties, or as entries of their own'],
    ['an XML property value with a bare &, which the container writes into hive-site.xml unescaped',
      [{ classification: 'hive-site', properties: { 'javax.jdo.option.ConnectionURL': 'jdbc:mysql://db:3306/hive?useSSL=true&serverTimezone=UTC' } }],
      "PySparkProcessor: configuration[0].properties['javax.jdo.option.ConnectionURL'] value 'jdbc:mysql://db:3306/hive?useSSL=true&serverTimezone=UTC' has '&', " +
      "which the Spark container writes into the XML of 'hive-site' as it is (unescaped), where Hadoop cannot read it at start; write it as &amp;"],
    ['an XML property name with <', [{ classification: 'core-site', properties: { 'fs.<x>': '1' } }],
      "PySparkProcessor: configuration[0].properties['fs.<x>'] name 'fs.<x>' has '<', which the Spark container writes into the XML of 'core-site' as it is"],
    ['a spark-defaults value with a line break, which would start another property', [{ classification: 'spark-defaults', properties: { 'spark.driver.extraJavaOptions': '-Da=1\n-Db=2' } }],
      "PySparkProcessor: configuration[0].properties['spark.driver.extraJavaOptions'] value has a line break, which the Spark container writes into " +
      "the one-line-a-property file of 'spark-defaults' as it is, where the next line is read as another property; give the value on one line"],
    ['an export name with a space', [{ classification: 'spark-env', configurations: [{ classification: 'export', properties: { 'MY VAR': '1' } }] }],
      "PySparkProcessor: configuration[0].configurations[0].properties['MY VAR'] name has whitespace, which the Spark container writes into the " +
      "one-line-a-property file of 'spark-env' as it is, where it splits the name; give the property's name"],
  ])('refused: %s', (_name, configuration, message) => {
    expect(spark(configuration as any[])).toThrow(message);
  });

  test('XML text with references is taken as it is, and & or < in a classification that is no XML file', () => {
    expect(spark([
      { classification: 'hive-site', properties: { 'javax.jdo.option.ConnectionURL': 'jdbc:mysql://db/hive?a=1&amp;b=2&#38;c=&#x26;' } },
      { classification: 'spark-defaults', properties: { 'spark.driver.extraJavaOptions': '-Da=<b>&c' } },
    ])).not.toThrow();
  });
});

test('an export value with whitespace and no quotes is warned of: bash exports it up to the first space', () => {
  const stack = new Stack(new App(), 'Jobs');
  SageMakerCreateProcessingJob.jsonPath(stack, 'Job', {
    processor: new PySparkProcessor({
      frameworkVersion: SparkVersion.V3_5,
      configuration: [{
        classification: 'spark-env',
        configurations: [{ classification: 'export', properties: { SPARK_DAEMON_JAVA_OPTS: '-Xmx2g -Dkey=value', QUOTED: '"-Xmx2g -Dk=v"', PYSPARK_PYTHON: '/usr/bin/python3' } }],
      }],
    }),
    code: ProcessingCode.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'code-bucket'), 'app.py'),
  });
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('spark-export-unquoted'));
  expect(warnings.map((w) => w.entry.data)).toEqual([
    "Jobs/Job: configuration[0].configurations[0].properties['SPARK_DAEMON_JAVA_OPTS'] '-Xmx2g -Dkey=value' (spark-env: export SPARK_DAEMON_JAVA_OPTS=-Xmx2g -Dkey=value): " +
    'the Spark container writes each export line as it is, so bash exports the value up to its first space and refuses the rest; ' +
    'put quotes around the value (\'"-Xmx2g -Dkey=value"\') [ack: cdk-sagemaker-processing:spark-export-unquoted]',
  ]);
});
