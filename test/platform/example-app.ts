import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { MaximalStack } from './maximal-stack';
import { withNagAcknowledgements } from './nag';

/** A synthesized stack: its construct and its template. */
export interface SynthesizedStack {
  readonly stack: Stack;
  readonly template: any;
  /** The annotations of its constructs (errors, warnings, info), from the cloud assembly. */
  readonly messages: Array<{ level: string; id: string; entry: { data?: unknown } }>;
}

/** An app after `synth()` (Aspects applied), with every stack and template. */
export interface SynthesizedApp {
  readonly app: App;
  readonly stacks: SynthesizedStack[];
  /** Removes the temporary cloud assembly. */
  cleanup(): void;
}

function synthesized(app: App, outdir: string): SynthesizedApp {
  const assembly = app.synth();
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c))
    .map((stack) => {
      const artifact = assembly.getStackByName(stack.stackName);
      return { stack, template: artifact.template, messages: artifact.messages };
    });
  return { app, stacks, cleanup: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

/**
 * The example app of `bin/app.ts`, every stack of it (a stack added there is checked without
 * changing the tests), synthesized into a temporary folder. Call it once per test file (the
 * module is loaded once).
 */
export function exampleApp(): SynthesizedApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-app-'));
  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  let app: App;
  try {
    app = withNagAcknowledgements(() => require('../../bin/app').app);
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
  }
  return synthesized(app, outdir);
}

/** An app of the stacks `build` adds, synthesized into a temporary folder. */
export function synthesizeApp(build: (app: App) => void): SynthesizedApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-'));
  const app = withNagAcknowledgements(() => new App({ outdir }));
  build(app);
  return synthesized(app, outdir);
}

/** The maximal stack (every option that creates resources or IAM statements) in an app of its own. */
export function maximalApp(): SynthesizedApp {
  return synthesizeApp((app) => new MaximalStack(app, 'Max'));
}

/** One IAM policy statement of a template, with where it is. */
export interface IamStatement {
  /** `<stack>/<logical id>` of the policy, role or managed policy that holds it. */
  readonly where: string;
  readonly statement: any;
}

/** Every statement of every identity policy in a template: `AWS::IAM::Policy`, `ManagedPolicy` and a role's inline policies. */
export function iamStatements(s: SynthesizedStack): IamStatement[] {
  return Object.entries<any>(s.template.Resources ?? {}).flatMap(([id, r]) => {
    const p = r.Properties ?? {};
    const documents = r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy' ? [p.PolicyDocument]
      : r.Type === 'AWS::IAM::Role' ? (p.Policies ?? []).map((x: any) => x.PolicyDocument) : [];
    return documents.flatMap((d: any) => [d.Statement].flat().map((statement: any) => ({ where: `${s.stack.stackName}/${id}`, statement })));
  });
}

/** A statement's actions or resources as a list. */
export const list = (x: unknown): any[] => (x === undefined ? [] : [x].flat());

/** The CloudFormation resources of a type in a stack, with their construct paths and template entries. */
export function cfnResourcesOf(s: SynthesizedStack, type: string): Array<{ path: string; resource: any }> {
  return s.stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type)
    .map((c) => ({ path: c.node.path, resource: s.template.Resources[s.stack.resolve(c.logicalId)] }));
}

/** Resources of a type in a template, by logical id. */
export function resourcesOf(s: SynthesizedStack, type: string): Array<[string, any]> {
  return Object.entries<any>(s.template.Resources ?? {}).filter(([, r]) => r.Type === type);
}
