import * as fs from 'fs';
import * as path from 'path';
import aslValidator from 'asl-validator';
import { validateCfnProcessingJobProperties } from './cfn-schema';
import { exportTable, ExportTable, IntrinsicEvaluator, StackTemplate } from './intrinsics';
import { referenceProblems } from './references';
import { validateCreateProcessingJobRequest } from './sagemaker-model';
import { duplicateNameProblems } from './physical-names';
import { policySizeProblems } from './policy-sizes';
import { isPlainObject } from './unresolved';
import { JOB_VARIABLE } from '../../lib/job/runner-run-state';

/** The metadata type of the `run` command's job entries (lib/job/metadata.ts). */
const JOB_METADATA_TYPE = 'cdk-sagemaker-processing:job';
/** Step Functions' optimized SageMaker integration (request-response and `.sync`). */
const CREATE_PROCESSING_JOB_TASK = /^arn:[^:]+:states:::sagemaker:createProcessingJob(\.sync)?$/;
/** EventBridge Scheduler's universal target for CreateProcessingJob. */
const CREATE_PROCESSING_JOB_TARGET = /^arn:[^:]+:scheduler:::aws-sdk:sagemaker:createProcessingJob$/;
/** Values EventBridge Scheduler puts in for its context attributes ("Adding context attributes", EventBridge Scheduler User Guide). */
const SCHEDULER_CONTEXT: { [placeholder: string]: string } = {
  '<aws.scheduler.schedule-arn>': 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly',
  '<aws.scheduler.scheduled-time>': '2026-11-30T02:00:00Z',
  '<aws.scheduler.execution-id>': 'd32c5kddcf5bb8c3',
  '<aws.scheduler.attempt-number>': '1',
};

/** One stack of a cloud assembly read from disk, with what the gate needs of it. */
interface AssemblyStack extends StackTemplate {
  /** Object key → file of the stack's file assets. */
  readonly assetFiles: Map<string, string>;
  /** Construct metadata by construct path (for a stack with nested stacks: the paths outside them). */
  metadata: { [path: string]: Array<{ type: string; data?: unknown }> };
  /** What the construct metadata's references resolve in: the stack, and for a nested stack its parents too (they stay `Ref`s to the parents' logical ids there). */
  metadataScope?: StackTemplate;
  /** The file the template was read from. */
  readonly templateFile: string;
  /** Where the stack deploys, as the manifest says (`aws://<account>/<region>`; a nested stack: its parent's). */
  readonly environment: string;
}

/**
 * Everything in a synthesized cloud assembly (the folder `app.synth()` wrote, with the assemblies
 * of its stages) that CloudFormation, IAM, Step Functions or SageMaker would refuse, one message each:
 *
 * 1. every violation of aws-cdk-lib's CloudFormation validation (errors and warnings), from
 *    validation-report.json — the app must have synthesized with it on;
 * 2. reference integrity of every template (references.ts), exports included;
 * 3. every state machine definition, inline or in S3 with its `DefinitionSubstitutions` filled,
 *    names only substitutions it has and passes asl-validator;
 * 4. every CreateProcessingJob request, wherever it is rendered — task states (inline and S3
 *    definitions), Scheduler universal targets' `Input`, `AWS::SageMaker::ProcessingJob`
 *    properties (with CloudFormation's schema too), the deploy-time run's name resource and the
 *    `run` command's metadata — against the SageMaker API model;
 * 5. the size quotas of every IAM, bucket, key, topic and repository policy, and a role's managed
 *    policies (policy-sizes.ts);
 * 6. physical names and export names given twice in one environment (physical-names.ts).
 */
