/**
 * Runs a synthesized state machine with aws-local-stepfunctions, the SageMaker task replaced by a
 * local function that answers like a completed `.sync` job, and counts the states entered: each
 * entered state is one billed transition of a Standard workflow.
 */
import { randomUUID } from 'crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import '../../test/util/promise-with-resolvers';
import { emulateJsonata } from '../../test/util/jsonata-states';
import { FAKE_ENV, ScheduleTarget } from './template';

/** The fixed time of the measured run (a nightly 02:00 UTC schedule). */
export const SCHEDULED_TIME = '2026-11-24T02:00:00Z';

export interface ExecutionCount {
  /** States entered, in order (including states inside Map/Parallel). */
  readonly statesEntered: string[];
  /** The number of billed state transitions of the run (= states entered). */
  readonly transitions: number;
  /** The CreateProcessingJob requests the run sent. */
  readonly requests: any[];
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
}

/** The names of the Task states that call SageMaker CreateProcessingJob, at any depth. */
export function processingTaskStates(definition: any): string[] {
  const out: string[] = [];
  const visit = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      if (state.Type === 'Task' && /:sagemaker:createProcessingJob/.test(String(state.Resource))) out.push(name);
      for (const branch of state.Branches ?? []) visit(branch.States);
      if (state.Iterator) visit(state.Iterator.States);
      if (state.ItemProcessor) visit(state.ItemProcessor.States);
    }
  };
  visit(definition.States);
  return out;
}

/** Executes `definition` with `input`; every CreateProcessingJob task answers with a completed job. */
export async function countTransitions(definition: any, input: unknown): Promise<ExecutionCount> {
  const requests: any[] = [];
  const handlers: Record<string, (input: any) => Promise<any>> = {};
  for (const name of processingTaskStates(definition)) {
    handlers[name] = async (request: any) => {
      requests.push(request);
      const jobName = String(request.ProcessingJobName);
      return {
        ProcessingJobName: jobName,
        ProcessingJobArn: `arn:aws:sagemaker:${FAKE_ENV.region}:${FAKE_ENV.account}:processing-job/${jobName.toLowerCase()}`,
        ProcessingJobStatus: 'Completed',
        ExitMessage: 'ok',
      };
    };
  }
  const executionName = randomUUID();
  const context = {
    Execution: {
      Id: `arn:aws:states:${FAKE_ENV.region}:${FAKE_ENV.account}:execution:bench:${executionName}`,
      Name: executionName,
      Input: input as any,
      StartTime: '2026-11-24T02:00:01.123Z',
      RoleArn: `arn:aws:iam::${FAKE_ENV.account}:role/bench`,
    },
  };
  // aws-local-stepfunctions runs JSONPath states only: JSONata states (the library's runner) are emulated, state for state.
  const emulation = emulateJsonata(definition);
  const machine = new StateMachine(emulation.definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as any, {
    overrides: { taskResourceLocalHandlers: emulation.handlers(handlers, context) },
    context,
  });
  const statesEntered: string[] = [];
  let status: ExecutionCount['status'] = 'SUCCEEDED';
  let error: string | undefined;
  for await (const event of execution.eventLogs) {
    if (event.type === 'StateEntered' && !emulation.hidden.has(event.state.name)) statesEntered.push(event.state.name);
    if (event.type === 'ExecutionFailed') {
      status = 'FAILED';
      error = `${event.Error}: ${typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause)}`;
    }
  }
  try {
    await execution.result;
  } catch (e) {
    status = 'FAILED';
    error = error ?? (e as Error).message;
  }
  return { statesEntered, transitions: statesEntered.length, requests, status, error };
}

/**
 * The execution input a schedule or rule sends at `SCHEDULED_TIME`: the Scheduler's context
 * placeholders filled in, an EventBridge input transformer applied, or the scheduled event itself.
 */
export function inputSentBy(target: ScheduleTarget): unknown {
  const event = {
    'version': '0',
    'id': randomUUID(),
    'detail-type': 'Scheduled Event',
    'source': 'aws.events',
    'account': FAKE_ENV.account,
    'time': SCHEDULED_TIME,
    'region': FAKE_ENV.region,
    'resources': [`arn:aws:events:${FAKE_ENV.region}:${FAKE_ENV.account}:rule/${target.logicalId}`],
    'detail': {},
  };
  if (target.type === 'AWS::Scheduler::Schedule') {
    if (target.input === undefined) return {};
    // EventBridge Scheduler's context attributes (docs: "Adding context attributes to your target").
    const filled = target.input
      .replace(/<aws\.scheduler\.scheduled-time>/g, SCHEDULED_TIME)
      .replace(/<aws\.scheduler\.execution-id>/g, randomUUID())
      .replace(/<aws\.scheduler\.schedule-arn>/g, `arn:aws:scheduler:${FAKE_ENV.region}:${FAKE_ENV.account}:schedule/default/${target.logicalId}`)
      .replace(/<aws\.scheduler\.attempt-number>/g, '0');
    return JSON.parse(filled);
  }
  if (target.input !== undefined) return JSON.parse(target.input);
  if (target.inputTransformer) {
    let text = target.inputTransformer.InputTemplate;
    for (const [name, path] of Object.entries(target.inputTransformer.InputPathsMap ?? {})) {
      const value = path.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce<any>((v, k) => v?.[k], event);
      text = text.split(`<${name}>`).join(typeof value === 'string' ? value : JSON.stringify(value));
    }
    text = text.replace(/<aws\.events\.event\.ingestion-time>/g, SCHEDULED_TIME).replace(/<aws\.events\.rule-arn>/g, event.resources[0]);
    return JSON.parse(text);
  }
  return event;
}
