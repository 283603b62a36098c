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
 * own synth of it), so only when its jobs' estimates reach 600,000 bytes, well under what such a
 * template really is. A job's estimate (`checkTemplateSize`'s `jobBytes`) stays under its share of the
 * template: a job with a runner of its own, its request as text and 5,000 bytes (a bench job is 6.5 KB
 * of template with a 1.5 KB request); a job of a shared runner, 800 bytes per resource (its role,
 * schedules, rules) and 250 per input and output (its grants) (the bench's are 3 KB, the rich ones 7.5 KB).
 */
const MEASURED_FROM_BYTES = 600_000;

const estimatesByStack = new WeakMap<Stack, Array<() => number>>();

/**
 * Refuses, at synth, a stack of jobs whose template is over CloudFormation's 1 MB: jobs with a few
 * inputs, outputs and environment variables, a schedule and a trigger reach it before the 500
 * resources aws-cdk-lib refuses (90 with runners of their own: 1.1 MB with 455 resources; 160 on a
 * shared runner: 1.2 MB with 485). `jobBytes` estimates the job's share of the template. The stack is
 * measured once, in a construct validation, as aws-cdk-lib will write it.
 */
export function checkTemplateSize(scope: IConstruct, jobBytes: () => number): void {
  const stack = Stack.of(scope);
  const estimates = estimatesByStack.get(stack);
  if (estimates) {
    estimates.push(jobBytes);
    return;
  }
  const all = [jobBytes];
  estimatesByStack.set(stack, all);
  stack.node.addValidation({
    validate: () => {
      if (all.reduce((sum, bytes) => sum + bytes(), 0) < MEASURED_FROM_BYTES) return [];
      const bytes = templateBytes(stack);
      if (bytes <= MAX_TEMPLATE_BYTES) return [];
      return [`${stack.node.path}: the stack's template is ${bytes} bytes with its ${all.length} processing jobs; CloudFormation takes at most ` +
        `${MAX_TEMPLATE_BYTES} (quota "Template body size in an Amazon S3 object") and the deployment would fail: put some jobs in another stack, ` +
        'or the jobs on a ProcessingJobFleet (nested stacks)'];
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
