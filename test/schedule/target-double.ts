import type { CreateProcessingJobRequest } from '../../lib/api/api-request';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, IConstruct } from 'constructs';
import { JobRunOverrides } from '../../lib/definition/job-run-overrides';
import { processingJobStatements } from '../../lib/iam/processing-job-permissions';
import { OutputPartitioning } from '../../lib/job/options';
import { JobRunTemplate } from '../../lib/job/run-template';
import { JobRunTarget } from '../../lib/schedule/job-run-target';

export const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1';

/** The job's own run values, which overrides replace or merge over. */
export const JOB_DEFAULTS = {
  arguments: ['--mode', 'full'],
  environment: { LOG_LEVEL: 'info' },
  instanceType: 'ml.m5.xlarge',
  instanceCount: 1,
  inputs: { raw: 's3://raw-bucket/events/' },
  outputs: { features: 's3://lake/features/' },
};

/**
 * A test double of the `JobRunTarget` contract (docs/CONTRACTS.md) on real constructs: a state
 * machine (a `Pass` state), a start role trusted by Scheduler and EventBridge and already allowed
 * to start it, a job role. The run form and the direct request come from the job layer's own
 * `JobRunTemplate` over a job with `JOB_DEFAULTS` (no second copy of the run values);
 * `grantDirectRun` adds the statements of the library's IAM module (no second copy of the
 * PassRole statement or the job-ARN pattern), once per grantee.
 */
export class TestJobRunTarget implements JobRunTarget {
  public readonly scope: Construct;
  public readonly jobId: string;
  public readonly stateMachine: sfn.StateMachine;
  public readonly startRole: iam.Role;
  public readonly jobRole: iam.Role;
  public readonly startRuleNamePrefix = 'TestStack-0a1b2c3d-';
  public readonly overridableInputs = Object.keys(JOB_DEFAULTS.inputs);
  private readonly template: JobRunTemplate;
  private readonly directGrantees = new Set<iam.IGrantable>();

  constructor(stack: Stack, id: string, public readonly jobNamePrefix = 'nightly-features', startRole?: iam.Role) {
    this.scope = new Construct(stack, id);
    this.jobId = id;
    this.stateMachine = new sfn.StateMachine(this.scope, 'Runner', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this.scope, 'Route')),
    });
    this.startRole = startRole ?? new iam.Role(stack, 'StartRole', {
      assumedBy: new iam.CompositePrincipal(new iam.ServicePrincipal('scheduler.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')),
    });
    this.stateMachine.grantStartExecution(this.startRole);
    this.jobRole = new iam.Role(this.scope, 'JobRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    this.template = new JobRunTemplate(this.scope.node.path, {
      jobName: jobNamePrefix,
      roleArn: this.jobRole.roleArn,
      imageUri: IMAGE_URI,
      arguments: JOB_DEFAULTS.arguments,
      environment: JOB_DEFAULTS.environment,
      instanceType: JOB_DEFAULTS.instanceType,
      instanceCount: JOB_DEFAULTS.instanceCount,
      volumeSizeInGb: 30,
      maxRuntimeInSeconds: 3600,
      inputs: Object.entries(JOB_DEFAULTS.inputs).map(([inputName, s3Uri]) => ({ inputName, s3: { s3Uri, localPath: `/opt/ml/processing/input/${inputName}` } })),
      outputs: Object.entries(JOB_DEFAULTS.outputs).map(([outputName, s3Uri]) => ({ outputName, s3: { s3Uri, localPath: `/opt/ml/processing/output/${outputName}` } })),
    }, Object.keys(JOB_DEFAULTS.inputs), Object.keys(JOB_DEFAULTS.outputs), OutputPartitioning.NONE);
  }

  executionInput(overrides: JobRunOverrides): { [key: string]: unknown } {
    if (overrides.scheduledTime === undefined) throw new Error('a schedule\'s or trigger\'s input needs the run\'s scheduledTime');
    return { job: this.jobId, ...this.template.overridesForm({ ...overrides, scheduledTime: overrides.scheduledTime }) };
  }

  directRequest(overrides: JobRunOverrides, jobName: string): CreateProcessingJobRequest {
    return this.template.directRequest(overrides, jobName);
  }

  /** As a shared runner's: the start role for every schedule, direct or not. */
  scheduleRole(): iam.IRole {
    return this.startRole;
  }

  grantDirectRun(grantee: iam.IGrantable): void {
    if (this.directGrantees.has(grantee)) return;
    this.directGrantees.add(grantee);
    // What a ProcessingJob grants (lib/job/processing-job.ts), from the one IAM module; the double's job has no tags.
    for (const statement of processingJobStatements(Stack.of(this.scope), { jobNamePrefix: this.jobNamePrefix, create: true, passRoleArns: [this.jobRole.roleArn] })) {
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
    }
  }
}

/** A stack in a fixed account and region with a target double. */
export function newTarget(jobNamePrefix?: string): { stack: Stack; target: TestJobRunTarget } {
  const stack = new Stack(new App(), 'Jobs', { env: { account: '123456789012', region: 'eu-west-1' } });
  return { stack, target: new TestJobRunTarget(stack, 'Nightly', jobNamePrefix) };
}

/** The JSON a resource property holds (Scheduler `Target.Input`, a rule target's `Input`). */
export function parseJson(value: unknown): any {
  if (typeof value !== 'string') throw new Error(`expected a JSON string, got ${JSON.stringify(value)}`);
  return JSON.parse(value);
}

/** The synthesized properties of the one resource a schedule or trigger created. */
export function propertiesOf(template: { [key: string]: any }, resource: IConstruct): any {
  const logicalId = Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement);
  return template.Resources[logicalId].Properties;
}

/** `Fn::GetAtt` of a role's ARN, as a template holds it. */
export function arnOf(role: IConstruct): unknown {
  return { 'Fn::GetAtt': [Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement), 'Arn'] };
}

/** The ARN of a resource as a schedule's target holds it: one Fn::Sub (compactIntrinsics). */
export function subArnOf(resource: IConstruct): unknown {
  return { 'Fn::Sub': `\${${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement)}.Arn}` };
}

/** `Ref` of a resource, as a template holds it. */
export function refOf(resource: IConstruct): unknown {
  return { Ref: Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement) };
}
