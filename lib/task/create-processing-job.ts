import { Stack, Token, Tokenization, aws_ec2 as ec2, aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CreateProcessingJobRequest } from '../api/api-request';
import { Checks } from '../api/checks';
import { checkJobNamePrefix, jsonataRunName, jsonPathRunName, sanitizeJobNamePrefix } from '../api/naming';
import { renderProcessingJobRequest } from '../api/render';
import { checkRunTimeValues } from '../api/run-time-values';
import { ProcessingJobSpec } from '../api/spec';
import { isDynamic, isJsonataExpression } from '../api/tokens';
import { ProcessingImageSource } from '../image/processing-image';
import { registerProcessingJobInspection } from '../definition/inspection';
import { checkIntegrationPattern, processingJobTaskPolicies, renderProcessingJobTask } from './task-rendering';
import { bindProcessingJobDefinition, ProcessingJobDefinitionProps } from '../definition/processing-job-definition';

/** How the task names each job, besides the definition. */
export interface SageMakerCreateProcessingJobOptions extends ProcessingJobDefinitionProps {
  /**
   * The job name: a fixed string (1–63 characters; every run then needs a new name, so this
   * suits `REQUEST_RESPONSE` tasks fed by the execution), or a JSONPath / JSONata value.
   * @default - a unique name per execution: `<jobNamePrefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` from the
   * execution's UTC start time and a random UUID, built in the state itself (no extra state)
   */
  readonly jobName?: string;
  /**
   * The prefix of the default job name (1–38 characters, `[a-zA-Z0-9-]`); the state machine role
   * may create jobs only under it. @default - the construct id, cleaned and cut to 38 characters
   */
  readonly jobNamePrefix?: string;
}

/** Props of a JSONPath SageMakerCreateProcessingJob state. */
export interface SageMakerCreateProcessingJobJsonPathProps extends sfn.TaskStateJsonPathBaseProps, SageMakerCreateProcessingJobOptions {}

/** Props of a JSONata SageMakerCreateProcessingJob state. */
export interface SageMakerCreateProcessingJobJsonataProps extends sfn.TaskStateJsonataBaseProps, SageMakerCreateProcessingJobOptions {}

/** Props of a SageMakerCreateProcessingJob state (either query language). */
export interface SageMakerCreateProcessingJobProps extends sfn.TaskStateBaseProps, SageMakerCreateProcessingJobOptions {}

/**
 * A Step Functions task that runs a SageMaker Processing job (`CreateProcessingJob`), with
 * the optimized integration: `RUN_JOB` (`.sync`, the default) waits for the job and stops it
 * when the execution is stopped; `REQUEST_RESPONSE` returns once the job is created.
 *
 * The state machine role gets exactly what the pattern needs (docs/task.md, "IAM").
 */
export class SageMakerCreateProcessingJob extends sfn.TaskStateBase implements iam.IGrantable, ec2.IConnectable {
  /** A JSONPath state. */
  public static jsonPath(scope: Construct, id: string, props: SageMakerCreateProcessingJobJsonPathProps): SageMakerCreateProcessingJob {
    return new SageMakerCreateProcessingJob(scope, id, props);
  }

  /** A JSONata state: values may be `{% ... %}` expressions. */
  public static jsonata(scope: Construct, id: string, props: SageMakerCreateProcessingJobJsonataProps): SageMakerCreateProcessingJob {
    return new SageMakerCreateProcessingJob(scope, id, { ...props, queryLanguage: sfn.QueryLanguage.JSONATA });
  }

  /** The role the processing job runs as. */
  public readonly role: iam.IRole;
  /** The job role, for grants to the job (`bucket.grantRead(task)`). */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The prefix of the names of the jobs this state creates, or undefined when the name is a run-time value. */
  public readonly jobNamePrefix?: string;

  protected readonly taskPolicies?: iam.PolicyStatement[];
  protected readonly taskMetrics?: sfn.TaskMetricsConfig;
  private connectionsOf?: ec2.Connections;

  private readonly integrationPattern: sfn.IntegrationPattern;
  private readonly bound: ReturnType<typeof bindProcessingJobDefinition>;
  /** Whether the job name is the default one (built in the state, in its query language). */
  private readonly defaultJobName: boolean;

