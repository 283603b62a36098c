import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeStackResourceCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { App, Stack } from 'aws-cdk-lib';
import type { StackFacts } from '../../cli/src/intrinsics';
import { mocks, resetAws, restoreEnv } from '../cli/harness';

/**
 * A synthesized stack as if deployed in 123456789012/us-east-1: every resource's physical id is
 * its logical id in lower case (what the CLI's intrinsics resolve against).
 */
export function deployedFacts(template: any, stackName: string, stackId: string): StackFacts {
  return {
    stackName, stackId, region: 'us-east-1', account: '123456789012', partition: 'aws', template,
    physicalIds: Object.fromEntries(Object.keys(template.Resources).map((id) => [id, id.toLowerCase()])),
    parameters: {}, exportValue: async () => undefined, stackOutput: async () => undefined,
  };
}

/**
 * The AWS answers the CLI gets for that deployed stack: CloudFormation describes it and its
 * resources (state machines by logical id), every job is Completed, executions start.
 */
export function mockDeployedStack(facts: StackFacts): void {
  const template = facts.template as any;
  mocks.cfn.on(DescribeStackResourceCommand).callsFake((input) => {
    const resource = template.Resources[input.LogicalResourceId!];
    if (resource?.Type !== 'AWS::StepFunctions::StateMachine') throw new Error(`not a state machine: ${input.LogicalResourceId}`);
    return { StackResourceDetail: { LogicalResourceId: input.LogicalResourceId, PhysicalResourceId: `arn:aws:states:us-east-1:123456789012:stateMachine:${input.LogicalResourceId}`,
      ResourceType: resource.Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() } };
  });
  mocks.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: facts.stackName, StackId: facts.stackId, CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE' }] });
  mocks.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: Object.entries<any>(template.Resources).map(([id, r]) => ({
    LogicalResourceId: id, PhysicalResourceId: facts.physicalIds[id], ResourceType: r.Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
  })) });
  mocks.sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed' });
  mocks.sfn.on(StartExecutionCommand).callsFake((input) => ({ executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`, startDate: new Date() }));
}

/** A synthesized app whose one stack is deployed (see `deployedFacts`); filled in by `useDeployedApp`'s `beforeAll`. */
export interface DeployedApp {
  outdir: string;
  template: any;
  facts: StackFacts;
}

/**
 * Synthesizes `build`'s stack into a fresh cloud assembly before the tests of the file, answers
 * the CLI's AWS calls as if it were deployed before each test, and removes the assembly after.
 */
export function useDeployedApp(stackName: string, stackId: string, build: (stack: Stack) => void): DeployedApp {
  const deployed = {} as DeployedApp;
  beforeAll(() => {
    deployed.outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployed-app-'));
    const app = new App({ outdir: deployed.outdir });
    build(new Stack(app, stackName));
    app.synth();
    deployed.template = JSON.parse(fs.readFileSync(path.join(deployed.outdir, `${stackName}.template.json`), 'utf8'));
    deployed.facts = deployedFacts(deployed.template, stackName, stackId);
  });
  afterAll(() => {
    fs.rmSync(deployed.outdir, { recursive: true, force: true });
    restoreEnv();
  });
  beforeEach(() => {
    resetAws();
    mockDeployedStack(deployed.facts);
  });
  return deployed;
}
