import { validateCfnProcessingJobProperties } from './cfn-schema';
import { validateCreateProcessingJobRequest } from './sagemaker-model';
import { UNRESOLVED } from './unresolved';

/** A complete, valid request: every structure of the API the library renders. */
function validRequest(): any {
  return {
    ProcessingJobName: 'nightly-features-20261130-020000-0a1b2c3d',
    RoleArn: 'arn:aws:iam::123456789012:role/processing-jobs/nightly/JobRole-ABC',
    AppSpecification: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-job:1', ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/run.py'], ContainerArguments: ['--day', '2026-11-30'] },
    ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } },
    ProcessingInputs: [
      { InputName: 'raw', S3Input: { S3Uri: 's3://lake/raw/', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' } },
      { InputName: 'query', AppManaged: false, DatasetDefinition: { AthenaDatasetDefinition: { Catalog: 'AwsDataCatalog', Database: 'lake', QueryString: 'SELECT 1', OutputS3Uri: 's3://lake/athena/', OutputFormat: 'PARQUET' }, LocalPath: '/opt/ml/processing/input/query' } },
    ],
    ProcessingOutputConfig: { Outputs: [{ OutputName: 'features', S3Output: { S3Uri: 's3://lake/features/', LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } }, { OutputName: 'fs', AppManaged: true, FeatureStoreOutput: { FeatureGroupName: 'customers' } }] },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    Environment: { STAGE: 'prod' },
    NetworkConfig: { EnableNetworkIsolation: false, VpcConfig: { SecurityGroupIds: ['sg-0123456789abcdef0'], Subnets: ['subnet-0123456789abcdef0'] } },
    Tags: [{ Key: 'team', Value: 'data' }],
  };
}

