import { Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RunValueSyntax } from '../definition/run-values';

/**
 * Run values as a JSONPath state writes them (lib/definition/run-values.ts applies them): values
 * may be JSONPath (`$.run.…`, `$$.Execution.Name`) or plain; a partition is a `States.Format`, the
 * date of the scheduled time a `States.StringSplit` on `T`. An environment that is a whole
 * object from the execution (the run form's, which the input states completed with the job's
 * variables) is merged with the run identity by `States.JsonMerge`.
 */
export const STATE_RUN_VALUES: RunValueSyntax = {
  environment: (own, overrides, identity) => {
    if (overrides === undefined || !Token.isUnresolved(overrides)) return { ...own, ...overrides, ...identity };
    const J = sfn.JsonPath;
    const keys = Object.keys(identity);
    const identityJson = J.stringToJson(J.format(`\\{${keys.map((k) => `"${k}":"{}"`).join(',')}\\}`, ...keys.map((k) => identity[k])));
    return J.jsonMerge(overrides as unknown as string, identityJson) as unknown as { [key: string]: string };
  },
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
