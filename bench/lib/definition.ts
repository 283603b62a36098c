/**
 * The state machine definitions of a synthesized stack, wherever CloudFormation takes them from:
 * inline in the template (`DefinitionString`, or a `Definition` object), or a file in S3
 * (`DefinitionS3Location`, staged by CDK in the cloud assembly as a file asset) with its
 * `DefinitionSubstitutions`. Each is read as Step Functions receives it: CloudFormation resolves
 * the intrinsics, fills the substitutions, and passes the text to CreateStateMachine, whose
 * definition limit (1 MiB, `MAX_DEFINITION_BYTES`) applies wherever the text was stored.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PhysicalNames, resolveIntrinsics, Template } from './template';

/** One state machine's definition, as Step Functions receives it. */
export interface DefinitionText {
  readonly logicalId: string;
  /** Where CloudFormation takes it from: the template, or S3 (a staged file asset). */
  readonly location: 'template' | 's3';
  /** The definition text, intrinsics resolved and substitutions filled. */
  readonly text: string;
  /** UTF-8 bytes of `text` (the API counts characters; the definitions here are ASCII). */
  readonly bytes: number;
  /** For a definition in S3: the staged file, relative to the cloud assembly directory. */
  readonly assetFile?: string;
}

/**
 * Every state machine definition of a template, by logical id. `assemblyDir` (the synth's output
 * directory) is needed only for definitions in S3: the staged file is found through the stack's
 * asset manifest (`*.assets.json`, the file whose destination object key is the `Key`), else as
 * `asset.<Key>`. `names` chooses the physical names the intrinsics resolve to (see `PhysicalNames`).
 */
export function readDefinitions(template: Template, assemblyDir?: string, names: PhysicalNames = 'logical'): Record<string, DefinitionText> {
  const out: Record<string, DefinitionText> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const p = resource.Properties ?? {};
    let text: string;
    let assetFile: string | undefined;
    if (p.DefinitionS3Location) {
      if (assemblyDir === undefined) {
        throw new Error(`the definition of ${logicalId} is in S3 (DefinitionS3Location); reading it needs the cloud assembly directory`);
      }
      assetFile = stagedAssetFile(assemblyDir, String(p.DefinitionS3Location.Key), logicalId);
      text = fillSubstitutions(fs.readFileSync(path.join(assemblyDir, assetFile), 'utf8'), p.DefinitionSubstitutions, template, names);
    } else if (typeof p.DefinitionString === 'string' || (p.DefinitionString && typeof p.DefinitionString === 'object')) {
      text = String(resolveIntrinsics(p.DefinitionString, template, names));
      text = fillSubstitutions(text, p.DefinitionSubstitutions, template, names);
    } else if (p.Definition && typeof p.Definition === 'object') {
      // CloudFormation turns a Definition object into its JSON text.
      text = fillSubstitutions(JSON.stringify(resolveIntrinsics(p.Definition, template, names)), p.DefinitionSubstitutions, template, names);
    } else {
      throw new Error(`${logicalId} has no DefinitionString, Definition or DefinitionS3Location`);
    }
    out[logicalId] = { logicalId, location: assetFile ? 's3' : 'template', text, bytes: Buffer.byteLength(text, 'utf8'), assetFile };
  }
  return out;
}

/** The state machine definitions of a template as ASL objects, by logical id (names resolved to logical ids). */
export function stateMachineDefinitions(template: Template, assemblyDir?: string): Record<string, any> {
  return Object.fromEntries(Object.entries(readDefinitions(template, assemblyDir)).map(([id, d]) => [id, JSON.parse(d.text)]));
}

/**
 * `${name}` placeholders replaced by the resolved `DefinitionSubstitutions` (as CloudFormation
 * does); a placeholder without a substitution stays as it is.
 */
export function fillSubstitutions(text: string, substitutions: Record<string, unknown> | undefined, template: Template, names: PhysicalNames = 'logical'): string {
  if (!substitutions || Object.keys(substitutions).length === 0) return text;
  const values = Object.fromEntries(Object.entries(substitutions).map(([k, v]) => [k, String(resolveIntrinsics(v, template, names))]));
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => (name in values ? values[name] : whole));
}

/** The staged file of a file asset, relative to `assemblyDir`, by its S3 object key. */
function stagedAssetFile(assemblyDir: string, key: string, logicalId: string): string {
  for (const manifest of fs.readdirSync(assemblyDir).filter((f) => f.endsWith('.assets.json'))) {
    const files = JSON.parse(fs.readFileSync(path.join(assemblyDir, manifest), 'utf8')).files ?? {};
    for (const entry of Object.values<any>(files)) {
      const keys = Object.values<any>(entry.destinations ?? {}).map((d) => d.objectKey);
      if (keys.includes(key) && typeof entry.source?.path === 'string') return entry.source.path;
    }
  }
  const fallback = `asset.${key}`;
  if (fs.existsSync(path.join(assemblyDir, fallback))) return fallback;
  throw new Error(`the definition of ${logicalId} is in S3 under the key ${key}, but ${assemblyDir} has no staged asset for it`);
}

/** What the definitions of one stack cost against Step Functions' limit. */
export interface DefinitionCost {
  /** Bytes of every definition of the stack (each as Step Functions receives it). */
  readonly totalBytes: number;
  /** Bytes of the largest definition: the limit applies to each state machine. */
  readonly largestBytes: number;
  /** How many state machines take their definition from S3. */
  readonly inS3: number;
  /** Bytes of the definitions CloudFormation takes from S3 (not counted in the template). */
  readonly inS3Bytes: number;
  readonly stateMachines: number;
}

export function definitionCost(definitions: Record<string, DefinitionText>): DefinitionCost {
  const all = Object.values(definitions);
  return {
    totalBytes: all.reduce((s, d) => s + d.bytes, 0),
    largestBytes: all.reduce((m, d) => Math.max(m, d.bytes), 0),
    inS3: all.filter((d) => d.location === 's3').length,
    inS3Bytes: all.filter((d) => d.location === 's3').reduce((sum, d) => sum + d.bytes, 0),
    stateMachines: all.length,
  };
}

/**
 * The bytes of each top-level state of a definition as Step Functions receives it (`"name":{…}` in
 * compact JSON, nested states inside their parent), keyed by state name with every job name
 * (`bench-job-007`) replaced by `<job>`, so that the per-job states of different N add up under one key.
 */
export function definitionStateSizes(definition: any): Record<string, { type: string; count: number; bytes: number }> {
  const out: Record<string, { type: string; count: number; bytes: number }> = {};
  for (const [name, state] of Object.entries<any>(definition.States ?? {})) {
    const key = name.replace(/bench-job-\d{3}/g, '<job>');
    const entry = out[key] ?? (out[key] = { type: state.Type, count: 0, bytes: 0 });
    entry.count += 1;
    entry.bytes += Buffer.byteLength(JSON.stringify({ [name]: state }), 'utf8') - 2;
  }
  return out;
}
