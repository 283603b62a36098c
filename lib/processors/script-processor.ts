import { Construct } from 'constructs';
import { CODE_CONTAINER_PATH, CODE_INPUT_NAME, ProcessingCodeConfig } from '../code/processing-code';
import { ProcessingImage } from '../image/processing-image';
import { checkCommand, Processor, ProcessorBindOptions, ProcessorConfig, warnProgramWithSpace } from './processor';

/** Props of a `ScriptProcessor`. */
export interface ScriptProcessorProps {
  /** The image that has the interpreter, e.g. `ProcessingImage.fromAsset('./r')` for R. */
  readonly image: ProcessingImage;
  /** The command that runs the script, with its flags, e.g. `['python3']`, `['Rscript']`, `['python3', '-u']`. */
  readonly command: string[];
}

/**
 * Runs one script file in an image, as the SageMaker Python SDK's `ScriptProcessor`: the code is
 * the input `code` at `/opt/ml/processing/input/code`, and the entrypoint is
 * `[...command, /opt/ml/processing/input/code/<file>]`. Give the script as the job's `code`.
 */
export class ScriptProcessor extends Processor {
  /** The image. */
  public readonly image: ProcessingImage;
  /** The command that runs the script. */
  public readonly command: string[];

  constructor(props: ScriptProcessorProps) {
    super();
    if (props.command.length === 0) throw new Error('ScriptProcessor: command is empty; give the interpreter, e.g. [\'python3\'] or [\'Rscript\']');
    checkCommand('ScriptProcessor', props.command);
    this.image = props.image;
    this.command = [...props.command];
  }

  public bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig {
    const code = bindScriptCode(scope, options, this.constructor.name);
    warnProgramWithSpace(scope, 'command', this.command);
    return {
      image: this.image.bind(scope, options),
      entrypoint: [...this.command, `${CODE_CONTAINER_PATH}/${code.fileName}`],
      inputs: [codeInput(code.s3Uri, CODE_CONTAINER_PATH)],
    };
  }
}

/** Binds the job's code for a processor that runs one file; a folder or archive is refused, as the SDK refuses it. */
export function bindScriptCode(scope: Construct, options: ProcessorBindOptions, processorName: string): ProcessingCodeConfig {
  if (!options.code) {
    throw new Error(`${scope.node.path}: ${processorName} needs code, the script it runs (e.g. code: ProcessingCode.fromAsset('preprocess.py'))`);
  }
  const code = options.code.bind(scope, options);
  if (code.isArchive || code.isFolder) {
    // sagemaker/processing.py ScriptProcessor._handle_user_code_url: "code ... must be a file, not a directory".
    // A file with dependencies is a folder too (fromAsset gives its own name as the entry point).
    const what = code.isArchive ? 'an archive of a folder' : code.entryPoint === code.fileName ? 'a file with dependencies, which make a folder' : 'a folder';
    // sagemaker/spark/processing.py: a Spark app's modules, jars and files are submit_py_files, submit_jars, submit_files.
    const instead = processorName === 'PySparkProcessor' ? 'give the app as one file and what it needs as submitPyFiles, submitJars or submitFiles'
      : processorName === 'SparkJarProcessor' ? 'give the app as one jar and what it needs as submitJars or submitFiles'
        : 'use FrameworkProcessor for a source folder with requirements.txt';
    throw new Error(`${scope.node.path}: ${processorName} runs one script file, but code is ${what} (${code.fileName}); ${instead}`);
  }
  return code;
}

/** The SDK's code input: name `code`, S3 prefix, File mode, fully replicated. */
export function codeInput(s3Uri: string, localPath: string, inputName: string = CODE_INPUT_NAME) {
  return { inputName, s3: { s3Uri, localPath } };
}
