import './util/promise-with-resolvers';

// aws-cdk-lib's built-in CloudFormation validation (on by default at every synth) takes most of the
// suite's time; test/examples/cloudformation-validation.test.ts runs it once over the example app.
process.env.CDK_VALIDATION ??= 'false';
