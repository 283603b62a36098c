/**
 * bench/floor.ts compares each app with the least aws-cdk-lib does to write its templates (bench/apps/l1-floor.ts);
 * that comparison means something only if the floor writes the same templates. Each app at N = 2 is synthesized here
 * (from the sources), then the floor app in a child process as the bench runs it, and the templates compared. The
 * child's measure of aws-cdk-lib's validation (ChildResult.validatorMs) is checked on the floor app too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../bench/apps/build';
import { CLI_DEFAULT_CONTEXT } from '../../bench/apps/child';
import { synth } from '../../bench/lib/runs';
import { Side, SIDES } from '../../bench/lib/sides';

const FLOOR_APP = 'bench/apps/l1-floor.ts';
let tmp: string;
const templates = new Map<Side, string[]>();

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
  for (const side of SIDES) {
    const outdir = path.join(tmp, side);
    const app = new App({ context: CLI_DEFAULT_CONTEXT, outdir, builtinCloudFormationValidation: false });
    buildApp(app, side, 2);
    templates.set(side, app.synth().stacks.map((s) => path.join(outdir, s.templateFile)));
  }
}, 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A template less what says where its resources were defined (path metadata, the CDKMetadata resource). */
function comparable(file: string): Record<string, unknown> {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const resources = Object.fromEntries(Object.entries<Record<string, unknown>>(template.Resources)
    .filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')
    .map(([id, { Metadata: _where, ...rest }]) => [id, rest]));
  const { Conditions, ...others } = template;
  // CDKMetadata's region condition goes with it.
  const conditions = Object.fromEntries(Object.entries(Conditions ?? {}).filter(([id]) => id !== 'CDKMetadataAvailable'));
  return { ...others, Resources: resources, Conditions: conditions };
}

describe.each(SIDES)('the floor of the %s app at N = 2', (side: Side) => {
  test('writes its templates as they are, but for where each resource was defined', async () => {
    const files = templates.get(side)!;
    const run = await synth(side, 2, tmp, 'floor', { app: FLOOR_APP, env: { BENCH_FLOOR_TEMPLATES: files.join(',') } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.result!.templateFiles.map((f) => path.basename(f))).toEqual(files.map((f) => path.basename(f)));
    for (const file of files) expect(comparable(path.join(run.outdir, path.basename(file)))).toEqual(comparable(file));
    // Without validation, nothing of the synth is the validator's.
    expect(run.result!.validatorMs).toBe(0);
    expect(run.result!.exitWaitMs).toBe(0);
  }, 60_000);
});

describe('a validation-on synth', () => {
  // Not at the peer minimum, aws-cdk-lib 2.224, which has no built-in validation (scripts/test-aws-cdk-lib.sh).
  test('reports the time its synth spent in the validator, within the synth time', async () => {
    const run = await synth('shared', 2, tmp, 'floor-validation', {
      app: FLOOR_APP, validation: true, env: { BENCH_FLOOR_TEMPLATES: templates.get('shared')!.join(',') },
    });
    expect(run.code).toBe(0);
    expect(run.result!.validatorMs).toBeGreaterThan(0);
    expect(run.result!.validatorMs).toBeLessThan(run.result!.synthMs);
    expect(run.result!.exitWaitMs).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
