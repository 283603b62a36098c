import { evaluateJsonata } from './jsonata';

/**
 * aws-local-stepfunctions 3 runs JSONPath states only, without variables. This turns a definition's
 * JSONata states into JSONPath states it runs, each with a local handler that does what Step
 * Functions does (AWS docs, "Transforming data with JSONata" and "Passing data between states
 * with variables"), the expressions evaluated with the `jsonata` package:
 *
 * - Pass: `Output` (default: the input) and `Assign`, both with the variables as they were before the state;
 * - Task: `Arguments` (a failed evaluation raises `States.QueryEvaluationError`), the task's own
 *   handler, then `Output` (default: the result) and `Assign` with `$states.result`; each catcher's
 *   `Output` (default: the error output) and `Assign` with `$states.errorOutput`;
 * - Choice: the first rule whose `Condition` holds, its `Output` and `Assign`; else `Default`;
 * - Fail: `Error` and `Cause` evaluated.
 *
 * The states keep their names; the few helper states this adds (a catcher's evaluation, a Choice's
 * jump, a Fail's end) are named `⟨…⟩` and listed in `hidden`, so the states entered read as the
 * real definition's.
 */
export interface JsonataEmulation {
  readonly definition: any;
  /** Helper states that are not states of the real definition. */
  readonly hidden: Set<string>;
  /** The local handlers of one execution: `tasks` are the real task states' handlers (by name), given the evaluated request. */
  handlers(tasks: Record<string, (request: any) => any>, context: any): Record<string, (input: any) => Promise<any>>;
}

type Step = (input: any, run: Execution) => Promise<any>;
interface Execution { readonly context: any; readonly variables: Record<string, unknown>; readonly tasks: Record<string, (request: any) => any>; readonly inputs: Record<string, any> }

const emulations = new WeakMap<object, JsonataEmulation>();

