/**
 * Runs a synthesized state machine locally, the SageMaker task replaced by a local function that
 * answers like a completed `.sync` job, and counts the states entered: each entered state is one
 * billed transition of a Standard workflow.
 */
import { randomUUID } from 'crypto';
import { completed, runLocally } from '../../test/job/local-run';
import '../../test/util/promise-with-resolvers';
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

/**
 * Executes `definition` with `input`; every CreateProcessingJob task answers with a completed job.
 * The run goes through the tests' local runner (test/job/local-run.ts): aws-local-stepfunctions 3
 * runs the JSONPath states, and the states it cannot run (JSONata states such as the runner's input
 * check, Pass states that assign variables) are evaluated with the `jsonata` package as Step
 * Functions does, each still one state entered.
 */
export async function countTransitions(definition: any, input: unknown): Promise<ExecutionCount> {
  const handlers = Object.fromEntries(processingTaskStates(definition).map((name) => [name, completed]));
  const run = await runLocally(definition, input, handlers, randomUUID());
  const requests = Object.values(run.requests).flat();
  const error = run.error && `${run.error.name}: ${run.error.cause}`;
  return { statesEntered: run.states, transitions: run.states.length, requests, status: run.error ? 'FAILED' : 'SUCCEEDED', error };
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
