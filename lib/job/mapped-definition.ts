import { Fn, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { compactIntrinsics } from '../cfn/compact-intrinsics';
import { resolveWithPlaceholders } from './definition-asset';
import { unquoteTypedValues } from '../cfn/typed-tokens';

/** The state that holds a job's data in a job's own runner; the definition's last state, after the states every such runner has. */
export const JOB_STATE = 'Job';

/**
 * The shortest text worth a `Fn::FindInMap` (whose reference in a job's `DefinitionString` costs
 * about 150 bytes of template): shorter texts stay in each job's definition.
 */
const MIN_MAPPED_LENGTH = 512;

/** Where a value of the definition that is a CloudFormation function sits in its text (private-use characters JSON never escapes). */
const TOKEN_MARK = /\uE000(\d+)\uE001/;

/** A state machine definition (Amazon States Language) as rendered: its states by name, and its other fields. */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: unknown };
  readonly [field: string]: unknown;
}

/** Keeps a text once per stack (the template's Mappings) and returns what refers to it there: a `Fn::FindInMap` token. */
export interface DefinitionTextStore {
  textRef(text: string): string;
}

/**
 * The `DefinitionString` of a job's own runner, written so that a stack of such jobs holds the
 * states they all have (the `Run` state, the retries, the failure handling: ~15 KB) once:
 *
 * - `states` are the states before the job's (rendered once per stack and runner options), and
 *   `jobState` the job's own, written as the definition's first (`StartAt`) and last state;
 * - the text before that state is the same for every job with the same runner options, and each of
 *   its stretches without a CloudFormation value, if long, goes to `store` (the template's Mappings),
 *   which gives a `Fn::FindInMap`: the template holds each such text once, whatever the number of jobs;
 * - so that those stretches are long, every object's keys whose values hold a CloudFormation value
 *   (the partition in the task's ARN, a topic ARN) are written after the others (JSON objects are
 *   unordered: Step Functions reads the same definition);
 * - the result is one `Fn::Join` of the references and the job's own text, written as one `Fn::Sub`.
 *
 * CloudFormation joins the pieces at deployment (User Guide, `Fn::FindInMap` and `Fn::Sub`:
 * `Fn::FindInMap` is supported in `Fn::Sub`'s variables), so Step Functions receives the same
 * definition text as written inline, up to the order of keys.
 */
export function mappedDefinitionString(scope: Construct, states: AslDefinition, jobState: unknown, store: DefinitionTextStore): string {
  if (JOB_STATE in states.States) throw new Error(`${scope.node.path}: the states before the job's already have a ${JOB_STATE} state`);
  const own = marked(scope, jobState);
  const ownPieces = unquoteTypedValues(JSON.stringify(own.value)).split(TOKEN_MARK).map((part, i) => (i % 2 === 1 ? own.tokens[Number(part)] : part));
  return Token.asString(compactIntrinsics(Fn.join('', [...prefixPieces(scope, states, store), ...ownPieces, '}}'].filter((p) => p !== ''))));
}

/** The pieces of the text before the job's state, by the states rendered (once per stack and runner options: `StandaloneRunners.runnerGraph`). */
const PREFIXES = new WeakMap<AslDefinition, string[]>();

/**
 * The text of the definition up to its job's state (`…,"StartAt":"Job","States":{…,"Job":`), as
 * pieces: the long stretches without CloudFormation values as `store` references, the values as
 * their tokens. Worked out once per rendering of the states, which every runner with the same
 * options shares.
 */
function prefixPieces(scope: Construct, states: AslDefinition, store: DefinitionTextStore): string[] {
  let pieces = PREFIXES.get(states);
  if (pieces === undefined) {
    const { value, tokens } = marked(scope, { ...states, StartAt: JOB_STATE });
    const { States: fixed, ...top } = value as { States: { [name: string]: unknown } };
    // A stand-in job state, cut off: the text ends with `"Job":` (States is the last field, the job's state its last).
    const text = unquoteTypedValues(JSON.stringify({ ...valuesLast(top), States: { ...valuesLast(fixed), [JOB_STATE]: 0 } })).slice(0, -3);
    pieces = text.split(TOKEN_MARK).map((part, i) => {
      // split() with a capture group alternates text and token indices.
      if (i % 2 === 1) return tokens[Number(part)];
      return part.length >= MIN_MAPPED_LENGTH ? store.textRef(part) : part;
    });
    PREFIXES.set(states, pieces);
  }
  return pieces;
}

/**
 * `value` resolved to JSON now, each CloudFormation value a mark in its text and its token kept
 * unresolved in `tokens` (a reference to another stack is an import only later).
 */
function marked(scope: Construct, value: unknown): { value: unknown; tokens: string[] } {
  const tokens: string[] = [];
  return { value: resolveWithPlaceholders(scope, value, (token) => `\uE000${tokens.push(Token.asString(token)) - 1}\uE001`), tokens };
}

/** `value` with, in every object, the keys whose values hold a CloudFormation value last (their order kept otherwise). */
function valuesLast<T>(value: T): T {
  return ordered(value).value as T;
}

function ordered(value: unknown): { value: unknown; holds: boolean } {
  if (typeof value === 'string') return { value, holds: TOKEN_MARK.test(value) };
  if (Array.isArray(value)) {
    const items = value.map(ordered);
    return { value: items.map((item) => item.value), holds: items.some((item) => item.holds) };
  }
  if (value === null || typeof value !== 'object') return { value, holds: false };
  const entries = Object.entries(value).map(([k, v]) => ({ k, ...ordered(v) }));
  const sorted = [...entries.filter((e) => !e.holds), ...entries.filter((e) => e.holds)];
  return { value: Object.fromEntries(sorted.map((e) => [e.k, e.value])), holds: sorted.some((e) => e.holds) };
}
