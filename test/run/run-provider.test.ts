import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ProcessingDefaults, ProcessingImage, ProcessingJobRun, ProcessingJobRunProps } from '../../lib';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1';
const image = ProcessingImage.fromRegistry(IMAGE_URI);

/** Every resource of a type, by logical id. */
function resources(template: Template, type: string): { [id: string]: any } {
  return template.findResources(type);
}

function run(scope: Construct, id: string, props: Partial<ProcessingJobRunProps> = {}): ProcessingJobRun {
  return new ProcessingJobRun(scope, id, { image, ...props });
}

/** The Provider framework's function of an entry point (`onEvent`, `isComplete`, `onTimeout`). */
const framework = (entry: string) => new RegExp(`^ProcessingJobRunProvider3600sProviderframework${entry}[0-9A-F]{8}$`);

describe('ProcessingJobRun handlers and Provider: logs', () => {
  let template: Template;
  beforeAll(() => {
    const stack = new Stack(new App(), 'Logs');
    run(stack, 'Backfill');
    template = Template.fromStack(stack);
  });

  test('four log groups, each kept one month: the two handlers, the Provider framework functions, the waiter state machine', () => {
    const groups = Object.entries(resources(template, 'AWS::Logs::LogGroup')).map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.RetentionInDays]);
    expect(groups).toEqual([
      ['ProcessingJobRunProvider3600sOnEventLogs', 30],
      ['ProcessingJobRunProvider3600sIsCompleteLogs', 30],
      ['ProcessingJobRunProvider3600sFrameworkLogs', 30],
      ['ProcessingJobRunProvider3600sWaiterLogs', 30],
    ]);
  });

  test('every function logs to a log group of the stack, never to one Lambda would create and keep forever', () => {
    const functions = Object.entries(resources(template, 'AWS::Lambda::Function'));
    const logGroupOf = (pattern: RegExp) => functions.filter(([id]) => pattern.test(id)).map(([, f]) => f.Properties.LoggingConfig?.LogGroup?.Ref);
    expect(functions).toHaveLength(5);
    expect(logGroupOf(/^ProcessingJobRunProvider3600sOnEvent[0-9A-F]{8}$/)).toEqual([expect.stringMatching(/^ProcessingJobRunProvider3600sOnEventLogs/)]);
    expect(logGroupOf(/^ProcessingJobRunProvider3600sIsComplete[0-9A-F]{8}$/)).toEqual([expect.stringMatching(/^ProcessingJobRunProvider3600sIsCompleteLogs/)]);
    for (const entry of ['onEvent', 'isComplete', 'onTimeout']) {
      expect(logGroupOf(framework(entry))).toEqual([expect.stringMatching(/^ProcessingJobRunProvider3600sFrameworkLogs/)]);
    }
  });

  test('the waiter state machine logs every event, without execution data, to its log group', () => {
    const [machine] = Object.values(resources(template, 'AWS::StepFunctions::StateMachine'));
    expect(machine.Properties.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/^ProcessingJobRunProvider3600sWaiterLogs/), 'Arn'] } } }],
      IncludeExecutionData: false,
      Level: 'ALL',
    });
  });

  test('every function runs on Node.js 24', () => {
    const runtimes = Object.values(resources(template, 'AWS::Lambda::Function')).map((f) => f.Properties.Runtime);
    expect(runtimes).toEqual(Array(5).fill('nodejs24.x'));
  });
});

