import { Duration, IResource, Size, Stack, Token, Tokenization, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Checks, warnOn } from '../api/checks';
import { FIELD } from '../api/limits';
import { checkRunTimeValues, RunTimeLanguage } from '../api/run-time-values';
import { ProcessingInstanceType } from '../api/processing-instance-type';
import { ProcessingJobStorage } from '../api/bind';
import { ExperimentConfig, ProcessingJobSpec } from '../api/spec';
import { checkProcessingJobSpec } from '../api/validate';
import { EC2_GROUP_DESCRIPTION, fitDescription, IAM_ROLE_DESCRIPTION } from '../cfn/descriptions';
import { ProcessingCode } from '../code/processing-code';
import { grantKeyForS3Writes, grantVolumeKey } from '../iam/kms-permissions';
import { knownAndDifferent } from '../iam/environment';
import { jobRoleBaseStatements } from '../iam/job-role-base';
import { grantRegistryLogin } from '../iam/registry-login';
import { grantJobNetwork } from '../iam/network-permissions';
import { ProcessingImage, ProcessingImageSource } from '../image/processing-image';
import { ProcessingInput } from '../io/processing-input';
import { ProcessingOutput } from '../io/processing-output';
import { Processor } from '../processors/processor';
import { warnIsolatedSubnetsWithoutS3 } from './vpc-s3-access';
import { warnSecretLikeEnvironment } from './environment-secrets';
import { resolveProcessingDefaults } from './scope-defaults';

/** The default instance type: 4 vCPU, 16 GiB, the SageMaker Python SDK examples' choice. */
export const DEFAULT_INSTANCE_TYPE = ProcessingInstanceType.ML_M5_XLARGE;
/** The default volume: 30 GiB, as the SageMaker Python SDK's `volume_size_in_gb`. */
export const DEFAULT_VOLUME_SIZE = Size.gibibytes(30);

/** An entry of a prioritized instance type list (`ClusterConfig.InstancePreferences`). */
export interface ProcessingInstancePreference {
  /** The instance type. */
  readonly instanceType: ProcessingInstanceType;
  /** Instances of this type; set on all preferences or none. @default - the job's instanceCount */
  readonly instanceCount?: number;
}

/**
 * Everything a processing job runs with: what runs, on what, with which data, where, as whom.
 * Shared by the Step Functions task, the `ProcessingJob` construct and the deploy-time run.
 */
