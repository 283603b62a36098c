#!/usr/bin/env node
// The example app: every stack synthesizes offline and env-agnostic (no account, no credentials).
import { App } from 'aws-cdk-lib';
import { FoundationStack } from '../examples/foundation-stack';
import { ProcessorsStack } from '../examples/processors/processors-stack';
import { DeployTimeRunStack } from '../examples/run/deploy-time-run-stack';
import { PlatformStack } from '../examples/platform/platform-stack';
import { DataLakeStack } from '../examples/data-lake/data-lake-stack';
import { addLakehouseStacks } from '../examples/lakehouse/lakehouse-app';

// Exported so the tests can check every stack of the app (test/platform/example-app.ts).
// aws-cdk-lib's built-in CloudFormation validation takes about 10 s of this app's synth; the tests
// synthesize the app with it on (test/examples/cloudformation-validation.test.ts), so `cdk synth`
// runs it only when asked: CDK_VALIDATION=true npx cdk synth.
export const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
new FoundationStack(app, 'ProcessingTaskExample');
new DeployTimeRunStack(app, 'DeployTimeRunExample');
new ProcessorsStack(app, 'ProcessorsExample');
new PlatformStack(app, 'PlatformTemplateExample');
new DataLakeStack(app, 'DataLakeExample');
// The realistic multi-stack app: a foundation, jobs of every processor kind, 42 scheduled jobs on one
// shared runner, a pipeline and a deploy-time seed run, joined by cross-stack references (Lakehouse*).
addLakehouseStacks(app);
app.synth();
