import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  JobSchedule, OutputPartitioning, ProcessingCode, ProcessingImage, ProcessingInput, ProcessingJobFleet, ProcessingOutput, ScriptProcessor,
} from '../../lib';
import { checkedOf, DeployabilityReport } from '../contracts/deployability';
import { docsSnippet } from './docs-snippet';
import { synthesized } from './synthesized';
import { withNagAcknowledgements } from '../platform/nag';

/**
 * The deployability gate (test/contracts/deployability.ts) over whole apps, each synthesized once
 * with aws-cdk-lib's CloudFormation validation on (the rest of the suite runs with it off,
 * test/setup.ts): the example app of `npx cdk synth`, the five-stack lakehouse, and the docs'
 * "More jobs than one stack holds" layout. Any problem fails the test with its message.
 */
/**
 * The example app of `npx cdk synth` (bin/app.ts), synthesized once with the gate's checks: the
 * app (its construct tree stays, for cdk-nag) and the gate's report. It holds the lakehouse.
 */
let example: { app: App; report: DeployabilityReport } | undefined;
function exampleApp(): { app: App; report: DeployabilityReport } {
  if (!example) {
    let app: App | undefined;
    const report = synthesized(() => jest.isolateModules(() => {
      app = withNagAcknowledgements(() => require('../../bin/app').app);
    }));
    example = { app: app!, report };
  }
  return example;
}

/** The lakehouse's stacks (examples/lakehouse, added to bin/app.ts as `Lakehouse*`). */
const isLakehouse = (stackName: string) => stackName.startsWith('Lakehouse');

test('the example app (bin/app.ts) deploys: CloudFormation validation, references, definitions and every request', () => {
  const { report } = exampleApp();
  expect(report.problems).toEqual([]);
  expect(report.checked.stacks).toBeGreaterThanOrEqual(10);
  expect(report.checked.requests).toEqual(expect.objectContaining({
    'task state': expect.any(Number), 'task state (S3 definition)': expect.any(Number), 'AWS::SageMaker::ProcessingJob': 2,
    'ProcessingJobRun name resource': 2, 'run command metadata': expect.any(Number),
  }));
});

test('the lakehouse example (five stacks, cross-stack references, 42 jobs on one runner) deploys', () => {
  const { report } = exampleApp();
  const lakehouse = Object.entries(report.checkedByStack).filter(([name]) => isLakehouse(name)).map(([, checked]) => checked);
  expect(checkedOf(lakehouse)).toEqual({
    stacks: 5,
    definitions: 9,
    s3Definitions: 1,
    requests: {
      'task state': 8, 'task state (S3 definition)': 42, 'Scheduler target Input': 1, 'AWS::SageMaker::ProcessingJob': 1,
      'ProcessingJobRun name resource': 1, 'run command metadata': 48,
    },
  });
});

/**
 * cdk-nag's AwsSolutions pack over the synthesized lakehouse, as `Validations.of(app).addPlugins(new
 * AwsSolutionsChecks(app))` runs it: the library acknowledges its own inherent wildcards (with the
 * export names of cross-stack grants), the example acknowledges its own choices in its code.
 */