export interface ProcessingJobDefinitionProps {
  /** What runs: an SDK-style processor. Give this or `image`. @default - `Processor.fromImage(image, entrypoint)` */
  readonly processor?: Processor;
  /** The container image, when no processor is given. @default - the processor's image */
  readonly image?: ProcessingImage;
  /** `AppSpecification.ContainerEntrypoint`, with `image`. @default - the image's entrypoint */
  readonly entrypoint?: string[];
  /** The script or source folder the processor runs. @default - no code */
  readonly code?: ProcessingCode;
  /**
   * `AppSpecification.ContainerArguments`, after the processor's own. Items may be JSONPath or
   * JSONata values; a whole list from the execution: `sfn.JsonPath.listAt('$.args')` or
   * `Token.asList('{% $states.input.args %}')`. @default - none
   */
  readonly arguments?: string[];
  /** Environment variables (values may be JSONPath/JSONata). @default - none */
  readonly environment?: { [key: string]: string };
  /** `ProcessingInputs`: at most 10 with the processor's. @default - none */
  readonly processingInputs?: ProcessingInput[];
  /** `ProcessingOutputConfig.Outputs`: at most 10 with the processor's. @default - none */
  readonly processingOutputs?: ProcessingOutput[];
  /** KMS key for all outputs; the job role may use it. @default - S3's default encryption */
  readonly outputKmsKey?: kms.IKey;
  /** The instance type. @default ProcessingInstanceType.ML_M5_XLARGE (unless instancePreferences is given) */
  readonly instanceType?: ProcessingInstanceType;
  /** Instance types in priority order, tried for capacity; excludes `instanceType`. @default - one instanceType */
  readonly instancePreferences?: ProcessingInstancePreference[];
  /** Instances (1–100); may be `sfn.JsonPath.numberAt(...)`. @default 1 */
  readonly instanceCount?: number;
  /** ML storage volume per instance (1–16384 GiB). @default 30 GiB */
  readonly volumeSize?: Size;
  /** KMS key for the storage volume; the job role may create grants on it. @default - AWS-managed encryption */
  readonly volumeKmsKey?: kms.IKey;
  /**
   * `StoppingCondition.MaxRuntimeInSeconds` (1 s – 9 days).
   * @default - no StoppingCondition, as the SageMaker Python SDK sends none: SageMaker stops the job
   * after 24 hours (the SDK's `max_runtime_in_seconds` docs); a scope's `ProcessingDefaults` may set a shorter one
   */
  readonly maxRuntime?: Duration;
  /** The VPC the job runs in. @default - no VPC (SageMaker's network) */
  readonly vpc?: ec2.IVpc;
  /** Subnets in `vpc`. @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Security groups (1–5) in `vpc`. @default - one security group is created when a VPC is given */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Cut the container off the network. @default false */
  readonly enableNetworkIsolation?: boolean;
  /** Encrypt traffic between instances of the job. @default false */
  readonly enableInterContainerTrafficEncryption?: boolean;
  /**
   * The role SageMaker runs the job as. @default - a role for sagemaker.amazonaws.com with what the
   * job needs: read of its inputs and code, write of its outputs, its logs and metrics, pull of its image, use of its KMS keys
   */
  readonly role?: iam.IRole;
  /** SageMaker Experiments association. @default - none */
  readonly experimentConfig?: ExperimentConfig;
  /** Tags of the processing job (≤ 50). @default - none */
  readonly tags?: { [key: string]: string };
}

/** @internal how a definition is bound */
export interface BindDefinitionOptions {
  /** The job's own storage, for outputs written to the job's bucket. @default - none */
  readonly jobStorage?: ProcessingJobStorage;
  /**
   * Where the definition's values are evaluated (`JSONPath` or `JSONata` state; `none`: no state
   * evaluates them); a run-time value of another language is refused. @default - not checked
   */
  readonly runTimeLanguage?: RunTimeLanguage;
  /** What the message about such a value advises. @default - give it in the language of the state */
  readonly runTimeHint?: string;
  /** Environment variables the caller adds to every run (they count toward the API's 100). @default - none */
  readonly runVariables?: string[];
  /** The created role may already log in to ECR (`ecr:GetAuthorizationToken`, e.g. through a shared managed policy). @default false */
  readonly registryLoginGranted?: boolean;
  /** Creates the job role when the props give none. @default - a role under the scope (`JobRole`) with the base statements */
  readonly createRole?: () => iam.IRole;
}

/** @internal the result of binding a definition to a scope */
export interface BoundProcessingJob {
  readonly spec: ProcessingJobSpec;
  readonly role: iam.IRole;
  readonly imageSource: ProcessingImageSource;
  readonly imageRepositoryArn?: string;
  readonly securityGroups: ec2.ISecurityGroup[];
}

/**
 * Binds every part of a definition (processor or image, code, inputs, outputs, keys, VPC),
 * creating the job role when none is given, and validates the spec against the API limits.
 * The `ProcessingDefaults` of the enclosing scopes fill what the props leave out.
 * @internal
 */
