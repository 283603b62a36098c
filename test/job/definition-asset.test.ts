import { createHash } from 'crypto';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRunner, SKLearnVersion } from '../../lib';
import { IMAGE_URI } from '../task/helpers';
import { checkDefinitionSize, DEFINITION_SIZE_WARNING, MAX_DEFINITION_LENGTH, resolveWithPlaceholders } from '../../lib/job/definition-asset';

describe("a shared runner's definition size against Step Functions' limit", () => {
  const definition = '{"Comment":"x","Role":"${JobRoleABCD1234_Arn}","Bucket":"${Lake1234}"}';
  const values = { JobRoleABCD1234_Arn: { 'Fn::GetAtt': ['JobRoleABCD1234', 'Arn'] }, Lake1234: { Ref: 'Lake1234' } };

  test('is 1,048,576 characters (CreateStateMachine definition)', () => {
    expect(MAX_DEFINITION_LENGTH).toBe(1048576);
  });

  test('a definition over the limit already with its placeholders fails synth, naming the runner', () => {
    const stack = new Stack(new App(), 'Platform');
    expect(() => checkDefinitionSize(stack, definition, values, definition.length - 1))
      .toThrow(`Platform: the state machine definition has ${definition.length} characters; Step Functions takes at most ${definition.length - 1}: `
        + 'split the jobs over more runners (a runner per stack, or per team)');
  });

  test('a definition that may go over once role ARNs and bucket names are filled in gets a warning', () => {
    const stack = new Stack(new App(), 'Platform');
    // The ARN placeholder (22 characters) may become 140, the bucket's (11) 63: up to 170 more.
    checkDefinitionSize(stack, definition, values, definition.length + 100);
    Annotations.fromStack(stack).hasWarning('/Platform', Match.stringLikeRegexp(
      `the state machine definition has ${definition.length} characters, and up to ${definition.length + 170} with its role ARNs and bucket names filled in; `
      + `Step Functions takes at most ${definition.length + 100}: split the jobs`));
    expect(DEFINITION_SIZE_WARNING).toBe('cdk-sagemaker-processing:definition-size');
  });

  test('a definition within the limit at its longest passes quietly', () => {
    const stack = new Stack(new App(), 'Platform');
    checkDefinitionSize(stack, definition, values, definition.length + 170);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('the values of a definition as placeholders', () => {
  test('a value used in many places is one placeholder, asked for once; each other value its own; text stays text', () => {
    const stack = new Stack(new App(), 'Platform');
    const bucket = new s3.Bucket(stack, 'Lake');
    const other = new s3.Bucket(stack, 'Other');
    const asked: unknown[] = [];
    const resolved = resolveWithPlaceholders(stack, {
      Jobs: [1, 2, 3].map((i) => ({ Input: `s3://${bucket.bucketName}/raw/${i}/`, Output: bucket.bucketName, Code: `s3://${other.bucketName}/code` })),
    }, (_token, value) => {
      asked.push(value);
      return `<${asked.length}>`;
    });
    expect(asked).toEqual([{ Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) }, { Ref: stack.getLogicalId(other.node.defaultChild as s3.CfnBucket) }]);
    expect(resolved).toEqual({ Jobs: [1, 2, 3].map((i) => ({ Input: `s3://<1>/raw/${i}/`, Output: '<1>', Code: 's3://<2>/code' })) });
  });
});

describe("a shared runner whose jobs use another stack's bucket", () => {
  test('gets the bucket name through an import in DefinitionSubstitutions, as CloudFormation needs, and names it in the S3 definition', () => {
    const app = new App();
    const lake = new s3.Bucket(new Stack(app, 'Data'), 'Lake');
    const stack = new Stack(app, 'Jobs');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'jobs' });
    new ProcessingJob(stack, 'Orders', {
      runner,
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/orders/')],
    });
    const template = Template.fromStack(stack).toJSON();
    const machine = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    const lakeId = Object.keys(Template.fromStack(Stack.of(lake)).toJSON().Resources).find((id) => id.startsWith('Lake'))!;
    expect(machine.Properties.DefinitionSubstitutions[lakeId]).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Data:ExportsOutputRefLake/) });
    const text = fs.readFileSync(path.join(app.outdir, `asset.${machine.Properties.DefinitionS3Location.Key}`), 'utf8');
    // The job's default input URI (a run may override it) names the placeholder, which Step Functions fills.
    expect(text).toContain(`s3://\${${lakeId}}/raw/orders/`);
    expect(text).not.toContain('Fn::');
  });
});

