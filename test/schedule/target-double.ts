import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, IConstruct } from 'constructs';
import { JobRunOverrides } from '../../lib/definition/job-run-overrides';
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
 * to start it, a job role. `executionInput` renders the run form; `directRequest` a
 * CreateProcessingJob request; `grantDirectRun` the runner-wide statements, once per grantee.
 */
export class TestJobRunTarget implements JobRunTarget {
  public readonly scope: Construct;
  public readonly jobId: string;
  public readonly stateMachine: sfn.StateMachine;
  public readonly startRole: iam.Role;
  public readonly jobRole: iam.Role;
  public readonly startRuleNamePrefix = 'TestStack-0a1b2c3d-';
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
  }

  executionInput(overrides: JobRunOverrides): { [key: string]: unknown } {
    return {
      job: this.jobId,
      run: {
        arguments: overrides.arguments ?? JOB_DEFAULTS.arguments,
        environment: { ...JOB_DEFAULTS.environment, ...overrides.environment },
        instanceType: overrides.instanceType ?? JOB_DEFAULTS.instanceType,
        instanceCount: overrides.instanceCount ?? JOB_DEFAULTS.instanceCount,
        inputs: { ...JOB_DEFAULTS.inputs, ...overrides.inputs },
        outputs: { ...JOB_DEFAULTS.outputs, ...overrides.outputs },
        scheduledTime: overrides.scheduledTime,
      },
    };
  }

  directRequest(overrides: JobRunOverrides, runId: string): { [key: string]: unknown } {
    const inputs = { ...JOB_DEFAULTS.inputs, ...overrides.inputs };
    return {
      AppSpecification: { ImageUri: IMAGE_URI, ContainerArguments: overrides.arguments ?? JOB_DEFAULTS.arguments },
      Environment: {
        ...JOB_DEFAULTS.environment,
        ...overrides.environment,
        PROCESSING_RUN_ID: runId,
        PROCESSING_SCHEDULED_TIME: overrides.scheduledTime,
      },
      ProcessingInputs: Object.entries(inputs).map(([name, uri]) => ({
        InputName: name,
        S3Input: { S3Uri: uri, LocalPath: `/opt/ml/processing/input/${name}`, S3DataType: 'S3Prefix', S3InputMode: 'File' },
      })),
      ProcessingResources: {
        ClusterConfig: { InstanceType: overrides.instanceType ?? JOB_DEFAULTS.instanceType, InstanceCount: overrides.instanceCount ?? 1, VolumeSizeInGB: 30 },
      },
      RoleArn: this.jobRole.roleArn,
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    };
  }

  grantDirectRun(grantee: iam.IGrantable): void {
    if (this.directGrantees.has(grantee)) return;
    this.directGrantees.add(grantee);
    const stack = Stack.of(this.scope);
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sagemaker:CreateProcessingJob', 'sagemaker:AddTags'],
      resources: [stack.formatArn({ service: 'sagemaker', resource: 'processing-job', resourceName: `${this.jobNamePrefix}*` })],
    }));
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [this.jobRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));
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

/** `Ref` of a resource, as a template holds it. */
export function refOf(resource: IConstruct): unknown {
  return { Ref: Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement) };
}
