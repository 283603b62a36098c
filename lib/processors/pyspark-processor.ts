import { Construct } from 'constructs';
import { ProcessorBindOptions, ProcessorConfig } from './processor';
import { SparkProcessorBase, SparkProcessorBaseProps } from './spark-processor-base';

/** Props of a `PySparkProcessor`. */
export interface PySparkProcessorProps extends SparkProcessorBaseProps {
  /**
   * `spark-submit --py-files`: S3 URIs or local `.py`/`.zip`/`.egg` files (uploaded under their own
   * names as the input `py-files`, so modules import by name). @default - none
   */
  readonly submitPyFiles?: string[];
}

/**
 * Runs a PySpark application, as the SDK's `PySparkProcessor.run(submit_app=...)`: the job's
 * `code` is the app (input `code`), the entrypoint is
 * `smspark-submit [--py-files ..] [--jars ..] [--files ..] [--local-spark-event-logs-dir ..] /opt/ml/processing/input/code/<app>.py`.
 */
export class PySparkProcessor extends SparkProcessorBase {
  constructor(private readonly props: PySparkProcessorProps) {
    super(props, 'PySparkProcessor');
  }

  public bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig {
    return this.bindSpark(scope, options, [], this.props.submitPyFiles);
  }
}
