/**
 * `node --import tsx bench/apps/validator-cost.ts <template.json>`: what aws-cdk-lib's built-in template validation costs on
 * its own, in a process that does nothing else: loading its engine's module (@aws/cloudformation-validate, WebAssembly, the
 * copy aws-cdk-lib depends on), constructing the engine as aws-cdk-lib's CloudFormationValidatePlugin does (`CompositeEngine`,
 * without rules for these templates' resource types), and validating one template twice with the plugin's options. Prints
 * one line `VALIDATOR_COST {json}` (milliseconds) when the process is about to exit. The part that does not depend on the
 * app (loading, constructing, the first validation's extra time over the second, the wait at exit) is in every
 * validation-on synth of every side.
 */
import * as fs from 'fs';
import * as path from 'path';

/** What one measurement found, in milliseconds. */
export interface ValidatorCostResult {
  readonly version: string;
  readonly loadMs: number;
  readonly engineMs: number;
  readonly firstTemplateMs: number;
  readonly againMs: number;
  /**
   * From the end of the last validation to the moment Node.js is about to exit ('beforeExit') with nothing left to run:
   * the wait for V8's background compilation of the engine's WebAssembly, which Node.js lets finish before it exits
   * (a synth with validation has the same wait after its own last line; seen in a CPU profile as the main thread idle).
   */
  readonly exitWaitMs: number;
}

interface Engine {
  validateTemplate(template: unknown, options: Record<string, unknown>): { diagnostics: unknown[] };
}
interface ValidateModule {
  CompositeEngine: new (config: Record<string, unknown>) => Engine;
  TemplateContent: new (content: string, name: string) => unknown;
  version(): string;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: validator-cost.ts <template.json>');
  const fromCdk = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  const t0 = performance.now();
  const v = require(require.resolve('@aws/cloudformation-validate', { paths: [fromCdk] })) as ValidateModule;
  const t1 = performance.now();
  const engine = new v.CompositeEngine({});
  const t2 = performance.now();
  const content = fs.readFileSync(file, 'utf8');
  // The options aws-cdk-lib's plugin validates with (core/lib/validation/cloudformation-validate-plugin.js, 2.276).
  const validate = () => engine.validateTemplate(new v.TemplateContent(content, file), { detailLevel: 'STANDARD', severityLevel: 'WARN' });
  validate();
  const t3 = performance.now();
  validate();
  const t4 = performance.now();
  process.once('beforeExit', () => {
    const result: ValidatorCostResult = {
      version: v.version(), loadMs: t1 - t0, engineMs: t2 - t1, firstTemplateMs: t3 - t2, againMs: t4 - t3, exitWaitMs: performance.now() - t4,
    };
    process.stdout.write(`VALIDATOR_COST ${JSON.stringify(result)}\n`);
  });
}

main();
