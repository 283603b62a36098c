import { aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CreateProcessingJobRequest } from '../api/api-request';
import { checkIntegrationPattern, renderProcessingJobTask } from './task-rendering';

/** How a rendered request is run as a task state. */
export interface ProcessingJobSpecTaskOptions {
  /** The request with the run's values (they may be JSONPath). */
  readonly request: CreateProcessingJobRequest;
  /** RUN_JOB (`.sync`) or REQUEST_RESPONSE. */
  readonly integrationPattern: sfn.IntegrationPattern;
  /** What the state machine role gets for this state; empty when the state machine's owner grants it. */
  readonly policies: iam.PolicyStatement[];
}

/**
 * A JSONPath task state that runs a request rendered elsewhere (by `ProcessingJob`, with the run
 * values applied), so the definition is bound once and rendered into as many states as need it (its own runner, a shared
 * runner, steps of larger state machines). Internal: users get `SageMakerCreateProcessingJob`.
 *
 * The request's run values are JSONPath intrinsics, so the state is JSONPath only: a JSONata
 * `queryLanguage`, or a JSONata state machine (which cannot hold a JSONPath state: aws-cdk-lib's
 * `QueryLanguage` docs), is refused at synth rather than rendered as `Parameters` Step Functions rejects.
 */
export class ProcessingJobSpecTask extends sfn.TaskStateBase {
  protected readonly taskPolicies?: iam.PolicyStatement[];
  protected readonly taskMetrics?: sfn.TaskMetricsConfig;

  constructor(scope: Construct, id: string, props: sfn.TaskStateJsonPathBaseProps, private readonly options: ProcessingJobSpecTaskOptions) {
    super(scope, id, props);
    checkIntegrationPattern(this.node.path, options.integrationPattern);
    if (props.queryLanguage === sfn.QueryLanguage.JSONATA) throw new Error(this.jsonataMessage('queryLanguage is JSONata'));
    this.taskPolicies = options.policies;
  }

  /** @internal */
  protected _renderTask(topLevelQueryLanguage?: sfn.QueryLanguage): object {
    if (topLevelQueryLanguage === sfn.QueryLanguage.JSONATA) throw new Error(this.jsonataMessage("the state machine's queryLanguage is JSONata"));
    return renderProcessingJobTask(this, this.options.request, this.options.integrationPattern, sfn.QueryLanguage.JSON_PATH,
      (request, queryLanguage) => this._renderParametersOrArguments(request, queryLanguage));
  }

  private jsonataMessage(why: string): string {
    return `${this.node.path}: ${why}, but a job's step is a JSONPath state (its run values are JSONPath intrinsics), ` +
      'and a JSONata state machine cannot hold a JSONPath state; put the step in a JSONPath state machine (its other states may be JSONata), ' +
      "or use SageMakerCreateProcessingJob.jsonata(...) with the job's props";
  }
}
