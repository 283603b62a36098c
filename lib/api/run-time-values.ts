import { Token } from 'aws-cdk-lib';
import { Checks } from './checks';
import { FIELD } from './limits';
import { renderProcessingJobRequest } from './render';
import { ProcessingJobSpec } from './spec';
import { literalText, runTimeExpressionOf } from './tokens';

/**
 * Where a spec's values are evaluated: in a JSONPath state, a JSONata state, or nowhere (a
 * `ProcessingJob`'s definition, rendered with the runner's own run values; a deploy-time run).
 */
export type RunTimeLanguage = 'JSONPath' | 'JSONata' | 'none';

/**
 * Refuses run-time values that would never be evaluated where the spec is used: a JSONata
 * `{% %}` string in a JSONPath state, an `sfn.JsonPath.*At()` value in a JSONata state, either
 * in a definition that no state evaluates. Each would reach the container (or SageMaker) as its
 * literal text. The fields users set most are named by their prop; every other field of the
 * request (the job name, runtime, volume, tags, experiment, dataset queries, local paths, …) by
 * its request field; an environment variable's name is never evaluated, in any language.
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
  const report = (prop: string, field: string, value: unknown, reaches = 'reach the container') => {
    const expression = runTimeExpressionOf(value);
    if (expression === undefined || expression.kind === language) return;
    const where = language === 'none' ? 'this definition is not evaluated by any state' : `the state evaluates ${language}, not ${expression.kind}`;
    v.add(`${prop} is the ${expression.kind} value ${expression.text}, but ${where}: it would ${reaches} as that text; ${hint} (${field})`);
  };
  for (const [prop, field, value] of fields) report(prop, field, value);

  if (spec.environment !== undefined && typeof spec.environment === 'object') {
    for (const key of Object.keys(spec.environment)) {
      const expression = runTimeExpressionOf(key);
      if (expression === undefined && language === 'none' && Token.isUnresolved(key)) {
        // The request of a ProcessingJob (its runner's job data, its metadata) and of a deploy-time run (AWS::SageMaker::ProcessingJob's
        // Environment) is an object whose keys must be text when the template is written: aws-cdk-lib fails on a key that resolves to a function.
        v.add(`environment variable name ${literalText(key, '${…}')} is known only at deploy time, but the job's request is written into the template ` +
          'with its names as text; give the name at synth (Environment)');
      }
      if (expression === undefined) continue;
      v.add(`environment variable name ${expression.text} is a ${expression.kind} value, but Step Functions evaluates values, never object keys: ` +
        'the variable would be named with that text; give the name at synth (Environment)');
    }
  }
  // The rest of the request, by field (the fields above, and the environment, are checked there).
  walk(renderProcessingJobRequest(spec), '', (path, value) => {
    if (!CHECKED_ABOVE.test(path)) report(path, path, value, 'be sent to SageMaker');
  });
}

/** The request fields `checkRunTimeValues` names by their prop. */
const CHECKED_ABOVE = new RegExp('^(AppSpecification\\.(ImageUri|ContainerArguments|ContainerEntrypoint)(\\[\\d+\\])?|Environment(\\..*)?'
  + '|ProcessingResources\\.ClusterConfig\\.(InstanceType|InstanceCount)|ProcessingInputs\\[\\d+\\]\\.S3Input\\.S3Uri'
  + '|ProcessingOutputConfig\\.Outputs\\[\\d+\\]\\.S3Output\\.S3Uri)$');

/** Calls `visit` with the path (`A.B[0].C`) of every value of a rendered request: each list, and each item of a list. */
function walk(value: unknown, path: string, visit: (path: string, value: unknown) => void): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    visit(path, value);
    value.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
    return;
  }
  if (typeof value === 'object' && !Token.isUnresolved(value)) {
    for (const [key, item] of Object.entries(value)) walk(item, path === '' ? key : `${path}.${key}`, visit);
    return;
  }
  visit(path, value);
}
