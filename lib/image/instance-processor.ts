import { Token } from 'aws-cdk-lib';
import { processorOfInstanceType } from '../api/image-instance-fit';

/** The processor type chosen for a job's instance types, and why when the choice needs saying. */
export interface InstanceProcessorChoice {
  /** The processor type, or undefined when the instance types do not tell (tokens, none given). */
  readonly processor?: string;
  /** Advice for a choice the user may want to pin (mixed instance preferences). */
  readonly warning?: string;
  /** Advice when no instance type tells (each is known only at deploy time) and the image has several processor types. */
  readonly unknownWarning?: string;
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
  if (known.length === 0) {
    // The SDK picks by the instance type it is given (image_uris._processor); a deploy-time type tells nothing at synth,
    // and a CPU image on a GPU instance leaves the GPU idle, silently.
    const unresolved = instanceTypes.filter((t) => Token.isUnresolved(t));
    if (unresolved.length === 0 || availableProcessors.length < 2) return {};
    const chosen = availableProcessors.includes('cpu') ? 'cpu' : availableProcessors[0];
    return {
      unknownWarning: `the instance type is known only at deploy time, so the image cannot be chosen by it: the ${chosen} image is used ` +
        `(processor types: ${availableProcessors.join(', ')}); give processorType to choose the one that fits the instance types the value may take`,
    };
  }
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
