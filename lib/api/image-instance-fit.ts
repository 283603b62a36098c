/**
 * The processor type of an image for an instance type, as the SageMaker Python SDK's
 * `image_uris._processor` picks it (SDK 2.257.6): the family of `ml.<family>.<size>`
 * (`utils.get_instance_type_family`); `inf*` → `inf`, `trn*` → `trn`, `g*`/`p*` → `gpu`, else `cpu`;
 * a family the image names itself (e.g. an image per `c5`) is kept. Undefined for a token or a name
 * the SDK would not parse. Free of aws-cdk-lib: the CLI checks `--instance-type` with it.
 */
export function processorOfInstanceType(instanceType: string, availableProcessors: string[]): string | undefined {
  // A token's text (`${Token[...]}`) is no such name: undefined, as for any name the SDK would not parse.
  const family = /^ml[._]([a-z\d-]+)\.?\w*$/.exec(instanceType)?.[1];
  if (!family) return undefined;
  if (availableProcessors.includes(family)) return family;
  if (family.startsWith('inf')) return 'inf';
  if (family.startsWith('trn')) return 'trn';
  return family[0] === 'g' || family[0] === 'p' ? 'gpu' : 'cpu';
}

/**
 * The instance types a managed image that was chosen by the job's instance types runs on. The
 * SageMaker Python SDK picks the CPU or GPU image when it creates a job, from that job's instance
 * type (`image_uris.retrieve(instance_type=...)`); a deployed job keeps the image it was
 * synthesized with, so a run that changes the instance type must stay on the kind of instance
 * that image was made for.
 */
export interface ImageInstanceFit {
  /** The image as messages name it, e.g. `PyTorch 2.8.0`. */
  readonly image: string;
  /** The processor type of the image chosen: `cpu` or `gpu`. */
  readonly processor: string;
  /** The instance types it was chosen for (the job's instance type, or its instance preferences). */
  readonly chosenFor: string[];
  /**
   * The processor types of the instances a run may use: the image's own, and `cpu` for a GPU image
   * (the framework images built for GPUs run on CPU instances too; a CPU image leaves GPUs idle and
   * has no Neuron runtime for `inf`/`trn` instances).
   */
  readonly runsOn: string[];
  /** The processor types the image's version has (the choice `processorType` offers). */
  readonly available: string[];
}

/** The fit of an image chosen as `processor` for `instanceTypes`, of a version with `available` processor types. */
export function imageInstanceFit(image: string, processor: string, instanceTypes: string[], available: string[]): ImageInstanceFit {
  return { image, processor, chosenFor: [...instanceTypes], runsOn: processor === 'gpu' ? ['gpu', 'cpu'] : [processor], available: [...available] };
}

/**
 * Why a run on `instanceType` cannot use the job's image, or undefined when it can (or when the
 * instance type is not a name, which the instance type check reports). The runner's run-time
 * check says the same (lib/api/run-rules.ts renders this message with JSONata).
 */
export function imageFitProblem(prop: string, instanceType: string, fit: ImageInstanceFit): string | undefined {
  const kind = processorOfInstanceType(instanceType, []);
  if (kind === undefined || fit.runsOn.includes(kind)) return undefined;
  return IMAGE_FIT_MESSAGE(prop, instanceType, kind, fit.processor, fit.image, fit.chosenFor.join(', '), imageFitAdvice(kind, fit));
}

/** What to do instead: choose the image the run needs with `processorType`, when the version has one. */
function imageFitAdvice(kind: string, fit: ImageInstanceFit): string {
  return fit.available.includes(kind)
    ? IMAGE_FIT_ADVICE.processorType(kind.toUpperCase())
    : IMAGE_FIT_ADVICE.noImage(fit.image, kind, fit.available.join(', '));
}

/** The two pieces of advice, with each part an argument (the run-time check renders them with JSONata expressions in their place). */
export const IMAGE_FIT_ADVICE = {
  processorType: (kind: string) => `give the image processorType ${kind} (a GPU image runs on CPU instances too)`,
  noImage: (image: string, kind: string, available: string) => `${image} has no ${kind} image (processor types: ${available})`,
};

/** The message, with each part an argument (as IMAGE_FIT_ADVICE). */
export const IMAGE_FIT_MESSAGE = (prop: string, instanceType: string, kind: string, processor: string, image: string, chosenFor: string, advice: string) =>
  `${prop} ${instanceType} (processor type ${kind}) does not fit the job's image: the ${processor} image of ${image}, chosen for ${chosenFor} ` +
  `when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): ${advice}`;

/** Warning id (`cdk-sagemaker-processing:<id>`) for an instance type known only at run time on a job whose image was chosen by instance type. */
export const IMAGE_FIT_WARNING = 'instance-type-image-fit';

/** The warning for `prop`, an instance type known only at run time: what the image runs on, and how to choose another. */
export function imageFitUnknownWarning(prop: string, fit: ImageInstanceFit): string {
  const others = ['cpu', 'gpu', 'inf', 'trn'].filter((k) => !fit.runsOn.includes(k));
  return `${prop} is known only at run time, and the job's image is the ${fit.processor} image of ${fit.image}, chosen for ` +
    `${fit.chosenFor.join(', ')}; a run keeps it (AppSpecification.ImageUri), and nothing checks the instance type before the job starts: ` +
    `on ${others.join(', ')} instance types it would not run as meant. Give the image processorType to choose it, or pass only ` +
    `${fit.runsOn.join(' or ')} instance types`;
}