describe('validateCreateProcessingJobRequest (SageMaker API model)', () => {
  test('a complete request has no violations', () => {
    expect(validateCreateProcessingJobRequest(validRequest())).toEqual([]);
  });

  test.each<[string, (r: any) => void, string]>([
    ['a job name with an underscore', (r) => { r.ProcessingJobName = 'my_job'; }, "ProcessingJobName: 'my_job' does not match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} (SageMaker API shape ProcessingJobName)"],
    ['a missing role', (r) => { delete r.RoleArn; }, "request: required member 'RoleArn' is missing (SageMaker API shape CreateProcessingJobRequest)"],
    ['an unknown member', (r) => { r.AppSpecification.Command = ['x']; }, "AppSpecification: unknown member 'Command'; the shape has ImageUri, ContainerEntrypoint, ContainerArguments (SageMaker API shape AppSpecification)"],
    ['an instance type outside the enum', (r) => { r.ProcessingResources.ClusterConfig.InstanceType = 'ml.m5.huge'; }, "ProcessingResources.ClusterConfig.InstanceType: 'ml.m5.huge' is not one of"],
    ['an instance count of 0', (r) => { r.ProcessingResources.ClusterConfig.InstanceCount = 0; }, 'ProcessingResources.ClusterConfig.InstanceCount: 0 is out of range 1–100 (SageMaker API shape ProcessingInstanceCount)'],
    ['a number as a string', (r) => { r.StoppingCondition.MaxRuntimeInSeconds = '3600'; }, 'StoppingCondition.MaxRuntimeInSeconds: expected an integer, got string "3600"'],
    ['101 environment variables', (r) => { r.Environment = Object.fromEntries([...Array(101).keys()].map((i) => [`V${i}`, 'x'])); }, 'Environment: has 101 entries; the maximum is 100 (SageMaker API shape ProcessingEnvironmentMap)'],
    ['an environment name with a dash', (r) => { r.Environment = { 'MY-VAR': 'x' }; }, "Environment key 'MY-VAR': 'MY-VAR' does not match [a-zA-Z_][a-zA-Z0-9_]*"],
    ['11 inputs', (r) => { r.ProcessingInputs = [...Array(11).keys()].map((i) => ({ InputName: `i${i}`, AppManaged: true })); }, 'ProcessingInputs: has 11 items; the maximum is 10 (SageMaker API shape ProcessingInputs)'],
    ['an ftp URI', (r) => { r.ProcessingInputs[0].S3Input.S3Uri = 'ftp://lake/raw/'; }, "ProcessingInputs[0].S3Input.S3Uri: 'ftp://lake/raw/' does not match (https|s3)://([^/]+)/?(.*)"],
    ['an empty entrypoint', (r) => { r.AppSpecification.ContainerEntrypoint = []; }, 'AppSpecification.ContainerEntrypoint: has 0 items; the minimum is 1 (SageMaker API shape ContainerEntrypoint)'],
    ['six security groups', (r) => { r.NetworkConfig.VpcConfig.SecurityGroupIds = ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6']; }, 'NetworkConfig.VpcConfig.SecurityGroupIds: has 6 items; the maximum is 5'],
    ['a boolean as a string', (r) => { r.NetworkConfig.EnableNetworkIsolation = 'false'; }, 'NetworkConfig.EnableNetworkIsolation: expected a boolean, got string "false"'],
    ['a role ARN that is not a role', (r) => { r.RoleArn = 'arn:aws:iam::123456789012:user/alice'; }, "RoleArn: 'arn:aws:iam::123456789012:user/alice' does not match"],
    ['a member given as value and as JSONPath', (r) => { r['RoleArn.$'] = '$.role'; }, "request: member 'RoleArn' is given twice (as RoleArn and RoleArn.$)"],
  ])('reports %s', (_name, change, message) => {
    const request = validRequest();
    change(request);
    const violations = validateCreateProcessingJobRequest(request);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(message);
  });

  test('a job name over 63 characters breaks the length and the pattern', () => {
    const request = validRequest();
    request.ProcessingJobName = 'a'.repeat(64);
    expect(validateCreateProcessingJobRequest(request)).toEqual([
      'ProcessingJobName: has 64 characters; the maximum is 63 (SageMaker API shape ProcessingJobName)',
      `ProcessingJobName: '${'a'.repeat(64)}' does not match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} (SageMaker API shape ProcessingJobName)`,
    ]);
  });

  test('values known only later satisfy any shape: JSONPath members, JSONata, intrinsics, unresolved markers', () => {
    const request = validRequest();
    delete request.ProcessingJobName;
    request['ProcessingJobName.$'] = "States.Format('job-{}', $$.Execution.Name)";
    request.ProcessingResources.ClusterConfig.InstanceCount = '{% $states.input.count %}';
    request.RoleArn = { 'Fn::GetAtt': ['JobRole', 'Arn'] };
    request.ProcessingInputs[0].S3Input.S3Uri = `s3://${UNRESOLVED}/raw/`;
    request.Environment = { 'RUN_ID.$': '$$.Execution.Name', STAGE: 'prod' };
    expect(validateCreateProcessingJobRequest(request)).toEqual([]);
  });

  test('a required member the caller fills in later is not reported', () => {
    const request = validRequest();
    delete request.ProcessingJobName;
    expect(validateCreateProcessingJobRequest(request, { filledLater: ['ProcessingJobName'] })).toEqual([]);
    expect(validateCreateProcessingJobRequest(request)).toEqual([
      "request: required member 'ProcessingJobName' is missing (SageMaker API shape CreateProcessingJobRequest)",
    ]);
  });
});

describe('validateCfnProcessingJobProperties (CloudFormation resource schema)', () => {
  /** The request as CloudFormation properties: the same shape, with an optional name. */
  function validProperties(): any {
    const p = validRequest();
    delete p.ProcessingJobName;
    p.ProcessingOutputConfig.Outputs = [p.ProcessingOutputConfig.Outputs[0]];
    return p;
  }

  test('valid properties have no violations', () => {
    expect(validateCfnProcessingJobProperties(validProperties())).toEqual([]);
  });

  test('an instance type the API has but CloudFormation\'s enum lacks is reported', () => {
    const p = validProperties();
    p.ProcessingResources.ClusterConfig.InstanceType = 'ml.p3.2xlarge';
    expect(validateCreateProcessingJobRequest({ ...p, ProcessingJobName: 'x' })).toEqual([]);
    expect(validateCfnProcessingJobProperties(p)).toEqual([
      expect.stringMatching(/^ProcessingResources\.ClusterConfig\.InstanceType: 'ml\.p3\.2xlarge' is not in CloudFormation's enum/),
    ]);
  });

  test.each<[string, (p: any) => void, string]>([
    ['an unknown property', (p) => { p.Foo = 1; }, "Properties: unknown property 'Foo'"],
    ['a missing required property', (p) => { delete p.AppSpecification; }, "Properties: required property 'AppSpecification' is missing"],
    ['a wrong type', (p) => { p.ProcessingInputs = { InputName: 'x' }; }, 'ProcessingInputs: expected a list, got an object'],
    ['a value outside an enum', (p) => { p.ProcessingInputs[0].S3Input.S3DataType = 'Prefix'; }, "ProcessingInputs[0].S3Input.S3DataType: 'Prefix' is not in CloudFormation's enum"],
    ['a nested unknown property', (p) => { p.ProcessingResources.ClusterConfig.InstancePreferences = []; }, "ProcessingResources.ClusterConfig: unknown property 'InstancePreferences'"],
  ])('reports %s', (_name, change, message) => {
    const p = validProperties();
    change(p);
    const violations = validateCfnProcessingJobProperties(p);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(message);
  });
});
