import { Construct } from 'constructs';
import { CODE_CONTAINER_PATH } from '../code/processing-code';
import { ProcessingImage } from '../image/processing-image';
import { frameworkBootstrapScript } from './framework-bootstrap';
import { checkCommand, Processor, ProcessorBindOptions, ProcessorConfig } from './processor';
import { codeInput } from './script-processor';
import { stageNamedFiles } from '../staging/named-files';
import { CodeArtifactRepository, codeArtifactLoginCommand, grantCodeArtifactRead, parseCodeArtifactRepositoryArn } from './code-artifact';

/** Where the SDK puts the bootstrap script (`_CODE_CONTAINER_BASE_PATH` + `entrypoint`). */
export const FRAMEWORK_ENTRYPOINT_PATH = '/opt/ml/processing/input/entrypoint';
/** The bootstrap script's name, as the SDK names it. */
export const FRAMEWORK_BOOTSTRAP_NAME = 'runproc.sh';

/** Props of a `FrameworkProcessor`. */
export interface FrameworkProcessorProps {
  /**
   * The framework image, e.g. `ProcessingImage.pytorch(PyTorchVersion.V2_8_0)`,
   * `ProcessingImage.huggingface(...)`, or your own.
   */
  readonly image: ProcessingImage;
  /** The command that runs the entry point. @default ['python'] (as the SDK's FrameworkProcessor) */
  readonly command?: string[];
  /**
   * A CodeArtifact repository pip installs `requirements.txt` from, as the SDK's
   * `FrameworkProcessor.run(codeartifact_repo_arn=...)`: `runproc.sh` runs
   * `aws codeartifact login --tool pip ...` first (when the image has the AWS CLI), and the job
   * role may get a token for the domain and read the repository.
   * `arn:<partition>:codeartifact:<region>:<account>:repository/<domain>/<repository>`, concrete at synth.
   * @default - no login; pip uses the image's configuration (PyPI)
   */
  readonly codeArtifactRepositoryArn?: string;
}

/**
 * Runs a source folder in a framework image, as the SDK's `FrameworkProcessor` (PyTorchProcessor,
 * TensorFlowProcessor, XGBoostProcessor, HuggingFaceProcessor): the folder is the input `code` at
 * `/opt/ml/processing/input/code/`, a bootstrap `runproc.sh` is the input `entrypoint` at
 * `/opt/ml/processing/input/entrypoint`, and the container runs
 * `/bin/bash /opt/ml/processing/input/entrypoint/runproc.sh`, which unpacks an S3 archive (a local
 * folder's files are in place already), installs `requirements.txt` when present (after a
 * CodeArtifact login when `codeArtifactRepositoryArn` is given), and runs
 * `<command> <entry point> <arguments>`.
 *
 * Give the folder as the job's `code`: `ProcessingCode.fromAsset('src', { entryPoint: 'process.py' })`.
 */
export class FrameworkProcessor extends Processor {
  /** The framework image. */
  public readonly image: ProcessingImage;
  /** The command that runs the entry point. */
  public readonly command: string[];
  private readonly codeArtifact?: CodeArtifactRepository;

  constructor(props: FrameworkProcessorProps) {
    super();
    this.image = props.image;
    this.command = [...(props.command ?? ['python'])];
    if (this.command.length === 0) throw new Error('FrameworkProcessor: command is empty; give the interpreter, e.g. [\'python\']');
    checkCommand('FrameworkProcessor', this.command);
    this.codeArtifact = props.codeArtifactRepositoryArn !== undefined ? parseCodeArtifactRepositoryArn(props.codeArtifactRepositoryArn) : undefined;
  }

  public bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig {
    if (!options.code) {
      throw new Error(`${scope.node.path}: FrameworkProcessor needs code, a source folder with an entry point ` +
        "(e.g. code: ProcessingCode.fromAsset('src', { entryPoint: 'process.py' }))");
    }
    const code = options.code.bind(scope, options);
    if (code.isArchive && code.entryPoint === code.fileName) {
      throw new Error(`${scope.node.path}: FrameworkProcessor code is an archive (${code.fileName}) without entryPoint; ` +
        'give the file in it that runs, e.g. { entryPoint: \'process.py\' }');
    }
    if (this.codeArtifact) grantCodeArtifactRead(options.grantee, this.codeArtifact);
    if (code.inS3 && !code.isArchive && code.fileName.endsWith('.sh')) {
      // A shell script already in S3 is the bootstrap itself, as with the SDK (2.257.6): `_pack_and_upload_code`
      // returns an s3:// code as it is, `run` gives it as the input `entrypoint`, and the container runs
      // `/bin/bash /opt/ml/processing/input/entrypoint/<name>` (a runproc.sh of an earlier run, a pipeline's).
      return {
        image: this.image.bind(scope, options),
        entrypoint: ['/bin/bash', `${FRAMEWORK_ENTRYPOINT_PATH}/${code.fileName}`],
        inputs: [codeInput(code.s3Uri, FRAMEWORK_ENTRYPOINT_PATH, 'entrypoint')],
      };
    }
    const script = frameworkBootstrapScript({
      archiveFileName: code.isArchive ? code.fileName : undefined,
      command: this.command,
      entryPoint: code.entryPoint,
      codeArtifactLogin: this.codeArtifact ? codeArtifactLoginCommand(this.codeArtifact) : undefined,
    });
    const staged = stageNamedFiles(scope, 'FrameworkBootstrap', [{ name: FRAMEWORK_BOOTSTRAP_NAME, content: script }], options.grantee);
    return {
      image: this.image.bind(scope, options),
      entrypoint: ['/bin/bash', `${FRAMEWORK_ENTRYPOINT_PATH}/${FRAMEWORK_BOOTSTRAP_NAME}`],
      inputs: [
        codeInput(code.s3Uri, `${CODE_CONTAINER_PATH}/`),
        codeInput(staged.objectUris[FRAMEWORK_BOOTSTRAP_NAME], FRAMEWORK_ENTRYPOINT_PATH, 'entrypoint'),
      ],
      needsNetwork: code.hasRequirements ? 'FrameworkProcessor installs the code folder\'s requirements.txt with pip' : undefined,
    };
  }
}
