import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkDeployability, DeployabilityReport } from '../contracts/deployability';

const root = path.join(__dirname, '..', '..');
/** The context `cdk synth` gives the app (cdk.json), as the CLI passes it. */
const CDK_JSON_CONTEXT = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;

/**
 * Runs `run` (which builds an app and synthesizes it) with aws-cdk-lib's CloudFormation
 * validation on, the context of cdk.json (or `context`, as the CLI passes it) and a fresh output
 * folder, and returns the deployability gate's report over what it wrote.
 */
export function synthesized(run: (outdir: string) => void, options: Parameters<typeof checkDeployability>[1] = {},
  context: { [key: string]: unknown } = CDK_JSON_CONTEXT): DeployabilityReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployability-'));
  const saved = { validation: process.env.CDK_VALIDATION, outdir: process.env.CDK_OUTDIR, context: process.env.CDK_CONTEXT_JSON };
  process.env.CDK_VALIDATION = 'true';
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify(context);
  try {
    run(outdir);
    return checkDeployability(outdir, options);
  } finally {
    for (const [name, value] of [['CDK_VALIDATION', saved.validation], ['CDK_OUTDIR', saved.outdir], ['CDK_CONTEXT_JSON', saved.context]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