export function bindProcessingJobDefinition(scope: Construct, ownProps: ProcessingJobDefinitionProps, jobName: string,
  options: BindDefinitionOptions = {}): BoundProcessingJob {
  const path = scope.node.path;
  // Maps merged by key (with the processor's environment, the scope's default tags) must be maps at synth; their values may be deploy-time.
  for (const [prop, field] of [['environment', 'Environment'], ['tags', 'Tags']] as const) {
    if (ownProps[prop] !== undefined && Tokenization.isResolvable(ownProps[prop])) {
      throw new Error(`${path}: ${prop} is one value known only at deploy or run time, but it is merged key by key at synth; ` +
        `give a map whose keys are known at synth (its values may be deploy-time or run-time values) (${field})`);
    }
  }
  const props = withScopeDefaults(scope, ownProps);
  if (props.processor && (props.image || props.entrypoint)) {
    throw new Error(`${path}: give either processor, or image with entrypoint, not both (AppSpecification)`);
  }
  if (!props.processor && !props.image) {
    throw new Error(`${path}: a processor or an image is required (AppSpecification.ImageUri)`);
  }
  if (props.vpcSubnets && !props.vpc) throw new Error(`${path}: vpcSubnets is given without vpc (NetworkConfig.VpcConfig)`);
  if (props.securityGroups && !props.vpc) throw new Error(`${path}: securityGroups is given without vpc (NetworkConfig.VpcConfig)`);

  const role = props.role ?? (options.createRole ? options.createRole() : createJobRole(scope));
  const grantee = role;
  const processor = props.processor ?? Processor.fromImage(props.image!, props.entrypoint);
  const jobStorage = options.jobStorage;
  const instanceType = props.instancePreferences ? props.instanceType?.name : (props.instanceType ?? DEFAULT_INSTANCE_TYPE).name;
  // A managed image with CPU and GPU variants picks by these (the SDK's image_uris.retrieve(instance_type=...)).
  const instanceTypes = props.instancePreferences ? props.instancePreferences.map((p) => p.instanceType.name) : [instanceType!];
  const bound = processor.bind(scope, { grantee, jobStorage, instanceTypes, code: props.code, jobOutputCount: props.processingOutputs?.length ?? 0 });
  if (bound.needsNetwork && props.enableNetworkIsolation === true) {
    warnOn(scope, 'network-isolation-needs-network', `${path}: ${bound.needsNetwork}, but enableNetworkIsolation is true: the container has no network ` +
      'and the install fails (unless the packages are in the image already); remove requirements.txt or the isolation (NetworkConfig.EnableNetworkIsolation)');
  }
  // An image in ECR (every source but a registry URI outside ECR) needs the registry login.
  const inEcr = bound.image.source !== ProcessingImageSource.REGISTRY || bound.image.repositoryArn !== undefined;
  if (inEcr && !(options.registryLoginGranted && !props.role)) grantRegistryLogin(grantee);

  const inputs = [...(props.processingInputs ?? []).map((i) => i.bind(scope, { grantee, jobStorage })), ...(bound.inputs ?? [])];
  const outputs = [...(props.processingOutputs ?? []).map((o) => o.bind(scope, { grantee, jobStorage })), ...(bound.outputs ?? [])];

  checkKeyRegion(scope, 'volumeKmsKey', props.volumeKmsKey, 'ProcessingResources.ClusterConfig.VolumeKmsKeyId');
  if (outputs.length > 0) checkKeyRegion(scope, 'outputKmsKey', props.outputKmsKey, 'ProcessingOutputConfig.KmsKeyId');
  // The output key is rendered only when the job has outputs; grant it only then.
  if (outputs.length > 0 && props.outputKmsKey) grantKeyForS3Writes(grantee, props.outputKmsKey);
  if (props.volumeKmsKey) grantVolumeKey(grantee, props.volumeKmsKey);

  const network = bindNetwork(scope, props, grantee);
  if (network && props.vpc) {
    const usesS3 = inputs.some((i) => i.s3 || i.datasetDefinition) || outputs.some((o) => o.s3);
    warnIsolatedSubnetsWithoutS3(scope, props.vpc, network.subnetIds, usesS3);
  }
  const args = mergeArguments(path, bound.arguments, props.arguments);
  const environment = { ...(bound.environment ?? {}), ...(props.environment ?? {}) };
  warnSecretLikeEnvironment(scope, props.environment);

  const conversions = new Checks(path);
  const volumeSizeInGb = conversions.gibibytes('volumeSize', FIELD.volumeSize, props.volumeSize ?? DEFAULT_VOLUME_SIZE);
  // No StoppingCondition unless given, as the SDK (Processor(max_runtime_in_seconds=None)): SageMaker's own limit applies.
  const maxRuntimeInSeconds = conversions.duration('maxRuntime', FIELD.maxRuntime, props.maxRuntime, 'seconds');
  conversions.throwIfAny();

  const spec: ProcessingJobSpec = {
    jobName,
    roleArn: role.roleArn,
    imageUri: bound.image.imageUri,
    entrypoint: bound.entrypoint,
    arguments: args,
    environment: Object.keys(environment).length > 0 ? environment : undefined,
    instanceType,
    instancePreferences: props.instancePreferences?.map((p) => ({ instanceType: p.instanceType.name, instanceCount: p.instanceCount })),
    instanceCount: props.instancePreferences?.some((p) => p.instanceCount !== undefined) ? props.instanceCount : (props.instanceCount ?? 1),
    volumeSizeInGb: volumeSizeInGb!,
    volumeKmsKeyId: props.volumeKmsKey?.keyArn,
    inputs,
    outputs,
    outputKmsKeyId: outputs.length > 0 ? props.outputKmsKey?.keyArn : undefined,
    maxRuntimeInSeconds,
    enableInterContainerTrafficEncryption: props.enableInterContainerTrafficEncryption,
    enableNetworkIsolation: props.enableNetworkIsolation,
    securityGroupIds: network?.securityGroups.map((sg) => sg.securityGroupId),
    subnetIds: network?.subnetIds,
    experimentConfig: props.experimentConfig,
    tags: props.tags,
    imageFit: bound.image.instanceFit,
  };
  if (options.runTimeLanguage !== undefined) {
    const v = new Checks(path);
    checkRunTimeValues(v, spec, options.runTimeLanguage, options.runTimeHint ?? `give it as a ${options.runTimeLanguage} value`);
    v.throwIfAny();
  }
  checkProcessingJobSpec(path, spec, { on: scope, runVariables: options.runVariables });
  return { spec, role, imageSource: bound.image.source, imageRepositoryArn: bound.image.repositoryArn, securityGroups: network?.securityGroups ?? [] };
}

