import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/** Warning id for two jobs of one prefix in stacks deployed to one account and region. */
export const SHARED_PREFIX_WARNING = 'cdk-sagemaker-processing:job-prefix-shared';

/** The jobs that share a namespace: the path of each prefix (with its top-level stack), and the `OverlapPolicy.SKIP` jobs (few), in the order they were added. */
interface Jobs {
  readonly pathOf: Map<string, Array<{ path: string; stack: Stack }>>;
  readonly skipping: Array<{ path: string; prefix: string }>;
}

/** The jobs of each env-agnostic top-level stack (it may deploy anywhere, so only its own jobs are known to share its account). */
const JOBS_OF_STACK = new WeakMap<Stack, Jobs>();
/** The jobs of each account and region an app's stacks name, by the app (stages included: their stacks are under the app's root). */
const JOBS_OF_ENVIRONMENT = new WeakMap<IConstruct, Map<string, Jobs>>();

/**
 * Two jobs deployed to one account and region must have distinct name prefixes (runs, IAM scopes,
 * metadata and overlap checks tell jobs apart by them), and the overlap check of an
 * `OverlapPolicy.SKIP` job (running jobs whose names contain `<prefix>-2`) must not find another
 * job's runs. The jobs of one top-level stack (and its nested stacks, a ProcessingJobFleet's
 * shards) are deployed together; so are those of the stacks of an app, its stages included, that
 * name the same account and region (a stage deployed twice into one account).
 */
export function checkPrefixAgainstOthers(job: Construct, prefix: string, skip: boolean): void {
  let stack = Stack.of(job);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  const jobs = jobsDeployedWith(stack);
  const withPrefix = jobs.pathOf.get(prefix) ?? [];
  const inStack = withPrefix.find((other) => other.stack === stack);
  if (inStack !== undefined) {
    throw new Error(`${job.node.path}: jobNamePrefix '${prefix}' is also the prefix of ${inStack.path}; jobs need distinct prefixes ` +
      '(their runs, IAM scopes and overlap checks are told apart by the prefix)');
  }
  const same = withPrefix[0];
  if (same !== undefined) {
    // Deployable, and each job runs: what the prefix tells apart (the runner's IAM scope, the run names) is shared.
    // An OverlapPolicy.SKIP job of the two is refused below: the other's runs would make it skip.
    Annotations.of(job).addWarningV2(SHARED_PREFIX_WARNING, `jobNamePrefix '${prefix}' is also the prefix of ${same.path} (of stack ` +
      `${same.stack.node.path}, deployed to the same account and region ${stack.account}/${stack.region}): each runner may create and stop ` +
      'the other\'s jobs (its IAM scope is the prefix), and their runs are told apart only by their stacks; give the jobs of each stage ' +
      'or stack prefixes of their own, e.g. with the stage\'s name');
  }
  const runName = (p: string) => `${p}-20261124-020000-0a1b2c3d`;
  const overlap = (skipPrefix: string, otherPrefix: string) => runName(otherPrefix).includes(`${skipPrefix}-2`);
  const refuse = (skipJob: string, skipPrefix: string, runner: string, runnerPrefix: string) => {
    throw new Error(`${skipJob}: overlap SKIP looks for running jobs whose names contain '${skipPrefix}-2', and the runs of ${runner} ` +
      `(prefix '${runnerPrefix}') match it: they would make this job skip; give the jobs prefixes that do not contain each other`);
  };
  // A SKIP job is checked against every job; any other only against the SKIP jobs.
  if (skip) {
    for (const [otherPrefix, [other]] of jobs.pathOf) if (overlap(prefix, otherPrefix)) refuse(job.node.path, prefix, other.path, otherPrefix);
  }
  for (const other of jobs.skipping) if (overlap(other.prefix, prefix)) refuse(other.path, other.prefix, job.node.path, prefix);
  jobs.pathOf.set(prefix, [...withPrefix, { path: job.node.path, stack }]);
  if (skip) jobs.skipping.push({ path: job.node.path, prefix });
}

function jobsDeployedWith(stack: Stack): Jobs {
  const fresh = (): Jobs => ({ pathOf: new Map(), skipping: [] });
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    let jobs = JOBS_OF_STACK.get(stack);
    if (!jobs) JOBS_OF_STACK.set(stack, jobs = fresh());
    return jobs;
  }
  const root = stack.node.root;
  let byEnvironment = JOBS_OF_ENVIRONMENT.get(root);
  if (!byEnvironment) JOBS_OF_ENVIRONMENT.set(root, byEnvironment = new Map());
  const key = `${stack.account}/${stack.region}`;
  let jobs = byEnvironment.get(key);
  if (!jobs) byEnvironment.set(key, jobs = fresh());
  return jobs;
}
