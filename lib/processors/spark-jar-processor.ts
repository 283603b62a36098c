import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessorBindOptions, ProcessorConfig } from './processor';
import { SparkProcessorBase, SparkProcessorBaseProps } from './spark-processor-base';

/**
 * Java identifiers (Java Language Specification 3.8: a "Java letter", then Java letters or digits,
 * Unicode ones included, as `Character.isJavaIdentifierStart/Part` take them: letters, letter
 * numbers, currency symbols, connecting punctuation; then also digits and combining marks),
 * separated by '.'.
 */
const JAVA_IDENTIFIER = '[\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}][\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}\\p{Nd}\\p{Mn}\\p{Mc}]*';
const JAVA_BINARY_NAME = new RegExp(`^${JAVA_IDENTIFIER}(\\.${JAVA_IDENTIFIER})*$`, 'u');

/** Props of a `SparkJarProcessor`. */
export interface SparkJarProcessorProps extends SparkProcessorBaseProps {
  /** The main class of the application jar (`spark-submit --class`), e.g. `com.example.Main`. */
  readonly submitClass: string;
}

/**
 * Runs a Spark application jar, as the SDK's `SparkJarProcessor.run(submit_app=..., submit_class=...)`:
 * the job's `code` is the jar (input `code`; an S3 jar: `ProcessingCode.fromBucket(bucket, 'app.jar')`),
 * the entrypoint is `smspark-submit --class <class> [--jars ..] [--files ..] [--local-spark-event-logs-dir ..] /opt/ml/processing/input/code/<app>.jar`.
 */
export class SparkJarProcessor extends SparkProcessorBase {
  constructor(private readonly props: SparkJarProcessorProps) {
    super(props, 'SparkJarProcessor');
    if (!Token.isUnresolved(props.submitClass) && props.submitClass.trim() === '') {
      // sagemaker/spark/processing.py SparkJarProcessor._extend_processing_args: "submit_class is required"
      throw new Error('SparkJarProcessor: submitClass is empty; give the main class of the jar, e.g. com.example.Main');
    }
    // A Java binary class name: identifiers separated by '.' (nested classes by '$'); spark-submit --class takes nothing else.
    if (!Token.isUnresolved(props.submitClass) && !JAVA_BINARY_NAME.test(props.submitClass)) {
      throw new Error(`SparkJarProcessor: submitClass '${props.submitClass}' is not a Java class name (identifiers separated by '.', e.g. com.example.Main)`);
    }
  }

  public bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig {
    return this.bindSpark(scope, options, ['--class', this.props.submitClass]);
  }
}
