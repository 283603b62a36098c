import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationPluginBeta1, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { ProcessingImage, ProcessingInput, ProcessingJob, ProcessingNag, ProcessingOutput } from '../../lib';
import { IMAGE_URI } from '../task/helpers';

/**
 * What a user sees of cdk-nag's AwsSolutions pack on a job whose bucket lives in another stack:
 * the library's own grants acknowledged (with the export names of the cross-stack bucket), the
 * user's own grants visible unless the user acknowledges them.
 */
function twoStackJob(addUserGrants: (job: ProcessingJob, raw: s3.Bucket) => void = () => undefined) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'processing-nag-'));
  const app = new App({ outdir, context: { [ProcessingNag.ACKNOWLEDGE_FINDINGS_CONTEXT]: true } });
  const foundation = new Stack(app, 'Foundation');
  const raw = new s3.Bucket(foundation, 'Raw', { enforceSSL: true });
  const jobs = new Stack(app, 'Jobs');
  const job = new ProcessingJob(jobs, 'Nightly', {
    image: ProcessingImage.fromRegistry(IMAGE_URI),
    processingInputs: [ProcessingInput.fromBucket('raw', raw, 'tables/orders/')],
    processingOutputs: [ProcessingOutput.toBucket('features', raw, 'features/orders/')],
  });
  addUserGrants(job, raw);
  app.synth();
  fs.rmSync(outdir, { recursive: true, force: true });
  const findings = new AwsSolutionsChecks().validateScope(app).violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} on ${r.constructPath}`))
    .filter((f) => f.startsWith('AwsSolutions-IAM')).map(readable);
  return { app, job, findings };
}

/**
 * A finding or id with the cross-stack bucket ARN written `<Raw export>`: cdk-nag prints the export
 * name (`Foundation:ExportsOutputFnGetAttRaw…Arn…/prefix/*` of a `Fn::Join`), or, in a policy the
 * library writes with `Fn::Sub`, the whole `Fn::Sub` as JSON (`["${V0}/prefix/*",{"V0":{"Fn::ImportValue":…}}]`).
 */
const readable = (id: string) => id
  .replace(/\["\$\{V0\}(\/[^"]*)",\{"V0":\{"Fn::ImportValue":"Foundation:ExportsOutputFnGetAttRaw[0-9A-F]{8}Arn[0-9A-F]{8}"\}\}\]/, '<Raw export>$1')
  .replace(/Foundation:ExportsOutputFnGetAttRaw[0-9A-F]{8}Arn[0-9A-F]{8}/, '<Raw export>');

/** The ids acknowledged on a construct (aws-cdk-lib writes them as metadata, cdk-nag reads them). */
function acknowledgedIds(construct: { node: { metadata: Array<{ type: string; data: unknown }> } }): string[] {
  return construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object)).map((id) => readable(id.replace(/^Annotation::/, '')));
}

test("the library's own grants to a job role give no finding, cross-stack export names included", () => {
  const { job, findings } = twoStackJob();
  expect(findings).toEqual([]);
  // The prefix grants were acknowledged by the ids cdk-nag computes after aws-cdk-lib resolved the cross-stack reference.
  const role = job.role.node.defaultChild as iam.CfnRole;
  expect(acknowledgedIds(role)).toEqual(expect.arrayContaining([
    'AwsSolutions-IAM5[Resource::<Raw export>/tables/orders/*]',
    'AwsSolutions-IAM5[Resource::<Raw export>/features/orders/*]',
  ]));
});

