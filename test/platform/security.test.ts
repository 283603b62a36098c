import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJobRun, ProcessingOutput, SageMakerCreateProcessingJob, ScriptProcessor,
} from '../../lib';
import { IMAGE_URI } from '../task/helpers';
import { PlatformStack } from '../../examples/platform/platform-stack';
import { cfnResourcesOf, exampleApp, iamStatements, list, maximalApp, resourcesOf, SynthesizedApp, SynthesizedStack, synthesizeApp } from './example-app';
import { AcceptedFinding, matches, nagFindings, NagFinding } from './nag';
import { EXAMPLE_FINDINGS, LIBRARY_FINDINGS } from './nag-accepted';

const OWN_STATEMENTS = { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } };

/**
 * The only actions a policy may allow on `Resource: "*"`: IAM offers no resource to scope them
 * to (AWS Service Authorization Reference, "Actions defined by …": no resource types), or the
 * resources are created by the service at run time. Anything else on "*" fails the test.
 */
const UNSCOPABLE_ACTIONS: { [action: string]: { why: string; condition?: unknown } } = {
  // Job role: the registry login; pulls themselves are granted per repository.
  'ecr:GetAuthorizationToken': { why: 'no resource types' },
  // Job role: SageMaker's job metrics. No resource types; the namespace condition is the only scope.
  'cloudwatch:PutMetricData': { why: 'no resource types', condition: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/ProcessingJobs' } } },
  // Job role of a job in a VPC: the network interface actions are scoped to network-interface/* in the
  // job's VPC and subnets (test/iam/vpc-kms-job.test.ts evaluates them), except
  // DeleteNetworkInterfacePermission, whose network-interface resource is optional (Service Authorization
  // Reference, Amazon EC2): on "*" with ArnEqualsIfExists on the VPC. The Describe* actions have no resource types.
  'ec2:DeleteNetworkInterfacePermission': { why: 'the network-interface resource is optional' },
  'ec2:DescribeNetworkInterfaces': { why: 'no resource types' },
  'ec2:DescribeVpcs': { why: 'no resource types' },
  'ec2:DescribeDhcpOptions': { why: 'no resource types' },
  'ec2:DescribeSubnets': { why: 'no resource types' },
  'ec2:DescribeSecurityGroups': { why: 'no resource types' },
  // Job role with a Redshift input: SageMaker follows the query it started. No resource types; the
  // condition limits them to the role's own statements (as the AmazonRedshiftDataFullAccess managed policy).
  'redshift-data:DescribeStatement': { why: 'no resource types', condition: OWN_STATEMENTS },
  'redshift-data:GetStatementResult': { why: 'no resource types', condition: OWN_STATEMENTS },
  'redshift-data:CancelStatement': { why: 'no resource types', condition: OWN_STATEMENTS },
  // State machine role with tracing (aws-cdk-lib's StateMachine, tracingEnabled): no resource types.
  'xray:PutTraceSegments': { why: 'no resource types' },
  'xray:PutTelemetryRecords': { why: 'no resource types' },
  'xray:GetSamplingRules': { why: 'no resource types' },
  'xray:GetSamplingTargets': { why: 'no resource types' },
  // State machine role with logging (aws-cdk-lib's StateMachine, logs): CloudWatch Logs vended-log delivery,
  // which the Step Functions Developer Guide ("IAM policies for logging to CloudWatch Logs") grants on "*".
  'logs:CreateLogDelivery': { why: 'vended-log delivery' },
  'logs:GetLogDelivery': { why: 'vended-log delivery' },
  'logs:UpdateLogDelivery': { why: 'vended-log delivery' },
  'logs:DeleteLogDelivery': { why: 'vended-log delivery' },
  'logs:ListLogDeliveries': { why: 'vended-log delivery' },
  'logs:PutResourcePolicy': { why: 'vended-log delivery' },
  'logs:DescribeResourcePolicies': { why: 'vended-log delivery' },
  'logs:DescribeLogGroups': { why: 'vended-log delivery' },
  // Runner role of a job with OverlapPolicy.SKIP: ListProcessingJobs has no resource types.
  'sagemaker:ListProcessingJobs': { why: 'no resource types' },
};

/**
 * Statements on "*" that aws-cdk-lib writes into a role of its own that the library cannot replace
 * or scope, each on exactly one policy. `ProcessingJobRun`'s Provider: with its waiter state
 * machine's logging on (level ALL), aws-cdk-lib's WaiterStateMachine adds the log-delivery actions
 * and `logs:CreateLogStream`/`logs:PutLogEvents` on "*" to the waiter's role, and `cr.Provider`
 * takes no role for the waiter. (Step Functions writes to its log group through vended-log
 * delivery, which needs neither: Step Functions Developer Guide, "IAM policies for logging to
 * CloudWatch Logs".)
 */
const FIXED_BY_AWS_CDK_LIB: Array<{ where: RegExp; actions: string[] }> = [
  { where: /\/ProcessingJobRunProvider\d+sProviderwaiterstatemachineRoleDefaultPolicy[0-9A-F]{8}$/, actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] },
];

