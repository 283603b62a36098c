import './util/promise-with-resolvers';
// Shared per jest worker instead of built again in each test file: aws-cdk-lib's CloudFormation
// validation engine and asl-validator's compiled schemas (each file says why that changes no answer).
import './util/shared-validator';
import './util/asl-validator-cache';

// aws-cdk-lib's built-in CloudFormation validation (on by default at every synth) would take most of
// the suite's time; the tests that guard deployability turn it on (test/examples/synthesized.ts).
process.env.CDK_VALIDATION ??= 'false';
