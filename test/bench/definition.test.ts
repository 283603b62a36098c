import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { marginalByState } from '../../bench/lib/analysis';
import { HandWrittenJobsStack } from '../../bench/baseline/hand-written-stack';
import { definitionCost, definitionStateSizes, fillSubstitutions, readDefinitions, stateMachineDefinitions } from '../../bench/lib/definition';
import { countTransitions, inputSentBy } from '../../bench/lib/execute';
import { physicalName, scheduleTargets, Template } from '../../bench/lib/template';
import { LibraryJobsStack } from '../../bench/library/library-stack';

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-definition-test-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('a definition in S3 (DefinitionS3Location)', () => {
  const key = 'abc123.json';
  const template: Template = {
    Resources: {
      JobRole: { Type: 'AWS::IAM::Role', Properties: { Path: '/processing-jobs/x/' } },
      Data: { Type: 'AWS::S3::Bucket' },
      Runner: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          DefinitionS3Location: { Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, Key: key },
          DefinitionSubstitutions: {
            Partition: { Ref: 'AWS::Partition' },
            JobRole_Arn: { 'Fn::GetAtt': ['JobRole', 'Arn'] },
            Data: { Ref: 'Data' },
          },
        },
      },
    },
  };
  const asset = '{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:${Partition}:states:::sagemaker:createProcessingJob.sync",' +
    '"Parameters":{"RoleArn":"${JobRole_Arn}","Uri":"s3://${Data}/in/","Left":"${NotASubstitution}"},"End":true}}}';
  /** A cloud assembly whose asset manifest stages the file under a name other than asset.<Key>. */
  function assembly(): string {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'staged-definition.json'), asset);
    fs.writeFileSync(path.join(dir, 'Stack.assets.json'), JSON.stringify({
      version: '55.0.0',
      files: { abc123: { source: { path: 'staged-definition.json', packaging: 'file' }, destinations: { d: { bucketName: 'b', objectKey: key } } } },
    }));
    return dir;
  }

  test('is read from the file the asset manifest stages for its key, with its substitutions filled as CloudFormation fills them', () => {
    const [runner] = Object.values(readDefinitions(template, assembly()));
    const text = '{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createProcessingJob.sync",' +
      '"Parameters":{"RoleArn":"arn:aws:iam::123456789012:role/processing-jobs/x/JobRole","Uri":"s3://data/in/","Left":"${NotASubstitution}"},"End":true}}}';
    expect(runner).toEqual({ logicalId: 'Runner', location: 's3', assetFile: 'staged-definition.json', text, bytes: text.length });
  });

  test('is found as asset.<Key> without an asset manifest', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, `asset.${key}`), asset);
    expect(readDefinitions(template, dir).Runner.assetFile).toBe(`asset.${key}`);
  });

  test('with the longest physical names, its size is an upper bound: each role ARN and bucket name at its longest', () => {
    const dir = assembly();
    const short = readDefinitions(template, dir).Runner;
    const long = readDefinitions(template, dir, 'longest').Runner;
    expect(long.text).toContain(`role/processing-jobs/x/${physicalName('JobRole', 'AWS::IAM::Role', 'longest')}"`);
    expect(long.bytes - short.bytes).toBe((64 - 'JobRole'.length) + (63 - 'data'.length));
  });

  test('needs the cloud assembly, and the staged file, to be read', () => {
    expect(() => readDefinitions(template)).toThrow('the definition of Runner is in S3 (DefinitionS3Location); reading it needs the cloud assembly directory');
    const empty = tmpDir();
    expect(() => readDefinitions(template, empty)).toThrow(`the definition of Runner is in S3 under the key ${key}, but ${empty} has no staged asset for it`);
  });

  test('fillSubstitutions replaces only the placeholders it has values for', () => {
    expect(fillSubstitutions('${A}-${B}-${A}', { A: 'x' }, template)).toBe('x-${B}-x');
    expect(fillSubstitutions('${A}', undefined, template)).toBe('${A}');
  });
});

