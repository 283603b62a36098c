import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { JobSchedule, ProcessingImage, ProcessingJob, ProcessingJobRun, ProcessingJobRunner } from '../../lib';
import { EC2_GROUP_DESCRIPTION, fitDescription, IAM_ROLE_DESCRIPTION } from '../../lib/cfn/descriptions';
import { synthesized } from './synthesized';

/**
 * Construct ids as teams write them — accents, apostrophes, dashes of their language, deep trees of
 * their own constructs — reach the descriptions the library writes (a job's security group, a
 * shared runner's roles, a deploy-time run's job role). EC2 takes a `GroupDescription` of 255 ASCII
 * characters of a small set, IAM a role `Description` of 1,000 Latin-1 characters; CloudFormation
 * refused the others at deployment while the synth passed (aws-cdk-lib's validation only warned).
 */
const IMAGE = ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/reports:1');
const ACCEPTED = {
  '@aws-cdk/core:crossStackReferencesDefaultStrong': "aws-cdk-lib's advice on the app's cross-stack reference strength; strong references (Fn::ImportValue) deploy",
};

test('jobs, a shared runner and a deploy-time run whose construct paths EC2 and IAM would not take as descriptions deploy', () => {
  const report = synthesized(() => {
    const app = new App();
    const net = new Stack(app, 'Network');
    const vpc = new ec2.Vpc(net, 'Vpc', {
      natGateways: 0, subnetConfiguration: [{ name: 'jobs', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const network = { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } };
    const jobs = new Stack(app, 'Jobs');
    new ProcessingJob(jobs, 'Rapport d\'activité', { image: IMAGE, ...network, schedule: JobSchedule.rate(Duration.days(1)) });
    let deep: Construct = jobs;
    for (const id of ['CustomerAnalyticsPlatform', 'FeatureEngineeringPipelines', 'NightlyBatchProcessingWorkloads', 'RecommendationSystemInputs',
      'UserBehaviourAggregations', 'SessionizationAndEnrichment', 'ClickstreamDeduplication']) deep = new Construct(deep, id);
    new ProcessingJob(deep, 'HourlyClickstreamSessionFeatureBuilder', { image: IMAGE, ...network });
    const runner = new ProcessingJobRunner(jobs, 'Umsatz–Berichte', { jobNamePrefix: 'umsatz' });
    new ProcessingJob(jobs, 'Monatsbericht', { runner, image: IMAGE, ...network, schedule: JobSchedule.rate(Duration.days(30)) });
    new ProcessingJobRun(jobs, '移行', { image: IMAGE, ...network });
    new ProcessingJob(jobs, 'Plain', { image: IMAGE, ...network });
    app.synth();
  }, { acceptedWarnings: ACCEPTED });
  expect(report.problems).toEqual([]);
  expect(report.checked.requests['AWS::SageMaker::ProcessingJob']).toBe(1);
});

test('a valid description is kept as it is; an invalid one keeps what it can, with its start and its end', () => {
  // A GroupDescription cannot change without replacing the security group: the deployed ones must stay.
  expect(fitDescription('SageMaker Processing job Jobs/Plain', EC2_GROUP_DESCRIPTION)).toBe('SageMaker Processing job Jobs/Plain');
  expect(fitDescription('Runs the processing jobs of Jobs/Données', IAM_ROLE_DESCRIPTION)).toBe('Runs the processing jobs of Jobs/Données');
  expect(fitDescription('SageMaker Processing job Jobs/Rapport d\'activité', EC2_GROUP_DESCRIPTION)).toBe('SageMaker Processing job Jobs/Rapport d_activite');
  expect(fitDescription('Runs Jobs/Umsatz–Berichte', IAM_ROLE_DESCRIPTION)).toBe('Runs Jobs/Umsatz_Berichte');
  // Decomposed accents (macOS file names) are letters with marks.
  expect(fitDescription('SageMaker Processing job Jobs/Mig\u0072acio\u0301n', EC2_GROUP_DESCRIPTION)).toBe('SageMaker Processing job Jobs/Migracion');
  const long = `SageMaker Processing job ${'Team/'.repeat(60)}Nightly`;
  const fitted = fitDescription(long, EC2_GROUP_DESCRIPTION);
  expect(fitted).toHaveLength(255);
  expect(fitted.startsWith('SageMaker Processing job Team/')).toBe(true);
  expect(fitted.endsWith('/Team/Nightly')).toBe(true);
  expect(fitted).toContain('...');
});