/** A CloudFormation value as one string, references as `<LogicalId>` / `<LogicalId.Attr>`, as cdk-nag shows them. */
function flat(v: any): string {
  if (typeof v === 'string') return v;
  if (v?.Ref) return `<${v.Ref}>`;
  if (v?.['Fn::GetAtt']) return `<${[v['Fn::GetAtt']].flat().join('.')}>`;
  if (v?.['Fn::Join']) return v['Fn::Join'][1].map(flat).join(v['Fn::Join'][0]);
  if (v?.['Fn::Sub']) return String(v['Fn::Sub']).replace(/\$\{([^}]+)\}/g, '<$1>');
  return JSON.stringify(v);
}

/** The example app (every stack of bin/app.ts: a stack added there is checked too) and the maximal stack, synthesized once. */
let example: SynthesizedApp;
let maximal: SynthesizedApp;
let stacks: SynthesizedStack[];
beforeAll(() => {
  example = exampleApp();
  maximal = maximalApp();
  stacks = [...example.stacks, ...maximal.stacks];
});
afterAll(() => [example, maximal].forEach((a) => a.cleanup()));

describe('secure by default: the example app and the maximal stack', () => {
  test('checks every stack of the example app', () => {
    expect(stacks.map((s) => s.stack.stackName)).toEqual(expect.arrayContaining(['ProcessingTaskExample', 'PlatformTemplateExample', 'Max']));
  });

  test('no policy allows an action on "*" unless IAM cannot scope it, and then with its required condition', () => {
    const wildcards = stacks.flatMap(iamStatements).filter(({ statement: s }) => s.Effect === 'Allow' && list(s.Resource).includes('*'));
    expect(wildcards.length).toBeGreaterThan(0);
    const problems = wildcards.flatMap(({ where, statement: s }) => list(s.Action).flatMap((action: string) => {
      if (FIXED_BY_AWS_CDK_LIB.some((f) => f.where.test(where) && f.actions.includes(action))) return [];
      const allowed = UNSCOPABLE_ACTIONS[action];
      if (!allowed) return [`${where}: ${action} on "*"`];
      if (allowed.condition && JSON.stringify(s.Condition) !== JSON.stringify(allowed.condition)) {
        return [`${where}: ${action} on "*" without ${JSON.stringify(allowed.condition)}`];
      }
      return [];
    }));
    expect(problems).toEqual([]);
    // …and each exception still has its statement (remove it once aws-cdk-lib scopes it).
    expect(FIXED_BY_AWS_CDK_LIB.filter((f) => !wildcards.some(({ where }) => f.where.test(where))).map((f) => f.where)).toEqual([]);
  });

  test('no policy allows the whole CDK bootstrap bucket (every asset of the account): assets are granted object by object', () => {
    const whole = stacks.flatMap(iamStatements).flatMap(({ where, statement: s }) =>
      list(s.Resource).map(flat).filter((r) => /:s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/.test(r)).map((r) => `${where}: ${r}`));
    expect(whole).toEqual([]);
  });

  test('every iam:PassRole names its roles and carries iam:PassedToService', () => {
    const passRole = stacks.flatMap(iamStatements).filter(({ statement: s }) => s.Effect === 'Allow' &&
      list(s.Action).some((a: string) => /^(iam:PassRole|iam:\*|\*)$/.test(a)));
    expect(passRole.length).toBeGreaterThan(0);
    const problems = passRole.filter(({ statement: s }) => list(s.Resource).includes('*') ||
      typeof s.Condition?.StringEquals?.['iam:PassedToService'] !== 'string').map(({ where }) => where);
    expect(problems).toEqual([]);
  });

  test('every log group has a retention', () => {
    const groups = stacks.flatMap((s) => resourcesOf(s, 'AWS::Logs::LogGroup').map(([id, r]) => ({ where: `${s.stack.stackName}/${id}`, r })));
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter(({ r }) => r.Properties?.RetentionInDays === undefined).map(({ where }) => where)).toEqual([]);
  });

  /**
   * A Lambda function without a log group of its own logs to `/aws/lambda/<name>`, which Lambda
   * creates at run time and keeps forever. Open: aws-cdk-lib's bucket-notifications handler (a
   * singleton with no logging option) when `JobTrigger.onObjectCreated` turns on a bucket's
   * EventBridge notifications.
   */
  const IMPLICIT_LOG_GROUP_OPEN = [
    /\/BucketNotificationsHandler[0-9a-f]+\/Resource$/,
  ];
  test('every Lambda function logs to a log group of the stack (with retention), apart from the listed open ones', () => {
    const functions = stacks.flatMap((s) => cfnResourcesOf(s, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(0);
    const implicit = functions.filter(({ resource }) => resource.Properties?.LoggingConfig?.LogGroup === undefined).map((f) => f.path);
    expect(implicit.filter((p) => !IMPLICIT_LOG_GROUP_OPEN.some((open) => open.test(p)))).toEqual([]);
    // …and each open entry still has a function (remove it once fixed).
    expect(IMPLICIT_LOG_GROUP_OPEN.filter((open) => !implicit.some((p) => open.test(p)))).toEqual([]);
  });

  test('every bucket is encrypted, blocks public access and refuses requests without TLS', () => {
    const problems = stacks.flatMap((s) => {
      const policies = resourcesOf(s, 'AWS::S3::BucketPolicy').map(([, r]) => r.Properties);
      return resourcesOf(s, 'AWS::S3::Bucket').flatMap(([id, r]) => {
        const p = r.Properties ?? {};
        const block = p.PublicAccessBlockConfiguration ?? {};
        const sslOnly = policies.some((bp) => bp.Bucket?.Ref === id && list(bp.PolicyDocument.Statement).some((st: any) =>
          st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
        return [
          ...(p.BucketEncryption ? [] : [`${s.stack.stackName}/${id}: no encryption`]),
          ...(['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => block[k] === true) ? [] : [`${s.stack.stackName}/${id}: public access not blocked`]),
          ...(sslOnly ? [] : [`${s.stack.stackName}/${id}: no aws:SecureTransport deny`]),
        ];
      });
    });
    expect(problems).toEqual([]);
  });

  test('the example app synthesizes without errors (guardrail violations among them)', () => {
    const errors = stacks.flatMap((s) => s.messages.filter((m) => m.level === 'error').map((m) => `${m.id}: ${m.entry.data}`));
    expect(errors).toEqual([]);
  });
});


const show = (f: NagFinding) => `${f.rule} on ${f.path}`;
const unaccepted = (findings: NagFinding[], accepted: AcceptedFinding[]) => findings.filter((f) => !accepted.some((a) => matches(a, f))).map(show);

/**
 * cdk-nag's AwsSolutions and NIST 800-53 rev 5 packs over every stack of the example app
 * (bin/app.ts: a stack added there is checked too) and the maximal stack. A finding that is
 * neither fixed, nor acknowledged in the stack's code, nor in the accepted tables
 * (nag-accepted.ts, each entry with its reason) fails the test.
 */
describe('cdk-nag AwsSolutions and NIST 800-53 rev 5', () => {
  let exampleFindings: NagFinding[];
  let maximalFindings: NagFinding[];
  beforeAll(() => {
    exampleFindings = nagFindings(example.app);
    maximalFindings = nagFindings(maximal.app);
  });

  test('every stack of the example app: no finding beyond the accepted ones (fix it, or acknowledge it in the stack with its reason)', () => {
    expect(example.stacks.length).toBeGreaterThanOrEqual(4);
    expect(unaccepted(exampleFindings, [...LIBRARY_FINDINGS, ...EXAMPLE_FINDINGS])).toEqual([]);
  });

  test("the maximal stack: no finding beyond the library's accepted ones", () => {
    expect(unaccepted(maximalFindings, LIBRARY_FINDINGS)).toEqual([]);
  });

  test('the platform template acknowledges every finding in its own code, each with its reason', () => {
    const platform = synthesizeApp((app) => new PlatformStack(app, 'Platform'));
    try {
      expect(nagFindings(platform.app).map(show)).toEqual([]);
    } finally {
      platform.cleanup();
    }
  });

  test('every accepted finding still occurs (no stale entry hides a future finding)', () => {
    const all = [...exampleFindings, ...maximalFindings];
    const stale = [...LIBRARY_FINDINGS, ...EXAMPLE_FINDINGS].filter((a) => !all.some((f) => matches(a, f))).map((a) => `${a.rule} on ${a.path}`);
    expect(stale).toEqual([]);
  });
});

describe('secure by default: grants', () => {
  /** The job role's statements whose actions start with `prefix`. */
  function statements(stack: Stack, job: { role: { node: { defaultChild?: unknown } } }, prefix: string): any[] {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const roleId = stack.getLogicalId(job.role.node.defaultChild as any);
    return Object.values<any>(policies)
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => list(s.Action).some((a: string) => a.startsWith(prefix)));
  }

  test('KMS: a job gets exactly the keys it is given, the output key only with outputs', () => {
    const stack = new Stack(new App(), 'Keys');
    const volume = new kms.Key(stack, 'Volume');
    const output = new kms.Key(stack, 'Output');
    const image = ProcessingImage.fromRegistry(IMAGE_URI);
    const out = [ProcessingOutput.toS3Uri('o', 's3://bucket/o/')];
    const jobs = {
      none: SageMakerCreateProcessingJob.jsonPath(stack, 'None', { image, processingOutputs: out }),
      volume: SageMakerCreateProcessingJob.jsonPath(stack, 'VolumeOnly', { image, volumeKmsKey: volume }),
      outputWithout: SageMakerCreateProcessingJob.jsonPath(stack, 'OutputKeyNoOutputs', { image, outputKmsKey: output }),
      outputWith: SageMakerCreateProcessingJob.jsonPath(stack, 'OutputKey', { image, outputKmsKey: output, processingOutputs: out }),
    };
    // What each grant allows is evaluated in test/iam/vpc-kms-job.test.ts; here: which key each role names.
    const keysOf = (job: SageMakerCreateProcessingJob) => statements(stack, job, 'kms:').flatMap((s) => list(s.Resource));
    expect(keysOf(jobs.none)).toEqual([]);
    expect(new Set(keysOf(jobs.volume).map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify(stack.resolve(volume.keyArn))]));
    expect(keysOf(jobs.outputWithout)).toEqual([]);
    expect(new Set(keysOf(jobs.outputWith).map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify(stack.resolve(output.keyArn))]));
    // Nothing grants the job roles use of the keys through the key policies either.
    const keyPolicies = JSON.stringify(Object.values<any>(Template.fromStack(stack).findResources('AWS::KMS::Key')).map((k) => k.Properties.KeyPolicy));
    expect(keyPolicies).not.toMatch(/JobRole/);
  });

  test('assets: the job role may read the prefix of its code and of each asset input, not the bootstrap bucket', () => {
    const stack = new Stack(new App(), 'Assets', { env: { account: '111111111111', region: 'eu-west-1' } });
    const job = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', {
      processor: new ScriptProcessor({ image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-job:1'), command: ['python3'] }),
      code: ProcessingCode.fromAsset(path.join(__dirname, '..', '..', 'examples', 'processors', 'sklearn', 'preprocessing.py')),
      processingInputs: [ProcessingInput.fromAsset('lookup', path.join(__dirname, '..', 'parity', 'files', 'lookup.csv'))],
    });
    const objects = statements(stack, job, 's3:GetObject').flatMap((s) => list(s.Resource)).map(flat).filter((r) => r.includes('cdk-hnb659fds-assets'));
    // Each set of staged files is `<content hash>/<names>`: the grant is that prefix only.
    expect(objects).toEqual([
      expect.stringMatching(/^arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-111111111111-eu-west-1\/[0-9a-f]{64}\/\*$/),
      expect.stringMatching(/^arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-111111111111-eu-west-1\/[0-9a-f]{64}\/\*$/),
    ]);
    const lists = statements(stack, job, 's3:ListBucket').filter((s) => JSON.stringify(s).includes('cdk-hnb659fds-assets'));
    // Both listings of the assets bucket are values of one statement's condition.
    expect(lists.map((s) => s.Condition)).toEqual([
      { StringLike: { 's3:prefix': [expect.stringMatching(/^[0-9a-f]{64}\/\*$/), expect.stringMatching(/^[0-9a-f]{64}\/\*$/)] } },
    ]);
  });

  test('secret-looking environment names warn on a deploy-time run too', () => {
    const stack = new Stack(new App(), 'Run');
    new ProcessingJobRun(stack, 'Backfill', { image: ProcessingImage.fromRegistry(IMAGE_URI), environment: { API_KEY: 'x', STAGE: 'prod' } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('looks like a secret')).map((w) => w.id);
    expect(warnings).toEqual(['/Run/Backfill']);
  });
});
