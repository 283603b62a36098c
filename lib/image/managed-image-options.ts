/**
 * The processor type of a SageMaker-managed image, as the SageMaker Python SDK names it
 * (`image_uris.retrieve` picks it from the instance type: `ml.g*`/`ml.p*` → gpu, else cpu).
 */
export enum ImageProcessorType {
  /** An image for CPU instances. */
  CPU = 'cpu',
  /** An image for GPU instances (`ml.g*`, `ml.p*`). */
  GPU = 'gpu',
}

/** Options of a managed framework image (PyTorch, TensorFlow, XGBoost). */
export interface FrameworkImageOptions {
  /**
   * The Python version of the image, as the SDK names it (`py3`, `py310`, `py312`).
   * @default - the version's only Python version; a synth error lists them when there are several
   */
  readonly pyVersion?: string;
  /**
   * CPU or GPU image.
   * @default - picked by the job's instance type, as the SDK's `image_uris.retrieve`: GPU for `ml.g*`/`ml.p*`,
   * else CPU (with instance preferences that mix both, the GPU image, with a warning); a version's only type
   * when the instance type is not known at synth
   */
  readonly processorType?: ImageProcessorType;
}

/** Options of a managed Hugging Face image: the transformers version runs on one base framework. */
export interface HuggingFaceImageOptions extends FrameworkImageOptions {
  /** The PyTorch version, e.g. `2.8.0` or `2.8` (give this or `tensorflowVersion`). @default - not a PyTorch image */
  readonly pytorchVersion?: string;
  /** The TensorFlow version, e.g. `2.5.1` (give this or `pytorchVersion`). @default - not a TensorFlow image */
  readonly tensorflowVersion?: string;
}

/** Options of the managed Spark image (sagemaker-spark-processing). */
export interface SparkImageOptions {
  /**
   * The Python version; with `containerVersion` (both or neither, as in the SDK).
   * @default - the version's default image, tag `<version>-cpu`
   */
  readonly pyVersion?: string;
  /** The container version, e.g. `1.3` (tag suffix `-v1.3`); with `pyVersion`. @default - the version's default image */
  readonly containerVersion?: string;
}
