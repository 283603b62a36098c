import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The largest template CloudFormation takes: 1 MB for a template in S3 (CloudFormation User Guide,
 * "Understand CloudFormation quotas": "Template body size in an Amazon S3 object", 1 MB; CreateStack
 * refuses a larger one, "Templates may not exceed 1000000 bytes"). aws-cdk-lib only warns about it
 * (`@aws-cdk/core:Stack.templateSize`), and the synth passes.
 */
export const MAX_TEMPLATE_BYTES = 1_000_000;

/**
 * When a stack is measured: measuring resolves the whole template once more (as long as aws-cdk-lib's
 * own synth of it), so only when its jobs' estimate — each job's request as text and 5,000 bytes for
 * its state machine, roles and schedule (a bench job is 6.5 KB of template with a 1.5 KB request) —
 * reaches 600,000 bytes, well under what such a template really is.
 */
const PER_JOB_BYTES = 5_000;
const MEASURED_FROM_BYTES = 600_000;

const estimatesByStack = new WeakMap<Stack, Array<() => number>>();

/**
 * Refuses, at synth, a stack of jobs with runners of their own (each with its request in the
 * template) whose template is over CloudFormation's 1 MB: jobs with a few inputs, outputs and
 * environment variables reach it before the 500 resources aws-cdk-lib refuses (90 jobs of 5 inputs,
 * 3 outputs, 10 variables, a schedule and a trigger: 1.1 MB with 455 resources). `requestBytes`
 * estimates the job's request. The stack is measured once, in a construct validation, as
 * aws-cdk-lib will write it.
 */
export function checkTemplateSize(scope: IConstruct, requestBytes: () => number): void {
  const stack = Stack.of(scope);
  const estimates = estimatesByStack.get(stack);
  if (estimates) {
    estimates.push(requestBytes);
    return;
  }
  const all = [requestBytes];
  estimatesByStack.set(stack, all);
  stack.node.addValidation({
    validate: () => {
      if (all.reduce((sum, bytes) => sum + bytes() + PER_JOB_BYTES, 0) < MEASURED_FROM_BYTES) return [];
      const bytes = templateBytes(stack);
      if (bytes <= MAX_TEMPLATE_BYTES) return [];
      return [`${stack.node.path}: the stack's template is ${bytes} bytes with its ${all.length} processing jobs; CloudFormation takes at most ` +
        `${MAX_TEMPLATE_BYTES} (quota "Template body size in an Amazon S3 object") and the deployment would fail: put some jobs in another stack, ` +
        'or the jobs on a ProcessingJobFleet (nested stacks) or a shared ProcessingJobRunner (its definition is kept in S3)'];
    },
  });
}

/** The template's size as aws-cdk-lib writes it (its elements' fragments merged, indented unless suppressed), without the synthesizer's additions. */
function templateBytes(stack: Stack): number {
  const elements = stack.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c) && c.stack === stack);
  const options = stack.templateOptions;
  const template: { [section: string]: unknown } = { Description: options.description, AWSTemplateFormatVersion: options.templateFormatVersion, Metadata: options.metadata };
  for (const element of elements) {
    // What Stack._toCloudFormation merges (without its side effects: the deprecated transform's warning).
    const fragment = stack.resolve((element as unknown as { _toCloudFormation(): object })._toCloudFormation()) ?? {};
    for (const [section, entries] of Object.entries<object>(fragment)) Object.assign((template[section] ??= {}) as object, entries);
  }
  const indent = (stack as unknown as { _suppressTemplateIndentation?: boolean })._suppressTemplateIndentation ? undefined : 1;
  return Buffer.byteLength(JSON.stringify(template, undefined, indent));
}
