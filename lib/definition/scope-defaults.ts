import {
  Duration, Size, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_s3 as s3,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checks } from '../api/checks';
import { FIELD, LIMITS } from '../api/limits';
import { ProcessingInstanceType } from '../api/processing-instance-type';

/**
 * Organisation defaults for every processing job under a scope (app, stage or stack). A job's
 * own props win field by field; see `ProcessingDefaults` for the precedence.
 */
export interface ProcessingDefaultsProps {
  /** The VPC jobs run in. @default - no VPC (SageMaker's network) */
  readonly vpc?: ec2.IVpc;
  /** Subnets in `vpc`, for jobs that take the default VPC. @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Security groups (1–5) in `vpc`, for jobs that take the default VPC. @default - each job creates one */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Cut job containers off the network. @default - the job's setting (false) */
  readonly enableNetworkIsolation?: boolean;
  /** Encrypt traffic between the instances of a job. @default - the job's setting (false) */
  readonly enableInterContainerTrafficEncryption?: boolean;
  /** KMS key of the jobs' storage volumes. @default - AWS-managed encryption */
  readonly volumeKmsKey?: kms.IKey;
  /** KMS key of the jobs' S3 outputs (applied to jobs that have outputs). @default - S3's default encryption */
  readonly outputKmsKey?: kms.IKey;
  /** KMS key of the buckets `ProcessingJob` creates. @default - SSE-S3 (S3-managed keys) */
  readonly bucketKmsKey?: kms.IKey;
  /** Where the buckets `ProcessingJob` creates write their server access logs. @default - no server access logs */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** Key prefix of those server access logs. @default - the bucket's root */
  readonly serverAccessLogsPrefix?: string;
  /** Tags of every processing job, merged key by key (the job's own tags win). @default - none */
  readonly tags?: { [key: string]: string };
  /** Instance type of jobs that name none. @default ProcessingInstanceType.ML_M5_XLARGE */
  readonly instanceType?: ProcessingInstanceType;
  /** ML storage volume per instance (1–16384 GiB). @default 30 GiB */
  readonly volumeSize?: Size;
  /** `StoppingCondition.MaxRuntimeInSeconds` of jobs that set none (1 s – 9 days). @default - none: jobs without maxRuntime send no StoppingCondition (SageMaker stops them after 24 hours) */
  readonly maxRuntime?: Duration;
  /** Permissions boundary of every IAM role the library creates for jobs under the scope. @default - none */
  readonly permissionsBoundary?: iam.IManagedPolicy;
  /** Retention of the log groups the library creates (e.g. a job's state machine logs). @default - each construct's own default */
  readonly logRetention?: logs.RetentionDays;
}

/** The defaults added on each scope, in the order they were added. */
const registry = new WeakMap<IConstruct, ProcessingDefaultsProps[]>();
/** Counts additions to `registry`: what `resolveProcessingDefaults` kept is current while it is unchanged. */
let registryVersion = 0;
/** What a scope has when no defaults were added anywhere. */
const NO_DEFAULTS: ProcessingDefaultsProps = Object.freeze(mergeDefaults({}, {}));
/** The defaults in effect at each scope asked about, with the registry version they were merged at (a job asks several times). */
const resolved = new WeakMap<IConstruct, { readonly version: number; readonly defaults: ProcessingDefaultsProps }>();

/**
 * Adds defaults on a scope. Checks them against the API limits and refuses when jobs already
 * exist under the scope (they were bound without these defaults, which would be silently lost).
 * @param jobPathsUnder the paths of jobs already bound under the scope
 */
export function addScopeDefaults(scope: IConstruct, defaults: ProcessingDefaultsProps, jobPathsUnder: string[]): void {
  const where = `ProcessingDefaults.of(${scope.node.path || '<app>'})`;
  if (jobPathsUnder.length > 0) {
    throw new Error(`${where}: processing jobs already exist under this scope (${jobPathsUnder.join(', ')}); ` +
      'defaults apply when a job is created, so add them before creating the jobs');
  }
  checkDefaults(where, defaults);
  registry.set(scope, [...(registry.get(scope) ?? []), defaults]);
  registryVersion++;
}

/** The defaults added on exactly this scope, merged in the order they were added. */
export function ownScopeDefaults(scope: IConstruct): ProcessingDefaultsProps {
  return (registry.get(scope) ?? []).reduce(mergeDefaults, {});
}

