import { IConstruct } from 'constructs';
import { Checks } from './checks';
import { FIELD, LIMITS } from './limits';
import { ProcessingInputConfig, ProcessingOutputConfig } from './io-config';
import { ProcessingJobSpec } from './spec';
import { isDynamic, isJsonataExpression, literalText, runTimeExpressionOf } from './tokens';
import { ProcessingInputMode, S3CompressionType, S3DataType } from './enums';

/** How a spec is checked. */
export interface SpecCheckOptions {
  /** Where warnings go (an unknown instance type, a legacy bucket name). @default - no warnings */
  readonly on?: IConstruct;
  /** Environment variables the library adds to every run (they count toward the limit). @default - none */
  readonly runVariables?: string[];
}

/**
 * Checks a job spec against the API limits with the validation kit: every problem names the
 * construct path, the field, the value and the limit. Values only known later (tokens,
 * JSONPath, JSONata) are skipped. The props of every construct and the static overrides of
 * schedules, triggers and steps go through this one function.
 */
export function checkProcessingJobSpec(path: string, spec: ProcessingJobSpec, options: SpecCheckOptions = {}): void {
  const v = new Checks(path);
  validateSpec(v, spec, options);
  v.throwIfAny();
}

/** The problems of a spec as messages (for callers that gather problems of several specs). */
export function validateProcessingJobSpec(path: string, spec: ProcessingJobSpec): string[] {
  const v = new Checks(path);
  validateSpec(v, spec, {});
  return v.messages;
}

function validateSpec(v: Checks, spec: ProcessingJobSpec, options: SpecCheckOptions): void {
  v.name('jobName', FIELD.jobName, spec.jobName);
  // service-2.json RoleArn: an imported role's ARN with a short account or a space reached CreateProcessingJob.
  v.pattern('role', FIELD.role, spec.roleArn, LIMITS.roleArn);
  v.line('imageUri', FIELD.imageUri, spec.imageUri, 1, LIMITS.imageUri.max);
  v.list('entrypoint', FIELD.entrypoint, spec.entrypoint, LIMITS.entrypoint);
  v.list('arguments', FIELD.arguments, spec.arguments, LIMITS.arguments);
  v.environment(spec.environment, options.runVariables);
  validateCluster(v, spec, options.on);
  v.integer('maxRuntime', FIELD.maxRuntime, spec.maxRuntimeInSeconds, LIMITS.maxRuntimeInSeconds, ' seconds');
  v.count('securityGroups', FIELD.securityGroups, spec.securityGroupIds, LIMITS.securityGroups);
  v.count('subnets', FIELD.subnets, spec.subnetIds, LIMITS.subnets);
  // An imported security group or subnet takes any text as its id; the API takes service-2.json's SecurityGroupId and SubnetId.
  v.eachPattern('securityGroups', FIELD.securityGroups, spec.securityGroupIds, LIMITS.vpcResourceId);
  v.eachPattern('subnets', FIELD.subnets, spec.subnetIds, LIMITS.vpcResourceId);
  v.tags(spec.tags);
  // service-2.json KmsKeyId: an imported key's ARN with a space or a '.' reached CreateProcessingJob.
  v.pattern('volumeKmsKey', 'ProcessingResources.ClusterConfig.VolumeKmsKeyId', spec.volumeKmsKeyId, LIMITS.kmsKeyId);
  v.pattern('outputKmsKey', 'ProcessingOutputConfig.KmsKeyId', spec.outputKmsKeyId, LIMITS.kmsKeyId);
  const experiment = spec.experimentConfig;
  if (experiment) {
    for (const [prop, member] of [['experimentName', 'ExperimentName'], ['trialName', 'TrialName'], ['trialComponentDisplayName', 'TrialComponentDisplayName'], ['runName', 'RunName']] as const) {
      v.pattern(`experimentConfig.${prop}`, `ExperimentConfig.${member}`, experiment[prop], LIMITS.experimentEntityName);
    }
  }
  validateInputs(v, spec.inputs, options.on);
  validateOutputs(v, spec.outputs, spec.inputs, options.on);
  validateLocalPaths(v, spec.inputs, spec.outputs);
  if (spec.enableNetworkIsolation === true) {
    for (const i of spec.inputs.filter((x) => x.appManaged)) {
      v.add(`input '${i.inputName}' is app-managed, but enableNetworkIsolation is true: the container must fetch it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`);
    }
    for (const o of spec.outputs.filter((x) => x.appManaged)) {
      v.add(`output '${o.outputName}' is app-managed, but enableNetworkIsolation is true: the container must upload it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`);
    }
  }
}

