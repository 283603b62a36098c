import { ProcessingImage } from '../image/processing-image';
import { SKLearnVersion } from '../image/managed-image-versions';
import { ScriptProcessor } from './script-processor';

/** Props of an `SKLearnProcessor`. */
export interface SKLearnProcessorProps {
  /** The scikit-learn version of the SageMaker image, e.g. `SKLearnVersion.V1_2_1`. */
  readonly frameworkVersion: SKLearnVersion;
  /** The command that runs the script. @default ['python3'] (as the SDK) */
  readonly command?: string[];
}

/**
 * Runs a Python script in the SageMaker scikit-learn image, as the SDK's
 * `SKLearnProcessor(framework_version=...)`: image `sagemaker-scikit-learn:<version>-cpu-py3`
 * of the stack's region, command `python3`, code at `/opt/ml/processing/input/code`.
 */
export class SKLearnProcessor extends ScriptProcessor {
  constructor(props: SKLearnProcessorProps) {
    super({ image: ProcessingImage.sklearn(props.frameworkVersion), command: props.command ?? ['python3'] });
  }
}