/**
 * The defaults in effect at a scope: those of every enclosing scope, from the app down, the
 * nearer scope winning field by field. Tags merge key by key. The network fields (`vpc`,
 * `vpcSubnets`, `securityGroups`) go together: a nearer scope that names a VPC replaces the outer
 * VPC's subnets and security groups. For `ProcessingJob` and the run: read `bucketKmsKey`,
 * `serverAccessLogsBucket`, `logRetention` and `permissionsBoundary` here.
 */
export function resolveProcessingDefaults(scope: IConstruct): ProcessingDefaultsProps {
  // No defaults anywhere (most apps): the same empty defaults for every scope, without walking the tree.
  if (registryVersion === 0) return NO_DEFAULTS;
  const kept = resolved.get(scope);
  if (kept?.version === registryVersion) return kept.defaults;
  // Merging is associative: one fold over every scope's defaults, outer scopes first, each scope's in
  // the order they were added, is the same as merging each scope's first. Most scopes have none: the
  // fold skips them instead of merging an empty set per scope.
  const added = scope.node.scopes.flatMap((s) => registry.get(s) ?? []);
  const defaults = Object.freeze(added.reduce(mergeDefaults, mergeDefaults({}, {})));
  resolved.set(scope, { version: registryVersion, defaults });
  return defaults;
}

function mergeDefaults(outer: ProcessingDefaultsProps, inner: ProcessingDefaultsProps): ProcessingDefaultsProps {
  const network = inner.vpc
    ? { vpc: inner.vpc, vpcSubnets: inner.vpcSubnets, securityGroups: inner.securityGroups }
    : { vpc: outer.vpc, vpcSubnets: inner.vpcSubnets ?? outer.vpcSubnets, securityGroups: inner.securityGroups ?? outer.securityGroups };
  const tags = outer.tags || inner.tags ? { ...outer.tags, ...inner.tags } : undefined;
  return {
    ...network,
    enableNetworkIsolation: inner.enableNetworkIsolation ?? outer.enableNetworkIsolation,
    enableInterContainerTrafficEncryption: inner.enableInterContainerTrafficEncryption ?? outer.enableInterContainerTrafficEncryption,
    volumeKmsKey: inner.volumeKmsKey ?? outer.volumeKmsKey,
    outputKmsKey: inner.outputKmsKey ?? outer.outputKmsKey,
    bucketKmsKey: inner.bucketKmsKey ?? outer.bucketKmsKey,
    serverAccessLogsBucket: inner.serverAccessLogsBucket ?? outer.serverAccessLogsBucket,
    serverAccessLogsPrefix: inner.serverAccessLogsPrefix ?? outer.serverAccessLogsPrefix,
    tags,
    instanceType: inner.instanceType ?? outer.instanceType,
    volumeSize: inner.volumeSize ?? outer.volumeSize,
    maxRuntime: inner.maxRuntime ?? outer.maxRuntime,
    permissionsBoundary: inner.permissionsBoundary ?? outer.permissionsBoundary,
    logRetention: inner.logRetention ?? outer.logRetention,
  };
}

/** Checks defaults with the validation kit's rules for the same request fields; throws naming `where`. */
function checkDefaults(where: string, d: ProcessingDefaultsProps): void {
  const v = new Checks(where);
  if (!d.vpc && d.vpcSubnets) v.add(`vpcSubnets is given without vpc; subnets are chosen in a VPC (${FIELD.subnets})`);
  if (!d.vpc && d.securityGroups) v.add(`securityGroups is given without vpc; security groups belong to a VPC (${FIELD.securityGroups})`);
  v.count('securityGroups', FIELD.securityGroups, d.securityGroups, LIMITS.securityGroups);
  // Converted and ranged as a job's own props are (the binder, then the spec's checks): one value, one message.
  v.integer('maxRuntime', FIELD.maxRuntime, v.duration('maxRuntime', FIELD.maxRuntime, d.maxRuntime, 'seconds'), LIMITS.maxRuntimeInSeconds, ' seconds');
  v.integer('volumeSize', FIELD.volumeSize, v.gibibytes('volumeSize', FIELD.volumeSize, d.volumeSize), LIMITS.volumeSizeInGb, ' GiB');
  v.tags(d.tags, FIELD.tags);
  v.throwIfAny();
}