function validateCluster(v: Checks, spec: ProcessingJobSpec, on: IConstruct | undefined): void {
  v.integer('instanceCount', FIELD.instanceCount, spec.instanceCount, LIMITS.instanceCount);
  v.integer('volumeSize', FIELD.volumeSize, spec.volumeSizeInGb, LIMITS.volumeSizeInGb, ' GiB');
  v.instanceType('instanceType', FIELD.instanceType, spec.instanceType, on);
  warnVolumeKeyOnInstanceStorage(v, spec, on);
  const prefs = spec.instancePreferences;
  if (prefs === undefined) {
    if (spec.instanceType === undefined) v.add(`one of instanceType or instancePreferences is required (${FIELD.instanceType})`);
    return;
  }
  if (spec.instanceType !== undefined) {
    v.add(`instanceType and instancePreferences are mutually exclusive; give one (ProcessingResources.ClusterConfig.InstancePreferences)`);
  }
  if (prefs.length === 0) v.add('instancePreferences is empty; give at least one instance type (ProcessingResources.ClusterConfig.InstancePreferences)');
  const perPreference = prefs.filter((p) => p.instanceCount !== undefined).length;
  if (perPreference > 0 && perPreference < prefs.length) {
    v.add(`instancePreferences sets instanceCount on ${perPreference} of ${prefs.length} preferences; set it on all or none (ProcessingResources.ClusterConfig.InstancePreferences)`);
  }
  if (perPreference > 0 && spec.instanceCount !== undefined) {
    v.add('instanceCount is set both on the job and per instance preference; set one (ProcessingResources.ClusterConfig.InstanceCount)');
  }
  const seen = new Set<string>();
  for (const p of prefs) {
    if (!isDynamic(p.instanceType) && seen.has(p.instanceType)) v.add(`instancePreferences lists '${p.instanceType}' twice; each instance type may appear once`);
    seen.add(p.instanceType);
    v.instanceType('instancePreferences[].instanceType', 'ProcessingResources.ClusterConfig.InstancePreferences', p.instanceType, on);
    v.integer('instancePreferences[].instanceCount', FIELD.instanceCount, p.instanceCount, LIMITS.instanceCount);
  }
}

/** A volume key on an instance type with local storage, which SageMaker refuses (`LIMITS.instanceStorageFamilies`). */
function warnVolumeKeyOnInstanceStorage(v: Checks, spec: ProcessingJobSpec, on: IConstruct | undefined): void {
  if (on === undefined || spec.volumeKmsKeyId === undefined) return;
  const types = [spec.instanceType, ...(spec.instancePreferences ?? []).map((p) => p.instanceType)];
  for (const type of types) {
    if (type === undefined || isDynamic(type) || !LIMITS.instanceStorageFamilies.test(type)) continue;
    v.warn(on, 'volume-key-instance-storage', `volumeKmsKey is set, but instance type ${type} has local NVMe storage, which SageMaker mounts instead of an EBS volume ` +
      "and encrypts itself: the API refuses a VolumeKmsKeyId for such types; remove volumeKmsKey, or choose a type without instance storage (ProcessingResources.ClusterConfig.VolumeKmsKeyId)");
  }
}

/**
 * Whether a manifest-file input's URI names a folder: its text, a bucket's deploy-time name aside, ends
 * with '/' (API Reference, ProcessingS3Input.S3DataType: with ManifestFile, "S3Uri identifies an object
 * that is a manifest file"). A run-time value is not judged.
 */
export function manifestUriNamesFolder(uri: string): boolean {
  return !isJsonataExpression(uri) && !runTimeExpressionOf(uri) && literalText(uri, '${…}').endsWith('/');
}