  constructor(scope: Construct, id: string, private readonly props: SageMakerCreateProcessingJobProps) {
    super(scope, id, props);
    this.integrationPattern = props.integrationPattern ?? sfn.IntegrationPattern.RUN_JOB;
    checkIntegrationPattern(this.node.path, this.integrationPattern);
    if (props.jobName !== undefined && props.jobNamePrefix !== undefined) {
      throw new Error(`${this.node.path}: give jobName or jobNamePrefix, not both (ProcessingJobName)`);
    }
    if (props.jobNamePrefix !== undefined && isDynamic(props.jobNamePrefix)) {
      throw new Error(`${this.node.path}: jobNamePrefix must be a concrete string at synth (it scopes the state machine role's IAM policy); ` +
        'got a token. Give jobName for a run-time name');
    }
    if (props.jobNamePrefix !== undefined) {
      const problem = checkJobNamePrefix(props.jobNamePrefix);
      if (problem) throw new Error(`${this.node.path}: ${problem}`);
    }

    const jsonata = props.queryLanguage === sfn.QueryLanguage.JSONATA;
    let jobName = props.jobName;
    this.defaultJobName = jobName === undefined;
    if (jobName === undefined) {
      this.jobNamePrefix = props.jobNamePrefix ?? sanitizeJobNamePrefix(id);
      jobName = jsonata ? jsonataRunName(this.jobNamePrefix) : jsonPathRunName(this.jobNamePrefix);
    } else if (!isDynamic(jobName)) {
      this.jobNamePrefix = jobName;
    }
    // SageMakerCreateProcessingJob.jsonPath(...) makes a JSONPath state (CDK's default query language).
    const language = jsonata ? 'JSONata' : 'JSONPath';
    this.bound = bindProcessingJobDefinition(this, props, jobName, {
      runTimeLanguage: language,
      runTimeHint: jsonata ? 'use a JSONata expression {% ... %} instead' : 'use sfn.JsonPath.stringAt(...) (or SageMakerCreateProcessingJob.jsonata for JSONata)',
    });
    registerProcessingJobInspection(this, {
      kind: 'step', spec: this.bound.spec, imageSource: this.bound.imageSource, imageRepositoryArn: this.bound.imageRepositoryArn,
    });
    this.role = this.bound.role;
    this.grantPrincipal = this.role;
    this.taskPolicies = this.makePolicyStatements();
  }

  /** The job's security groups, when it runs in a VPC (`task.connections.allowTo(database, port)`). Made when first read. */
  public get connections(): ec2.Connections {
    this.connectionsOf ??= new ec2.Connections({ securityGroups: this.bound.securityGroups });
    return this.connectionsOf;
  }

  /** @internal the bound job spec, for guardrails and the CLI */
  public get _spec(): ProcessingJobSpec {
    return this.bound.spec;
  }

  /** @internal where the image comes from, for guardrails */
  public get _imageSource(): ProcessingImageSource {
    return this.bound.imageSource;
  }

  /** @internal */
  protected _renderTask(topLevelQueryLanguage?: sfn.QueryLanguage): object {
    const queryLanguage = sfn._getActualQueryLanguage(topLevelQueryLanguage, this.props.queryLanguage);
    return renderProcessingJobTask(this, this.requestIn(queryLanguage), this.integrationPattern, queryLanguage,
      (request, language) => this._renderParametersOrArguments(request, language));
  }

  /**
   * The request in the language the state is rendered in. A state that sets no `queryLanguage`
   * (`jsonPath(...)`, or the constructor without one) takes its state machine's (aws-cdk-lib's
   * `_getActualQueryLanguage`), known only now: in a JSONata state machine it is a JSONata state,
   * whose `Arguments` Step Functions evaluates as JSONata only. Its default name is then built in
   * JSONata, and a JSONPath value (which would reach SageMaker as its text, such as the
   * `States.Format(...)` of the default name) is refused with the construct path.
   */
  private requestIn(queryLanguage: sfn.QueryLanguage): CreateProcessingJobRequest {
    if (this.props.queryLanguage !== undefined || queryLanguage !== sfn.QueryLanguage.JSONATA) return renderProcessingJobRequest(this.bound.spec);
    const spec = this.defaultJobName ? { ...this.bound.spec, jobName: jsonataRunName(this.jobNamePrefix!) } : this.bound.spec;
    const v = new Checks(this.node.path);
    checkRunTimeValues(v, spec, 'JSONata', "the state sets no queryLanguage, so it takes its state machine's, JSONata: give the value as a JSONata " +
      'expression {% ... %} (SageMakerCreateProcessingJob.jsonata), or use the state in a JSONPath state machine');
    v.throwIfAny();
    return renderProcessingJobRequest(spec);
  }

  private makePolicyStatements(): iam.PolicyStatement[] {
    return processingJobTaskPolicies(Stack.of(this), {
      jobNamePrefix: this.jobNamePrefix ?? deployTimeNameHead(this.props.jobName),
      roleArns: [this.role.roleArn],
      addTags: this.bound.spec.tags !== undefined && Object.keys(this.bound.spec.tags).length > 0,
      integrationPattern: this.integrationPattern,
    });
  }
}

/**
 * The literal text before the first deploy-time part of a job name (`nightly-` of `nightly-${param}`): every
 * name the state creates starts with it, so the job actions are scoped to it instead of every job. A name of
 * the execution (JSONPath, JSONata) or one that starts with a deploy-time part gives none (`processing-job/*`).
 */
function deployTimeNameHead(jobName: string | undefined): string | undefined {
  if (jobName === undefined || isJsonataExpression(jobName) || !Token.isUnresolved(jobName)) return undefined;
  const head = Tokenization.reverseString(jobName).firstValue;
  return typeof head === 'string' && head.length > 0 && !Token.isUnresolved(head) ? head : undefined;
}