test('the lakehouse example: cdk-nag AwsSolutions reports no unacknowledged finding', () => {
  const { app } = exampleApp();
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c) && isLakehouse(c.stackName));
  expect(stacks.length).toBe(5);
  const pack = new AwsSolutionsChecks();
  const findings = stacks.flatMap((stack) => pack.validateScope(stack).violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} on ${r.constructPath}`)));
  expect(findings).toEqual([]);
});

test('the docs\' "More jobs than one stack holds" layout deploys', () => {
  const file = docsSnippet('More jobs than one stack holds', path.join(__dirname, '.snippets', 'more-jobs-than-one-stack-holds.ts'));
  const report = synthesized(() => jest.isolateModules(() => require(file)), {
    acceptedWarnings: {
      '@aws-cdk/core:crossStackReferencesDefaultStrong': "aws-cdk-lib's advice on the app's cross-stack reference strength; the snippet's strong references (Fn::ImportValue) deploy",
    },
  });
  expect(report.problems).toEqual([]);
  expect(report.checked.s3Definitions).toBeGreaterThanOrEqual(1);
});

/** CloudFormation quotas (User Guide, "Understand CloudFormation quotas"), Step Functions' definition limit (API Reference, CreateStateMachine). */
const QUOTA = { templateBytes: 1_000_000, resources: 500, parameters: 200, outputs: 200, definition: 1_048_576, resourcesPerNestedOperation: 2_500 };

test('1,000 scheduled jobs of a ProcessingJobFleet deploy as one stack: every nested template and definition under 80 % of its quota', () => {
  const report = synthesized(() => {
    const app = new App();
    // A bucket of another stack (encrypted with its key: two cross-stack values, imported into each shard) and one of the fleet's stack (parameters of each shard).
    const lake = new s3.Bucket(new Stack(app, 'Data'), 'Lake', { encryption: s3.BucketEncryption.KMS, enforceSSL: true });
    const stack = new Stack(app, 'Jobs');
    const features = new s3.Bucket(stack, 'Features', { enforceSSL: true });
    const fleet = new ProcessingJobFleet(stack, 'Nightly', { jobNamePrefix: 'nightly' });
    const processor = new ScriptProcessor({ image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/features:1'), command: ['python3'] });
    for (let i = 0; i < 1000; i++) {
      fleet.addJob(`Table${i}`, {
        processor,
        code: ProcessingCode.fromBucket(lake, `code/table${i}.py`),
        processingInputs: [ProcessingInput.fromBucket('raw', lake, `raw/table${i}/`)],
        processingOutputs: [ProcessingOutput.toBucket('features', features, `features/table${i}/`)],
        outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
        schedule: JobSchedule.cron({ hour: String(i % 24), minute: '0' }),
      });
    }
    app.synth();
  }, {
    acceptedWarnings: {
      '@aws-cdk/core:crossStackReferencesDefaultStrong': "aws-cdk-lib's advice on the app's cross-stack reference strength; strong references (Fn::ImportValue) deploy",
    },
  });
  expect(report.problems).toEqual([]);
  expect(report.checked).toEqual(expect.objectContaining({ stacks: 2, nestedStacks: 10, s3Definitions: 10 }));
  expect(report.checked.requests).toEqual(expect.objectContaining({ 'task state (S3 definition)': 1000, 'run command metadata': 1000 }));

  const shards = Object.entries(report.sizes.templates).filter(([name]) => name.startsWith('Jobs/'));
  expect(shards).toHaveLength(10);
  const quotas = { bytes: QUOTA.templateBytes, resources: QUOTA.resources, parameters: QUOTA.parameters, outputs: QUOTA.outputs };
  const over80 = Object.entries(report.sizes.templates).flatMap(([name, size]) => (Object.keys(quotas) as Array<keyof typeof quotas>)
    .filter((k) => size[k] >= 0.8 * quotas[k]).map((k) => `${name}: ${k} ${size[k]} of ${quotas[k]}`));
  expect(over80).toEqual([]);
  // The parent's bucket reaches every shard as parameters (its name and ARN), the other stack's bucket and key as imports.
  for (const [, size] of shards) expect(size.parameters).toBe(2);
  expect(Object.keys(report.sizes.definitions)).toHaveLength(10);
  for (const length of Object.values(report.sizes.definitions)) expect(length).toBeLessThan(0.8 * QUOTA.definition);
  // The first deployment creates every resource of the tree in one operation.
  const resources = Object.entries(report.sizes.templates).filter(([name]) => name !== 'Data').reduce((sum, [, size]) => sum + size.resources, 0);
  expect(resources).toBeLessThan(QUOTA.resourcesPerNestedOperation);
});
