/**
 * The README's first command on the example app, as a user runs it (the cdk CLI with cdk.json's
 * app runner), and where its time goes: the cdk CLI's own start-up, the app alone, and the app
 * with aws-cdk-lib's built-in template validation on (CDK_VALIDATION=true; off by default in bin/app.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ExampleAppResult } from './report';
import { firstError, ROOT, sh } from './runs';
import { median } from './stats';

export async function measureExampleApp(tmp: string, rounds: number): Promise<ExampleAppResult> {
  const command = 'npx cdk synth --quiet';
  const walls: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const out = fs.mkdtempSync(path.join(tmp, 'example-'));
    const run = await sh('/usr/bin/time', ['-f', 'BENCH_TIME %e %M %U %S', 'npx', 'cdk', 'synth', '--quiet', '-o', out], {});
    fs.rmSync(out, { recursive: true, force: true });
    if (run.code !== 0) throw new Error(`${command} failed: ${firstError(run.stderr)}`);
    const [, , kb, user, system] = run.stderr.trim().split('\n').pop()!.split(' ');
    walls.push(run.wallMs / 1000);
    cpu.push(Number(user) + Number(system));
    rss.push(Number(kb) * 1024 / 1e6);
  }
  const once = async (args: string[], env: Record<string, string> = {}) => {
    const out = fs.mkdtempSync(path.join(tmp, 'example-part-'));
    const run = await sh(args[0], args.slice(1), { CDK_OUTDIR: out, ...env });
    fs.rmSync(out, { recursive: true, force: true });
    if (run.code !== 0) throw new Error(`${args.join(' ')} failed: ${firstError(run.stderr)}`);
    return run.wallMs / 1000;
  };
  const cliStartS = await once(['npx', 'cdk', '--version']);
  const app = [process.execPath, '--import', 'tsx', 'bin/app.ts'];
  const appAloneS = await once(app);
  const appWithValidationS = await once(app, { CDK_VALIDATION: 'true' });
  const appConfigured = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).app as string;
  return { command, appRunner: appConfigured, wallS: walls, medianS: median(walls), cpuS: cpu, maxRssMb: Math.max(...rss), cliStartS, appAloneS, appWithValidationS };
}