export function checkDeployability(outdir: string, options: DeployabilityOptions = {}): DeployabilityReport {
  const problems: string[] = [...validationReportProblems(outdir)];
  const topLevel = readAssembly(outdir);
  const exports = exportTable(topLevel);
  const stacks = topLevel.flatMap((stack) => [stack, ...nestedStacks(stack, exports, problems)]);
  const checked: Checked = { stacks: topLevel.length, definitions: 0, s3Definitions: 0, requests: {} };
  if (stacks.length > topLevel.length) checked.nestedStacks = stacks.length - topLevel.length;
  const sizes: Sizes = { templates: {}, definitions: {} };
  const checkedByStack: { [stackName: string]: Checked } = {};
  for (const stack of stacks) {
    sizes.templates[stack.stackName] = {
      bytes: fs.statSync(stack.templateFile).size,
      resources: Object.keys(stack.template.Resources ?? {}).length,
      parameters: Object.keys(stack.template.Parameters ?? {}).length,
      outputs: Object.keys(stack.template.Outputs ?? {}).length,
    };
    problems.push(...referenceProblems(stack, exports));
    const own: Checked = { stacks: 1, definitions: 0, s3Definitions: 0, requests: {} };
    problems.push(...stackProblems(stack, exports, own, sizes, options.acceptedWarnings ?? {}));
    checkedByStack[stack.stackName] = own;
    const sum = checkedOf([own]);
    checked.definitions += sum.definitions;
    checked.s3Definitions += sum.s3Definitions;
    for (const [kind, n] of Object.entries(sum.requests)) checked.requests[kind] = (checked.requests[kind] ?? 0) + n;
  }
  problems.push(...policySizeProblems(stacks, exports), ...duplicateNameProblems(stacks, exports));
  return { problems, checked, checkedByStack, sizes };
}

/** What was checked in some stacks of a report (`checkedByStack`), summed. */
export function checkedOf(stacks: Checked[]): Checked {
  const sum: Checked = { stacks: 0, definitions: 0, s3Definitions: 0, requests: {} };
  for (const c of stacks) {
    sum.stacks += c.stacks;
    sum.definitions += c.definitions;
    sum.s3Definitions += c.s3Definitions;
    for (const [kind, n] of Object.entries(c.requests)) sum.requests[kind] = (sum.requests[kind] ?? 0) + n;
  }
  return sum;
}

/**
 * The nested stacks of `parent` (its `AWS::CloudFormation::Stack` resources whose template is a
 * file asset), recursively: each template with the parameter values the parent passes it as
 * defaults (so its `Ref`s evaluate), its share of the parent's construct metadata (found by the
 * `aws:cdk:templateFile` entry on the nested stack's construct path), and the parent's file assets.
 */
