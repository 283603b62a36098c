import {
  Duration, Stack, aws_iam as iam, aws_lambda as lambda, aws_logs as logs, aws_stepfunctions as sfn, custom_resources as cr,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { resolveProcessingDefaults } from '../definition/scope-defaults';
import { functionRole } from '../iam/function-role';
import { acknowledgeRule, recordAcknowledgedResources, recordAnyResourceStatementsOf } from '../iam/nag-acknowledgements';
import { processingJobStatements } from '../iam/processing-job-permissions';
import { RUN_HANDLER_MODULE, runHandlerCode } from './handler-code';

/** The retention of the provider's log groups when no `ProcessingDefaults` sets `logRetention` (as a runner's log group). */
export const DEFAULT_RUN_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** The Provider framework's and CloudFormation's custom-resource limit: the longest a deployment waits for a run. */
export const MAX_PROVIDER_WAIT = Duration.hours(1);

/** A setting of the provider taken from the `ProcessingDefaults` of a run that uses it, and that run. */
interface TakenSetting<T> {
  readonly value: T;
  readonly runPath: string;
}

/**
 * The handler functions and the aws-cdk-lib custom-resources `Provider` shared by the
 * `ProcessingJobRun`s of a stack. It lives at the stack's top level, outside
 * every run, so the `ProcessingDefaults` of the runs reach it through `useDefaultsOf(run)`:
 * `logRetention` for its four log groups (the two handlers', the Provider framework functions'
 * and the waiter state machine's; one month without it) and `permissionsBoundary` for its roles
 * (the handlers', the framework functions' and the waiter state machine's). The runs that share
 * it must agree on both (an error names the two runs otherwise): its id, and so the
 * `ServiceToken` of every run's custom resources, must not depend on them, because
 * CloudFormation refuses to change the `ServiceToken` of a deployed custom resource.
 */
export class RunProvider extends Construct {
  /**
   * The provider of a stack's runs: found, or created at the stack's top level. One for every
   * timeout: a run's `timeout` is a property of its completion resource, checked by the handler,
   * so changing it never changes the `ServiceToken` of a deployed custom resource (CloudFormation
   * refuses that update). The id keeps the one earlier versions gave the provider of runs with
   * the default timeout (1 hour, the Provider's wait here), so their ServiceToken stays too.
   */
  public static of(scope: Construct): RunProvider {
    const stack = Stack.of(scope);
    const id = `ProcessingJobRunProvider${MAX_PROVIDER_WAIT.toSeconds()}s`;
    return (stack.node.tryFindChild(id) as RunProvider | undefined) ?? new RunProvider(stack, id, MAX_PROVIDER_WAIT);
  }

  public readonly serviceToken: string;
  private readonly functions: lambda.IFunction[];
  private readonly logGroups: logs.LogGroup[];
  private retention?: TakenSetting<logs.RetentionDays>;
  private boundary?: TakenSetting<iam.IManagedPolicy>;

  private constructor(scope: Construct, id: string, totalTimeout: Duration) {
    super(scope, id);
    // One JavaScript file that needs only Node.js built-ins and the AWS SDK v3, which the Node.js 24
    // runtime includes: no bundling, no Docker, nothing fetched at synth.
    const code = runHandlerCode();
    const logGroup = (logGroupId: string) => new logs.LogGroup(this, logGroupId, { retention: DEFAULT_RUN_LOG_RETENTION });
    const common: Omit<lambda.FunctionProps, 'handler'> = {
      code,
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: Duration.minutes(1),
      memorySize: 256,
      description: 'cdk-sagemaker-processing: ProcessingJobRun name and completion',
    };
    const onEventLogs = logGroup('OnEventLogs');
    const isCompleteLogs = logGroup('IsCompleteLogs');
    const frameworkLogs = logGroup('FrameworkLogs');
    const waiterLogs = logGroup('WaiterLogs');
    this.logGroups = [onEventLogs, isCompleteLogs, frameworkLogs, waiterLogs];
    // Each function's role writes its own log group only (no AWSLambdaBasicExecutionRole, which allows every group).
    const onEvent = new lambda.Function(this, 'OnEvent', {
      ...common, handler: `${RUN_HANDLER_MODULE}.onEvent`, logGroup: onEventLogs,
      role: functionRole(this, 'OnEventRole', onEventLogs, 'ProcessingJobRun handler: names runs and describes their jobs'),
    });
    const isComplete = new lambda.Function(this, 'IsComplete', {
      ...common, handler: `${RUN_HANDLER_MODULE}.isComplete`, logGroup: isCompleteLogs,
      role: functionRole(this, 'IsCompleteRole', isCompleteLogs, 'ProcessingJobRun handler: waits for the runs\' jobs'),
    });
    this.functions = [onEvent, isComplete];
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(30),
      // Each run's own timeout (≤ this) is checked by the isComplete handler against the job's creation time.
      totalTimeout,
      // The framework's onEvent, isComplete and onTimeout functions; without it Lambda creates
      // /aws/lambda/<name> at run time and keeps it forever.
      logGroup: frameworkLogs,
      // Two roles, as the Provider asks (one would make a dependency cycle): each may write the framework's log group, and the
      // Provider adds what each needs (invoke the handlers, start the waiter).
      frameworkOnEventRole: functionRole(this, 'FrameworkOnEventRole', frameworkLogs, 'ProcessingJobRun Provider framework: onEvent'),
      frameworkCompleteAndTimeoutRole: functionRole(this, 'FrameworkWaitRole', frameworkLogs, 'ProcessingJobRun Provider framework: isComplete and onTimeout'),
      // Every state change of each wait, without the events' data (job names and states only).
      // aws-cdk-lib 2.276's Provider has no option for X-Ray tracing of this state machine.
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: waiterLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeProviderFindings(provider);
  }

  /**
   * What aws-cdk-lib's Provider writes and the library cannot scope, acknowledged here for cdk-nag:
   * the framework and its waiter invoke any version of the functions of this provider
   * (`<function ARN>:*`); the waiter's role gets the log-delivery actions and log writes on "*"
   * once its logging is on; and the waiter state machine has no X-Ray option.
   */
  private acknowledgeProviderFindings(provider: cr.Provider): void {
    const functions = this.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function);
    recordAcknowledgedResources(this, functions.map((fn) => `${fn.functionArn}:*`),
      "The custom-resources Provider framework may invoke any version of this provider's own functions (aws-cdk-lib writes the grant).");
    const waiter = provider.node.tryFindChild('waiter-state-machine');
    const waiterPolicy = waiter?.node.tryFindChild('Role')?.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    if (waiterPolicy) {
      recordAnyResourceStatementsOf(waiterPolicy, waiterPolicy.document, "aws-cdk-lib's WaiterStateMachine grants its own role the Step Functions "
        + 'log-delivery actions and logs:CreateLogStream/PutLogEvents on "*" once its logging is on; the Provider takes no role for the waiter.');
    }
    const waiterResource = waiter?.node.tryFindChild('Resource');
    if (waiterResource) {
      acknowledgeRule(waiterResource, 'AwsSolutions-SF2', "aws-cdk-lib's Provider has no X-Ray option for its waiter state machine (ProviderProps offers "
        + 'log options, not tracing); the waiter only calls the isComplete handler every 30 s and logs every state change to the WaiterLogs group.');
    }
  }

  /**
   * Lets the handlers describe the jobs of one run: the names `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>` its name resource gives,
   * not every name that starts with the prefix (another run's `<prefix>-backfill`, a job's `<prefix>ed`). CloudFormation
   * creates and stops the jobs.
   */
  public grant(jobNamePrefix: string): void {
    for (const fn of this.functions) {
      for (const statement of processingJobStatements(Stack.of(this), { jobNamePrefix, describe: true, runNamesOnly: true })) fn.addToRolePolicy(statement);
    }
  }

  /**
   * Takes the `logRetention` and `permissionsBoundary` of the `ProcessingDefaults` in effect at
   * `run`. Runs without them take the provider as it is; a run whose value differs from the one
   * an earlier run set is an error.
   */
  public useDefaultsOf(run: IConstruct): void {
    const defaults = resolveProcessingDefaults(run);
    if (defaults.logRetention !== undefined) {
      this.retention = this.take(run, 'logRetention', this.retention, defaults.logRetention, (a, b) => a === b,
        (r) => (r === logs.RetentionDays.INFINITE ? 'INFINITE' : `${r} days`));
      // INFINITE (as logs.LogGroup reads it): no RetentionInDays.
      const days = defaults.logRetention === logs.RetentionDays.INFINITE ? undefined : defaults.logRetention;
      for (const group of this.logGroups) (group.node.defaultChild as logs.CfnLogGroup).retentionInDays = days;
    }
    if (defaults.permissionsBoundary !== undefined) {
      const first = this.boundary === undefined;
      const stack = Stack.of(this);
      const arn = (p: iam.IManagedPolicy) => JSON.stringify(stack.resolve(p.managedPolicyArn));
      this.boundary = this.take(run, 'permissionsBoundary', this.boundary, defaults.permissionsBoundary,
        (a, b) => a === b || arn(a) === arn(b), (p) => p.node.path);
      if (first) iam.PermissionsBoundary.of(this).apply(defaults.permissionsBoundary);
    }
  }

  private take<T>(run: IConstruct, field: string, taken: TakenSetting<T> | undefined, value: T,
    same: (a: T, b: T) => boolean, show: (v: T) => string): TakenSetting<T> {
    if (taken === undefined) return { value, runPath: run.node.path };
    if (!same(taken.value, value)) {
      throw new Error(`${run.node.path}: ProcessingDefaults ${field} ${show(value)} differs from ${show(taken.value)} of ${taken.runPath}; ` +
        `both runs use the stack's run handlers ${this.node.path} (one per stack), which take one ${field}: ` +
        `set ${field} on a scope that holds both runs`);
    }
    return taken;
  }
}