describe('a definition in the template', () => {
  test('DefinitionString (Fn::Join) and a Definition object are read as the JSON Step Functions receives', () => {
    const template: Template = {
      Resources: {
        A: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"', { Ref: 'AWS::Region' }, '","End":true}}}']] } } },
        B: { Type: 'AWS::StepFunctions::StateMachine', Properties: { Definition: { StartAt: 'P', States: { P: { Type: 'Pass', Result: { Ref: 'AWS::AccountId' }, End: true } } } } },
      },
    };
    const defs = readDefinitions(template);
    expect(defs.A).toMatchObject({ location: 'template', text: '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"us-east-1","End":true}}}' });
    expect(defs.B).toMatchObject({ location: 'template', text: '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"123456789012","End":true}}}' });
    expect(definitionCost(defs)).toEqual({ totalBytes: defs.A.bytes + defs.B.bytes, largestBytes: defs.B.bytes, inS3: 0, inS3Bytes: 0, stateMachines: 2 });
  });
});

describe('the bench apps, synthesized', () => {
  let library: { template: Template; outdir: string };
  let baseline: Template;
  beforeAll(() => {
    // Only the templates are read: skip aws-cdk-lib's built-in template validation (seconds of CPU per synth).
    const synth = <T extends { templateFile: string }>(build: (app: App) => T) => {
      const outdir = tmpDir();
      const app = new App({ outdir, builtinCloudFormationValidation: false });
      const stack = build(app);
      app.synth();
      return { template: JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8')) as Template, outdir };
    };
    library = synth((app) => new LibraryJobsStack(app, 'Library', 2));
    baseline = synth((app) => new HandWrittenJobsStack(app, 'Baseline', 2)).template;
  });

  test('the library\'s shared runner takes its definition from S3, the baseline\'s state machines from the template', () => {
    const lib = readDefinitions(library.template, library.outdir, 'longest');
    expect(Object.values(lib).map((d) => d.location)).toEqual(['s3']);
    const [runner] = Object.values(lib);
    expect(runner.text).not.toMatch(/\$\{[A-Za-z0-9_]+\}/); // every substitution filled
    const cost = definitionCost(lib);
    expect(cost).toEqual({ totalBytes: runner.bytes, largestBytes: runner.bytes, inS3: 1, inS3Bytes: runner.bytes, stateMachines: 1 });
    expect(Object.values(readDefinitions(baseline)).map((d) => d.location)).toEqual(['template', 'template']);
  });

  test('a scheduled run of the library, from the S3 definition, is 2 transitions and one request with the job\'s own role', async () => {
    const target = scheduleTargets(library.template).find((t) => t.stateMachineLogicalId)!;
    const definition = stateMachineDefinitions(library.template, library.outdir)[target.stateMachineLogicalId!];
    const run = await countTransitions(definition, inputSentBy(target));
    expect(run.status).toBe('SUCCEEDED');
    expect(run.statesEntered).toEqual(['Route', 'Run']);
    expect(run.requests).toHaveLength(1);
    expect(run.requests[0].RoleArn).toMatch(/^arn:aws:iam::123456789012:role\/processing-jobs\/bench\/benchjob001JobRole[0-9A-F]{8}$/);
  });
});

describe('definition sizes per state', () => {
  const definition = (jobs: number) => ({
    StartAt: 'Route',
    States: {
      Route: { Type: 'Choice', Choices: Array.from({ length: jobs }, (_, i) => ({ Variable: '$.job', StringEquals: `bench-job-00${i + 1}`, Next: `Run bench-job-00${i + 1}` })) },
      ...Object.fromEntries(Array.from({ length: jobs }, (_, i) => [`Run bench-job-00${i + 1}`, { Type: 'Pass', Result: 'x', End: true }])),
    },
  });
  test('sizes each state as compact JSON (as Step Functions receives it) and adds the per-job states up under <job>', () => {
    const sizes = definitionStateSizes(definition(2));
    const one = '"Run bench-job-001":{"Type":"Pass","Result":"x","End":true}'.length;
    expect(sizes['Run <job>']).toEqual({ type: 'Pass', count: 2, bytes: 2 * one });
    expect(sizes.Route.count).toBe(1);
  });
  test('the marginal per state is what one more job adds', () => {
    const perJob = marginalByState(definitionStateSizes(definition(1)), 1, definitionStateSizes(definition(3)), 3);
    const run = '"Run bench-job-001":{"Type":"Pass","Result":"x","End":true}'.length;
    const choice = ',{"Variable":"$.job","StringEquals":"bench-job-002","Next":"Run bench-job-002"}'.length;
    // Most bytes first: a choice rule (78 bytes) outweighs this small Pass state (58).
    expect(perJob).toEqual([
      { state: 'Route', type: 'Choice', bytesPerJob: choice },
      { state: 'Run <job>', type: 'Pass', bytesPerJob: run },
    ]);
  });
});

