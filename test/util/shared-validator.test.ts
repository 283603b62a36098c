/**
 * aws-cdk-lib's CloudFormation validation shares one loaded engine package per jest worker
 * (test/util/shared-validator.ts, from test/setup.ts). This check shows it still validates: a
 * template with a property CloudFormation refuses gets the same finding in the validation report in
 * two module registries in a row, each with its own aws-cdk-lib, and both were given the same package.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validatorPath } from './shared-validator';

/** aws-cdk-lib's validation engine (scripts/test-aws-cdk-lib.sh leaves this test out on the peer minimum, 2.224, which has none). */
const enginePath = validatorPath();

/**
 * Synthesizes, with validation on, a stack whose bucket has a versioning status CloudFormation's
 * schema does not allow, in a module registry of its own: the validation report's findings (rule
 * and message) and the engine package that registry loaded.
 */
function synthRefusedBucket(): { findings: string[]; validator: unknown } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-validator-'));
  let validator: unknown;
  // test/setup.ts turns aws-cdk-lib's validation off for the suite (CDK_VALIDATION=false, which overrides the App's prop).
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  try {
    jest.isolateModules(() => {
      const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
      const s3 = require('aws-cdk-lib/aws-s3') as typeof import('aws-cdk-lib/aws-s3');
      const app = new cdk.App({ outdir, builtinCloudFormationValidation: true });
      new s3.CfnBucket(new cdk.Stack(app, 'Refused'), 'Bucket', { versioningConfiguration: { status: 'Sometimes' } });
      const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        app.synth();
      } finally {
        log.mockRestore();
      }
      validator = require(enginePath!);
    });
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const findings = report.pluginReports.flatMap((p: { violations: Array<{ ruleName: string; description: string }> }) =>
      p.violations.map((v) => `${v.ruleName}: ${v.description}`));
    return { findings, validator };
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test('a refused property is reported in each registry, which all hold the same engine package', () => {
  const first = synthRefusedBucket();
  const second = synthRefusedBucket();
  for (const run of [first, second]) expect(run.findings).toEqual(["W3030: VersioningConfiguration.Status: 'Sometimes' is not one of ['Enabled', 'Suspended']"]);
  expect(second.validator).toBe(first.validator);
});