/**
 * The props with the scope's `ProcessingDefaults` filled in: an explicit prop always wins; the
 * network fields go together (a job naming its own `vpc` takes none of the default VPC's subnets
 * or security groups); tags merge key by key. A default permissions boundary is applied (as
 * `iam.PermissionsBoundary` does) to the roles created under `scope`, never to a role passed in.
 */
function withScopeDefaults(scope: Construct, props: ProcessingJobDefinitionProps): ProcessingJobDefinitionProps {
  const d = resolveProcessingDefaults(scope);
  if (d.permissionsBoundary) iam.PermissionsBoundary.of(scope).apply(d.permissionsBoundary);
  const network = props.vpc
    ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: props.securityGroups }
    : { vpc: d.vpc, vpcSubnets: props.vpcSubnets ?? (d.vpc ? d.vpcSubnets : undefined), securityGroups: props.securityGroups ?? (d.vpc ? d.securityGroups : undefined) };
  const tags = d.tags || props.tags ? { ...d.tags, ...props.tags } : undefined;
  return {
    ...props,
    ...network,
    enableNetworkIsolation: props.enableNetworkIsolation ?? d.enableNetworkIsolation,
    enableInterContainerTrafficEncryption: props.enableInterContainerTrafficEncryption ?? d.enableInterContainerTrafficEncryption,
    volumeKmsKey: props.volumeKmsKey ?? d.volumeKmsKey,
    outputKmsKey: props.outputKmsKey ?? d.outputKmsKey,
    instanceType: props.instanceType ?? (props.instancePreferences ? undefined : d.instanceType),
    volumeSize: props.volumeSize ?? d.volumeSize,
    maxRuntime: props.maxRuntime ?? d.maxRuntime,
    tags,
  };
}

function createJobRole(scope: Construct): iam.Role {
  const role = new iam.Role(scope, 'JobRole', {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    description: fitDescription(`SageMaker Processing job role of ${scope.node.path}`, IAM_ROLE_DESCRIPTION),
  });
  for (const statement of jobRoleBaseStatements(Stack.of(scope))) role.addToPrincipalPolicy(statement);
  return role;
}

