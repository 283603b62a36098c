import { Annotations, CustomResource, Duration, Lazy, Stack, TagManager, Token, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Checks, tagProblems } from '../api/checks';
import { checkJobNamePrefix, sanitizeJobNamePrefix } from '../api/naming';
import { renderProcessingJobRequest } from '../api/render';
import { isDynamic } from '../api/tokens';
import { registerProcessingJobInspection } from '../definition/inspection';
import { applyRunValues, RUN_ID_VARIABLE, RunJob, SCHEDULED_TIME_VARIABLE, withoutRunName } from '../definition/run-values';
import { bindProcessingJobDefinition, ProcessingJobDefinitionProps } from '../definition/processing-job-definition';
import { CFN_PROCESSING_INSTANCE_TYPES, CFN_SCHEMA_SOURCE } from './cfn-instance-types';
import { cfnProcessingJobProps } from './cfn-request';
import { exportedRunValueProblems, WEAKLY_READ_RUN_VALUE_WARNING, weaklyReadRunValueWarnings } from './exported-run-values';
import { MAX_PROVIDER_WAIT, RunProvider } from './run-provider';
import { requireAssets } from '../staging/asset-support';

/** What the name resource sees of the run's name and scheduled time, which it gives (lib/api/run-name.ts). */
const RUN_NAME_PLACEHOLDER = '<run name>';
const SCHEDULED_TIME_PLACEHOLDER = '<time the run name is given>';

/** The longest a deployment waits for the job: the Provider framework's and CloudFormation's custom-resource limit of 1 hour. */
export const MAX_RUN_TIMEOUT = MAX_PROVIDER_WAIT;
const MIN_RUN_TIMEOUT = Duration.minutes(1);
/**
 * The longest the completion handler waits, from the job's creation: two polls short of CloudFormation's 1-hour
 * custom-resource limit (src/run-handler/index.ts LONGEST_WAIT_SECONDS, which the handler's bundle cannot import from here).
 */
const LONGEST_RUN_WAIT_SECONDS = 3600 - 2 * 30;

/** Props of a deploy-time run. */
export interface ProcessingJobRunProps extends ProcessingJobDefinitionProps {
  /**
   * A value that makes the job run again when it changes (e.g. `'2026-11-24-backfill'`), even
   * when the job definition is the same. @default - the job runs again only when its rendered request changes
   */
  readonly runId?: string;
  /**
   * How long the deployment waits for the job to end (1 minute – 1 hour); past it the deployment
   * fails and rolls back, which stops the job. The wait ends 59 minutes after the job was created at
   * the latest, before CloudFormation's 1-hour limit for a custom resource. @default Duration.hours(1)
   */
  readonly timeout?: Duration;
  /**
   * The prefix of the job's names (1–38 characters, `[a-zA-Z0-9-]`); each run is named
   * `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`. @default - the construct id, cleaned and cut to 38 characters
   */
  readonly jobNamePrefix?: string;
}

/**
 * Runs a processing job while `cdk deploy` runs, waits for it, and fails the deployment with the
 * job's FailureReason when it fails.
 *
 * The job is CloudFormation's native `AWS::SageMaker::ProcessingJob`: all its properties
 * replace, so a changed request runs a new job and an unchanged one runs none, and deleting the
 * resource (stack deletion, rollback, replacement) stops a running job. Two small custom
 * resources add what it lacks: a fresh name per run under the prefix (so rollbacks never meet a
 * name that exists, IAM can be scoped to the prefix and `runId` can force a new run), and the
 * wait for completion with a timeout.
 *
 * Like every run of a `ProcessingJob`, the container gets the environment variables
 * `PROCESSING_RUN_ID` (here the job name) and `PROCESSING_SCHEDULED_TIME` (the time, to the
 * second, the run was named during the deployment; ISO 8601, UTC).
 */
export class ProcessingJobRun extends Construct {
  /**
   * The job's name, `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`: new with every run, so use it in this
   * stack (an export to another stack would have to change at the next run, which CloudFormation
   * refuses while it is imported: an error at synth; a weak reference, `Fn::GetStackOutput`, keeps
   * an earlier run's value in the other stack: a warning; docs/deploy-time-run.md).
   */
  public readonly jobName: string;
  /** The job's ARN: new with every run, like `jobName` (use it in this stack). */
  public readonly jobArn: string;
  /** The prefix of the job's names. */
  public readonly jobNamePrefix: string;
  /** The role the job runs as. */
  public readonly role: iam.IRole;
  /** The native job resource. */
  public readonly resource: sagemaker.CfnProcessingJob;
  /** The custom resource that completes when the job has completed; depend on it to use the job's results. */
  public readonly completion: CustomResource;

  private readonly outputUris: { [name: string]: string } = {};

