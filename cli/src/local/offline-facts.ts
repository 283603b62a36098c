/**
 * Resolves a job's synthesized request without a deployed stack, for a local run: the template's
 * own mappings, conditions and parameter defaults are used; what only a deployment knows (a
 * resource's physical name, the account, an export or another stack's output) becomes a visible placeholder `<LogicalId>`,
 * and the places that hold one are reported, never passed on silently.
 */
import { partitionOfRegion } from '../../../lib/api/partitions';
import { resolveIntrinsics, StackFacts } from '../intrinsics';

/** The resolved value and the placeholders it holds. */
export interface OfflineResolution {
  readonly value: unknown;
  /** Each placeholder put in the value (`<Data666C94C7>`, `<account>`, …). */
  readonly placeholders: string[];
}

/** `value` resolved against the template alone, for the stack `stackName` in `region` (a placeholder when unknown). */
export async function resolveOffline(value: unknown, template: { [key: string]: unknown }, stackName: string, region?: string): Promise<OfflineResolution> {
  const placeholders = new Set<string>();
  const mark = (name: string) => {
    const text = `<${name}>`;
    placeholders.add(text);
    return text;
  };
  const physicalIds = new Proxy({} as { [logicalId: string]: string }, { get: (_, key) => mark(String(key)) });
  const facts: StackFacts = {
    stackName,
    get stackId() { return mark('stack id'); },
    get region() { return region ?? mark('region'); },
    get account() { return mark('account'); },
    partition: partitionOf(region),
    template,
    physicalIds,
    parameters: {},
    exportValue: async (name) => mark(`export ${name}`),
    stackOutput: async (stack, output) => mark(`output ${stack}.${output}`),
  };
  const walk = async (node: unknown): Promise<unknown> => {
    if (Array.isArray(node)) return Promise.all(node.map(walk));
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node as { [key: string]: unknown });
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
      try {
        return await resolveIntrinsics(node, facts);
      } catch {
        // e.g. Fn::FindInMap of a managed image by region when the region is not known
        return mark(`${entries[0][0]} ${JSON.stringify(entries[0][1]).slice(0, 80)}`);
      }
    }
    const result: { [key: string]: unknown } = {};
    for (const [k, v] of entries) result[k] = await walk(v);
    return result;
  };
  const resolved = await walk(value);
  return { value: resolved, placeholders: [...placeholders] };
}

/**
 * The partition of a region, from its name (the partitions' region patterns, lib/api/partitions.ts:
 * `cn-*` is aws-cn, `us-gov-*` aws-us-gov, `us-iso-*`, `us-isob-*`, `eu-isoe-*`, `us-isof-*` the ISO
 * partitions, `eusc-*` aws-eusc); `aws` otherwise and when the region is not known.
 */
export function partitionOf(region: string | undefined): string {
  return (region !== undefined ? partitionOfRegion(region) : undefined) ?? 'aws';
}

/** The placeholders `text` holds. */
export function placeholdersIn(text: string, placeholders: string[]): string[] {
  return placeholders.filter((p) => text.includes(p));
}