/** The emulated definition (one per definition object). */
export function emulateJsonata(original: any): JsonataEmulation {
  const known = emulations.get(original);
  if (known) return known;
  const steps: Record<string, Step> = {};
  const hidden = new Set<string>();
  const states: Record<string, any> = {};
  const language = (state: any) => state.QueryLanguage ?? original.QueryLanguage ?? 'JSONPath';
  const task = (name: string, state: any, step: Step, next: any) => {
    steps[name] = step;
    states[name] = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:emulated-state', Comment: state.Comment, ...next };
  };
  const flow = (state: any) => (state.End ? { End: true } : { Next: state.Next });

  for (const [name, state] of Object.entries<any>(original.States)) {
    if (language(state) !== 'JSONata') {
      if (state.Type === 'Pass' && state.Assign !== undefined) {
        if (state.Parameters || state.Result || state.ResultPath || state.InputPath || state.OutputPath) {
          throw new Error(`state '${name}': the emulation takes JSONPath Pass states with Assign only, without Parameters, Result or paths`);
        }
        task(name, state, async (input, run) => {
          for (const [key, value] of Object.entries<unknown>(state.Assign)) {
            if (key.endsWith('.$')) throw new Error(`Assign key '${key}': the emulation takes static values only`);
            run.variables[key] = value;
          }
          return input;
        }, flow(state));
      } else {
        states[name] = state;
      }
      continue;
    }
    const states_ = (input: unknown, run: Execution, more: object = {}) => ({ input, context: run.context, ...more });
    switch (state.Type) {
      case 'Pass':
        task(name, state, async (input, run) => finish(state, states_(input, run), input, run), flow(state));
        break;
      case 'Succeed':
        states[name] = { Type: 'Succeed', Comment: state.Comment };
        break;
      case 'Task': {
        const catchers = (state.Catch ?? []).map((catcher: any, i: number) => {
          const helper = `⟨catch ${i}⟩ ${name}`;
          hidden.add(helper);
          task(helper, catcher, async (error, run) => finish(catcher, states_(run.inputs[name], run, { errorOutput: error }), error, run), { Next: catcher.Next });
          return { ErrorEquals: catcher.ErrorEquals, Next: helper };
        });
        steps[name] = async (input, run) => {
          run.inputs[name] = input;
          let request: unknown;
          try {
            request = await evaluateJsonata(state.Arguments ?? {}, states_(input, run), run.variables);
          } catch (e) {
            throw evaluationError(name, 'Arguments', state.Arguments, e);
          }
          const handler = run.tasks[name];
          if (!handler) throw new Error(`no handler for task state '${name}'`);
          const result = await handler(request);
          return finish(state, states_(input, run, { result }), result, run);
        };
        states[name] = {
          Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:emulated-state', Comment: state.Comment,
          ...(state.Retry ? { Retry: state.Retry } : {}), ...(catchers.length ? { Catch: catchers } : {}), ...flow(state),
        };
        break;
      }
      case 'Choice': {
        const jump = `⟨jump⟩ ${name}`;
        hidden.add(jump);
        task(name, state, async (input, run) => {
          for (const [i, rule] of (state.Choices as any[]).entries()) {
            if (await evaluateJsonata(rule.Condition, states_(input, run), run.variables) === true) {
              return { rule: i, output: await finish(rule, states_(input, run), input, run) };
            }
          }
          return { rule: -1, output: await finish(state, states_(input, run), input, run) };
        }, { Next: jump });
        states[jump] = {
          Type: 'Choice',
          Choices: (state.Choices as any[]).map((rule, i) => ({ Variable: '$.rule', NumericEquals: i, Next: rule.Next })),
          ...(state.Default ? { Default: state.Default } : {}),
          OutputPath: '$.output',
        };
        break;
      }
      case 'Fail': {
        const end = `⟨fail⟩ ${name}`;
        hidden.add(end);
        task(name, state, async (input, run) => ({
          Error: await evaluateJsonata(state.Error, states_(input, run), run.variables),
          Cause: await evaluateJsonata(state.Cause, states_(input, run), run.variables),
        }), { Next: end });
        states[end] = { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' };
        break;
      }
      default:
        throw new Error(`state '${name}': the emulation does not take JSONata ${state.Type} states`);
    }
  }
  const definition = { ...original, QueryLanguage: undefined, States: states };
  const emulation: JsonataEmulation = {
    definition,
    hidden,
    handlers: (tasks, context) => {
      const run: Execution = { context, variables: {}, tasks, inputs: {} };
      const local: Record<string, (input: any) => Promise<any>> = {};
      for (const [name, step] of Object.entries(steps)) local[name] = (input) => step(input, run);
      // JSONPath task states keep their own handlers.
      for (const [name, handler] of Object.entries(tasks)) local[name] ??= async (input) => handler(input);
      return local;
    },
  };
  emulations.set(original, emulation);
  return emulation;
}

/** A state's (or rule's, or catcher's) `Output` (default: `fallback`) and `Assign`, both evaluated before the variables change. */
async function finish(fields: any, states: object, fallback: unknown, run: Execution): Promise<unknown> {
  const output = fields.Output === undefined ? fallback : await evaluateJsonata(fields.Output, states as any, run.variables);
  if (fields.Assign !== undefined) Object.assign(run.variables, await evaluateJsonata(fields.Assign, states as any, run.variables));
  return output;
}

/**
 * The error of an expression that failed, as Step Functions reports it: `States.QueryEvaluationError`,
 * its cause naming the state, the field and the expression, then JSONata's message.
 */
function evaluationError(state: string, field: string, expression: unknown, e: unknown): Error {
  const text = typeof expression === 'string' ? expression.replace(/^\{%\s*|\s*%\}$/g, '') : JSON.stringify(expression);
  const error = new Error(`An error occurred while executing the state '${state}'. The JSONata expression '${text}' specified for the field '${field}' ` +
    `threw an error: ${(e as Error).message}`);
  error.name = 'States.QueryEvaluationError';
  return error;
}
