import { Token } from 'aws-cdk-lib';
import { FIELD, LIMITS } from './limits';
import { ProcessingInputConfig, ProcessingOutputConfig } from './io-config';
import { ProcessingJobSpec } from './spec';
import { isDynamic } from './tokens';
import { ProcessingInputMode, S3CompressionType } from './enums';

/**
 * Collects the limit violations of a job spec, each a full sentence that names the construct
 * path, the field, the value and the limit. Values only known later (tokens, JSONPath,
 * JSONata) are skipped. Callers throw them with `throwIfInvalid`.
 */
export function validateProcessingJobSpec(path: string, spec: ProcessingJobSpec): string[] {
  const v = new Violations(path);
  v.name('jobName', FIELD.jobName, spec.jobName);
  v.string('imageUri', FIELD.imageUri, spec.imageUri, 1, LIMITS.imageUri.max);
  v.list('entrypoint', FIELD.entrypoint, spec.entrypoint, LIMITS.entrypoint);
  v.list('arguments', FIELD.arguments, spec.arguments, LIMITS.arguments);
  v.environment(spec.environment);
  validateCluster(v, spec);
  v.range('maxRuntime', FIELD.maxRuntime, spec.maxRuntimeInSeconds, LIMITS.maxRuntimeInSeconds, ' seconds');
  v.count('securityGroups', FIELD.securityGroups, spec.securityGroupIds, LIMITS.securityGroups);
  v.count('subnets', FIELD.subnets, spec.subnetIds, LIMITS.subnets);
  v.tags(spec.tags);
  validateInputs(v, spec.inputs);
  validateOutputs(v, spec.outputs);
  validateLocalPaths(v, spec.inputs, spec.outputs);
  if (spec.enableNetworkIsolation === true) {
    for (const i of spec.inputs.filter((x) => x.appManaged)) {
      v.add(`input '${i.inputName}' is app-managed, but enableNetworkIsolation is true: the container must fetch it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`);
    }
    for (const o of spec.outputs.filter((x) => x.appManaged)) {
      v.add(`output '${o.outputName}' is app-managed, but enableNetworkIsolation is true: the container must upload it itself and has no network access (NetworkConfig.EnableNetworkIsolation)`);
    }
  }
  return v.messages;
}

/** Throws one error listing every violation, or does nothing when there are none. */
export function throwIfInvalid(messages: string[]): void {
  if (messages.length === 0) return;
  throw new Error(messages.join('\n'));
}

function validateCluster(v: Violations, spec: ProcessingJobSpec): void {
  v.range('instanceCount', FIELD.instanceCount, spec.instanceCount, LIMITS.instanceCount);
  v.range('volumeSize', FIELD.volumeSize, spec.volumeSizeInGb, LIMITS.volumeSizeInGb, ' GiB');
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
    v.range('instancePreferences[].instanceCount', FIELD.instanceCount, p.instanceCount, LIMITS.instanceCount);
  }
}

function validateInputs(v: Violations, inputs: ProcessingInputConfig[]): void {
  v.maxCount('inputs', FIELD.inputs, inputs, LIMITS.inputs.max);
  v.unique('input name', inputs.map((i) => i.inputName));
  for (const input of inputs) {
    const where = `input '${input.inputName}'`;
    v.string(`${where} name`, 'ProcessingInputs[].InputName', input.inputName, 1, LIMITS.channelName.max);
    const kinds = [input.s3, input.datasetDefinition, input.appManaged && !input.s3 && !input.datasetDefinition ? true : undefined]
      .filter((k) => k !== undefined).length;
    if (kinds !== 1) v.add(`${where} must have exactly one source: S3, a dataset definition, or app-managed`);
    if (input.s3) {
      v.s3Uri(`${where} s3Uri`, 'ProcessingInputs[].S3Input.S3Uri', input.s3.s3Uri);
      if (input.s3.compressionType === S3CompressionType.GZIP && input.s3.inputMode !== ProcessingInputMode.PIPE) {
        v.add(`${where} uses compression Gzip, which SageMaker allows only with input mode Pipe (ProcessingInputs[].S3Input.S3CompressionType)`);
      }
      if (input.s3.localPath === undefined && input.s3.inputMode !== ProcessingInputMode.PIPE && !input.appManaged) {
        v.add(`${where} needs a localPath in File mode (ProcessingInputs[].S3Input.LocalPath)`);
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
        v.s3Uri(`${where} outputS3Uri`, 'AthenaDatasetDefinition.OutputS3Uri', a.outputS3Uri);
      }
      if (dataset.redshift) {
        const r = dataset.redshift;
        v.required(where, 'RedshiftDatasetDefinition', {
          clusterId: r.clusterId, database: r.database, dbUser: r.dbUser, queryString: r.queryString,
          clusterRoleArn: r.clusterRoleArn, outputS3Uri: r.outputS3Uri, outputFormat: r.outputFormat,
        });
        v.string(`${where} queryString`, 'RedshiftDatasetDefinition.QueryString', r.queryString, LIMITS.redshiftQuery.min, LIMITS.redshiftQuery.max);
        v.s3Uri(`${where} outputS3Uri`, 'RedshiftDatasetDefinition.OutputS3Uri', r.outputS3Uri);
      }
    }
  }
}

