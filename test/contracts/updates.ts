import * as fs from 'fs';
import * as path from 'path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { NAME_PROPERTIES } from './physical-names';

/**
 * What CloudFormation does to an existing stack when the next version of the app is deployed, as
 * the resource schemas say (@aws-cdk/aws-service-spec: each property's `causesReplacement`, the
 * schemas' `createOnlyProperties`): a changed create-only property replaces the resource, which
 * CloudFormation cannot do while the resource keeps a custom name ("CloudFormation cannot update a
 * stack when a custom-named resource requires replacing"; CloudFormation User Guide, "Name type").
 * A replacement, and a resource whose logical id is new, is created before the old one is deleted
 * (deletions run at the end of the update), so a new resource may not take a name an old one holds.
 */

/** A deployed version of an app: each template by its stack's place (a stack's name; a nested stack: `<parent>/<logical id>`). */
export type AppTemplates = { [stack: string]: any };

/** The templates of a cloud assembly folder, nested stacks included (their `TemplateURL` names a file asset of the assembly). */
export function assemblyTemplates(outdir: string): AppTemplates {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const artifacts = Object.entries<any>(manifest.artifacts ?? {}).map(([id, a]) => ({ ...a, id }));
  // Every file asset of the assembly by its object key.
  const files = new Map<string, string>();
  for (const a of artifacts.filter((x) => x.type === 'cdk:asset-manifest')) {
    const assets = JSON.parse(fs.readFileSync(path.join(outdir, a.properties.file), 'utf8'));
    for (const f of Object.values<any>(assets.files ?? {})) {
      for (const d of Object.values<any>(f.destinations ?? {})) files.set(d.objectKey, path.join(outdir, f.source.path));
    }
  }
  const out: AppTemplates = {};
  const add = (key: string, file: string): void => {
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    out[key] = template;
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const objectKey = /[0-9a-f]{64}\.json/.exec(JSON.stringify(resource.Properties?.TemplateURL))?.[0];
      const nested = objectKey === undefined ? undefined : files.get(objectKey);
      if (nested === undefined) throw new Error(`${key}/${id}: its TemplateURL names no file asset of the assembly`);
      add(`${key}/${id}`, nested);
    }
  };
  for (const a of artifacts) {
    if (a.type === 'aws:cloudformation:stack') add(a.properties?.stackName ?? a.id, path.join(outdir, a.properties.templateFile));
    if (a.type === 'cdk:cloud-assembly') Object.assign(out, assemblyTemplates(path.join(outdir, a.properties.directoryName)));
  }
  return out;
}

/**
 * The resource types that take a custom name and the property that gives it: physical-names.ts's, and the deploy-time
 * run's job (its name comes from its name resource; physical-names.ts leaves it out, since only the deployment names it).
 */
const NAMED: { [type: string]: { property: string } } = { ...NAME_PROPERTIES, 'AWS::SageMaker::ProcessingJob': { property: 'ProcessingJobName' } };

let replacing: Map<string, string[]> | undefined;

/** The properties of a resource type that replace it when they change (`causesReplacement: 'yes'`). */
export function replacingProperties(type: string): string[] {
  if (replacing === undefined) {
    replacing = new Map();
    const db = loadAwsServiceSpecSync();
    for (const t of Object.keys(NAMED)) {
      const [resource] = db.lookup('resource', 'cloudFormationType', 'equals', t);
      if (resource === undefined) throw new Error(`@aws-cdk/aws-service-spec has no resource type ${t}`);
      replacing.set(t, Object.entries(resource.properties).filter(([, p]) => p.causesReplacement === 'yes').map(([name]) => name));
    }
  }
  const found = replacing.get(type);
  if (found === undefined) throw new Error(`${type} is not one of the named resource types of test/contracts/updates.ts`);
  return found;
}