test("a user's own grants to a job role keep their findings, the library's wildcard on \"*\" included", () => {
  const { findings } = twoStackJob((job, raw) => {
    raw.grantRead(job.role, 'exports/*');
    job.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameters'], resources: ['*'] }));
  });
  expect(findings).toEqual(expect.arrayContaining([
    'AwsSolutions-IAM5[Action::s3:GetObject*] on Jobs/Nightly/JobRole/Resource',
    'AwsSolutions-IAM5[Resource::<Raw export>/exports/*] on Jobs/Nightly/JobRole/Resource',
    // The user's statement on "*" shares the id of the library's (ecr:GetAuthorizationToken, cloudwatch:PutMetricData): it stays visible.
    'AwsSolutions-IAM5[Resource::*] on Jobs/Nightly/JobRole/Resource',
  ]));
  // The library's prefix grants stay acknowledged next to the user's.
  expect(findings.filter((f) => /\/(tables|features)\/orders\//.test(f))).toEqual([]);
});

test('ProcessingNag.acknowledgePrefixGrants acknowledges exactly the prefix grants it names', () => {
  const { findings } = twoStackJob((job, raw) => {
    raw.grantRead(job.role, 'exports/*');
    raw.grantRead(job.role, 'lookups/*');
    ProcessingNag.acknowledgePrefixGrants(job.role, { bucket: raw, keyPatterns: ['exports/*'], reason: 'The job reads the exports it is given as arguments.' });
  });
  const resources = findings.filter((f) => f.includes('[Resource::'));
  expect(resources).toEqual(['AwsSolutions-IAM5[Resource::<Raw export>/lookups/*] on Jobs/Nightly/JobRole/Resource']);
});

describe('ProcessingNag.acknowledgePrefixGrants: input', () => {
  const setup = () => {
    const stack = new Stack(new App(), 'S');
    return { stack, bucket: new s3.Bucket(stack, 'B'), role: new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }) };
  };

  test('refuses an empty list of key patterns and an empty reason, naming the scope', () => {
    const { bucket, role } = setup();
    expect(() => ProcessingNag.acknowledgePrefixGrants(role, { bucket, keyPatterns: [], reason: 'r' }))
      .toThrow("S/R: ProcessingNag.acknowledgePrefixGrants: keyPatterns is empty; name at least one key pattern granted, e.g. 'exports/*'");
    expect(() => ProcessingNag.acknowledgePrefixGrants(role, { bucket, keyPatterns: ['a/*'], reason: ' ' })).toThrow(/S\/R: .*reason is empty/);
  });

  test('warns about a key pattern without a wildcard (cdk-nag reports no finding for it)', () => {
    const { stack, bucket, role } = setup();
    ProcessingNag.acknowledgePrefixGrants(role, { bucket, keyPatterns: ['exports/'], reason: 'r' });
    Annotations.fromStack(stack).hasWarning('/S/R', Match.stringLikeRegexp("key pattern 'exports/' has no '\\*'.*'exports/\\*'"));
  });
});

/**
 * When the library computes its acknowledgements (resolving every policy of its roles, about 1 ms a
 * job): when something will read them. cdk-nag 3 runs as a validation plugin; an app without one
 * pays nothing.
 */
describe('acknowledgements are computed when a validation plugin or the context asks for them', () => {
  /** A job with a prefix grant of the library's, in `stack`: the ids acknowledged on its role after `app.synth()`. */
  const acknowledgedAfterSynth = (app: App, stackScope: Construct = app) => {
    const bucket = new s3.Bucket(new Stack(stackScope, 'Data'), 'Raw', { enforceSSL: true });
    const job = new ProcessingJob(new Stack(stackScope, 'Jobs'), 'Nightly', {
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'tables/orders/')],
    });
    app.synth();
    return acknowledgedIds(job.role.node.defaultChild as iam.CfnRole);
  };
  /** A plugin that reads nothing and reports nothing: any registered plugin may read acknowledgements. */
  const recorder = (): IPolicyValidationPluginBeta1 => ({ name: 'recorder', validate: () => ({ success: true, violations: [] }) });
  /** The id of the prefix grant (the export name differs in a stage). */
  const prefixId = expect.stringMatching(/^(?=.*ExportsOutputFnGetAttRaw)AwsSolutions-IAM5\[Resource::.*\/tables\/orders\/\*/);

  test('no plugin and no context: nothing is computed (aws-cdk-lib\'s own template validation reads none)', () => {
    expect(acknowledgedAfterSynth(new App({ outdir: tmp() }))).toEqual([]);
    expect(acknowledgedAfterSynth(new App({ outdir: tmp(), builtinCloudFormationValidation: true }))).toEqual([]);
  });

  test('cdk-nag registered as a plugin (after the jobs were built): the synthesis passes, the library\'s findings acknowledged', () => {
    const app = new App({ outdir: tmp() });
    const bucket = new s3.Bucket(new Stack(app, 'Data'), 'Raw', { enforceSSL: true, serverAccessLogsPrefix: 'logs/' });
    const job = new ProcessingJob(new Stack(app, 'Jobs'), 'Nightly', {
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'tables/orders/')],
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(acknowledgedIds(job.role.node.defaultChild as iam.CfnRole)).toContainEqual(prefixId);
  });

  test('any plugin on the app, also for the stacks of a stage under it; a plugin on the stage; the context key (also as the CLI\'s string)', () => {
    const withPlugin = new App({ outdir: tmp() });
    Validations.of(withPlugin).addPlugins(recorder());
    expect(acknowledgedAfterSynth(withPlugin)).toContainEqual(prefixId);

    const appPluginStage = new App({ outdir: tmp() });
    Validations.of(appPluginStage).addPlugins(recorder());
    expect(acknowledgedAfterSynth(appPluginStage, new Stage(appPluginStage, 'Prod'))).toContainEqual(prefixId);

    const stagePlugin = new App({ outdir: tmp() });
    const stage = new Stage(stagePlugin, 'Prod');
    Validations.of(stage).addPlugins(recorder());
    expect(acknowledgedAfterSynth(stagePlugin, stage)).toContainEqual(prefixId);

    for (const value of [true, 'true']) {
      expect(acknowledgedAfterSynth(new App({ outdir: tmp(), context: { [ProcessingNag.ACKNOWLEDGE_FINDINGS_CONTEXT]: value } }))).toContainEqual(prefixId);
    }
  });
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'processing-nag-'));
