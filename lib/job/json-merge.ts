import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * A fresh copy of the object at `path`, as the first argument of `States.JsonMerge`: the
 * merge leaves its arguments alone in Step Functions, but an emulator that merges into the
 * first argument (aws-local-stepfunctions 3 does) would otherwise change the state data that
 * later fields read. In Step Functions the copy changes nothing.
 */
export function copyOf(path: string): string {
  const J = sfn.JsonPath;
  return J.stringToJson(J.jsonToString(J.objectAt(path))) as unknown as string;
}
