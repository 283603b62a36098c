import { Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RunValueSyntax } from '../definition/run-values';

/**
 * Run values as a JSONPath state writes them (lib/definition/run-values.ts applies them): values
 * may be JSONPath (`$.run.…`, `$$.Execution.Name`) or plain; a partition is a `States.Format`, the
 * date of the scheduled time a `States.StringSplit` on `T`. An environment that is a whole object
 * from the execution is the run form's, which the runner's `CheckInput` state completed with the
 * job's variables and the run identity (lib/api/run-rules.ts): it is taken as it is.
 */
export const STATE_RUN_VALUES: RunValueSyntax = {
  environment: (own, overrides, identity) => (overrides !== undefined && Token.isUnresolved(overrides) ? overrides : { ...own, ...overrides, ...identity }),
  partition: (uri, key, value) => {
    const J = sfn.JsonPath;
    return J.isEncodedJsonPath(uri) ? J.format(`{}${key}={}/`, uri, value) : J.format(`${escapeIntrinsicLiteral(uri)}${key}={}/`, value);
  },
  dateOf: (scheduledTime) => sfn.JsonPath.arrayGetItem(sfn.JsonPath.stringSplit(scheduledTime, 'T'), 0),
};

/** Escapes the characters that intrinsic function literals reserve (AWS docs, "Intrinsic functions": `' { } \`). */
function escapeIntrinsicLiteral(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}
