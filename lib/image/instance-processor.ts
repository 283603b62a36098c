import { Token } from 'aws-cdk-lib';

/**
 * The processor type of an image for an instance type, as the SageMaker Python SDK's
 * `image_uris._processor` picks it (SDK 2.257.6): the family of `ml.<family>.<size>`
 * (`utils.get_instance_type_family`); `inf*` → `inf`, `trn*` → `trn`, `g*`/`p*` → `gpu`, else `cpu`;
 * a family the image names itself (e.g. an image per `c5`) is kept. Undefined for a token or a name
 * the SDK would not parse.
 */
export function processorOfInstanceType(instanceType: string, availableProcessors: string[]): string | undefined {
  if (Token.isUnresolved(instanceType)) return undefined;
  const family = /^ml[._]([a-z\d-]+)\.?\w*$/.exec(instanceType)?.[1];
  if (!family) return undefined;
  if (availableProcessors.includes(family)) return family;
  if (family.startsWith('inf')) return 'inf';
  if (family.startsWith('trn')) return 'trn';
  return family[0] === 'g' || family[0] === 'p' ? 'gpu' : 'cpu';
}

/** The processor type chosen for a job's instance types, and why when the choice needs saying. */
export interface InstanceProcessorChoice {
  /** The processor type, or undefined when the instance types do not tell (tokens, none given). */
  readonly processor?: string;
  /** Advice for a choice the user may want to pin (mixed instance preferences). */
  readonly warning?: string;
  /** The instance type whose processor type the image does not have (the SDK's "Unsupported processor"). */
  readonly unsupported?: { readonly instanceType: string; readonly processor: string };
}

/**
 * One image for all of a job's instance types (`InstanceType`, or every `InstancePreferences`
 * entry in order): the SDK picks by the one instance type it has; with preferences that mix CPU
 * and GPU types, the GPU image is chosen when the version has one — the framework images built for
 * GPUs run on CPU instances too, while a CPU image would leave a GPU idle — and the choice is
 * reported so it can be pinned with `processorType`.
 */
export function chooseProcessorForInstances(instanceTypes: string[], availableProcessors: string[]): InstanceProcessorChoice {
  const known = instanceTypes.map((t) => ({ instanceType: t, processor: processorOfInstanceType(t, availableProcessors) }))
    .filter((k): k is { instanceType: string; processor: string } => k.processor !== undefined);
  if (known.length === 0) return {};
  const kinds = [...new Set(known.map((k) => k.processor))];
  if (kinds.length === 1) {
    const only = known[0];
    return availableProcessors.includes(only.processor) ? { processor: only.processor } : { unsupported: only };
  }
  const usable = kinds.filter((k) => availableProcessors.includes(k));
  const processor = usable.includes('gpu') ? 'gpu' : usable[0];
  if (processor === undefined) return { unsupported: known[0] };
  const others = known.filter((k) => k.processor !== processor).map((k) => k.instanceType);
  return {
    processor,
    warning: `instancePreferences mix ${kinds.join(' and ')} instance types; one image runs on all of them: the ${processor} image ` +
      `(also on ${others.join(', ')}). Give processorType to choose another`,
  };
}
