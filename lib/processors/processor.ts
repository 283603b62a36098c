import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProcessingBindOptions } from '../api/bind';
import { ProcessingInputConfig, ProcessingOutputConfig } from '../api/io-config';
import { ProcessingCode } from '../code/processing-code';
import { ProcessingImage, ProcessingImageConfig } from '../image/processing-image';
import { Checks, warnOn } from '../api/checks';
import { FIELD, LIMITS } from '../api/limits';

/** What a processor gets when a job binds it. */
export interface ProcessorBindOptions extends ProcessingBindOptions {
  /** The job's code, for processors that run a script. @default - no code */
  readonly code?: ProcessingCode;
  /**
   * How many outputs the job itself declares; the SDK names unnamed outputs by position
   * (`output-<n>`), so a processor's own output (Spark event logs) is named after them.
   * @default 0
   */
  readonly jobOutputCount?: number;
}

/** A bound processor: the container and how it starts, plus inputs it adds (code, configuration). */
export interface ProcessorConfig {
  /** The image. */
  readonly image: ProcessingImageConfig;
  /** `AppSpecification.ContainerEntrypoint`. @default - the image's entrypoint */
  readonly entrypoint?: string[];
  /** Arguments placed before the job's own arguments. @default - none */
  readonly arguments?: string[];
  /** Environment variables the processor sets; the job's own win on conflict. @default - none */
  readonly environment?: { [key: string]: string };
  /** Inputs the processor adds, e.g. the code input. They come after the job's inputs, as in the SDK. @default - none */
  readonly inputs?: ProcessingInputConfig[];
  /** Outputs the processor adds, e.g. Spark event logs. @default - none */
  readonly outputs?: ProcessingOutputConfig[];
  /** What the container reaches the network for (e.g. pip installing requirements.txt), for the network isolation warning. @default - nothing */
  readonly needsNetwork?: string;
}

/**
 * A processor's command: each item a word of 1–256 characters (they become
 * `AppSpecification.ContainerEntrypoint` items), named `command[i]` as the user wrote it.
 */
export function checkCommand(processorName: string, command: string[]): void {
  const v = new Checks(processorName);
  v.list('command', 'AppSpecification.ContainerEntrypoint', command, { ...LIMITS.entrypoint, max: LIMITS.entrypoint.max - 1 });
  v.throwIfAny();
}

/**
 * Warns of a program (the first word of `ContainerEntrypoint`) with whitespace, e.g. `'python3 -u'`:
 * SageMaker starts the container with the entrypoint as its exec form, with no shell to split
 * words (the Docker `ENTRYPOINT ["..."]` form), so no program of that name is found and the job
 * fails at start. (`FrameworkProcessor`'s `command` is written into `runproc.sh`, where bash splits it.)
 */
export function warnProgramWithSpace(scope: Construct, prop: string, words: string[] | undefined): void {
  const program = words?.[0];
  if (program === undefined || Token.isUnresolved(program) || !/\s/.test(program)) return;
  const split = program.trim().split(/\s+/);
  warnOn(scope, 'entrypoint-program-space', `${scope.node.path}: ${prop}[0] '${program}' has whitespace, but SageMaker runs the first item as the program, ` +
    `with no shell to split it into words: the container fails to start. Give each word as its own item, e.g. [${[...split, ...(words ?? []).slice(1)].map((w) => `'${w}'`).join(', ')}] ` +
    `(${FIELD.entrypoint})`);
}

/**
 * What runs in a processing job: an image, its entrypoint and how code reaches it. The SDK's
 * processors (ScriptProcessor, SKLearnProcessor, FrameworkProcessor, PySparkProcessor,
 * SparkJarProcessor) extend this class; `Processor.fromImage` is the plain container.
 */
export abstract class Processor {
  /**
   * A container run as it is, like the SDK's `Processor`: the image's own entrypoint, or the one given.
   * @param image the image
   * @param entrypoint `AppSpecification.ContainerEntrypoint` @default - the image's entrypoint
   */
  public static fromImage(image: ProcessingImage, entrypoint?: string[]): Processor {
    return new ImageProcessor(image, entrypoint);
  }

  /** Binds the processor to a job. */
  public abstract bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig;
}

class ImageProcessor extends Processor {
  constructor(private readonly image: ProcessingImage, private readonly entrypoint?: string[]) {
    super();
  }

  public bind(scope: Construct, options: ProcessorBindOptions): ProcessorConfig {
    if (options.code) {
      throw new Error(`${scope.node.path}: code is given, but the processor is a plain image that would not run it; use ScriptProcessor (or another SDK processor) to run code`);
    }
    warnProgramWithSpace(scope, 'entrypoint', this.entrypoint);
    return { image: this.image.bind(scope, options), entrypoint: this.entrypoint };
  }
}