function nestedStacks(parent: AssemblyStack, exports: ExportTable, problems: string[]): AssemblyStack[] {
  const evaluator = new IntrinsicEvaluator(parent, exports);
  const found: AssemblyStack[] = [];
  for (const [id, resource] of Object.entries<any>(parent.template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const where = `${parent.stackName}/${id}`;
    const url = evaluator.evaluate(resource.Properties?.TemplateURL);
    const file = typeof url === 'string' ? parent.assetFiles.get(url.split('/').pop()!) : undefined;
    if (!file) {
      problems.push(`${where}: TemplateURL ${JSON.stringify(url)} is no file asset of the stack`);
      continue;
    }
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    const passed = (evaluator.evaluate(resource.Properties?.Parameters ?? {}) ?? {}) as { [name: string]: unknown };
    for (const [name, declared] of Object.entries<any>(template.Parameters ?? {})) {
      if (name in passed) declared.Default = passed[name];
      else if (declared.Default === undefined) problems.push(`${where}: the nested stack's parameter ${name} gets no value`);
    }
    for (const name of Object.keys(passed)) if (!(name in (template.Parameters ?? {}))) problems.push(`${where}: passes ${name}, which the nested stack does not declare`);
    const constructPath = Object.entries(parent.metadata)
      .find(([, entries]) => entries.some((e) => e.type === 'aws:cdk:templateFile' && e.data === path.basename(file)))?.[0];
    const metadata: AssemblyStack['metadata'] = {};
    if (constructPath) {
      for (const [p, entries] of Object.entries(parent.metadata)) {
        if (p === constructPath || p.startsWith(`${constructPath}/`)) {
          metadata[p] = entries;
          delete parent.metadata[p];
        }
      }
    }
    const scope = parent.metadataScope ?? parent;
    const nested: AssemblyStack = {
      stackName: where, template, templateFile: file, assetFiles: parent.assetFiles, metadata, environment: parent.environment,
      metadataScope: { stackName: where, template: { ...template, Resources: { ...scope.template.Resources, ...template.Resources } } },
    };
    found.push(nested, ...nestedStacks(nested, exports, problems));
  }
  return found;
}

export interface DeployabilityOptions {
  /**
   * Annotation warnings that are advice, not a deployment problem, by id (the `[ack: <id>]` of
   * the message), each with the reason. @default - every warning is a problem
   */
  readonly acceptedWarnings?: { [id: string]: string };
}

/** What the gate found and what it checked (so a test can tell a clean app from an empty one). */
export interface DeployabilityReport {
  readonly problems: string[];
  readonly checked: Checked;
  /** The same, stack by stack (a nested stack by `<parent>/<logical id>`). */
  readonly checkedByStack: { [stackName: string]: Checked };
  /** What each template and definition measures, against CloudFormation's and Step Functions' quotas. */
  readonly sizes: Sizes;
}

export interface Sizes {
  /** By stack name (`<parent>/<logical id>` for a nested stack): the template file's bytes and its sections' counts. */
  templates: { [stackName: string]: { bytes: number; resources: number; parameters: number; outputs: number } };
  /** By state machine (`<stack>/<logical id>`): the definition's characters with its substitutions filled in. */
  definitions: { [where: string]: number };
}

export interface Checked {
  /** Top-level stacks, and the nested stacks under them (when there are some). */
  stacks: number;
  nestedStacks?: number;
  /** State machine definitions validated, and how many of them were stored in S3. */
  definitions: number;
  s3Definitions: number;
  /** CreateProcessingJob requests validated, by where they were rendered. */
  requests: { [where: string]: number };
}

function validationReportProblems(outdir: string): string[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [`${outdir}: no validation-report.json: synthesize with aws-cdk-lib's CloudFormation validation on (CDK_VALIDATION not 'false')`];
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return report.pluginReports.flatMap((p: any) => p.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) =>
    `${p.pluginName} ${v.ruleName} (${v.severity}) on ${c.constructPath}: ${v.description}`)));
}

/** The stacks of an assembly and of the assemblies of its stages (`cdk:cloud-assembly` artifacts), recursively. */
function readAssembly(outdir: string): AssemblyStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const artifacts = Object.entries<any>(manifest.artifacts ?? {});
  const stages = artifacts.filter(([, a]) => a.type === 'cdk:cloud-assembly').flatMap(([, a]) => readAssembly(path.join(outdir, a.properties.directoryName)));
  return [...artifacts.filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id, a]) => {
    const assetFiles = new Map<string, string>();
    for (const dep of a.dependencies ?? []) {
      const assets = manifest.artifacts[dep];
      if (assets?.type !== 'cdk:asset-manifest') continue;
      const files = JSON.parse(fs.readFileSync(path.join(outdir, assets.properties.file), 'utf8')).files ?? {};
      for (const file of Object.values<any>(files)) {
        for (const destination of Object.values<any>(file.destinations)) assetFiles.set(destination.objectKey, path.join(outdir, file.source.path));
      }
    }
    const template = JSON.parse(fs.readFileSync(path.join(outdir, a.properties.templateFile), 'utf8'));
    // aws-cdk-lib writes the construct metadata to a file of its own (additionalMetadataFile) or into the manifest.
    const metadata = a.additionalMetadataFile ? JSON.parse(fs.readFileSync(path.join(outdir, a.additionalMetadataFile), 'utf8')) : a.metadata ?? {};
    return {
      stackName: a.properties.stackName ?? id, template, templateFile: path.join(outdir, a.properties.templateFile), assetFiles, metadata,
      environment: a.environment ?? 'aws://unknown-account/unknown-region',
    };
  }), ...stages];
}