/** The logical ids `value` refers to (`Ref`, `Fn::GetAtt`, `${Id}` and `${Id.Attr}` of `Fn::Sub`). */
function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) out.add(m[1]);
        if (Array.isArray(v)) referencedIds(v[1], out);
      } else referencedIds(v, out);
    }
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The update from `before` to `after` that CloudFormation would refuse, one message each:
 *
 * - a custom-named resource (same stack, same logical id) whose create-only properties change while
 *   its name stays: the name is taken to change when it is a literal that changes, or refers to a
 *   resource whose properties change (the deploy-time run's name resource gives a new name then);
 * - a named resource that is new in `after` (a logical id of its stack that `before` lacks, or one
 *   replaced) taking a literal name a resource of `before` holds elsewhere.
 */
export function updateProblems(before: AppTemplates, after: AppTemplates): string[] {
  const problems: string[] = [];
  const oldNames = new Map<string, string>();
  for (const [stack, template] of Object.entries(before)) {
    for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
      const nameProperty = NAMED[r.Type]?.property;
      const name = nameProperty === undefined ? undefined : r.Properties?.[nameProperty];
      if (typeof name === 'string') oldNames.set(`${r.Type} ${name}`, `${stack}/${id}`);
    }
  }
  for (const [stack, template] of Object.entries(after)) {
    const previous = before[stack]?.Resources ?? {};
    for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
      const nameProperty = NAMED[r.Type]?.property;
      const name = nameProperty === undefined ? undefined : r.Properties?.[nameProperty];
      if (name === undefined) continue;
      const old = previous[id]?.Type === r.Type ? previous[id] : undefined;
      const changed = old === undefined ? [] : replacingProperties(r.Type).filter((p) => p !== nameProperty && !same(old.Properties?.[p], r.Properties?.[p]));
      const nameChanges = old !== undefined && (!same(old.Properties?.[nameProperty!], name)
        || [...referencedIds(name)].some((ref) => previous[ref] !== undefined && !same(previous[ref].Properties, template.Resources?.[ref]?.Properties)));
      if (changed.length > 0 && !nameChanges) {
        problems.push(`${stack}/${id}: ${r.Type} ${nameProperty} ${JSON.stringify(name)} stays while ${changed.join(', ')} change${changed.length > 1 ? '' : 's'}, ` +
          'which replaces it: CloudFormation cannot replace a custom-named resource');
      }
      const created = old === undefined || changed.length > 0;
      const holder = typeof name === 'string' ? oldNames.get(`${r.Type} ${name}`) : undefined;
      if (created && holder !== undefined && holder !== `${stack}/${id}`) {
        problems.push(`${stack}/${id}: ${r.Type} ${nameProperty} '${name}' is created while ${holder} still holds it (deleted only at the end of the update): ` +
          'the creation fails, the name exists');
      }
    }
  }
  return problems;
}

/**
 * The create-only properties a custom-named resource may have besides its name: those whose value
 * the library never changes, and a name another resource gives anew when the resource changes.
 */
const NAME_FOLLOWS: { [type: string]: { fixed?: { [property: string]: unknown }; namedBy?: string } } = {
  // A runner's state machine is Standard whatever its props (lib/job/processing-job-runner.ts).
  'AWS::StepFunctions::StateMachine': { fixed: { StateMachineType: 'STANDARD' } },
  // The deploy-time run's name resource watches the job's whole request and gives a new name when it changes (lib/run).
  'AWS::SageMaker::ProcessingJob': { namedBy: 'Custom::ProcessingJobRunName' },
};

/**
 * Custom-named resources of `templates` that set a create-only property the name does not follow:
 * a change of it at a later deployment would replace the resource under the same name, which
 * CloudFormation refuses. One message each.
 */
export function namedReplacementExposure(templates: AppTemplates): string[] {
  const problems: string[] = [];
  for (const [stack, template] of Object.entries(templates)) {
    for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
      const nameProperty = NAMED[r.Type]?.property;
      const name = nameProperty === undefined ? undefined : r.Properties?.[nameProperty];
      if (name === undefined) continue;
      const follows = NAME_FOLLOWS[r.Type] ?? {};
      const namer = Array.isArray(name['Fn::GetAtt']) ? template.Resources?.[name['Fn::GetAtt'][0]]?.Type : undefined;
      if (follows.namedBy !== undefined && namer === follows.namedBy) continue;
      const exposed = replacingProperties(r.Type).filter((p) => p !== nameProperty && r.Properties?.[p] !== undefined
        && !(follows.fixed !== undefined && p in follows.fixed && same(follows.fixed[p], r.Properties[p])));
      if (exposed.length > 0) {
        problems.push(`${stack}/${id}: ${r.Type} has the custom ${nameProperty} ${JSON.stringify(name)} and sets ${exposed.join(', ')}, which replace it ` +
          'when they change: derive the name from them, or leave the name to CloudFormation');
      }
    }
  }
  return problems;
}