describe('ProcessingJobRun handlers and Provider: ProcessingDefaults', () => {
  test('logRetention applies to the four log groups', () => {
    const app = new App();
    ProcessingDefaults.of(app).add({ logRetention: logs.RetentionDays.ONE_WEEK });
    const stack = new Stack(app, 'Week');
    run(stack, 'Backfill');
    const retention = Object.values(resources(Template.fromStack(stack), 'AWS::Logs::LogGroup')).map((r) => r.Properties.RetentionInDays);
    expect(retention).toEqual([7, 7, 7, 7]);
  });

  test('logRetention INFINITE leaves RetentionInDays out, as logs.LogGroup does', () => {
    const stack = new Stack(new App(), 'Forever');
    ProcessingDefaults.of(stack).add({ logRetention: logs.RetentionDays.INFINITE });
    run(stack, 'Backfill');
    const retention = Object.values(resources(Template.fromStack(stack), 'AWS::Logs::LogGroup')).map((r) => r.Properties?.RetentionInDays);
    expect(retention).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('a permissions boundary set on a scope inside the stack reaches every role the run creates, the stack-level Provider\'s included', () => {
    const stack = new Stack(new App(), 'Bounded');
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['sagemaker:*'], resources: ['*'] })] });
    const team = new Construct(stack, 'Team');
    ProcessingDefaults.of(team).add({ permissionsBoundary: boundary });
    run(team, 'Backfill');
    const given = new iam.Role(stack, 'Given', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    run(team, 'WithRole', { role: given });
    const boundaries = Object.entries(resources(Template.fromStack(stack), 'AWS::IAM::Role'))
      .map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.PermissionsBoundary]);
    const ref = { Ref: stack.getLogicalId(boundary.node.defaultChild as iam.CfnManagedPolicy) };
    expect(boundaries).toEqual([
      ['TeamBackfillJobRole', ref],
      ['ProcessingJobRunProvider3600sOnEventRole', ref],
      ['ProcessingJobRunProvider3600sIsCompleteRole', ref],
      ['ProcessingJobRunProvider3600sFrameworkOnEventRole', ref],
      ['ProcessingJobRunProvider3600sFrameworkWaitRole', ref],
      ['ProcessingJobRunProvider3600sProviderwaiterstatemachineRole', ref],
      ['Given', undefined],
    ]);
  });

  test('runs that share the Provider may set the same defaults on different scopes, or none', () => {
    const stack = new Stack(new App(), 'Agree');
    const boundary = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'platform-boundary');
    for (const id of ['A', 'B']) {
      const scope = new Construct(stack, id);
      ProcessingDefaults.of(scope).add({ permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyName(scope, 'Boundary', 'platform-boundary'), logRetention: logs.RetentionDays.TWO_WEEKS });
      run(scope, 'Run');
    }
    run(stack, 'Plain');
    const template = Template.fromStack(stack);
    const roles = Object.entries(resources(template, 'AWS::IAM::Role')).filter(([id]) => id.startsWith('ProcessingJobRunProvider'));
    expect(roles).toHaveLength(5);
    for (const [, role] of roles) expect(role.Properties.PermissionsBoundary).toEqual(stack.resolve(boundary.managedPolicyArn));
    expect(Object.values(resources(template, 'AWS::Logs::LogGroup')).map((r) => r.Properties.RetentionInDays)).toEqual([14, 14, 14, 14]);
  });

  test.each([
    ['logRetention', { logRetention: logs.RetentionDays.ONE_WEEK }, { logRetention: logs.RetentionDays.ONE_YEAR },
      'Differ/B/Run: ProcessingDefaults logRetention 365 days differs from 7 days of Differ/A/Run; both runs use the stack\'s run handlers ' +
      'Differ/ProcessingJobRunProvider3600s (one per stack), which take one logRetention: set logRetention on a scope that holds both runs'],
    ['permissionsBoundary', {}, {},
      'Differ/B/Run: ProcessingDefaults permissionsBoundary Differ/B/Boundary differs from Differ/A/Boundary of Differ/A/Run; both runs use the stack\'s ' +
      'run handlers Differ/ProcessingJobRunProvider3600s (one per stack), which take one permissionsBoundary: set permissionsBoundary on a scope that holds both runs'],
  ])('runs that share the Provider with different %s are refused', (field, first, second, message) => {
    const stack = new Stack(new App(), 'Differ');
    const build = (id: string, defaults: object) => {
      const scope = new Construct(stack, id);
      const boundary = field === 'permissionsBoundary' ? { permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyName(scope, 'Boundary', `boundary-${id}`) } : {};
      ProcessingDefaults.of(scope).add({ ...defaults, ...boundary });
      run(scope, 'Run');
    };
    build('A', first);
    expect(() => build('B', second)).toThrow(message);
  });
});