function validateOutputs(v: Violations, outputs: ProcessingOutputConfig[]): void {
  v.maxCount('outputs', FIELD.outputs, outputs, LIMITS.outputs.max);
  v.unique('output name', outputs.map((o) => o.outputName));
  for (const output of outputs) {
    const where = `output '${output.outputName}'`;
    v.string(`${where} name`, 'ProcessingOutputs[].OutputName', output.outputName, 1, LIMITS.channelName.max);
    const kinds = [output.s3, output.featureGroupName].filter((k) => k !== undefined).length;
    if (kinds > 1 || (kinds === 0 && !output.appManaged)) {
      v.add(`${where} must have exactly one destination: S3, a Feature Store feature group, or app-managed`);
    }
    if (output.s3) v.s3Uri(`${where} s3Uri`, 'ProcessingOutputs[].S3Output.S3Uri', output.s3.s3Uri);
    if (output.featureGroupName !== undefined && !isDynamic(output.featureGroupName)
      && !LIMITS.featureGroupName.pattern.test(output.featureGroupName)) {
      v.add(`${where} featureGroupName '${output.featureGroupName}' must be 1–64 characters matching ${LIMITS.featureGroupName.patternText} (FeatureStoreOutput.FeatureGroupName)`);
    }
  }
}

function validateLocalPaths(v: Violations, inputs: ProcessingInputConfig[], outputs: ProcessingOutputConfig[]): void {
  const paths: Array<[string, string]> = [];
  for (const i of inputs) {
    const p = i.s3?.localPath ?? i.datasetDefinition?.localPath;
    if (p !== undefined) paths.push([`input '${i.inputName}'`, p]);
  }
  for (const o of outputs) if (o.s3) paths.push([`output '${o.outputName}'`, o.s3.localPath]);
  const owners = new Map<string, string>();
  for (const [where, p] of paths) {
    if (isDynamic(p)) continue;
    if (p.length > LIMITS.localPath.max) v.add(`${where} localPath is ${p.length} characters; the limit is ${LIMITS.localPath.max} (LocalPath)`);
    if (!p.startsWith(LIMITS.localPath.root) || p.length === LIMITS.localPath.root.length) {
      v.add(`${where} localPath '${p}' must be a folder under ${LIMITS.localPath.root} (LocalPath)`);
    }
    const normal = p.replace(/\/+$/, '');
    const other = owners.get(normal);
    if (other) v.add(`${where} localPath '${p}' is already used by ${other}; each input and output needs its own folder`);
    owners.set(normal, where);
  }
}

/** Accumulates messages with the construct path in front. */
class Violations {
  public readonly messages: string[] = [];
  constructor(private readonly path: string) {}

  add(message: string): void {
    this.messages.push(`${this.path}: ${message}`);
  }

  name(prop: string, field: string, value: string): void {
    if (isDynamic(value)) return;
    if (value.length < LIMITS.jobName.min || value.length > LIMITS.jobName.max || !LIMITS.jobName.pattern.test(value)) {
      this.add(`${prop} '${value}' must be 1–63 characters matching ${LIMITS.jobName.patternText}, got ${value.length} characters (${field})`);
    }
  }