function validateInputs(v: Checks, inputs: ProcessingInputConfig[], on: IConstruct | undefined): void {
  v.maxCount('inputs', FIELD.inputs, inputs, LIMITS.inputs.max);
  v.unique('input name', inputs.map((i) => i.inputName));
  for (const input of inputs) {
    const where = `input '${input.inputName}'`;
    v.string(`${where} name`, 'ProcessingInputs[].InputName', input.inputName, 1, LIMITS.channelName.max);
    const kinds = [input.s3, input.datasetDefinition, input.appManaged && !input.s3 && !input.datasetDefinition ? true : undefined]
      .filter((k) => k !== undefined).length;
    if (kinds !== 1) v.add(`${where} must have exactly one source: S3, a dataset definition, or app-managed`);
    if (input.s3) {
      v.s3Uri(`${where} s3Uri`, 'ProcessingInputs[].S3Input.S3Uri', input.s3.s3Uri, on);
      if (input.s3.compressionType === S3CompressionType.GZIP && input.s3.inputMode !== ProcessingInputMode.PIPE) {
        v.add(`${where} uses compression Gzip, which SageMaker allows only with input mode Pipe (ProcessingInputs[].S3Input.S3CompressionType)`);
      }
      if (on && input.s3.s3DataType === S3DataType.MANIFEST_FILE && manifestUriNamesFolder(input.s3.s3Uri)) {
        v.warn(on, 'manifest-folder', `${where} s3Uri '${literalText(input.s3.s3Uri, '${…}')}' ends with '/', but its s3DataType is ManifestFile: SageMaker reads the URI as one manifest ` +
          "object (a JSON list of a prefix and keys), not a folder; give the manifest file's key, or S3DataType.S3_PREFIX for the objects under the folder (ProcessingInputs[].S3Input.S3DataType)");
      }
      // service-2.json ProcessingS3Input.LocalPath: "a required parameter when AppManaged is False (default)", in either input mode.
      if (input.s3.localPath === undefined && !input.appManaged) {
        v.add(`${where} needs a localPath unless it is app-managed, in File and Pipe mode (ProcessingInputs[].S3Input.LocalPath)`);
      }
    }
    const dataset = input.datasetDefinition;
    if (dataset) {
      if ((dataset.athena === undefined) === (dataset.redshift === undefined)) {
        v.add(`${where} dataset definition must have exactly one of athena or redshift (ProcessingInputs[].DatasetDefinition)`);
      }
      if (dataset.athena) {
        const a = dataset.athena;
        v.required(where, 'AthenaDatasetDefinition', { catalog: a.catalog, database: a.database, queryString: a.queryString, outputS3Uri: a.outputS3Uri, outputFormat: a.outputFormat });
        v.string(`${where} queryString`, 'AthenaDatasetDefinition.QueryString', a.queryString, LIMITS.athenaQuery.min, LIMITS.athenaQuery.max);
        // An empty catalog or database is reported as missing (required, above); service-2.json AthenaCatalog has
        // no control character but the tab, AthenaDatabase (.*) no line break.
        v.pattern(`${where} catalog`, 'AthenaDatasetDefinition.Catalog', a.catalog || undefined, LIMITS.athenaCatalog);
        v.line(`${where} database`, 'AthenaDatasetDefinition.Database', a.database || undefined, LIMITS.athenaDatabase.min, LIMITS.athenaDatabase.max);
        v.pattern(`${where} workGroup`, 'AthenaDatasetDefinition.WorkGroup', a.workGroup, LIMITS.athenaWorkGroup);
        v.s3Uri(`${where} outputS3Uri`, 'AthenaDatasetDefinition.OutputS3Uri', a.outputS3Uri, on);
        v.pattern(`${where} kmsKey`, 'AthenaDatasetDefinition.KmsKeyId', a.kmsKeyId, LIMITS.kmsKeyId);
      }
      if (dataset.redshift) {
        const r = dataset.redshift;
        v.required(where, 'RedshiftDatasetDefinition', {
          clusterId: r.clusterId, database: r.database, dbUser: r.dbUser, queryString: r.queryString,
          clusterRoleArn: r.clusterRoleArn, outputS3Uri: r.outputS3Uri, outputFormat: r.outputFormat,
        });
        v.string(`${where} queryString`, 'RedshiftDatasetDefinition.QueryString', r.queryString, LIMITS.redshiftQuery.min, LIMITS.redshiftQuery.max);
        // Empty ones are reported as missing (required, above); RedshiftClusterId, RedshiftDatabase and RedshiftUserName are .*: one line.
        v.line(`${where} clusterId`, 'RedshiftDatasetDefinition.ClusterId', r.clusterId || undefined, LIMITS.redshiftClusterId.min, LIMITS.redshiftClusterId.max);
        v.line(`${where} database`, 'RedshiftDatasetDefinition.Database', r.database || undefined, LIMITS.redshiftDatabase.min, LIMITS.redshiftDatabase.max);
        v.line(`${where} dbUser`, 'RedshiftDatasetDefinition.DbUser', r.dbUser || undefined, LIMITS.redshiftDbUser.min, LIMITS.redshiftDbUser.max);
        v.pattern(`${where} clusterRole`, 'RedshiftDatasetDefinition.ClusterRoleArn', r.clusterRoleArn || undefined, LIMITS.roleArn);
        v.s3Uri(`${where} outputS3Uri`, 'RedshiftDatasetDefinition.OutputS3Uri', r.outputS3Uri, on);
        v.pattern(`${where} kmsKey`, 'RedshiftDatasetDefinition.KmsKeyId', r.kmsKeyId, LIMITS.kmsKeyId);
      }
    }
  }
}