  constructor(scope: Construct, id: string, props: ProcessingJobRunProps) {
    super(scope, id);
    const timeout = props.timeout ?? MAX_RUN_TIMEOUT;
    // A deploy-time timeout is taken in seconds only (aws-cdk-lib converts a token from the unit it was given in).
    const conversion = new Checks(this.node.path);
    conversion.duration('timeout', "the completion handler's TimeoutSeconds", timeout, 'seconds');
    conversion.throwIfAny();
    if (!Token.isUnresolved(timeout.toSeconds()) &&
      (timeout.toSeconds() < MIN_RUN_TIMEOUT.toSeconds() || timeout.toSeconds() > MAX_RUN_TIMEOUT.toSeconds())) {
      throw new Error(`${this.node.path}: timeout ${timeout.toHumanString()} is out of range 1 minute – 1 hour ` +
        '(the Provider framework waits at most 1 hour for a custom resource)');
    }
    if (props.jobNamePrefix !== undefined) {
      const problem = checkJobNamePrefix(props.jobNamePrefix);
      if (problem) throw new Error(`${this.node.path}: ${problem}`);
    }
    if (props.instancePreferences) {
      throw new Error(`${this.node.path}: instancePreferences is not supported by AWS::SageMaker::ProcessingJob ` +
        '(its ClusterConfig takes one InstanceType); give instanceType');
    }
    this.jobNamePrefix = props.jobNamePrefix ?? sanitizeJobNamePrefix(id);

    requireAssets(this, 'the deploy-time run\'s Lambda handler (its code)', 'run the job from a stack with the DefaultStackSynthesizer (cdk bootstrap), or use a ProcessingJob and start it');
    const provider = RunProvider.of(this);
    provider.useDefaultsOf(this);
    provider.grant(this.jobNamePrefix);

    // Bound with the prefix standing in for the name (it passes the name checks); the real name is set below.
    const bound = bindProcessingJobDefinition(this, props, this.jobNamePrefix, {
      runVariables: [RUN_ID_VARIABLE, SCHEDULED_TIME_VARIABLE],
      runTimeLanguage: 'none',
      runTimeHint: 'a deploy-time run takes values known at deploy time (CloudFormation references are fine)',
    });
    checkCloudFormationInstanceType(this.node.path, bound.spec.instanceType);
    const request = renderProcessingJobRequest(bound.spec);
    // The run's values, applied as on every run path: no overrides and no partitions (a deploy-time run is its own
    // definition), the identity variables of the container: the job name as run id, the time the name was given as scheduled time.
    const job: RunJob = { path: this.node.path, partitioning: 'none', inputs: [], outputs: [] };
    const runRequest = (jobName: string, scheduledTime: string) =>
      applyRunValues(request, job, { jobName, runId: jobName, scheduledTime, overrides: {} });

    // The name resource sees the whole request of the run, its identity as placeholders: when any resolved value
    // changes, a new name (a new run) is picked. That includes the tags `Tags.of(scope)` (or a stack's `tags`) adds to
    // the job after this: every property of AWS::SageMaker::ProcessingJob, `Tags` too, replaces the job ("createOnlyProperties"
    // of its resource schema, @aws-cdk/aws-service-spec), and CloudFormation refuses to replace a resource whose custom name
    // stays ("CloudFormation cannot update a stack when a custom-named resource requires replacing"): a tag added to the app
    // later failed the run's stack's next deployment.
    const nameRequest = withoutRunName(runRequest(RUN_NAME_PLACEHOLDER, SCHEDULED_TIME_PLACEHOLDER));
    const name = new CustomResource(this, 'Name', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ProcessingJobRunName',
      properties: { Prefix: this.jobNamePrefix, RunId: props.runId ?? '', Request: Lazy.any({ produce: () => withTagsOf(this.resource, nameRequest) }) },
    });
    this.jobName = name.getAttString('JobName');

    const spec = { ...bound.spec, jobName: this.jobName };
    registerProcessingJobInspection(this, {
      kind: 'deploy-time-run', spec, imageSource: bound.imageSource, imageRepositoryArn: bound.imageRepositoryArn,
      // What CloudFormation tags the job with: the request's tags, and those `Tags.of(scope)` adds or removes.
      deployedTags: () => Object.fromEntries(deployedTagsOf(this.resource).map((t) => [t.key, t.value])),
    });
    this.role = bound.role;
    this.resource = new sagemaker.CfnProcessingJob(this, 'Resource', cfnProcessingJobProps(runRequest(this.jobName, name.getAttString('ScheduledTime'))));
    // The job starts only once its role has its policies (grants of inputs, outputs, image, keys).
    this.resource.node.addDependency(this.role);
    // Tags applied with Tags.of(scope) reach the resource after its props were checked (the Tags aspect runs
    // before validation): the tags CloudFormation gets pass the API's tag rules too.
    this.node.addValidation({ validate: () => tagProblems(TagManager.of(this.resource)?.tagValues() ?? {}, 'Tags').map((m) => `${this.node.path}: ${m}`) });
    this.jobArn = this.resource.attrProcessingJobArn;

