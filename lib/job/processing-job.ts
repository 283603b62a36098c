import { CfnResource, Stack, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_iam as iam, aws_s3 as s3, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { Checks } from '../api/checks';
import { checkJobNamePrefix, jsonPathRunName, MAX_JOB_NAME_PREFIX_LENGTH, sanitizeJobNamePrefix } from '../api/naming';
import { checkProcessingJobSpec } from '../api/validate';
import { processingJobStatements } from '../iam/processing-job-permissions';
import { grantS3Uri } from '../io/s3-location';
import { JobSchedule } from '../schedule/job-schedule';
import { JobRunOverrides } from '../definition/job-run-overrides';
import { JobRunTarget } from '../schedule/job-run-target';
import { JobTrigger } from '../schedule/job-trigger';
import { warnSecretLikeEnvironment } from '../definition/environment-secrets';
import { addProcessingJobVariant, ProcessingJobVariantKind, registerProcessingJobInspection } from '../definition/inspection';
import { bindProcessingJobDefinition, ProcessingJobDefinitionProps } from '../definition/processing-job-definition';
import { ProcessingJobSpecTask } from '../task/processing-job-spec-task';
import { processingJobTaskPolicies } from '../task/task-rendering';
import { InlinePolicyRole } from './inline-policy-role';
import { checkPrefixAgainstOthers } from './job-prefixes';
import { checkOwnRunnerProps, checkStepEnvironment, checkStepOnlyProps } from './job-placement';
import { createFailureAlarm } from './failure-alarm';
import { createJobBucket, recordJobBucketWriter } from './job-bucket';
import { checkTemplateSize } from './template-size';
import { deadLetterGrant } from './role-seat-sizes';
import { StandaloneRunners } from './standalone-runners';
import { jobMetadata } from './job-metadata';
import { OutputPartitioning, OverlapPolicy } from './options';
import { ProcessingJobRunner, ProcessingJobRunnerOptions } from './processing-job-runner';
import { RUNNER_OPTION_KEYS } from './runner-job';
import { JobRunTemplate, RUN_ID_VARIABLE, SCHEDULED_TIME_VARIABLE } from './run-template';

/**
 * Props of a deployed processing job: what runs (the task's definition props), when it runs, and
 * (without a shared `runner`) how its own runner handles its runs.
 */
export interface ProcessingJobProps extends ProcessingJobDefinitionProps, ProcessingJobRunnerOptions {
  /**
   * The runner (state machine) shared with other jobs. @default - the job gets a runner of its
   * own (a Standard state machine, its role and its log group)
   */
  readonly runner?: ProcessingJobRunner;
  /**
   * The prefix of the job's names; in a shared runner it follows the runner's prefix
   * (`<runner prefix>-<this>`). Each run is named `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`.
   * @default - the construct id, cleaned
   */
  readonly jobNamePrefix?: string;
  /** When the job runs. @default - no schedule (add some with `addSchedule`) */
  readonly schedule?: JobSchedule;
  /** Events that start the job. @default - none (add some with `addTrigger`) */
  readonly triggers?: JobTrigger[];
  /** Where the S3 outputs of each run are written. @default OutputPartitioning.NONE */
  readonly outputPartitioning?: OutputPartitioning;
  /** What a run does while another run of the job is in progress. @default OverlapPolicy.ALLOW */
  readonly overlap?: OverlapPolicy;
  /** The bucket of outputs declared with `ProcessingOutput.toJobBucket`. @default - the runner's (created when needed) */
  readonly bucket?: s3.IBucket;
  /**
   * The job runs only as steps of other state machines (`asStep`): it gets no runner of its own
   * (no state machine, runner role or log group) and no discovery metadata, so it cannot be
   * scheduled, triggered, alarmed on or started by the `run` command. Outputs declared with
   * `ProcessingOutput.toJobBucket` go to `bucket`, else to a bucket the job creates.
   * @default false - the job gets a runner of its own, unless `runner` is given
   */
  readonly stepOnly?: boolean;
}

/** Props of a step that runs the job inside a larger state machine. */
export interface ProcessingJobStepProps extends sfn.TaskStateJsonPathBaseProps {
  /** Values of this step's runs (plain or JSONPath, e.g. `sfn.JsonPath.stringAt('$.date')`). @default - the job's */
  readonly overrides?: JobRunOverrides;
}

/**
 * A SageMaker Processing job as deployed infrastructure: its role, the state machine that runs
 * it (its own, or a shared `ProcessingJobRunner`), its schedules and event triggers, unique run
 * names, per-run outputs, retries, failure notifications and metrics.
 *
 * A run is an execution of the runner; its input may override the job's values (docs/processing-job.md,
 * "Execution input"), and the run's id and scheduled time reach the container as
 * `PROCESSING_RUN_ID` and `PROCESSING_SCHEDULED_TIME`.
 */
export class ProcessingJob extends Construct implements iam.IGrantable, ec2.IConnectable {
  /** The role SageMaker runs the job as. */
  public readonly role: iam.IRole;
  /** Grants to the job (`bucket.grantRead(job)`) go to its role (into its inline policy when the job created it). */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The prefix of the job's names. */
  public readonly jobNamePrefix: string;
  /** The job's id in its runner (the `job` key of a shared runner's input). */
  public readonly jobId: string;
  /** The alarm on failed runs, when `failureAlarm` is set. */
  public readonly failureAlarm?: cloudwatch.Alarm;

  private readonly jobRunner?: ProcessingJobRunner;
  private readonly template: JobRunTemplate;
  private readonly hasTags: boolean;
  private readonly overlap?: OverlapPolicy;
  private readonly directGrantees = new Set<iam.IPrincipal>();
  /** Whether the job created its role (no `role` given). */
  private readonly roleCreated: boolean;
  private readonly securityGroups: ec2.ISecurityGroup[];
  private connectionsOf?: ec2.Connections;

  constructor(scope: Construct, id: string, props: ProcessingJobProps) {
    super(scope, id);
    checkOwnRunnerProps(this, props);
    checkStepOnlyProps(this, props);
    const shared = props.runner?.isShared ?? false;
    this.jobId = id;
    this.jobNamePrefix = this.namePrefix(props.jobNamePrefix, props.runner);
    // A job's own runner sizes its places in the stack's shared roles by the job's prefix and role.
    this.jobRunner = props.stepOnly ? undefined : props.runner ?? ProcessingJobRunner._dedicated(this, 'Runner', {
      ...Object.fromEntries(RUNNER_OPTION_KEYS.map((k) => [k, props[k]])),
      bucket: props.bucket,
    }, { jobNamePrefix: this.jobNamePrefix, role: props.role });
    checkPrefixAgainstOthers(this, this.jobNamePrefix, props.overlap === OverlapPolicy.SKIP);

    // The statements every job role needs are one managed policy, of the shared runner's or of the stack's, not repeated per job.
    this.roleCreated = props.role === undefined;
    const created = props.role ? undefined : new InlinePolicyRole(this, 'JobRole', {
      overflow: true,
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      path: shared ? this.runner.jobRolePath : undefined,
      managedPolicies: [shared ? this.runner._jobBasePolicy() : StandaloneRunners.of(this).jobPolicy()],
      // The ECR login and image pulls many jobs of a stack need alike are policies of the stack's.
      sharedPolicyOf: shared ? undefined : (statement) => StandaloneRunners.of(this).sharedPolicyOf(statement),
    });
    const needsStorage = (props.processingOutputs ?? []).some((o) => o.needsJobStorage);
    const jobBucket = () => props.bucket ?? this.jobRunner?._jobBucket() ?? createJobBucket(this, 'Bucket');
    // Each run writes its job-bucket outputs under `<job name>/output/`: every job name starts with `<prefix>-`.
    const jobStorage = needsStorage ? { bucket: jobBucket(), keyPrefix: `${this.jobNamePrefix}-` } : undefined;
    if (jobStorage) recordJobBucketWriter(this, jobStorage.bucket, this.jobNamePrefix);
    // Bound once, with the prefix standing in for the name (it passes the name checks); each run's name is set by the runner.
    const bound = bindProcessingJobDefinition(this, props, this.jobNamePrefix, {
      createRole: created ? () => created : undefined,
      jobStorage,
      registryLoginGranted: created !== undefined && shared,
      runVariables: [RUN_ID_VARIABLE, SCHEDULED_TIME_VARIABLE],
      runTimeLanguage: 'none',
      runTimeHint: 'give run values in the execution input, or in the overrides of a schedule, trigger or asStep',
    });
    this.role = bound.role;
    this.grantPrincipal = bound.role;
    this.securityGroups = bound.securityGroups;
    this.hasTags = bound.spec.tags !== undefined && Object.keys(bound.spec.tags).length > 0;
    registerProcessingJobInspection(this, { kind: 'job', spec: bound.spec, imageSource: bound.imageSource, imageRepositoryArn: bound.imageRepositoryArn });

    this.overlap = props.overlap;
    this.template = new JobRunTemplate(this.node.path, bound.spec,
      (props.processingInputs ?? []).map((i) => i.name), (props.processingOutputs ?? []).map((o) => o.name),
      props.outputPartitioning ?? OutputPartitioning.NONE, (props.processingOutputs ?? []).filter((o) => o.needsJobStorage).map((o) => o.name));
    // A job's own runner holds its request in the template; a shared runner's jobs are their roles (their grants), schedules and rules.
    const grants = (props.processingInputs ?? []).length + (props.processingOutputs ?? []).length;
    if (this.jobRunner) {
      checkTemplateSize(this, shared
        ? () => 800 * this.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length + 250 * grants
        : () => JSON.stringify(this.template.requestWithoutName()).length + 5_000);
    }
    this.jobRunner?._register({
      scope: this,
      path: this.node.path,
      jobId: this.jobId,
      jobNamePrefix: this.jobNamePrefix,
      role: this.role,
      roleUnderRunnerPath: created !== undefined && shared,
      hasTags: this.hasTags,
      skipWhenRunning: props.overlap === OverlapPolicy.SKIP,
      template: this.template,
    });

    // A shared runner's alarm is the runner's (its props), on the runs of all its jobs.
    if (props.failureAlarm && !shared) {
      this.failureAlarm = createFailureAlarm(this, 'FailureAlarm', this.stateMachine, `Runs of ${this.node.path} failed or timed out`, props.notificationTopic);
    }
    if (props.schedule) this.addSchedule('Schedule', props.schedule);
    (props.triggers ?? []).forEach((trigger, i) => this.addTrigger(`Trigger${i + 1}`, trigger));
    if (this.jobRunner) this.node.addMetadata(...jobMetadata(this, this.template, shared, () => this.runner._runGuards()));
  }

  /** The runner whose state machine runs the job. Throws for a `stepOnly` job, which has none. */
  public get runner(): ProcessingJobRunner {
    if (!this.jobRunner) {
      throw new Error(`${this.node.path}: the job has no runner (stepOnly: true): it runs only as steps of other state machines (asStep); ` +
        'leave stepOnly out to give it a runner (schedules, triggers, metrics, the run command)');
    }
    return this.jobRunner;
  }

  /**
   * The job's security groups, when it runs in a VPC (`job.connections.allowTo(database, port)`).
   * Made when first read.
   */
  public get connections(): ec2.Connections {
    this.connectionsOf ??= new ec2.Connections({ securityGroups: this.securityGroups });
    return this.connectionsOf;
  }

  /** The state machine that runs the job (the runner's). Throws for a `stepOnly` job, which has none. */
  public get stateMachine(): sfn.StateMachine {
    return this.runner.stateMachine;
  }

  /** Runs the job on a schedule. */
  public addSchedule(id: string, schedule: JobSchedule): void {
    this.bindStarter('schedule', id, (target) => schedule._bind(target, id));
  }

  /** Runs the job when an event happens. */
  public addTrigger(id: string, trigger: JobTrigger): void {
    this.bindStarter('trigger', id, (target) => trigger._bind(target, id));
  }

  /** Lets `grantee` start runs (`states:StartExecution` on the runner: in a shared runner, of every job). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /**
   * A task state that runs this job inside a larger state machine (with Glue, training,
   * transform or Lambda steps), without a second state machine: the job's request with the
   * given overrides, a fresh `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` name per execution, and
   * `.sync` (the state waits for the job; stopping the execution stops it), or with
   * `integrationPattern: REQUEST_RESPONSE` a state that returns once the job is created. The
   * step is a JSONPath state: a JSONata state machine cannot hold it.
   *
   * The step does not use the job's runner. A job created with `stepOnly: true` has none (no state
   * machine, role or log group of its own); otherwise it keeps its runner for schedules, triggers
   * and the `run` command, whether or not it is also used as a step.
   */
  public asStep(scope: Construct, id: string, props: ProcessingJobStepProps = {}): sfn.TaskStateBase {
    const overrides = props.overrides ?? {};
    const integrationPattern = props.integrationPattern ?? sfn.IntegrationPattern.RUN_JOB;
    checkStepEnvironment(this, scope, id);
    const step = new ProcessingJobSpecTask(scope, id, props, {
      request: this.template.requestForStep(jsonPathRunName(this.jobNamePrefix), overrides, `${scope.node.path}/${id}`),
      integrationPattern,
      policies: processingJobTaskPolicies(Stack.of(scope), {
        // The step names its job with jsonPathRunName: a run name, so the role reaches no job of a prefix this one starts.
        jobNamePrefix: this.jobNamePrefix, roleArns: [this.role.roleArn], addTags: this.hasTags, integrationPattern, runNamesOnly: true,
      }),
    });
    this.addVariant('step', step, overrides);
    return step;
  }

  /** Failed runs (executions of the job's own runner). */
  public metricFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownRunnerMetric('metricFailed').metricFailed(props);
  }

  /** Succeeded runs (executions of the job's own runner). */
  public metricSucceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownRunnerMetric('metricSucceeded').metricSucceeded(props);
  }

  /** Run duration, from start to end of the execution (the job's own runner). */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownRunnerMetric('metricDuration').metricTime(props);
  }

  /**
   * Binds a schedule or trigger, and records the overrides its runs get (what it passes to
   * `executionInput` or `directRequest`) as a variant of the job, on the resource it created.
   */
  private bindStarter(kind: 'schedule' | 'trigger', id: string, bind: (target: JobRunTarget) => IConstruct): void {
    const sent: JobRunOverrides[] = [];
    const resource = bind(this.runTarget(`${this.node.path}/${id}`, (overrides) => sent.push(overrides)));
    for (const overrides of sent) this.addVariant(kind, resource, overrides);
  }

  /**
   * The job as the runs of a schedule, trigger or step get it, for guardrails
   * (`ProcessingGuardrails` checks it on `construct`); and the secret-like warning for the
   * environment variables the overrides add.
   */
  private addVariant(kind: ProcessingJobVariantKind, construct: IConstruct, overrides: JobRunOverrides): void {
    warnSecretLikeEnvironment(construct, overrides.environment);
    // The runs read and write where the overrides say: the job role may, for the locations known at synth
    // (as for the job's own inputs and outputs); an event's or state's value is the caller's to grant.
    for (const [name, uri] of Object.entries(overrides.inputs ?? {})) grantS3Uri(this.role, uri, { read: true }, `${construct.node.path}: overrides.inputs.${name}`);
    for (const [name, uri] of Object.entries(overrides.outputs ?? {})) grantS3Uri(this.role, uri, { write: true }, `${construct.node.path}: overrides.outputs.${name}`);
    // The static overrides pass the checks of the job's props, through the same functions, on the construct that sends them.
    const checks = new Checks(construct.node.path);
    this.template.checkOverrides(checks, overrides, construct);
    checks.throwIfAny();
    const spec = this.template.specWithOverrides(overrides, construct.node.path);
    // A spec the job's own passed already (a schedule that overrides nothing but the scheduled time): the same checks, the same answer.
    if (!this.template.isBaseSpec(spec)) {
      checkProcessingJobSpec(construct.node.path, spec, { on: construct, runVariables: [RUN_ID_VARIABLE, SCHEDULED_TIME_VARIABLE] });
    }
    addProcessingJobVariant(this, { kind, construct, spec });
  }

  /**
   * The job as schedules and triggers see it; `sent` receives the overrides of every execution
   * input or direct request they render. `sender` is the path of the schedule or trigger (its
   * construct does not exist yet when it renders them): errors about its overrides name it.
   */
  private runTarget(sender: string, sent: (overrides: JobRunOverrides) => void): JobRunTarget {
    const shared = this.runner.isShared;
    const runner = this.runner;
    return {
      scope: this,
      jobId: this.jobId,
      jobNamePrefix: this.jobNamePrefix,
      skipWhenRunning: this.overlap === OverlapPolicy.SKIP,
      stateMachine: this.stateMachine,
      jobRole: this.role,
      get startRole() {
        return runner.startRole;
      },
      // Read when a rule is named: a job's own runner takes its place in a start role with its start role.
      get startRuleNamePrefix() {
        return runner.startRuleNamePrefix;
      },
      scheduleRole: (direct, deadLetterQueue) => runner._scheduleRole(direct, deadLetterQueue ? deadLetterGrant(Stack.of(this), deadLetterQueue) : {}),
      executionInput: (overrides) => {
        if (overrides.scheduledTime === undefined) throw new Error(`${sender}: a schedule's or trigger's input needs the run's scheduledTime`);
        const input = { ...(shared ? { job: this.jobId } : {}), ...this.template.overridesForm({ ...overrides, scheduledTime: overrides.scheduledTime }, sender) };
        sent(overrides);
        return input;
      },
      directRequest: (overrides, jobName) => {
        const request = this.template.directRequest(overrides, jobName, sender);
        sent(overrides);
        return request;
      },
      grantDirectRun: (grantee) => this.grantDirectRun(grantee),
      overridableInputs: this.template.runJob.inputs,
    };
  }

  private grantDirectRun(grantee: iam.IGrantable): void {
    if (this.directGrantees.has(grantee.grantPrincipal)) return;
    this.directGrantees.add(grantee.grantPrincipal);
    // Direct runs are named `<job prefix>-<schedule execution id>`: every name has the dash after the prefix.
    const shared = this.runner.isShared;
    const prefix = shared ? `${this.runner.jobNamePrefix}-` : `${this.jobNamePrefix}-`;
    // A shared runner's start role passes the roles its jobs create by the runner's path, as the runner role does: it does not
    // grow with them (each role's ARN listed would reach IAM's 10,240 characters of inline policy at about 60 direct jobs).
    const passRoleArns = [shared && this.roleCreated ? this.runner._jobRolesArn : this.role.roleArn];
    if (shared && !this.roleCreated) this.runner._countGivenRole(this.role, 'start');
    for (const statement of processingJobStatements(Stack.of(this), { jobNamePrefix: prefix, create: true, addTags: this.hasTags, passRoleArns })) {
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
    }
  }

  private namePrefix(given: string | undefined, runner: ProcessingJobRunner | undefined): string {
    const runnerPart = runner?.isShared ? `${runner.jobNamePrefix}-` : '';
    const own = given ?? sanitizeJobNamePrefix(this.node.id, MAX_JOB_NAME_PREFIX_LENGTH - runnerPart.length);
    const full = `${runnerPart}${own}`;
    const problem = checkJobNamePrefix(full);
    if (problem) {
      throw new Error(`${this.node.path}: ${problem}${runner?.isShared ? ` (in runner ${runner.node.path}, the prefix is '${runnerPart}' + jobNamePrefix)` : ''}`);
    }
    return full;
  }

  private ownRunnerMetric(method: string): sfn.StateMachine {
    if (this.runner.isShared) {
      throw new Error(`${this.node.path}: ${method}() measures the job's own state machine, and this job shares the runner ${this.runner.node.path}; ` +
        'use the runner\'s state machine metrics (runner.stateMachine.metricFailed()) for all of its jobs');
    }
    return this.stateMachine;
  }
}
