#!/usr/bin/env node
// The example app: every stack synthesizes offline and env-agnostic (no account, no credentials).
import { App } from 'aws-cdk-lib';
import { FoundationStack } from '../examples/foundation-stack';
import { ProcessorsStack } from '../examples/processors/processors-stack';
import { DeployTimeRunStack } from '../examples/run/deploy-time-run-stack';
import { PlatformStack } from '../examples/platform/platform-stack';
import { DataLakeStack } from '../examples/data-lake/data-lake-stack';

// Exported so the tests can check every stack of the app (test/platform/example-app.ts).
export const app = new App();
new FoundationStack(app, 'ProcessingTaskExample');
new DeployTimeRunStack(app, 'DeployTimeRunExample');
new ProcessorsStack(app, 'ProcessorsExample');
new PlatformStack(app, 'PlatformTemplateExample');
new DataLakeStack(app, 'DataLakeExample');
app.synth();
