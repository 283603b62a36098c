/**
 * The deployed DataLake stack of the hand-written cloud assembly (test/cli/fixtures/assembly), as
 * the stand-in's account holds it, and the request its NightlyFeatures runner renders.
 */
import { JobPlan, RunPlan, StackConfig, StateMachineConfig, World } from './world';

export const ACCOUNT = '123456789012';
export const BUCKET = 'datalake-databucket-1x2y3z4w5v6u';
export const NIGHTLY_MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:NightlyFeaturesRunner`;
export const SHARED_MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Runner`;

const DATA_LAKE: StackConfig = {
  name: 'DataLake',
  stackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/DataLake/5a6b7c8d-0000-1111-2222-333344445555`,
  resources: {
    DataBucketE3889A50: { physicalId: BUCKET, type: 'AWS::S3::Bucket' },
    DataKey7A2E8C31: { physicalId: '1234abcd-12ab-34cd-56ef-1234567890ab', type: 'AWS::KMS::Key' },
    JobSecurityGroup4F1A2B3C: { physicalId: 'sg-0a1b2c3d4e5f60718', type: 'AWS::EC2::SecurityGroup' },
    NightlyFeaturesJobRoleB2F1C7A4: { physicalId: 'DataLake-NightlyFeaturesJobRole-Q1W2E3R4T5Y6', type: 'AWS::IAM::Role' },
    NightlyFeaturesRunnerStateMachine6C1D2E3F: { physicalId: NIGHTLY_MACHINE, type: 'AWS::StepFunctions::StateMachine' },
    RunnerStateMachine0A1B2C3D: { physicalId: SHARED_MACHINE, type: 'AWS::StepFunctions::StateMachine' },
  },
  parameters: { BootstrapVersion: '28' },
  exports: { 'SharedData:ExportsOutputRefLookupBucket': 'shared-lookup-bucket', 'SharedVpc:PrivateSubnetIds': 'subnet-0aaa,subnet-0bbb,subnet-0ccc' },
};

/** A world with the DataLake stack deployed (or not: `deployed: false`). */
export function dataLakeWorld(clock: () => number, options: { deployed?: boolean } = {}): World {
  const machines: StateMachineConfig[] = [
    { arn: NIGHTLY_MACHINE, jobNamePrefix: 'nightly-features' },
    { arn: SHARED_MACHINE, jobNamePrefix: 'pl-Weekly' },
  ];
  return new World(clock, options.deployed === false ? [] : [DATA_LAKE], machines);
}

/** The request the NightlyFeatures runner renders for a run scheduled on `date` with its raw input at `raw`. */
export function nightlyRequest(date: string, raw = `s3://${BUCKET}/raw/`, instanceCount = 2): { [key: string]: unknown } {
  const input = (name: string, uri: string) => ({ InputName: name, S3Input: {
    S3Uri: uri, LocalPath: `/opt/ml/processing/input/${name}`, S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
  } });
  return {
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/processing/DataLake-NightlyFeaturesJobRole-Q1W2E3R4T5Y6`,
    AppSpecification: { ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3' },
    ProcessingInputs: [input('raw', raw), input('lookup', 's3://shared-lookup-bucket/lookup/'), input('code', `s3://cdk-hnb659fds-assets-${ACCOUNT}-us-east-1/4c1f0e6b2a.py`)],
    ProcessingOutputConfig: { Outputs: [{ OutputName: 'features', S3Output: {
      S3Uri: `s3://${BUCKET}/features/dt=${date}/`, LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob',
    } }] },
    ProcessingResources: { ClusterConfig: { InstanceCount: instanceCount, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
}

/** Times of a scenario: `s` seconds (the docs use real ones; terminal tests scale them down). */
export type Seconds = (s: number) => number;

/** Two instances: provisioning, the download, a few lines each (algo-2 a little behind), the upload. */
export function featureJob(s: Seconds, outcome: JobPlan['outcome'] = 'Completed'): JobPlan {
  const failed = typeof outcome === 'object';
  return {
    provisionSeconds: s(120), downloadSeconds: s(20), runSeconds: s(60), uploadSeconds: s(10), outcome,
    logs: [
      { instance: 1, at: s(1), message: 'reading s3://backfill/raw/ (2026-11-20)' },
      { instance: 2, at: s(2), message: 'reading s3://backfill/raw/ (2026-11-20)' },
      { instance: 1, at: s(30), message: failed ? 'Traceback (most recent call last):' : 'rows: 120000' },
      ...(failed ? [{ instance: 1, at: s(31), message: 'KeyError: \'date\'' }] : [
        { instance: 2, at: s(58), message: 'wrote 60000 feature rows' },
        { instance: 1, at: s(59), message: 'wrote 60000 feature rows' },
      ]),
    ],
  };
}

/** A run of NightlyFeatures for 2026-11-20 whose jobs do what `attempts` say. */
export function nightlyRun(s: Seconds, attempts: JobPlan[], capacityWait = 300): RunPlan {
  return { startSeconds: s(1), endSeconds: s(1), request: nightlyRequest('2026-11-20', 's3://backfill/raw/'), attempts, capacityWaitSeconds: s(capacityWait) };
}
