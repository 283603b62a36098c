import { Stack, Token, aws_iam as iam, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { CreateProcessingJobRequest } from '../api/api-request';
import { processingJobStatements } from '../iam/processing-job-permissions';

/** The integration patterns CreateProcessingJob supports in Step Functions. */
export const SUPPORTED_INTEGRATION_PATTERNS = [sfn.IntegrationPattern.REQUEST_RESPONSE, sfn.IntegrationPattern.RUN_JOB];

/**
 * Refuses an integration pattern the optimized integration does not have: CreateProcessingJob has
 * Request Response and Run a Job (`.sync`), no Wait for Callback (Step Functions Developer Guide,
 * "Integrating optimized services": the SageMaker AI row; "Create and manage Amazon SageMaker AI jobs").
 */
export function checkIntegrationPattern(path: string, integrationPattern: sfn.IntegrationPattern): void {
  if (!SUPPORTED_INTEGRATION_PATTERNS.includes(integrationPattern)) {
    throw new Error(`${path}: integrationPattern ${integrationPattern} is not supported; ` +
      'CreateProcessingJob supports REQUEST_RESPONSE and RUN_JOB (.sync), not WAIT_FOR_TASK_TOKEN');
  }
}

/** The managed rule Step Functions creates for `.sync` processing jobs (Step Functions docs, "IAM policies for SageMaker AI"). */
export const SYNC_RULE_NAME = 'StepFunctionsGetEventsForSageMakerProcessingJobsRule';

/**
 * The `Resource` and `Parameters`/`Arguments` of a task state running a rendered request: the
 * optimized integration `sagemaker:createProcessingJob` (`.sync` for RUN_JOB).
 */
export function renderProcessingJobTask(scope: IConstruct, request: CreateProcessingJobRequest, integrationPattern: sfn.IntegrationPattern,
  queryLanguage: sfn.QueryLanguage, renderParametersOrArguments: (request: object, queryLanguage: sfn.QueryLanguage) => object): object {
  return {
    Resource: processingJobTaskResource(scope, integrationPattern),
    ...renderParametersOrArguments(queryLanguage === sfn.QueryLanguage.JSONATA ? request : jsonPathArrays(request), queryLanguage),
  };
}

/** The optimized integration's resource: `sagemaker:createProcessingJob`, with `.sync` for RUN_JOB. */
export function processingJobTaskResource(scope: IConstruct, integrationPattern: sfn.IntegrationPattern): string {
  const sync = integrationPattern === sfn.IntegrationPattern.RUN_JOB ? '.sync' : '';
  return `arn:${Stack.of(scope).partition}:states:::sagemaker:createProcessingJob${sync}`;
}

/** What the state machine role needs to run jobs: which names, which roles, which pattern. */
export interface ProcessingJobTaskPolicyOptions {
  /** The prefix of the job names (scopes the job actions), or undefined for a run-time name (`processing-job/*`). */
  readonly jobNamePrefix?: string;
  /** The job roles the state machine may pass (role ARNs, or role-ARN patterns such as `arn:…:role/path/*`). */
  readonly roleArns: string[];
  /** Whether the request carries tags (`sagemaker:AddTags` is then needed). */
  readonly addTags: boolean;
  /** RUN_JOB also needs the managed EventBridge rule. */
  readonly integrationPattern: sfn.IntegrationPattern;
  /**
   * Every name is a run name, `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`: the job actions are on those names only, so a prefix
   * that starts another job's (`etl`, `etl-daily`) reaches none of its jobs. @default false
   */
  readonly runNamesOnly?: boolean;
}

/**
 * Exactly what the optimized integration needs (Step Functions Developer Guide, "IAM policies for
 * Amazon SageMaker AI": Request Response gets the create action, Run a Job also describe and stop):
 * CreateProcessingJob on the name prefix; for `.sync` also DescribeProcessingJob (the job's
 * status) and StopProcessingJob (a stopped execution stops its job) and the managed EventBridge
 * rule; ListTags; AddTags only with tags; PassRole of the job roles to SageMaker only. A
 * REQUEST_RESPONSE state returns once the job is created, so its role may not stop jobs.
 */
export function processingJobTaskPolicies(stack: Stack, options: ProcessingJobTaskPolicyOptions): iam.PolicyStatement[] {
  const sync = options.integrationPattern === sfn.IntegrationPattern.RUN_JOB;
  const statements = processingJobStatements(stack, {
    jobNamePrefix: options.jobNamePrefix,
    create: true,
    describe: sync,
    stop: sync,
    listTags: true,
    addTags: options.addTags,
    passRoleArns: options.roleArns,
    runNamesOnly: options.runNamesOnly,
  });
  if (sync) statements.push(syncRuleStatement(stack));
  return statements;
}

/** What a `.sync` processing-job task needs of the managed EventBridge rule Step Functions creates for it. */
export function syncRuleStatement(stack: Stack): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: SYNC_RULE_NAME })],
  });
}

/**
 * JSONPath allows no paths inside arrays: a string list with JSONPath items becomes one
 * `States.Array(...)` intrinsic (e.g. `ContainerArguments.$: States.Array('--date', $.date)`), a
 * list of one such item too (`States.Array($.date)`: aws-cdk-lib refuses a path in an array).
 */
export function jsonPathArrays<T>(value: T): T {
  if (Array.isArray(value)) {
    if (value.some((v) => typeof v === 'string' && sfn.JsonPath.isEncodedJsonPath(v))) {
      return sfn.JsonPath.array(...value.map(intrinsicLiteral)) as unknown as T;
    }
    return value.map((v) => jsonPathArrays(v)) as unknown as T;
  }
  if (value !== null && typeof value === 'object' && !Token.isUnresolved(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonPathArrays(v)])) as T;
  }
  return value;
}

/**
 * A fixed item among an intrinsic function's arguments. `'`, `{`, `}` and `\` are reserved in
 * intrinsic functions and stand for themselves only escaped with a backslash (Step Functions
 * Developer Guide, "Intrinsic functions", reserved characters). aws-cdk-lib escapes `'` and `\`
 * but not the braces, and leaves a backslash before a brace as written (an escape): so the braces
 * are escaped here, and every character of the item reaches the container as given.
 */
function intrinsicLiteral(item: string): string {
  return typeof item === 'string' && !Token.isUnresolved(item) ? item.replace(/[{}]/g, (brace) => `\\${brace}`) : item;
}
