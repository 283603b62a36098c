/**
 * Finds deployed jobs in a cloud assembly (`cdk.out`): every `ProcessingJob` leaves one metadata
 * entry of type `cdk-sagemaker-processing:job` under its construct path (docs/CONTRACTS.md,
 * "Discovery"). The entries are in the stack artifact's `metadata` or, with current CDK versions,
 * in the file its `additionalMetadataFile` names; stacks of a `Stage` are in nested assemblies.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROCESSING_JOB_METADATA_TYPE, ProcessingJobMetadata } from '../../lib/job/metadata';
import { CliError } from './errors';

/** A job found in the cloud assembly, with where its stack is. */
export interface AssemblyJob {
  /** The job's metadata entry. */
  readonly metadata: ProcessingJobMetadata;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The stack's region when the stack is pinned to one (`env: { region }`), else undefined. */
  readonly region?: string;
  /** The template (absolute path) of the stack that holds the job's resources, for mappings and role paths: the innermost nested stack's, if any. */
  readonly templateFile: string;
  /**
   * The nested stacks around the job, outermost first (a `ProcessingJobFleet`'s shards): the
   * logical id of each one's `AWS::CloudFormation::Stack` resource in its parent, and its
   * template (absolute path). Empty for a job of a top-level stack.
   */
  readonly nestedStacks: Array<{ readonly logicalId: string; readonly templateFile: string }>;
  /** The top-level stack's template (absolute path). */
  readonly stackTemplateFile: string;
}

interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

interface Artifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
  readonly metadata?: { [constructPath: string]: MetadataEntry[] };
  readonly additionalMetadataFile?: string;
}

/** Every job of the assembly in `cdkOut`, nested assemblies included. */
export function assemblyJobs(cdkOut: string): AssemblyJob[] {
  const manifestFile = path.join(cdkOut, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new CliError(`no cloud assembly at ${cdkOut} (${manifestFile} is missing): run \`cdk synth\` first, or pass --cdk-out`);
  }
  return jobsOf(path.resolve(cdkOut));
}

function jobsOf(directory: string): AssemblyJob[] {
  const manifest = readJson(path.join(directory, 'manifest.json')) as { artifacts?: { [id: string]: Artifact } };
  const jobs: AssemblyJob[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      jobs.push(...jobsOf(path.join(directory, artifact.properties.directoryName)));
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const metadata: { [constructPath: string]: MetadataEntry[] } = { ...artifact.metadata };
    if (artifact.additionalMetadataFile) Object.assign(metadata, readJson(path.join(directory, artifact.additionalMetadataFile)));
    const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment ?? '')?.[1];
    for (const entries of Object.values(metadata)) {
      for (const entry of entries) {
        if (entry.type !== PROCESSING_JOB_METADATA_TYPE) continue;
        const metadata = entry.data as ProcessingJobMetadata;
        const nestedStacks = (metadata.nestedStacks ?? []).map((n) => ({ logicalId: n.logicalId, templateFile: path.join(directory, n.templateFile) }));
        const stackTemplateFile = path.join(directory, artifact.properties?.templateFile ?? `${id}.template.json`);
        jobs.push({
          metadata,
          stackName: artifact.properties?.stackName ?? id,
          region: region && region !== 'unknown-region' ? region : undefined,
          templateFile: nestedStacks.at(-1)?.templateFile ?? stackTemplateFile,
          nestedStacks,
          stackTemplateFile,
        });
      }
    }
  }
  return jobs;
}

/**
 * The job a user names: its construct path (`DataLake/NightlyFeatures`, with or without the
 * leading `/`, or its tail), its construct id, or its id in a shared runner.
 */
export function findAssemblyJob(cdkOut: string, query: string): AssemblyJob {
  const jobs = assemblyJobs(cdkOut);
  const wanted = query.replace(/^\/+/, '');
  const exact = jobs.filter((j) => j.metadata.path.replace(/^\/+/, '') === wanted);
  const matches = exact.length > 0 ? exact : jobs.filter((j) =>
    j.metadata.path.endsWith(`/${wanted}`) || j.metadata.id === wanted || j.metadata.jobId === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new CliError(`job '${query}' is ambiguous in ${cdkOut}: ${matches.map((j) => j.metadata.path).join(', ')}; give the construct path`);
  }
  throw new CliError(`no job '${query}' in ${cdkOut}; ${knownJobs(jobs)}`);
}

/** `known jobs: A/B, C/D` or a hint when the assembly has none. */
export function knownJobs(jobs: AssemblyJob[]): string {
  if (jobs.length === 0) return 'it has no ProcessingJob (synthesize the app that defines them)';
  return `known jobs: ${jobs.map((j) => j.metadata.path).sort().join(', ')}`;
}

/**
 * The template the job's metadata resolves against, as JSON: its stack's. For a job of a nested
 * stack, the sections of its parents' templates under the nested stack's own: the metadata holds
 * references as the job's constructs made them, so a reference to a bucket of the parent stays a
 * `Ref` to the parent's logical id (aws-cdk-lib makes it a nested-stack parameter in templates
 * only). Logical ids carry a hash of their construct path, so the stacks' ids do not collide.
 */
export function readTemplate(job: AssemblyJob): { [key: string]: unknown } {
  const merged: { [section: string]: { [key: string]: unknown } } = {};
  for (const file of [job.stackTemplateFile, ...job.nestedStacks.map((n) => n.templateFile)]) {
    for (const [section, entries] of Object.entries(readJson(file) as { [section: string]: unknown })) {
      merged[section] = typeof entries === 'object' && entries !== null ? { ...merged[section], ...entries } : entries as { [key: string]: unknown };
    }
  }
  return merged;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}