function bindNetwork(scope: Construct, props: ProcessingJobDefinitionProps, grantee: iam.IGrantable):
{ securityGroups: ec2.ISecurityGroup[]; subnetIds: string[] } | undefined {
  if (!props.vpc) return undefined;
  checkNetworkRegion(scope, props.vpc, props.securityGroups ?? []);
  const noSubnets = (reason: string) => new Error(
    `${scope.node.path}: the VPC has no subnets matching vpcSubnets (${reason}); a job in a VPC needs 1–16 subnets (NetworkConfig.VpcConfig.Subnets)`);
  let selected: ec2.SelectedSubnets;
  try {
    selected = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  } catch (e) {
    throw noSubnets((e as Error).message);
  }
  if (selected.subnetIds.length === 0) throw noSubnets('the selection is empty');
  const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(scope, 'JobSecurityGroup', {
    vpc: props.vpc,
    description: fitDescription(`SageMaker Processing job ${scope.node.path}`, EC2_GROUP_DESCRIPTION),
    allowAllOutbound: true,
  })];
  grantJobNetwork(grantee, { vpc: props.vpc, subnetIds: selected.subnetIds, securityGroupIds: securityGroups.map((sg) => sg.securityGroupId) });
  return { securityGroups, subnetIds: selected.subnetIds };
}

/** The processor's arguments, then the job's; a whole-list token from the execution is kept whole. */
function mergeArguments(path: string, fromProcessor: string[] | undefined, fromJob: string[] | undefined): string[] | undefined {
  if (fromJob && Token.isUnresolved(fromJob)) {
    if (fromProcessor && fromProcessor.length > 0) {
      throw new Error(`${path}: arguments is a whole list from the execution, but the processor adds its own arguments (${fromProcessor.join(' ')}); ` +
        'give the run-time values as single items instead (AppSpecification.ContainerArguments)');
    }
    return fromJob;
  }
  const all = [...(fromProcessor ?? []), ...(fromJob ?? [])];
  return all.length > 0 ? all : undefined;
}

/**
 * Refuses a KMS key of another Region than the job's stack (a key of a stack with another
 * `env.region`): a KMS key is used in the Region it is in, and SageMaker (the volumes) and S3
 * (the outputs) call KMS in the job's Region (AWS KMS Developer Guide, "Multi-Region keys": keys
 * are Regional, a multi-Region key has a replica, its own key ARN, in each Region).
 */
function checkKeyRegion(scope: Construct, field: string, key: kms.IKey | undefined, apiField: string): void {
  if (key === undefined) return;
  const keyRegion = key.env.region;
  const jobRegion = Stack.of(scope).region;
  if (!knownAndDifferent(keyRegion, jobRegion)) return;
  throw new Error(`${scope.node.path}: ${field} ${key.node.path} is a KMS key of Region ${keyRegion}, but the job runs in ${jobRegion}; ` +
    `KMS keys are Regional: give a key of ${jobRegion} (a multi-Region key's replica there) (${apiField})`);
}

/**
 * Refuses a VPC or security group of another Region than the job's stack (one of a stack with
 * another `env.region`, shared with `crossRegionReferences`): a VPC, its subnets and its security
 * groups exist in one Region (Amazon VPC User Guide, "How Amazon VPC works": a VPC spans the
 * Availability Zones of its Region), and SageMaker attaches the job's network interfaces in the
 * job's Region.
 */
function checkNetworkRegion(scope: Construct, vpc: ec2.IVpc, securityGroups: ec2.ISecurityGroup[]): void {
  const jobRegion = Stack.of(scope).region;
  const resources: Array<[string, IResource]> = [['vpc', vpc], ...securityGroups.map((sg, i): [string, IResource] => [`securityGroups[${i}]`, sg])];
  for (const [field, resource] of resources) {
    if (!knownAndDifferent(resource.env.region, jobRegion)) continue;
    throw new Error(`${scope.node.path}: ${field} ${resource.node.path} is in Region ${resource.env.region}, but the job runs in ${jobRegion}; ` +
      `VPCs, subnets and security groups are Regional: give ones of ${jobRegion} (NetworkConfig.VpcConfig)`);
  }
}
