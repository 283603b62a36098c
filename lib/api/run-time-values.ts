import { Checks } from './checks';
import { FIELD } from './limits';
import { ProcessingJobSpec } from './spec';
import { runTimeExpressionOf } from './tokens';

/**
 * Where a spec's values are evaluated: in a JSONPath state, a JSONata state, or nowhere (a
 * `ProcessingJob`'s definition, rendered with the runner's own run values; a deploy-time run).
 */
export type RunTimeLanguage = 'JSONPath' | 'JSONata' | 'none';

/**
 * Refuses run-time values that would never be evaluated where the spec is used: a JSONata
 * `{% %}` string in a JSONPath state, an `sfn.JsonPath.*At()` value in a JSONata state, either
 * in a definition that no state evaluates. Each would reach the container as its literal text.
 */
export function checkRunTimeValues(v: Checks, spec: ProcessingJobSpec, language: RunTimeLanguage, hint: string): void {
  const fields: Array<[string, string, unknown]> = [
    ['imageUri', FIELD.imageUri, spec.imageUri],
    ['arguments', FIELD.arguments, spec.arguments],
    ...(Array.isArray(spec.arguments) ? spec.arguments.map((a, i) => [`arguments[${i}]`, FIELD.arguments, a] as [string, string, unknown]) : []),
    ['entrypoint', FIELD.entrypoint, spec.entrypoint],
    ...(spec.entrypoint ?? []).map((a, i) => [`entrypoint[${i}]`, FIELD.entrypoint, a] as [string, string, unknown]),
    ...(typeof spec.environment === 'string' ? [['environment', FIELD.environment, spec.environment] as [string, string, unknown]] : []),
    ...Object.entries(typeof spec.environment === 'object' ? spec.environment : {}).map(([k, value]) => [`environment variable ${k}`, FIELD.environment, value] as [string, string, unknown]),
    ['instanceType', FIELD.instanceType, spec.instanceType],
    ['instanceCount', FIELD.instanceCount, spec.instanceCount],
    ...spec.inputs.map((i) => [`input '${i.inputName}' s3Uri`, 'ProcessingInputs[].S3Input.S3Uri', i.s3?.s3Uri] as [string, string, unknown]),
    ...spec.outputs.map((o) => [`output '${o.outputName}' s3Uri`, 'ProcessingOutputs[].S3Output.S3Uri', o.s3?.s3Uri] as [string, string, unknown]),
  ];
  for (const [prop, field, value] of fields) {
    const expression = runTimeExpressionOf(value);
    if (expression === undefined || expression.kind === language) continue;
    const where = language === 'none' ? 'this definition is not evaluated by any state' : `the state evaluates ${language}, not ${expression.kind}`;
    v.add(`${prop} is the ${expression.kind} value ${expression.text}, but ${where}: it would reach the container as that text; ${hint} (${field})`);
  }
}
