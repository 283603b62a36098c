import { App, Duration, NestedStack, Stack, StackProps, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  JobSchedule, JobTrigger, OutputPartitioning, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRun,
  ProcessingJobRunner, ProcessingOutput, ScriptProcessor,
} from '../../lib';
import { synthesized } from './synthesized';

/**
 * Apps split the way users split them — a data stack (buckets, a KMS key, an ECR repository, a
 * VPC, a topic) and stacks of jobs and deploy-time runs that use it through cross-stack
 * references, in nested stacks and in stages deployed twice — synthesized with aws-cdk-lib's
 * CloudFormation validation on and held to the deployability gate (test/contracts/deployability.ts):
 * templates, references, definitions, requests, policy sizes and names unique per environment.
 */
const ACCEPTED = {
  '@aws-cdk/core:crossStackReferencesDefaultStrong': "aws-cdk-lib's advice on the app's cross-stack reference strength; strong references (Fn::ImportValue) deploy",
};

class DataStack extends Stack {
  public readonly key: kms.Key;
  public readonly lake: s3.Bucket;
  public readonly repository: ecr.Repository;
  public readonly vpc: ec2.Vpc;
  public readonly topic: sns.Topic;
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true });
    this.lake = new s3.Bucket(this, 'Lake', { encryption: s3.BucketEncryption.KMS, encryptionKey: this.key, enforceSSL: true, eventBridgeEnabled: true });
    this.repository = new ecr.Repository(this, 'Images');
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      natGateways: 0, subnetConfiguration: [{ name: 'jobs', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      // Isolated subnets reach S3 (the jobs' inputs and outputs) only through an endpoint.
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    this.topic = new sns.Topic(this, 'Alerts', { enforceSSL: true });
  }
}

/** A job of `data`'s image, code, lake, key, VPC and topic, scheduled and triggered. */
function addJob(scope: Construct, id: string, data: DataStack, runner?: ProcessingJobRunner): ProcessingJob {
  return new ProcessingJob(scope, id, {
    runner,
    processor: new ScriptProcessor({ image: ProcessingImage.fromEcrRepository(data.repository, '1.0.0'), command: ['python3'] }),
    code: ProcessingCode.fromBucket(data.lake, `code/${id}.py`),
    processingInputs: [ProcessingInput.fromBucket('raw', data.lake, `raw/${id}/`)],
    processingOutputs: [ProcessingOutput.toBucket('features', data.lake, `features/${id}/`)],
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    vpc: data.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    volumeKmsKey: data.key, outputKmsKey: data.key,
    maxRuntime: Duration.hours(1),
    ...runner ? {} : { notificationTopic: data.topic, failureAlarm: true },
    schedule: JobSchedule.cron({ hour: '2', minute: '0' }),
    triggers: [JobTrigger.onObjectCreated(data.lake, { prefix: `raw/${id}/` })],
  });
}

function addRun(scope: Construct, id: string, data: DataStack): ProcessingJobRun {
  return new ProcessingJobRun(scope, id, {
    image: ProcessingImage.fromEcrRepository(data.repository, '1.0.0'),
    processingInputs: [ProcessingInput.fromBucket('raw', data.lake, `raw/${id}/`)],
    processingOutputs: [ProcessingOutput.toBucket('prepared', data.lake, `prepared/${id}/`)],
    vpc: data.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    volumeKmsKey: data.key, outputKmsKey: data.key,
    maxRuntime: Duration.minutes(30),
  });
}

/** The data stack, two stacks of jobs (one with a shared runner, one with jobs in two nested stacks) and a stack of deploy-time runs. */
function lake(scope: Construct): void {
  const data = new DataStack(scope, 'Data');
  const features = new Stack(scope, 'Features');
  const runner = new ProcessingJobRunner(features, 'Runner', { jobNamePrefix: 'feat', notificationTopic: data.topic });
  for (const id of ['orders', 'returns']) addJob(features, id, data, runner);
  const reports = new Stack(scope, 'Reports');
  addJob(reports, 'daily', data);
  for (const team of ['ads', 'billing']) addJob(new NestedStack(reports, team), `${team}-weekly`, data);
  const migrations = new Stack(scope, 'Migrations');
  addRun(migrations, 'Backfill', data);
  addRun(migrations, 'Reindex', data);
}

