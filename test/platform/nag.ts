import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';

/** A finding: the rule (with its detail, e.g. `AwsSolutions-IAM5[Resource::*]`) and the construct path. */
export interface NagFinding {
  readonly rule: string;
  readonly path: string;
}

/**
 * Synthesizes an app built by `build` with the AwsSolutions and NIST 800-53 rev 5 packs (as
 * `Validations.of(app).addPlugins(...)`, cdk-nag 3) and returns every unacknowledged finding,
 * errors and warnings, from the cloud assembly's validation report.
 */
export function nagFindings(build: (app: App) => void): NagFinding[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
  try {
    const app = new App({ outdir });
    build(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
    try {
      app.synth();
    } catch (e) {
      if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) throw e;
    }
    const reportFile = path.join(outdir, 'validation-report.json');
    if (!fs.existsSync(reportFile)) return [];
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    return report.pluginReports.flatMap((p: any) => p.violations.flatMap((v: any) =>
      v.violatingConstructs.map((c: any) => ({ rule: v.ruleName, path: c.constructPath }))));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