function stackProblems(stack: AssemblyStack, exports: ExportTable, checked: Checked, sizes: Sizes, acceptedWarnings: { [id: string]: string }): string[] {
  const evaluator = new IntrinsicEvaluator(stack, exports);
  const metadataEvaluator = stack.metadataScope ? new IntrinsicEvaluator(stack.metadataScope, exports) : evaluator;
  const problems: string[] = [];
  const request = (kind: string, where: string, value: unknown, filledLater: string[] = []) => {
    checked.requests[kind] = (checked.requests[kind] ?? 0) + 1;
    for (const v of validateCreateProcessingJobRequest(value, { filledLater })) problems.push(`${where}: CreateProcessingJob ${v}`);
  };
  for (const [id, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
    const where = `${stack.stackName}/${id}`;
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::StepFunctions::StateMachine': {
        const definition = stateMachineDefinition(stack, where, props, evaluator, problems, (length) => { sizes.definitions[where] = length; });
        checked.definitions++;
        if (props.DefinitionS3Location) checked.s3Definitions++;
        const kind = props.DefinitionS3Location ? 'task state (S3 definition)' : 'task state';
        if (definition) {
          for (const [state, parameters, filledLater] of processingJobTasks(definition, problems, where)) request(kind, `${where} state '${state}'`, parameters, filledLater);
        }
        break;
      }
      case 'AWS::Scheduler::Schedule': {
        const target = evaluator.evaluate(props.Target) as any;
        if (typeof target?.Arn === 'string' && CREATE_PROCESSING_JOB_TARGET.test(target.Arn)) {
          request('Scheduler target Input', `${where} Target.Input`, parseJson(where, fillSchedulerContext(target.Input), problems));
        }
        break;
      }
      case 'AWS::SageMaker::ProcessingJob': {
        for (const v of validateCfnProcessingJobProperties(props)) problems.push(`${where}: ${v}`);
        // CloudFormation names the job when ProcessingJobName is absent.
        request('AWS::SageMaker::ProcessingJob', `${where} Properties`, evaluator.evaluate(props), ['ProcessingJobName']);
        break;
      }
      case 'Custom::ProcessingJobRunName':
        request('ProcessingJobRun name resource', `${where} Request`, evaluator.evaluate(props.Request), ['ProcessingJobName']);
        break;
      default:
    }
  }
  for (const [constructPath, entries] of Object.entries(stack.metadata)) {
    for (const entry of entries.filter((e) => e.type === 'aws:cdk:warning' || e.type === 'aws:cdk:error')) {
      const id = /\[ack: ([^\]]+)\]$/.exec(String(entry.data))?.[1];
      if (entry.type === 'aws:cdk:warning' && id !== undefined && id in acceptedWarnings) continue;
      problems.push(`${constructPath}: ${entry.type === 'aws:cdk:error' ? 'error' : 'warning'}: ${String(entry.data)}`);
    }
    for (const entry of entries.filter((e) => e.type === JOB_METADATA_TYPE)) {
      // The `run` command names each run itself (run --direct).
      request('run command metadata', `${stack.stackName} metadata of ${constructPath} request`, metadataEvaluator.evaluate((entry.data as any).request), ['ProcessingJobName']);
    }
  }
  problems.push(...evaluator.problems, ...(metadataEvaluator === evaluator ? [] : metadataEvaluator.problems));
  return problems;
}