describe("a shared runner's definition file in the cloud assembly", () => {
  /** A shared runner with one job in `scope`'s new stack `Jobs`. */
  const runnerIn = (scope: Construct) => {
    const stack = new Stack(scope, 'Jobs');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'jobs' });
    new ProcessingJob(stack, 'Orders', { runner, image: ProcessingImage.fromRegistry(IMAGE_URI) });
    return stack;
  };

  /** What `cdk deploy` uploads for the definition: the file the stack's asset manifest names, read from where the manifest is. */
  const uploaded = (assembly: cxapi.CloudAssembly, stackName: string) => {
    const artifact = assembly.getStackByName(stackName);
    const manifest = assembly.artifacts.find((a): a is cxapi.AssetManifestArtifact => a instanceof cxapi.AssetManifestArtifact && artifact.dependencies.includes(a))!;
    const machine = Object.values<any>(artifact.template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    const json = JSON.parse(fs.readFileSync(manifest.file, 'utf8'));
    const [hash, file] = Object.entries<any>(json.files).find(([, f]) => Object.values<any>(f.destinations).some((d) => d.objectKey === machine.Properties.DefinitionS3Location.Key))!;
    return { hash, key: machine.Properties.DefinitionS3Location.Key, displayName: file.displayName, text: fs.readFileSync(path.join(path.dirname(manifest.file), file.source.path), 'utf8') };
  };

  test('named by the SHA-256 of its text, with its display name, in an app and in a Stage (its manifest path relative to the stage\'s assembly)', () => {
    for (const scopeOf of [(app: App) => app, (app: App) => new Stage(app, 'Prod')]) {
      const app = new App();
      const scope = scopeOf(app);
      const stack = runnerIn(scope);
      const assembly = Stage.of(stack)!.synth();
      const file = uploaded(assembly, stack.stackName);
      expect(file.hash).toBe(createHash('sha256').update(file.text).digest('hex'));
      expect(file.key).toBe(`${file.hash}.json`);
      expect(file.displayName).toBe(`${stack.node.path}/Runner state machine definition`);
      expect(JSON.parse(file.text).States).toBeDefined();
    }
  });

  test('two apps built alike (two `cdk synth` runs) write the same file and template, with a managed image (a mapping looked up by region)', () => {
    // The image's Fn::FindInMap holds a Ref to the region: its substitution was named after a random mark, so each synth
    // wrote another definition file and DefinitionSubstitutions, and each deployment updated the state machine.
    const synth = () => {
      const app = new App();
      const stack = new Stack(app, 'Jobs');
      const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'jobs' });
      new ProcessingJob(stack, 'Orders', { runner, image: ProcessingImage.sklearn(SKLearnVersion.V1_2_1) });
      const assembly = app.synth();
      return { file: uploaded(assembly, 'Jobs'), template: assembly.getStackByName('Jobs').template };
    };
    const first = synth();
    expect(JSON.stringify(first.template)).toContain('Fn::FindInMap');
    expect(synth()).toEqual(first);
  });

  test('a second synthesis of the app writes the same file again', () => {
    const app = new App();
    const stack = runnerIn(app);
    const first = uploaded(app.synth(), stack.stackName);
    const second = uploaded(app.synth({ force: true }), stack.stackName);
    expect(second).toEqual(first);
  });
});

describe("a shared runner's definition in S3 keeps a job's own `${…}` text as it is", () => {
  /** Every value of the key `name` under an `Environment` object of the definition. */
  const environmentValues = (definition: unknown, name: string): unknown[] => {
    const found: unknown[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        for (const [k, child] of Object.entries(v)) {
          if (k === 'Environment' && child && typeof child === 'object' && name in child) found.push((child as Record<string, unknown>)[name]);
          visit(child);
        }
      }
    };
    visit(definition);
    return found;
  };

  const runnerDefinition = (value: string) => {
    const stack = new Stack(new App(), 'Jobs');
    const runner = new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'jobs' });
    new ProcessingJob(stack, 'Orders', {
      runner, image: ProcessingImage.fromRegistry(IMAGE_URI), environment: { V: value },
      processingInputs: [ProcessingInput.fromBucket('raw', new s3.Bucket(stack, 'Lake'), 'raw/')],
    });
    const template = Template.fromStack(stack).toJSON();
    const machine = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    const text = fs.readFileSync(path.join((stack.node.root as App).outdir, `asset.${machine.Properties.DefinitionS3Location.Key}`), 'utf8');
    return { text, substitutions: machine.Properties.DefinitionSubstitutions as Record<string, unknown> };
  };

  /** What CloudFormation does with the text: each `${key}` of DefinitionSubstitutions replaced, again and again, any other `${…}` left. */
  const substituted = (text: string, substitutions: Record<string, unknown>): string => {
    let out = text;
    for (let changed = true; changed;) {
      const next = out.replace(/\$\{([^}]+)\}/g, (all, k: string) => (k in substitutions ? `<${k}>` : all));
      changed = next !== out;
      out = next;
    }
    return out;
  };

  test.each([
    '${Partition}', '-Dlog.dir=${HOME}/logs', '${OUT:-${HOME}/out}', 'tail ${', '$${Lake}', '${Lake5F1B88EA}',
  ])('%s', (value) => {
    const { text, substitutions } = runnerDefinition(value);
    expect(environmentValues(JSON.parse(substituted(text, substitutions)), 'V')).toEqual([value]);
    // Its own values are still filled in.
    expect(text).toContain('${Partition}');
  });

  test('any text of `$`, `{`, `}` and the placeholders\' names', () => {
    const piece = fc.constantFrom('$', '{', '}', '${', '${Partition', 'Lake5F1B88EA', 'HOME', ':-', '\\u0024');
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join('')), (value) => {
      const { text, substitutions } = runnerDefinition(value);
      expect(environmentValues(JSON.parse(substituted(text, substitutions)), 'V')).toEqual([value]);
    }), { numRuns: 40 });
  });
});
