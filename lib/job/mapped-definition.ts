import { Fn, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { compactIntrinsics } from '../cfn/compact-intrinsics';
import { resolveWithPlaceholders } from './definition-asset';

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
 * - `definition` is the whole definition; its last state (`JOB_STATE`) holds the job's data;
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
export function mappedDefinitionString(scope: Construct, definition: AslDefinition, store: DefinitionTextStore): string {
  const tokens: string[] = [];
  // Each CloudFormation value becomes a mark in the text, its token kept unresolved (a reference to another stack is an import only later).
  const literal = resolveWithPlaceholders(scope, definition, (token) => `\uE000${tokens.push(Token.asString(token)) - 1}\uE001`) as { [key: string]: unknown };
  const { States: states, ...top } = literal as { States: { [name: string]: unknown } };
  const { [JOB_STATE]: jobState, ...fixedStates } = states;
  if (jobState === undefined) throw new Error(`${scope.node.path}: the definition has no ${JOB_STATE} state`);
  const jobText = JSON.stringify(jobState);
  const text = JSON.stringify({ ...valuesLast(top), States: { ...valuesLast(fixedStates), [JOB_STATE]: jobState } });
  const ownLength = jobText.length + 2; // the job's state and the two closing braces
  if (!text.endsWith(`"${JOB_STATE}":${jobText}}}`)) throw new Error(`${scope.node.path}: the ${JOB_STATE} state is not the definition's last`);
  const pieces: string[] = [];
  text.slice(0, text.length - ownLength).split(TOKEN_MARK).forEach((part, i) => {
    // split() with a capture group alternates text and token indices.
    if (i % 2 === 1) pieces.push(tokens[Number(part)]);
    else if (part.length >= MIN_MAPPED_LENGTH) pieces.push(store.textRef(part));
    else if (part !== '') pieces.push(part);
  });
  text.slice(text.length - ownLength).split(TOKEN_MARK).forEach((part, i) => pieces.push(i % 2 === 1 ? tokens[Number(part)] : part));
  return Token.asString(compactIntrinsics(Fn.join('', pieces.filter((p) => p !== ''))));
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