    this.completion = new CustomResource(this, 'Completion', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ProcessingJobRunCompletion',
      // The handler fails the deployment once the job has run longer than this (the provider is shared by every timeout).
      properties: { JobName: this.jobName, JobArn: this.jobArn, TimeoutSeconds: timeout.toSeconds() },
    });
    // Every value of these resources is new with each run: exported to another stack, it would block the next run.
    const runValues = { jobName: name, jobArn: this.resource, completion: this.completion };
    this.node.addValidation({
      validate: () => {
        // A weak reference (Fn::GetStackOutput, what `cdk init` apps use) deploys, but the other stack keeps an earlier run's value.
        for (const warning of weaklyReadRunValueWarnings(this.node.path, runValues)) Annotations.of(this).addWarningV2(WEAKLY_READ_RUN_VALUE_WARNING, warning);
        return exportedRunValueProblems(this.node.path, runValues);
      },
    });

    for (const output of spec.outputs) {
      if (output.s3) this.outputUris[output.outputName] = output.s3.s3Uri;
    }
    const waits = Token.isUnresolved(timeout.toSeconds()) ? undefined : Math.min(timeout.toSeconds(), LONGEST_RUN_WAIT_SECONDS);
    if (spec.maxRuntimeInSeconds !== undefined && !Token.isUnresolved(spec.maxRuntimeInSeconds) && waits !== undefined && spec.maxRuntimeInSeconds >= waits) {
      const wait = waits < timeout.toSeconds()
        ? `${waits} seconds, the longest the deployment waits (timeout ${timeout.toSeconds()} seconds, but at most ${waits} after the job is created: ` +
          'CloudFormation gives a custom resource 1 hour)'
        : `timeout ${timeout.toSeconds()} seconds, the time the deployment waits`;
      Annotations.of(this).addWarningV2('cdk-sagemaker-processing:run-timeout',
        `${this.node.path}: maxRuntime ${spec.maxRuntimeInSeconds} seconds is not shorter than ${wait}: ` +
        'a run that uses its maxRuntime fails the deployment first; give a shorter maxRuntime or a longer timeout (StoppingCondition.MaxRuntimeInSeconds)');
    }
  }

  /** The S3 URI an output is uploaded to. */
  public outputS3Uri(outputName: string): string {
    const uri = this.outputUris[outputName];
    if (uri === undefined) {
      const known = Object.keys(this.outputUris);
      throw new Error(`${this.node.path}: no S3 output named '${outputName}' (S3 outputs: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    return uri;
  }
}

/**
 * CloudFormation's `AWS::SageMaker::ProcessingJob` takes only the instance types of its schema's
 * enum, which lags the API's (no ml.p3, ml.p5.4xlarge, ml.g7e, …): another type fails `cdk deploy`.
 */
function checkCloudFormationInstanceType(path: string, instanceType: string | undefined): void {
  if (instanceType === undefined || isDynamic(instanceType) || CFN_PROCESSING_INSTANCE_TYPES.includes(instanceType)) return;
  throw new Error(`${path}: instanceType '${instanceType}' is not one of the ${CFN_PROCESSING_INSTANCE_TYPES.length} instance types CloudFormation's ` +
    `AWS::SageMaker::ProcessingJob accepts (ProcessingResources.ClusterConfig.InstanceType, enum of its resource schema in ${CFN_SCHEMA_SOURCE}), ` +
    'so the deployment would fail; pick one of those, or run the job with a ProcessingJob (the API takes every processing instance type)');
}

/**
 * The tags `resource` is deployed with: its own (the request's), merged by its tag manager with those `Tags.of(scope)` or a
 * stack's `tags` add or remove (aws-cdk-lib's Tags aspect reaches the resource after it was created). In the L1's shape
 * (`key`, `value`), which aws-cdk-lib writes as CloudFormation's (`Key`, `Value`).
 */
function deployedTagsOf(resource: sagemaker.CfnProcessingJob): Array<{ key: string; value: string }> {
  return TagManager.of(resource)?.renderTags(resource.tags) ?? [];
}

/**
 * `request` with the tags `resource` is deployed with, when they are not the request's own; the request as it is otherwise,
 * so a run without such tags keeps its name resource unchanged.
 */
function withTagsOf(resource: sagemaker.CfnProcessingJob, request: { [key: string]: unknown }): object {
  const deployed = (Stack.of(resource).resolve(deployedTagsOf(resource)) as Array<{ key: string; value: string }>).map((t) => ({ Key: t.key, Value: t.value }));
  const key = (tags: Array<{ Key: string; Value: string }>) => JSON.stringify(tags.map((t) => [t.Key, t.Value]).sort());
  const own = Stack.of(resource).resolve(request.Tags) ?? [];
  return key(deployed) === key(own) ? request : { ...request, Tags: deployed };
}