  range(prop: string, field: string, value: number | undefined, limit: { min: number; max: number }, unit = ''): void {
    if (value === undefined || isDynamic(value)) return;
    if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
      this.add(`${prop} ${value} is out of range ${limit.min}–${limit.max}${unit} (${field})`);
    }
  }

  string(prop: string, field: string, value: string | undefined, min: number, max: number): void {
    if (value === undefined || isDynamic(value)) return;
    if (value.length < min || value.length > max) {
      this.add(`${prop} is ${value.length} characters; it must be ${min}–${max} (${field})`);
    }
  }

  list(prop: string, field: string, value: string[] | undefined, limit: { min: number; max: number; maxItemLength: number }): void {
    if (value === undefined || isDynamic(value)) return;
    if (value.length < limit.min || value.length > limit.max) {
      this.add(`${prop} has ${value.length} items; it must have ${limit.min}–${limit.max} (${field})`);
    }
    value.forEach((item, i) => {
      if (!isDynamic(item) && (item.length === 0 || item.length > limit.maxItemLength)) {
        this.add(`${prop}[${i}] is ${item.length} characters; each item must be 1–${limit.maxItemLength} (${field})`);
      }
    });
  }

  count(prop: string, field: string, value: string[] | undefined, limit: { min: number; max: number }): void {
    // Only a whole-list token has an unknown length; a list of (token) ids has a known one.
    if (value === undefined || Token.isUnresolved(value)) return;
    if (value.length < limit.min || value.length > limit.max) {
      this.add(`${prop} has ${value.length} items; it must have ${limit.min}–${limit.max} (${field})`);
    }
  }

  maxCount(prop: string, field: string, value: unknown[], max: number): void {
    if (value.length > max) this.add(`${prop} has ${value.length} items; the limit is ${max} (${field})`);
  }

  unique(what: string, names: string[]): void {
    const seen = new Set<string>();
    for (const n of names) {
      if (isDynamic(n)) continue;
      if (seen.has(n)) this.add(`${what} '${n}' is used twice; names must be unique within the job`);
      seen.add(n);
    }
  }

  required(where: string, field: string, values: { [key: string]: string | undefined }): void {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === '') this.add(`${where} is missing ${key} (${field} requires it)`);
    }
  }

  s3Uri(prop: string, field: string, value: string): void {
    if (value === undefined || isDynamic(value)) return;
    if (value.length > LIMITS.s3Uri.max) this.add(`${prop} is ${value.length} characters; the limit is ${LIMITS.s3Uri.max} (${field})`);
    if (!LIMITS.s3Uri.pattern.test(value)) this.add(`${prop} '${value}' must match ${LIMITS.s3Uri.patternText} (${field})`);
  }

  environment(env: { [key: string]: string } | undefined): void {
    if (env === undefined || isDynamic(env)) return;
    const entries = Object.entries(env);
    const limit = LIMITS.environment;
    if (entries.length > limit.maxEntries) this.add(`environment has ${entries.length} variables; the limit is ${limit.maxEntries} (${FIELD.environment})`);
    for (const [key, value] of entries) {
      if (!isDynamic(key) && (key.length > limit.maxKeyLength || !limit.keyPattern.test(key))) {
        this.add(`environment variable name '${key}' must match ${limit.keyPatternText} and be at most ${limit.maxKeyLength} characters (${FIELD.environment})`);
      }
      if (!isDynamic(value) && value.length > limit.maxValueLength) {
        this.add(`environment variable ${key} is ${value.length} characters; the limit is ${limit.maxValueLength} (${FIELD.environment})`);
      }
    }
  }

  tags(tags: { [key: string]: string } | undefined): void {
    if (tags === undefined) return;
    const entries = Object.entries(tags);
    const limit = LIMITS.tags;
    if (entries.length > limit.max) this.add(`tags has ${entries.length} tags; the limit is ${limit.max} (${FIELD.tags})`);
    for (const [key, value] of entries) {
      if (isDynamic(key)) continue;
      if (key.length === 0 || key.length > limit.maxKeyLength) this.add(`tag key '${key}' must be 1–${limit.maxKeyLength} characters (${FIELD.tags})`);
      if (key.toLowerCase().startsWith('aws:')) this.add(`tag key '${key}' uses the reserved prefix 'aws:' (${FIELD.tags})`);
      if (!isDynamic(value) && value.length > limit.maxValueLength) this.add(`tag ${key} value is ${value.length} characters; the limit is ${limit.maxValueLength} (${FIELD.tags})`);
    }
  }
}