/** The definition as Step Functions would hold it, its `${substitutions}` filled; asl-validator's errors go to `problems`. */
function stateMachineDefinition(
  stack: AssemblyStack, where: string, props: any, evaluator: IntrinsicEvaluator, problems: string[], measured: (length: number) => void,
): unknown {
  let text: unknown;
  if (props.DefinitionS3Location) {
    const key = evaluator.evaluate(props.DefinitionS3Location.Key);
    const file = typeof key === 'string' ? stack.assetFiles.get(key) : undefined;
    if (!file) {
      problems.push(`${where}: DefinitionS3Location key ${JSON.stringify(key)} is no file asset of the stack`);
      return undefined;
    }
    text = fs.readFileSync(file, 'utf8');
  } else {
    text = evaluator.evaluate(props.DefinitionString);
  }
  if (typeof text !== 'string') {
    problems.push(`${where}: the definition is not a string (${JSON.stringify(text).slice(0, 100)})`);
    return undefined;
  }
  // CloudFormation replaces each `${key}` of DefinitionSubstitutions in the text and leaves any other `${…}` as it
  // is (the resource handler's DefinitionProcessor.transformDefinition, aws-cloudformation-resource-providers-stepfunctions).
  // The library writes a definition's own `${` as `\u0024{` (definition-asset.ts), so in a definition with substitutions
  // every `${name}` is one of its placeholders, and one without a value is a placeholder left unfilled.
  const substitutions = (evaluator.evaluate(props.DefinitionSubstitutions ?? {}) ?? {}) as { [name: string]: unknown };
  const hasSubstitutions = props.DefinitionSubstitutions !== undefined;
  const filled = !hasSubstitutions ? text : text.replace(/\$\{([^}]+)\}/g, (all, name: string) => {
    if (!(name in substitutions)) {
      problems.push(`${where}: the definition names \${${name}}, which DefinitionSubstitutions does not define`);
      return all;
    }
    const value = substitutions[name];
    // Step Functions puts the value in as text, as it is.
    return String(value);
  });
  measured(filled.length);
  const definition = parseJson(where, filled, problems);
  if (definition === undefined) return undefined;
  const result = aslValidator(definition);
  if (!result.isValid) problems.push(`${where}: asl-validator: ${result.errorsText('; ')}`);
  return definition;
}

/**
 * Every CreateProcessingJob request of a definition (nested branches and Map iterators included), by
 * state name: a task's `Parameters` or `Arguments`; for a runner's `Run` state, whose `Arguments` is
 * one JSONata expression over the job data its first state assigns to `$job` (lib/job/runner-run-state.ts),
 * the request of every job's data (by the state, or the Choice rule, that assigns it), named at run time.
 */
function processingJobTasks(definition: any, problems: string[], where: string): Array<[string, unknown, string[]]> {
  const found: Array<[string, unknown, string[]]> = [];
  const jobData: Array<[string, unknown]> = [];
  const visit = (states: unknown) => {
    for (const [name, state] of Object.entries<any>(isPlainObject(states) ? states : {})) {
      if (state.Type === 'Task' && typeof state.Resource === 'string' && CREATE_PROCESSING_JOB_TASK.test(state.Resource)) {
        if (typeof state.Arguments === 'string' && state.Arguments.includes(`$${JOB_VARIABLE}.request`)) {
          found.push([name, undefined, []]);
        } else {
          found.push([name, state.Parameters ?? state.Arguments, []]);
        }
      }
      const assigned = [[name, state.Assign], ...(state.Choices ?? []).map((rule: any, i: number) => [`${name}' rule ${i + 1} '${rule.Next}`, rule.Assign])];
      for (const [at, assign] of assigned) if (isPlainObject(assign) && isPlainObject(assign[JOB_VARIABLE])) jobData.push([at, assign[JOB_VARIABLE].request]);
      for (const branch of state.Branches ?? []) visit(branch.States);
      visit((state.ItemProcessor ?? state.Iterator)?.States);
    }
  };
  visit(definition.States);
  const out = found.filter(([, request]) => request !== undefined);
  if (out.length < found.length) {
    if (jobData.length === 0) problems.push(`${where}: a task reads $${JOB_VARIABLE}.request, and no state assigns ${JOB_VARIABLE} data`);
    for (const [at, request] of jobData) out.push([at, request, ['ProcessingJobName']]);
  }
  return out;
}

function fillSchedulerContext(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  return input.replace(/<aws\.scheduler\.[a-z-]+>/g, (p) => SCHEDULER_CONTEXT[p] ?? p);
}

function parseJson(where: string, text: unknown, problems: string[]): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    problems.push(`${where}: not JSON (${(e as Error).message}): ${text.slice(0, 200)}`);
    return undefined;
  }
}
