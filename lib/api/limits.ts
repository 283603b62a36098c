/**
 * Limits of the CreateProcessingJob API, as data.
 *
 * Source: the SageMaker API model shipped with `@aws-sdk/client-sagemaker` 3.11xx / botocore 1.43
 * (shapes ProcessingJobName, ProcessingInputs, ProcessingOutputs, ProcessingInstanceCount,
 * ProcessingVolumeSizeInGB, ProcessingMaxRuntimeInSeconds, ProcessingEnvironmentMap,
 * ContainerEntrypoint, ContainerArguments, VpcConfig, SecurityGroupId, SubnetId, TagList, TagKey, TagValue, S3Uri,
 * ProcessingLocalPath, FeatureGroupName, RoleArn, KmsKeyId, ExperimentEntityName, AthenaCatalog, AthenaDatabase,
 * AthenaWorkGroup, RedshiftClusterId, RedshiftDatabase, RedshiftUserName).
 */
export const LIMITS = {
  jobName: { min: 1, max: 63, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, patternText: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}' },
  inputs: { max: 10 },
  outputs: { max: 10 },
  instanceCount: { min: 1, max: 100 },
  volumeSizeInGb: { min: 1, max: 16384 },
  maxRuntimeInSeconds: { min: 1, max: 777600 },
  environment: {
    maxEntries: 100,
    keyPattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    keyPatternText: '[a-zA-Z_][a-zA-Z0-9_]*',
    maxKeyLength: 256,
    maxValueLength: 256,
  },
  /**
   * ContainerEntrypoint: 1–100 items of 0–256 characters (ContainerEntrypointString); the library
   * keeps each item at 1 or more: the first is the program, and a processor's command words are
   * joined into runproc.sh, where an empty one would vanish.
   */
  entrypoint: { min: 1, max: 100, minItemLength: 1, maxItemLength: 256 },
  /** ContainerArguments: 1–100 items of 0–256 characters (ContainerArgument: `min` 0): `--sep ''` is an argument. */
  arguments: { min: 1, max: 100, minItemLength: 0, maxItemLength: 256 },
  securityGroups: { min: 1, max: 5 },
  /** SecurityGroupId and SubnetId: at most 32 characters of `[-0-9a-zA-Z]+` (`sg-0123…`, `subnet-0123…`). */
  vpcResourceId: { min: 1, max: 32, pattern: /^[-0-9a-zA-Z]+$/, patternText: '[-0-9a-zA-Z]+' },
  subnets: { min: 1, max: 16 },
  tags: {
    max: 50,
    maxKeyLength: 128,
    maxValueLength: 256,
    /** The characters of a key and of a value (TagKey, TagValue): Unicode letters, spaces and digits, and `_ . : / = + - @`. */
    pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
    patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
    /** The same characters, as messages say them. */
    charactersText: 'letters, digits, spaces and _ . : / = + - @',
  },
  s3Uri: { max: 1024, pattern: /^(https|s3):\/\/([^/]+)\/?(.*)$/, patternText: '(https|s3)://([^/]+)/?(.*)' },
  localPath: { max: 256, root: '/opt/ml/processing/' },
  /**
   * The characters of S3 bucket names (Amazon S3 User Guide, "General purpose bucket naming
   * rules"): a-z, 0-9, '.' and '-'; legacy buckets in us-east-1 may also have upper-case letters
   * and '_' (up to 255 characters). Lengths are not checked (CDK's own tests name buckets 'b').
   */
  s3Bucket: { pattern: /^[a-z0-9.-]+$/, legacyPattern: /^[a-zA-Z0-9._-]{1,255}$/ },
  /** ProcessingInput.InputName / ProcessingOutput.OutputName: a ProcessingJobName-like identifier up to 256 chars. */
  channelName: { max: 256 },
  featureGroupName: { min: 1, max: 64, pattern: /^[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}$/, patternText: '[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}' },
  imageUri: { max: 255 },
  athenaQuery: { min: 1, max: 4096 },
  /** AthenaCatalog: the XML characters (no control character but the tab), as the model's `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`. */
  athenaCatalog: { min: 1, max: 256, pattern: /^[\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}\t]*$/u, patternText: '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*' },
  athenaDatabase: { min: 1, max: 255 },
  athenaWorkGroup: { min: 1, max: 128, pattern: /^[a-zA-Z0-9._-]+$/, patternText: '[a-zA-Z0-9._-]+' },
  redshiftQuery: { min: 1, max: 4096 },
  redshiftClusterId: { min: 1, max: 63 },
  redshiftDatabase: { min: 1, max: 64 },
  redshiftDbUser: { min: 1, max: 128 },
  /**
   * Instance families with local NVMe instance storage, which SageMaker mounts instead of an EBS
   * volume and encrypts with a hardware module: "You can't request a VolumeKmsKeyId when using an
   * instance type with local storage" (API Reference, ProcessingClusterConfig.VolumeKmsKeyId; the
   * families with instance store volumes: Amazon EC2 User Guide, "Instance store volumes").
   */
  instanceStorageFamilies: /^ml\.(g4dn|g5|g6|g6e|p5|r5d)\./,
  /** KmsKeyId (VolumeKmsKeyId, the outputs' KmsKeyId, a dataset's KmsKeyId): a key id, key ARN, alias or alias ARN. */
  kmsKeyId: { min: 1, max: 2048, pattern: /^[a-zA-Z0-9:/_-]*$/, patternText: '[a-zA-Z0-9:/_-]*' },
  /** RoleArn (the job's role, a Redshift input's ClusterRoleArn): an IAM role ARN of a 12-digit account. */
  roleArn: { min: 20, max: 2048, pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/, patternText: 'arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+' },
  /** ExperimentConfig's ExperimentName, TrialName, TrialComponentDisplayName and RunName. */
  experimentEntityName: { min: 1, max: 120, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/, patternText: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}' },
} as const;

/** The documentation name of each request field, used in error messages. */
export const FIELD = {
  jobName: 'ProcessingJobName',
  instanceCount: 'ProcessingResources.ClusterConfig.InstanceCount',
  instanceType: 'ProcessingResources.ClusterConfig.InstanceType',
  volumeSize: 'ProcessingResources.ClusterConfig.VolumeSizeInGB',
  maxRuntime: 'StoppingCondition.MaxRuntimeInSeconds',
  environment: 'Environment',
  entrypoint: 'AppSpecification.ContainerEntrypoint',
  arguments: 'AppSpecification.ContainerArguments',
  imageUri: 'AppSpecification.ImageUri',
  securityGroups: 'NetworkConfig.VpcConfig.SecurityGroupIds',
  subnets: 'NetworkConfig.VpcConfig.Subnets',
  tags: 'Tags',
  role: 'RoleArn',
  inputs: 'ProcessingInputs',
  outputs: 'ProcessingOutputConfig.Outputs',
} as const;

/**
 * The length of a string as the API model counts it: in Unicode code points (the Smithy length
 * trait, which service-2.json's min/max carry), as the runner's JSONata `$length` does at run
 * time; not in UTF-16 units (`'😀'.length` is 2). Every length the validation kit checks uses it.
 */
export function characters(text: string): number {
  return [...text].length;
}
