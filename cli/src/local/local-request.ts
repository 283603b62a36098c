/**
 * The request a local run acts on: the job's synthesized request resolved (against the deployed
 * stack, or offline from the template with visible placeholders) and the run's values applied
 * as a direct run of the deployed job applies them; and the container process it describes.
 */
import type { CreateProcessingJobRequest } from '../../../lib/api/api-request';
import { AssemblyJob, readTemplate } from '../assembly';
import { directRequest } from '../direct';
import { resolveIntrinsics, StackFacts } from '../intrinsics';
import type { RunOverrides } from '../overrides';
import type { ContainerProcess } from './engine';
import { resolveOffline } from './offline-facts';

/** The request of one local run, and the placeholders it holds for deployed values (offline only). */
export interface LocalRequest {
  readonly request: CreateProcessingJobRequest;
  readonly placeholders: string[];
}

/** The run's request: resolved with `deployed` facts when given, else offline for `region`. */
export async function localRunRequest(
  job: AssemblyJob, overrides: RunOverrides, run: { runId: string; scheduledTime: string }, resolution: { region?: string; deployed?: StackFacts },
): Promise<LocalRequest> {
  let resolved: { [key: string]: unknown };
  let placeholders: string[] = [];
  if (resolution.deployed) {
    resolved = await resolveIntrinsics(job.metadata.request, resolution.deployed) as { [key: string]: unknown };
  } else {
    const offline = await resolveOffline(job.metadata.request, readTemplate(job), job.stackName, resolution.region);
    resolved = offline.value as { [key: string]: unknown };
    placeholders = offline.placeholders;
  }
  return { request: directRequest(resolved, job.metadata, overrides, run.runId, run.scheduledTime), placeholders };
}

/** The container process a request describes. */
export function containerProcess(request: CreateProcessingJobRequest): ContainerProcess {
  return {
    image: request.AppSpecification?.ImageUri ?? '',
    entrypoint: request.AppSpecification?.ContainerEntrypoint ?? [],
    arguments: request.AppSpecification?.ContainerArguments ?? [],
    environment: request.Environment ?? {},
    isolateNetwork: request.NetworkConfig?.EnableNetworkIsolation === true,
  };
}