test('a data stack and the stacks of jobs, nested stacks and deploy-time runs that use it deploy', () => {
  const report = synthesized(() => {
    const app = new App();
    lake(app);
    app.synth();
  }, { acceptedWarnings: ACCEPTED });
  expect(report.problems).toEqual([]);
  expect(report.checked).toEqual(expect.objectContaining({ stacks: 4, nestedStacks: 2 }));
  expect(report.checked.requests).toEqual(expect.objectContaining({
    'task state': 3, 'task state (S3 definition)': 2, 'AWS::SageMaker::ProcessingJob': 2, 'run command metadata': 5,
  }));
});

test('the app deployed twice as two stages: every stack of both is checked, no name or export is given twice', () => {
  const report = synthesized(() => {
    const app = new App();
    lake(new Stage(app, 'Dev'));
    lake(new Stage(app, 'Prod'));
    app.synth();
  }, { acceptedWarnings: ACCEPTED });
  expect(report.problems).toEqual([]);
  expect(report.checked).toEqual(expect.objectContaining({ stacks: 8, nestedStacks: 4 }));
  expect(Object.keys(report.checkedByStack).filter((name) => !name.includes('/')).sort()).toEqual([
    'Dev-Data', 'Dev-Features', 'Dev-Migrations', 'Dev-Reports', 'Prod-Data', 'Prod-Features', 'Prod-Migrations', 'Prod-Reports',
  ]);
});

test('generated app shapes deploy: jobs in 1–3 stacks, each top-level or nested, with a runner of their own or shared, and runs', () => {
  const shape = fc.record({
    stacks: fc.array(fc.record({
      nested: fc.boolean(), shared: fc.boolean(), jobs: fc.integer({ min: 1, max: 3 }), runs: fc.integer({ min: 0, max: 2 }),
    }), { minLength: 1, maxLength: 3 }),
    staged: fc.boolean(),
  });
  fc.assert(fc.property(shape, ({ stacks, staged }) => {
    const report = synthesized(() => {
      const app = new App();
      const root: Construct = staged ? new Stage(app, 'Pipeline') : app;
      const data = new DataStack(root, 'Data');
      stacks.forEach((s, i) => {
        const stack = new Stack(root, `Jobs${i}`);
        const scope = s.nested ? new NestedStack(stack, 'Nested') : stack;
        const runner = s.shared ? new ProcessingJobRunner(scope, 'Runner', { jobNamePrefix: `shared${i}` }) : undefined;
        for (let j = 0; j < s.jobs; j++) addJob(scope, `s${i}-job${j}`, data, runner);
        for (let r = 0; r < s.runs; r++) addRun(scope, `s${i}-run${r}`, data);
      });
      app.synth();
    }, { acceptedWarnings: ACCEPTED });
    expect(report.problems).toEqual([]);
    expect(report.checked.requests['run command metadata']).toBe(stacks.reduce((n, s) => n + s.jobs, 0));
  }), { numRuns: 4 });
});

test('40 jobs running the images of an ECR repository of another account deploy: its repository policy stays one statement', () => {
  const report = synthesized(() => {
    const app = new App();
    const images = new Stack(app, 'Images', { env: { account: '222222222222', region: 'us-east-1' } });
    const repository = new ecr.Repository(images, 'Reports', { repositoryName: 'team/reports' });
    const stack = new Stack(app, 'Jobs', { env: { account: '111111111111', region: 'us-east-1' } });
    for (let i = 0; i < 40; i++) {
      new ProcessingJob(stack, `Report${i}`, { image: ProcessingImage.fromEcrRepository(repository, '1.0.0'), schedule: JobSchedule.cron({ hour: '3', minute: '0' }) });
    }
    app.synth();
  }, { acceptedWarnings: ACCEPTED });
  expect(report.problems).toEqual([]);
  expect(report.checked.requests['run command metadata']).toBe(40);
});
