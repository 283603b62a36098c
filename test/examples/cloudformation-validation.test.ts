import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The rest of the suite synthesizes with aws-cdk-lib's built-in CloudFormation validation off
 * (test/setup.ts), and so does the example app unless CDK_VALIDATION=true (bin/app.ts): here it
 * runs, on, over every stack of the example app, and must report no violation.
 */
test('every stack of the example app passes aws-cdk-lib\'s CloudFormation validation', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validation-'));
  const saved = { validation: process.env.CDK_VALIDATION, outdir: process.env.CDK_OUTDIR };
  process.env.CDK_VALIDATION = 'true';
  process.env.CDK_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      require('../../bin/app');
    });
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const plugins = report.pluginReports.map((p: any) => [p.pluginName, p.conclusion]);
    expect(plugins).toEqual([['CloudFormation Validate', 'success']]);
    const violations = report.pluginReports.flatMap((p: any) => p.violations.flatMap((v: any) =>
      v.violatingConstructs.map((c: any) => `${v.ruleName} (${v.severity}) on ${c.constructPath}: ${v.description}`)));
    expect(violations).toEqual([]);
  } finally {
    process.env.CDK_VALIDATION = saved.validation;
    if (saved.outdir === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = saved.outdir;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
