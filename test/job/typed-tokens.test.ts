import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { ProcessingImage, ProcessingJob, ProcessingJobProps, ProcessingJobRunner } from '../../lib';
import { synthesized } from '../examples/synthesized';
import { IMAGE_URI } from '../task/helpers';

/**
 * Deploy-time numbers and lists (a `Number` and a `CommaDelimitedList` parameter) in the definitions
 * the library writes itself: a job's own runner (`Fn::Sub` of its pieces) and a shared runner's
 * definition file (`DefinitionSubstitutions`). SageMaker takes InstanceCount, VolumeSizeInGB and
 * MaxRuntimeInSeconds as integers and ContainerArguments as a list (API Reference, ProcessingClusterConfig,
 * ProcessingStoppingCondition, AppSpecification).
 */
function deployTimeValues(stack: Stack): Partial<ProcessingJobProps> {
  const count = new CfnParameter(stack, 'Count', { type: 'Number', default: 2 }).valueAsNumber;
  const gib = new CfnParameter(stack, 'Gib', { type: 'Number', default: 50 }).valueAsNumber;
  const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number', default: 3600 }).valueAsNumber;
  const args = new CfnParameter(stack, 'Args', { type: 'CommaDelimitedList', default: '--mode,full' }).valueAsList;
  return { instanceCount: count, volumeSize: Size.gibibytes(gib), maxRuntime: Duration.seconds(seconds), arguments: args };
}

/** The job data (`$job.request`) of the stack's state machine, with its CloudFormation values as the gate fills them. */
function definitionText(outdir: string, stack: string): string {
  const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stack}.template.json`), 'utf8'));
  const machine = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machine.Properties.DefinitionS3Location) {
    const key: string = machine.Properties.DefinitionS3Location.Key;
    return fs.readFileSync(path.join(outdir, `asset.${key}`), 'utf8');
  }
  return JSON.stringify(machine.Properties.DefinitionString);
}

describe('deploy-time numbers and lists in a runner definition', () => {
  test.each([
    ['its own runner', false],
    ['a shared runner (definition file)', true],
  ])('%s: numbers are JSON numbers and a list is a JSON list, and the request passes the SageMaker model', (_what, shared) => {
    let text = '';
    const report = synthesized((outdir) => {
      const app = new App({ outdir, autoSynth: false });
      const stack = new Stack(app, 'Jobs', { env: { account: '123456789012', region: 'us-east-1' } });
      const runner = shared ? new ProcessingJobRunner(stack, 'Runner', { jobNamePrefix: 'jobs' }) : undefined;
      new ProcessingJob(stack, 'Nightly', { runner, image: ProcessingImage.fromRegistry(IMAGE_URI), ...deployTimeValues(stack) });
      app.synth();
      text = definitionText(outdir, 'Jobs');
    });
    expect(report.problems).toEqual([]);
    expect(report.checked.definitions).toBe(1);
    // Unquoted in the text (the own runner's DefinitionString is itself JSON text here: its quotes are escaped).
    const q = shared ? '"' : '\\"';
    expect(text).toContain(`${q}InstanceCount${q}:\${Count}`);
    expect(text).toContain(`${q}VolumeSizeInGB${q}:\${Gib}`);
    expect(text).toContain(`${q}MaxRuntimeInSeconds${q}:\${Seconds}`);
    expect(text).toMatch(shared ? /"ContainerArguments":\["\$\{[A-Za-z0-9_]+\}"\]/ : /\\"ContainerArguments\\":\[\\"\$\{V\d+\}\\"\]/);
  });

  test('a number and a list known at synth (Lazy) are written as plain JSON values', () => {
    const app = new App({ autoSynth: false });
    const stack = new Stack(app, 'Jobs', { env: { account: '123456789012', region: 'us-east-1' } });
    new ProcessingJob(stack, 'Nightly', {
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      instanceCount: Lazy.number({ produce: () => 3 }),
      arguments: Lazy.list({ produce: () => ['--mode', 'full'] }),
    });
    const text = JSON.stringify(app.synth().getStackByName('Jobs').template);
    expect(text).toContain('\\"InstanceCount\\":3');
    expect(text).toContain('\\"ContainerArguments\\":[\\"--mode\\",\\"full\\"]');
  });
});