function validateOutputs(v: Checks, outputs: ProcessingOutputConfig[], inputs: ProcessingInputConfig[], on: IConstruct | undefined): void {
  v.maxCount('outputs', FIELD.outputs, outputs, LIMITS.outputs.max);
  // SageMaker refuses an output named as an input: "Input and Output names must be globally unique: [code]"
  // (CreateProcessingJob's ValidationException, aws/sagemaker-python-sdk#3484); the API model types both names String.
  v.unique('output name', outputs.map((o) => o.outputName),
    { what: 'input', names: inputs.map((i) => i.inputName), field: 'ProcessingInputs[].InputName, ProcessingOutputs[].OutputName' });
  for (const output of outputs) {
    const where = `output '${output.outputName}'`;
    v.string(`${where} name`, 'ProcessingOutputs[].OutputName', output.outputName, 1, LIMITS.channelName.max);
    const kinds = [output.s3, output.featureGroupName].filter((k) => k !== undefined).length;
    if (kinds > 1 || (kinds === 0 && !output.appManaged)) {
      v.add(`${where} must have exactly one destination: S3, a Feature Store feature group, or app-managed`);
    }
    if (output.s3) v.s3Uri(`${where} s3Uri`, 'ProcessingOutputs[].S3Output.S3Uri', output.s3.s3Uri, on);
    // service-2.json FeatureGroupName: 1–64 characters AND the pattern (whose {0,63} counts groups, so 'a' + 70 '-' + 'b' matches it).
    v.pattern(`${where} featureGroupName`, 'FeatureStoreOutput.FeatureGroupName', output.featureGroupName, LIMITS.featureGroupName);
  }
}

function validateLocalPaths(v: Checks, inputs: ProcessingInputConfig[], outputs: ProcessingOutputConfig[]): void {
  const paths: Array<[string, string]> = [];
  for (const i of inputs) {
    const p = i.s3?.localPath ?? i.datasetDefinition?.localPath;
    if (p !== undefined) paths.push([`input '${i.inputName}'`, p]);
  }
  for (const o of outputs) if (o.s3) paths.push([`output '${o.outputName}'`, o.s3.localPath]);
  const owners = new Map<string, string>();
  for (const [where, p] of paths) {
    if (isDynamic(p)) continue;
    v.localPath(`${where} localPath`, 'LocalPath', p);
    const normal = p.replace(/\/+$/, '');
    const other = owners.get(normal);
    if (other) v.add(`${where} localPath '${p}' is already used by ${other}; each input and output needs its own folder (LocalPath)`);
    owners.set(normal, where);
  }
}
