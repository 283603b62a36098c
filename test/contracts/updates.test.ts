import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ProcessingImage, ProcessingJobFleet } from '../../lib';
import { assemblyTemplates, namedReplacementExposure, replacingProperties, updateProblems } from './updates';

/** One stack's template of the given resources. */
const app = (resources: { [id: string]: any }, stack = 'Jobs') => ({ [stack]: { Resources: resources } });
const rule = (name: unknown, extra: object = {}) => ({ Type: 'AWS::Events::Rule', Properties: { Name: name, ScheduleExpression: 'rate(1 day)', ...extra } });

describe('updateProblems (CloudFormation resource schemas: create-only properties of custom-named resources)', () => {
  test('reads which properties replace a resource from @aws-cdk/aws-service-spec', () => {
    expect(replacingProperties('AWS::Events::Rule').sort()).toEqual(['EventBusName', 'Name']);
    expect(replacingProperties('AWS::StepFunctions::StateMachine').sort()).toEqual(['StateMachineName', 'StateMachineType']);
  });

  test('a rule whose event bus changes under the same name cannot be replaced', () => {
    expect(updateProblems(app({ R: rule('jobs-1') }), app({ R: rule('jobs-1', { EventBusName: 'lake' }) }))).toEqual([
      'Jobs/R: AWS::Events::Rule Name "jobs-1" stays while EventBusName changes, which replaces it: CloudFormation cannot replace a custom-named resource',
    ]);
  });

  test('a state machine of a fixed name whose type changes cannot be replaced', () => {
    const machine = (type: string) => ({ Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'lake', StateMachineType: type } });
    expect(updateProblems(app({ M: machine('STANDARD') }), app({ M: machine('EXPRESS') }))).toHaveLength(1);
    expect(updateProblems(app({ M: machine('STANDARD') }), app({ M: machine('STANDARD') }))).toEqual([]);
  });

  test('a name given by another resource changes when that resource changes (the deploy-time run\'s name resource)', () => {
    const job = (request: string, instanceType: string) => ({
      Name: { Type: 'Custom::ProcessingJobRunName', Properties: { Request: request } },
      Job: { Type: 'AWS::SageMaker::ProcessingJob', Properties: { ProcessingJobName: { 'Fn::GetAtt': ['Name', 'JobName'] }, ProcessingResources: instanceType } },
    });
    expect(updateProblems(app(job('a', 'ml.m5.large')), app(job('b', 'ml.m5.xlarge')))).toEqual([]);
    expect(updateProblems(app(job('a', 'ml.m5.large')), app(job('a', 'ml.m5.xlarge')))).toEqual([
      'Jobs/Job: AWS::SageMaker::ProcessingJob ProcessingJobName {"Fn::GetAtt":["Name","JobName"]} stays while ProcessingResources changes, ' +
      'which replaces it: CloudFormation cannot replace a custom-named resource',
    ]);
  });

  test('a named resource that moves to another stack or logical id under its name collides with itself', () => {
    const before = { ...app({ R: rule('jobs-1') }, 'Jobs/Shard2'), ...app({}, 'Jobs/Shard1') };
    const after = { ...app({}, 'Jobs/Shard2'), ...app({ R: rule('jobs-1') }, 'Jobs/Shard1') };
    expect(updateProblems(before, after)).toEqual([
      "Jobs/Shard1/R: AWS::Events::Rule Name 'jobs-1' is created while Jobs/Shard2/R still holds it (deleted only at the end of the update): the creation fails, the name exists",
    ]);
    expect(updateProblems(app({ R: rule('jobs-1') }), app({ R2: rule('jobs-1') }))).toHaveLength(1);
    expect(updateProblems(app({ R: rule('jobs-1') }), app({ R2: rule('jobs-2') }))).toEqual([]);
  });

  test('assemblyTemplates reads the nested stacks of an app, by their parent and logical id', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'updates-'));
    try {
      const a = new App({ outdir });
      const fleet = new ProcessingJobFleet(new Stack(a, 'Jobs'), 'Fleet', { jobsPerShard: 1 });
      for (const id of ['A', 'B']) fleet.addJob(id, { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1') });
      a.synth();
      const keys = Object.keys(assemblyTemplates(outdir));
      expect(keys).toEqual(['Jobs', expect.stringMatching(/^Jobs\/FleetShard1NestedStackShard1NestedStackResource[0-9A-F]{8}$/),
        expect.stringMatching(/^Jobs\/FleetShard2NestedStackShard2NestedStackResource[0-9A-F]{8}$/)]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('namedReplacementExposure', () => {
  test('a custom-named resource that sets a create-only property its name does not follow', () => {
    expect(namedReplacementExposure(app({ R: rule('jobs-1', { EventBusName: 'lake' }) }))).toEqual([
      'Jobs/R: AWS::Events::Rule has the custom Name "jobs-1" and sets EventBusName, which replace it when they change: derive the name from them, ' +
      'or leave the name to CloudFormation',
    ]);
    expect(namedReplacementExposure(app({ R: rule('jobs-1') }))).toEqual([]);
  });

  test('a fixed value, and a name given by the run\'s name resource, are followed', () => {
    expect(namedReplacementExposure(app({ M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'lake', StateMachineType: 'STANDARD' } } }))).toEqual([]);
    expect(namedReplacementExposure(app({ M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'lake', StateMachineType: 'EXPRESS' } } }))).toHaveLength(1);
    const job = (namer: string) => ({
      Name: { Type: namer, Properties: {} },
      Job: { Type: 'AWS::SageMaker::ProcessingJob', Properties: { ProcessingJobName: { 'Fn::GetAtt': ['Name', 'JobName'] }, RoleArn: 'arn' } },
    });
    expect(namedReplacementExposure(app(job('Custom::ProcessingJobRunName')))).toEqual([]);
    expect(namedReplacementExposure(app(job('Custom::Other')))).toHaveLength(1);
  });
});
