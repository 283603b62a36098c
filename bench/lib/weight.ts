/**
 * Where a template's bytes go, per resource type and per part of a resource (each property, the
 * `Metadata`, the rest), and what one more job costs between two synths of the same app with
 * different job counts. Used by `npx tsx bench/weight.ts` and its tests; pure functions.
 */
import { Template, templateCost } from './template';

/** Bytes of one part of the resources of one type (a property such as `DefinitionString`, or `Metadata`). */
export interface PartWeight {
  readonly type: string;
  /** `Properties.<name>`, `Metadata`, or `(other)` (the logical id, `Type`, braces and separators). */
  readonly part: string;
  readonly bytes: number;
}

/** What a template weighs: in total and per resource type and part. */
export interface TemplateWeight {
  readonly resources: number;
  /** The template file's size as CDK writes it (one-space indentation). */
  readonly bytes: number;
  readonly byType: Record<string, { count: number; bytes: number }>;
  readonly parts: PartWeight[];
}

/** The size of `value` written by `JSON.stringify(_, undefined, 1)` at nesting `depth` (CDK's template layout). */
export function indentedBytes(value: unknown, depth: number): number {
  const text = JSON.stringify(value, undefined, 1);
  return text.length + (text.split('\n').length - 1) * depth;
}

/** The weight of a template whose file has `fileBytes` bytes. */
export function templateWeight(template: Template, fileBytes: number): TemplateWeight {
  const cost = templateCost(template, fileBytes);
  const parts = new Map<string, PartWeight>();
  const add = (type: string, part: string, bytes: number) => {
    const key = `${type}\u0000${part}`;
    parts.set(key, { type, part, bytes: (parts.get(key)?.bytes ?? 0) + bytes });
  };
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    // As templateCost counts it: `  "<id>": {…},\n` inside "Resources".
    const total = `  "${logicalId}": `.length + indentedBytes(resource, 2) + 2;
    let counted = 0;
    // The resource's own keys are indented by 3 spaces (`   "Metadata": …,\n`), its properties by 4 (`    "Name": …,\n`).
    for (const [name, value] of Object.entries(resource.Properties ?? {})) {
      const bytes = `    "${name}": `.length + indentedBytes(value, 4) + 2;
      add(resource.Type, `Properties.${name}`, bytes);
      counted += bytes;
    }
    if (resource.Metadata !== undefined) {
      const bytes = '   "Metadata": '.length + indentedBytes(resource.Metadata, 3) + 2;
      add(resource.Type, 'Metadata', bytes);
      counted += bytes;
    }
    add(resource.Type, '(other)', total - counted);
  }
  return { resources: cost.resources, bytes: cost.bytes, byType: cost.byType, parts: [...parts.values()] };
}

/** What one job adds, from two synths with `small` and `large` jobs: (W(large) − W(small)) / (large − small). */
export interface PerJobWeight {
  readonly resources: number;
  readonly bytes: number;
  /** Per resource type: resources and bytes per job. */
  readonly byType: Record<string, { count: number; bytes: number }>;
  /** Per type and part: bytes per job, largest first. */
  readonly parts: PartWeight[];
  /** What the stack costs with no job (the intercept): resources and bytes. */
  readonly fixed: { resources: number; bytes: number };
  /** The most jobs one stack holds: 500 resources, 1 MB (10^6 bytes) of template. */
  readonly jobsPerStack: number;
}

export const STACK_RESOURCE_LIMIT = 500;
export const TEMPLATE_BYTE_LIMIT = 1_000_000;

export function perJobWeight(small: { n: number; weight: TemplateWeight }, large: { n: number; weight: TemplateWeight }): PerJobWeight {
  const dn = large.n - small.n;
  if (dn <= 0) throw new Error(`the per-job weight needs two synths with different job counts, got ${small.n} and ${large.n}`);
  const per = (a: number, b: number) => (b - a) / dn;
  const types = new Set([...Object.keys(small.weight.byType), ...Object.keys(large.weight.byType)]);
  const byType: PerJobWeight['byType'] = {};
  for (const type of types) {
    const a = small.weight.byType[type] ?? { count: 0, bytes: 0 };
    const b = large.weight.byType[type] ?? { count: 0, bytes: 0 };
    const entry = { count: per(a.count, b.count), bytes: per(a.bytes, b.bytes) };
    if (entry.count !== 0 || entry.bytes !== 0) byType[type] = entry;
  }
  const partKey = (p: PartWeight) => `${p.type}\u0000${p.part}`;
  const smallParts = new Map(small.weight.parts.map((p) => [partKey(p), p.bytes]));
  const parts = large.weight.parts
    .map((p) => ({ type: p.type, part: p.part, bytes: per(smallParts.get(partKey(p)) ?? 0, p.bytes) }))
    .filter((p) => p.bytes !== 0)
    .sort((a, b) => b.bytes - a.bytes);
  const resources = per(small.weight.resources, large.weight.resources);
  const bytes = per(small.weight.bytes, large.weight.bytes);
  const fixed = { resources: small.weight.resources - resources * small.n, bytes: small.weight.bytes - bytes * small.n };
  const fit = (limit: number, intercept: number, slope: number) => (slope <= 0 ? Infinity : Math.floor((limit - intercept) / slope + 1e-9));
  const jobsPerStack = Math.min(fit(STACK_RESOURCE_LIMIT, fixed.resources, resources), fit(TEMPLATE_BYTE_LIMIT, fixed.bytes, bytes));
  return { resources, bytes, byType, parts, fixed, jobsPerStack };
}
