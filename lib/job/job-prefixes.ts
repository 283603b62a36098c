import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The jobs of each top-level stack: the path of each prefix, and the `OverlapPolicy.SKIP` jobs (few), in the order they were added. */
const JOBS_OF_STACK = new WeakMap<Stack, { readonly pathOf: Map<string, string>; readonly skipping: Array<{ path: string; prefix: string }> }>();

/**
 * Two jobs of one stack must have distinct name prefixes (runs, IAM scopes, metadata and overlap
 * checks tell jobs apart by them), and the overlap check of an `OverlapPolicy.SKIP` job (running
 * jobs whose names contain `<prefix>-2`) must not find another job's runs.
 */
export function checkPrefixAgainstOthers(job: Construct, prefix: string, skip: boolean): void {
  // The jobs of nested stacks (a ProcessingJobFleet's shards) are deployed with their top-level stack, and share its prefixes.
  let stack = Stack.of(job);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  let jobs = JOBS_OF_STACK.get(stack);
  if (!jobs) JOBS_OF_STACK.set(stack, jobs = { pathOf: new Map(), skipping: [] });
  const same = jobs.pathOf.get(prefix);
  if (same !== undefined) {
    throw new Error(`${job.node.path}: jobNamePrefix '${prefix}' is also the prefix of ${same}; jobs need distinct prefixes ` +
      '(their runs, IAM scopes and overlap checks are told apart by the prefix)');
  }
  const runName = (p: string) => `${p}-20261124-020000-0a1b2c3d`;
  const overlap = (skipPrefix: string, otherPrefix: string) => runName(otherPrefix).includes(`${skipPrefix}-2`);
  const refuse = (skipJob: string, skipPrefix: string, runner: string, runnerPrefix: string) => {
    throw new Error(`${skipJob}: overlap SKIP looks for running jobs whose names contain '${skipPrefix}-2', and the runs of ${runner} ` +
      `(prefix '${runnerPrefix}') match it: they would make this job skip; give the jobs prefixes that do not contain each other`);
  };
  // A SKIP job is checked against every job; any other only against the SKIP jobs.
  if (skip) {
    for (const [otherPrefix, otherPath] of jobs.pathOf) if (overlap(prefix, otherPrefix)) refuse(job.node.path, prefix, otherPath, otherPrefix);
  }
  for (const other of jobs.skipping) if (overlap(other.prefix, prefix)) refuse(other.path, other.prefix, job.node.path, prefix);
  jobs.pathOf.set(prefix, job.node.path);
  if (skip) jobs.skipping.push({ path: job.node.path, prefix });
}
