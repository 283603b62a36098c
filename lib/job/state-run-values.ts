import { Token, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { RunValueSyntax } from '../definition/run-values';

/**
 * Run values as a JSONPath task state writes them, for `job.asStep(...)` (lib/definition/run-values.ts
 * applies them; the runner's own `Run` state applies them in JSONata, run-values-jsonata.ts): values
 * may be JSONPath (`$.date`, `$$.Execution.Name`) or plain; a partition is a `States.Format`, the
 * date of the scheduled time a `States.StringSplit` on `T`. An environment override that is a whole
 * object from the state's input (`JsonPath.objectAt`) cannot be merged at synth: a step refuses it
 * (JobRunTemplate.requestForStep); a guardrail view takes it as it is.
 */
export const STATE_RUN_VALUES: RunValueSyntax = {
  environment: (own, overrides, identity) => (overrides !== undefined && Token.isUnresolved(overrides) ? overrides : { ...own, ...overrides, ...identity }),
  partition: (uri, key, value) => {
    const J = sfn.JsonPath;
    return J.isEncodedJsonPath(uri) ? J.format(`{}${key}={}/`, uri, value) : J.format(`${escapeIntrinsicLiteral(uri)}${key}={}/`, value);
  },
  dateOf: (scheduledTime) => sfn.JsonPath.arrayGetItem(sfn.JsonPath.stringSplit(scheduledTime, 'T'), 0),
  runFolderUri: (root, folder, name) => {
    const J = sfn.JsonPath;
    return J.isEncodedJsonPath(folder) ? J.format(`${escapeIntrinsicLiteral(root)}{}/output/${escapeIntrinsicLiteral(name)}`, folder) : `${root}${folder}/output/${name}`;
  },
};

/** Escapes the characters that intrinsic function literals reserve (AWS docs, "Intrinsic functions": `' { } \`). */
function escapeIntrinsicLiteral(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}
