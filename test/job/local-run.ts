import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import { emulateJsonata } from '../util/jsonata-states';

/** What a local execution did: the states it entered, the requests each task got, and how it ended. */
export interface LocalRun {
  readonly states: string[];
  readonly requests: Record<string, any[]>;
  readonly output?: any;
  readonly error?: { name: string; cause: string };
  /** The largest input or output of any state, in UTF-8 bytes of JSON (Step Functions allows 262,144). */
  readonly largestStateData: number;
}

/** Validating a definition takes about half a second: one local state machine per definition. */
const machines = new WeakMap<object, LocalStateMachine>();
function machineOf(definition: any): LocalStateMachine {
  let machine = machines.get(definition);
  if (!machine) {
    machine = new LocalStateMachine(definition);
    machines.set(definition, machine);
  }
  return machine;
}

/**
 * Fixes the clock (aws-local-stepfunctions stamps `$$.Execution.StartTime` with `new Date()`),
 * keeping real timers so the executions still run.
 */
export function fixClock(now: string): void {
  jest.useFakeTimers({ now: new Date(now), doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate',
    'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
}

/** A task handler: gets the rendered request, returns the task result or throws `{ name, message }`. */
export type Handler = (request: any) => any;

/** The `.sync` result of a completed job (DescribeProcessingJob's shape, trimmed). */
export const completed: Handler = (request) => ({
  ProcessingJobName: request.ProcessingJobName,
  ProcessingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${String(request.ProcessingJobName).toLowerCase()}`,
  ProcessingJobStatus: 'Completed',
});

/** An error as the optimized integration raises it (`Error` = name, `Cause` = message). */
export function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** The cause a `.sync` job failure carries: the job's description as JSON. */
export function jobFailure(request: any, reason: string, status = 'Failed'): Error {
  return taskError('States.TaskFailed', JSON.stringify({ ProcessingJobName: request.ProcessingJobName, ProcessingJobStatus: status, FailureReason: reason }));
}

/**
 * Runs a definition with aws-local-stepfunctions (its JSONata states emulated: test/util/jsonata-states.ts):
 * every Task state is handled by `handlers` (by state name, given the evaluated request; a state
 * without one fails the test), waits and retry intervals are zero.
 */
export async function runLocally(original: any, input: unknown, handlers: Record<string, Handler>, executionName = 'run-1'): Promise<LocalRun> {
  const emulation = emulateJsonata(original);
  const { definition } = emulation;
  const context = {
    Execution: { Name: executionName, StartTime: new Date().toISOString(), Input: input, Id: `arn:aws:states:us-east-1:123456789012:execution:Runner:${executionName}` },
  };
  const requests: Record<string, any[]> = {};
  const taskStates = Object.entries<any>(original.States).filter(([, s]) => s.Type === 'Task').map(([name]) => name);
  const tasks = Object.fromEntries(taskStates.map((name) => [name, async (request: any) => {
    (requests[name] ??= []).push(request);
    const handler = handlers[name];
    if (!handler) throw new Error(`no handler for task state '${name}'`);
    return handler(request);
  }]));
  const waits = Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Wait').map(([name]) => [name, 0]);
  const retried = Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Task').map(([name]) => [name, 0]);
  const machine = machineOf(definition);
  const execution = machine.run(input as any, {
    context: { Execution: { Name: executionName, Id: context.Execution.Id } } as any,
    overrides: {
      taskResourceLocalHandlers: emulation.handlers(tasks, context),
      waitTimeOverrides: Object.fromEntries(waits),
      retryIntervalOverrides: Object.fromEntries(retried),
    },
  });
  let output: any;
  let error: LocalRun['error'];
  try {
    output = await execution.result;
  } catch (e) {
    const failure = e as { message: string; cause?: unknown };
    const match = /^Execution has failed with the following error: (.*)$/s.exec(failure.message);
    error = { name: String((e as any).name), cause: match ? match[1] : failure.message };
  }
  const states: string[] = [];
  let largestStateData = 0;
  const bytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8'));
  for await (const event of execution.eventLogs) {
    if (event.type === 'StateEntered' && !emulation.hidden.has(event.state.name)) states.push(event.state.name);
    if (event.type === 'StateExited') largestStateData = Math.max(largestStateData, bytes(event.state.input), bytes(event.state.output));
    if (event.type === 'ExecutionFailed') error = { name: event.Error, cause: String(event.Cause) };
  }
  return { states, requests, output, error, largestStateData };
}
