/** What a local run hands to an engine (Docker, or the sandbox on the host), and what an engine is. */

/** The container's process, from the request as the run sends it. */
export interface ContainerProcess {
  /** The job's image URI (the sandbox does not use it). */
  readonly image: string;
  /** `AppSpecification.ContainerEntrypoint`. */
  readonly entrypoint: string[];
  /** `AppSpecification.ContainerArguments`. */
  readonly arguments: string[];
  /** The request's `Environment`, run values included. */
  readonly environment: { [key: string]: string };
  /** `NetworkConfig.EnableNetworkIsolation`: the container has no network. */
  readonly isolateNetwork: boolean;
}

/** Where and how one run happens. */
export interface EngineRun {
  /** The host folder that is `/opt/ml` in the container. */
  readonly mlRoot: string;
  /** A private host folder for the engine's own files. */
  readonly workDir: string;
  /** Where the container's output goes, live. */
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** `StoppingCondition.MaxRuntimeInSeconds`: the process is killed after it, as SageMaker stops the job. */
  readonly maxRuntimeSeconds?: number;
  /** Stops the container when aborted (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** An engine that runs the container's process. */
export interface LocalEngine {
  /** `docker`, `sandbox (bubblewrap)`, `sandbox (unshare)`. */
  readonly name: string;
  /** What differs from a run on SageMaker, said before the run. */
  readonly differences: string[];
  /** Checks, before anything is built, that the engine can run the process (a one-line error otherwise). */
  prepare(proc: ContainerProcess): unknown;
  /** Runs the process to its end; resolves its exit code. */
  run(proc: ContainerProcess, run: EngineRun): Promise<number>;
}
