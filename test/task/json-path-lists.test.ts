import aslValidator from 'asl-validator';
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import { ProcessingImage, ProcessingJob } from '../../lib';
import { stateMachineDefinition } from '../util/definition';
import { IMAGE_URI, jsonPathTask, newStack } from './helpers';

/** Runs a definition's one task state (named `state`) with aws-local-stepfunctions; returns the request it got. */
async function requestOf(definition: any, state: string, input: { [key: string]: string }): Promise<any> {
  const requests: any[] = [];
  const machine = new LocalStateMachine(definition);
  await machine.run(input, { context: { Execution: { Name: 'run-1' } } as never, overrides: { taskResourceLocalHandlers: { [state]: async (request: any) => { requests.push(request); return {}; } } } }).result;
  return requests[0];
}

/** A list of one run-time item is a list in JSONPath too: `States.Array(<item>)` (aws-cdk-lib refuses a path inside an array). */
describe('a list whose only item is a JSONPath value', () => {
  test('arguments and entrypoint of one run-time item are rendered as States.Array and sent as lists', async () => {
    const stack = newStack();
    const { task } = jsonPathTask({
      entrypoint: [sfn.JsonPath.stringAt('$.script')],
      arguments: [sfn.JsonPath.format('--date={}', sfn.JsonPath.stringAt('$.date'))],
    }, stack);
    new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    const definition = stateMachineDefinition(stack);
    expect(definition.States.Job.Parameters.AppSpecification).toEqual({
      'ImageUri': IMAGE_URI,
      'ContainerEntrypoint.$': 'States.Array($.script)',
      'ContainerArguments.$': "States.Array(States.Format('--date={}', $.date))",
    });
    expect(aslValidator(definition).errorsText('\n')).toBe('');
    const request = await requestOf(definition, 'Job', { script: '/opt/ml/processing/input/code/run.sh', date: '2026-11-30' });
    expect(request.AppSpecification.ContainerEntrypoint).toEqual(['/opt/ml/processing/input/code/run.sh']);
    expect(request.AppSpecification.ContainerArguments).toEqual(['--date=2026-11-30']);
  });

  test("a job's step with one run-time argument as its overrides", async () => {
    const stack = new Stack(new App(), 'Lake');
    const job = new ProcessingJob(stack, 'Features', { image: ProcessingImage.fromRegistry(IMAGE_URI), jobNamePrefix: 'features', stepOnly: true, arguments: ['today'] });
    const step = job.asStep(stack, 'Step', { overrides: { arguments: [sfn.JsonPath.stringAt('$.date')] } });
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(step) });
    const definition = stateMachineDefinition(stack);
    expect(aslValidator(definition).errorsText('\n')).toBe('');
    const request = await requestOf(definition, 'Step', { date: '2026-11-30' });
    expect(request.AppSpecification.ContainerArguments).toEqual(['2026-11-30']);
  });
});

/**
 * The string literals of an intrinsic function call as Step Functions reads them: inside quotes, a
 * backslash makes the next character stand for itself (Step Functions Developer Guide, "Intrinsic
 * functions": `\'`, `\{`, `\}` and `\\`); an unescaped brace is reserved and reported as `<reserved {>`.
 */
function literalsOf(call: string): string[] {
  const literals: string[] = [];
  for (let i = 0; i < call.length; i++) {
    if (call[i] !== "'") continue;
    let text = '';
    for (i++; call[i] !== "'"; i++) {
      if (call[i] === '\\') text += call[++i];
      else if (call[i] === '{' || call[i] === '}') text += `<reserved ${call[i]}>`;
      else text += call[i];
    }
    literals.push(text);
  }
  return literals;
}

describe('fixed items beside run-time items', () => {
  test('braces, quotes and backslashes reach the container as given: the reserved characters are escaped', () => {
    const fixed = ['--config={"mode":"full","limits":{"rows":10}}', "it's", 'C:\\data', 'a\\{b}', '--fmt={}'];
    const stack = newStack();
    const { task } = jsonPathTask({ arguments: [...fixed, sfn.JsonPath.stringAt('$.date')] }, stack);
    new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    const call: string = stateMachineDefinition(stack).States.Job.Parameters.AppSpecification['ContainerArguments.$'];
    expect(call).toBe(String.raw`States.Array('--config=\{"mode":"full","limits":\{"rows":10\}\}', 'it\'s', 'C:\\data', 'a\\\{b\}', '--fmt=\{\}', $.date)`);
    expect(literalsOf(call)).toEqual(fixed);
  });

  test('a JSON argument beside a run-time one passes asl-validator', () => {
    const stack = newStack();
    const { task } = jsonPathTask({ arguments: ['--config={"mode":"full"}', sfn.JsonPath.stringAt('$.date')] }, stack);
    new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    expect(aslValidator(stateMachineDefinition(stack)).errorsText('\n')).toBe('');
  });
});
