/**
 * The account behind the stand-in server: deployed stacks, a job's runner state machine and the
 * processing jobs it creates, their CloudWatch Logs — all as functions of the world's clock, so a
 * scenario says what happens when ("provisioning takes 300 s, then a CapacityError, the runner
 * waits 300 s and starts the job again") and every API call answers what AWS would answer then.
 *
 * The runner is modelled on the one `ProcessingJob` synthesizes (lib/job/failure-handling.ts): a
 * `createProcessingJob.sync` task, a `WaitForCapacity` wait state entered with
 * `{ capacity: { attempt, wait } }` after a CapacityError, a `WaitForThrottle` wait state entered with
 * `{ throttle: { attempt, wait }, error }` after a throttled CreateProcessingJob, the `Run` task calling again
 * after ResourceLimitExceeded (a `TaskStateEntered` per entry of `Run`), the `.sync` integration stopping the
 * job when the execution is stopped, and the failed task's cause (the job's description as JSON)
 * as the execution's cause. The job's request comes from the scenario, as the state machine would
 * have rendered it: the stand-in applies no run values of its own.
 */
import { CAPACITY_REASON, JobPlan, jobEnd, LIMIT_EXCEEDED, NOT_CREATED, retryWait, RunPlan, sameBefore, THROTTLED } from './plan';

export type { JobPlan, RunPlan } from './plan';
export { LIMIT_EXCEEDED, THROTTLED } from './plan';

export type Service = 'sfn' | 'sagemaker' | 'logs' | 'cloudformation';

/** A service's error answer: its code (awsJson `__type`, query `<Code>`) and message. */
export class ServiceError extends Error {
  public constructor(public readonly code: string, message: string, public readonly status = 400) {
    super(message);
  }
}

/** A deployed stack. */
export interface StackConfig {
  readonly name: string;
  readonly stackId: string;
  readonly resources: { readonly [logicalId: string]: { readonly physicalId: string; readonly type: string } };
  readonly parameters?: { readonly [key: string]: string };
  readonly exports?: { readonly [name: string]: string };
}

/** A runner state machine: the prefix of the job names its task renders. */
export interface StateMachineConfig {
  readonly arn: string;
  readonly jobNamePrefix: string;
}

const STOP_SECONDS = 2;

interface Job {
  readonly name: string;
  readonly created: number;
  readonly plan: JobPlan;
  readonly request: { [key: string]: unknown };
  stopRequested?: number;
}

interface Execution {
  readonly arn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly input: string;
  readonly started: number;
  readonly plan: RunPlan;
  readonly jobs: Job[];
  aborted?: number;
}

interface Event { readonly at: number; readonly type: string; readonly details?: { [key: string]: unknown } }

/** The simulated account and region. `clock()` is the world's time in milliseconds. */
export class World {
  /** What the next run does; a test sets it before it starts the command. */
  public next: RunPlan = { attempts: [{ provisionSeconds: 1, runSeconds: 1, outcome: 'Completed' }] };
  private readonly executions: Execution[] = [];
  private readonly directJobs: Job[] = [];
  private names = 0;

  public constructor(
    public readonly clock: () => number,
    private readonly stacks: StackConfig[],
    private readonly stateMachines: StateMachineConfig[],
  ) {}

  /** Jobs that ran before (e.g. for `list`): created at `created` (ms), doing what `plan` says. */
  public seed(jobs: { name: string; created: number; plan: JobPlan; request?: { [key: string]: unknown } }[]): void {
    for (const job of jobs) this.directJobs.push({ ...job, request: job.request ?? {} });
  }

  /** Answers one API call, or throws the service's error. */
  public handle(service: Service, action: string, input: { [key: string]: unknown }): unknown {
    const handler = (this as unknown as { [k: string]: (i: { [key: string]: unknown }) => unknown })[`${service}_${action}`];
    if (typeof handler !== 'function') throw new ServiceError('UnknownOperationException', `${service} ${action} is not in the stand-in`);
    return handler.call(this, input);
  }

  // --- CloudFormation (query protocol: flat `A.B.member.1` parameters in, XML out) ---

  protected cloudformation_DescribeStackResource(input: { [key: string]: unknown }): unknown {
    const stack = this.stack(String(input.StackName));
    const resource = stack.resources[String(input.LogicalResourceId)];
    if (!resource) throw new ServiceError('ValidationError', `Resource ${input.LogicalResourceId} does not exist for stack ${stack.name}`);
    return { StackResourceDetail: this.resourceOf(stack, String(input.LogicalResourceId)) };
  }

  protected cloudformation_DescribeStacks(input: { [key: string]: unknown }): unknown {
    const stack = this.stack(String(input.StackName));
    return { Stacks: [{
      StackName: stack.name, StackId: stack.stackId, CreationTime: new Date(0), StackStatus: 'UPDATE_COMPLETE',
      Parameters: Object.entries(stack.parameters ?? {}).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    }] };
  }

  protected cloudformation_ListStackResources(input: { [key: string]: unknown }): unknown {
    const stack = this.stack(String(input.StackName));
    return { StackResourceSummaries: Object.keys(stack.resources).map((id) => this.resourceOf(stack, id)) };
  }

  protected cloudformation_ListExports(): unknown {
    return { Exports: this.stacks.flatMap((s) => Object.entries(s.exports ?? {}).map(([Name, Value]) => ({ ExportingStackId: s.stackId, Name, Value }))) };
  }

  private stack(name: string): StackConfig {
    const stack = this.stacks.find((s) => s.name === name || s.stackId === name);
    // CloudFormation's query protocol answers ValidationError (not ValidationException) for a stack it does not know.
    if (!stack) throw new ServiceError('ValidationError', `Stack with id ${name} does not exist`);
    return stack;
  }

  private resourceOf(stack: StackConfig, logicalId: string) {
    const r = stack.resources[logicalId];
    return {
      StackName: stack.name, StackId: stack.stackId, LogicalResourceId: logicalId, PhysicalResourceId: r.physicalId,
      ResourceType: r.type, LastUpdatedTimestamp: new Date(0), ResourceStatus: 'CREATE_COMPLETE',
    };
  }

  // --- Step Functions (awsJson1_0) ---

  protected sfn_StartExecution(input: { [key: string]: unknown }): unknown {
    const machine = this.stateMachines.find((m) => m.arn === input.stateMachineArn);
    if (!machine) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${input.stateMachineArn}'`);
    const name = String(input.name);
    const arn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (this.executions.some((e) => e.arn === arn)) throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    const plan = this.next;
    const started = this.clock();
    const execution: Execution = { arn, name, stateMachineArn: machine.arn, input: String(input.input ?? '{}'), started, plan, jobs: [] };
    let created = started + (plan.startSeconds ?? 1) * 1000;
    plan.attempts.forEach((attempt, i) => {
      // The Retrier calls again with the same request, so the same name.
      const previous = execution.jobs[i - 1];
      const name = previous?.plan.outcome === 'LimitExceeded' ? previous.name : this.jobName(machine.jobNamePrefix, created);
      execution.jobs.push({ name, created, plan: attempt, request: plan.request ?? {} });
      created = jobEnd(attempt, created) + retryWait(plan, i) * 1000;
    });
    this.executions.push(execution);
    return { executionArn: arn, startDate: new Date(started) };
  }

  protected sfn_DescribeExecution(input: { [key: string]: unknown }): unknown {
    const e = this.execution(String(input.executionArn));
    const end = this.executionEnd(e);
    const now = this.clock();
    const ended = end && end.at <= now ? end : undefined;
    return {
      executionArn: e.arn, stateMachineArn: e.stateMachineArn, name: e.name, input: e.input, startDate: new Date(e.started),
      status: ended ? ended.status : 'RUNNING', stopDate: ended ? new Date(ended.at) : undefined,
      error: ended?.error, cause: ended?.cause,
    };
  }

  protected sfn_GetExecutionHistory(input: { [key: string]: unknown }): unknown {
    const e = this.execution(String(input.executionArn));
    const events = this.history(e).filter((ev) => ev.at <= this.clock())
      .map((ev, i) => ({ id: i + 1, previousEventId: i, timestamp: new Date(ev.at), type: ev.type, ...ev.details }));
    if (input.reverseOrder) events.reverse();
    return { events };
  }

  protected sfn_StopExecution(input: { [key: string]: unknown }): unknown {
    const e = this.execution(String(input.executionArn));
    const now = this.clock();
    const end = this.executionEnd(e);
    if (end && end.at <= now) throw new ServiceError('ValidationException', `Execution ${e.arn} is not running`);
    e.aborted = now;
    // The .sync integration stops the job the execution waits for.
    for (const job of this.startedJobs(e)) if (this.jobState(job).status === 'InProgress') job.stopRequested = now;
    return { stopDate: new Date(now) };
  }

  protected sfn_ListExecutions(input: { [key: string]: unknown }): unknown {
    const executions = this.executions
      .filter((e) => e.stateMachineArn === input.stateMachineArn && e.started <= this.clock())
      .map((e) => this.sfn_DescribeExecution({ executionArn: e.arn }) as { status: string; startDate: Date })
      .filter((e) => !input.statusFilter || e.status === input.statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
    return { executions: executions.slice(0, Number(input.maxResults ?? 100)) };
  }

  private execution(arn: string): Execution {
    const e = this.executions.find((x) => x.arn === arn);
    if (!e) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  /** The jobs an execution has created by now (none after it was aborted). */
  private startedJobs(e: Execution): Job[] {
    const until = Math.min(this.clock(), e.aborted ?? Infinity);
    return e.jobs.filter((j) => j.created <= until && !NOT_CREATED.has(j.plan.outcome as string));
  }

  /** When and how the execution ends, if it does. */
  private executionEnd(e: Execution): { at: number; status: string; error?: string; cause?: string } | undefined {
    if (e.aborted !== undefined) return { at: e.aborted, status: 'ABORTED' };
    const last = e.jobs[e.jobs.length - 1];
    if (!last) {
      const at = e.started + (e.plan.startSeconds ?? 1) * 1000;
      return e.plan.refused ? { at, status: 'FAILED', ...e.plan.refused } : { at, status: 'SUCCEEDED' };
    }
    const at = jobEnd(last.plan, last.created) + (e.plan.endSeconds ?? 1) * 1000;
    if (last.plan.outcome === 'Completed') return { at, status: 'SUCCEEDED' };
    if (last.plan.outcome === 'Throttled') return { at, status: 'FAILED', error: THROTTLED.Error, cause: THROTTLED.Cause };
    if (last.plan.outcome === 'LimitExceeded') return { at, status: 'FAILED', error: LIMIT_EXCEEDED.Error, cause: LIMIT_EXCEEDED.Cause };
    return { at, status: 'FAILED', error: 'States.TaskFailed', cause: JSON.stringify(this.describe(last, jobEnd(last.plan, last.created))) };
  }

  private history(e: Execution): Event[] {
    const events: Event[] = [{ at: e.started, type: 'ExecutionStarted', details: { executionStartedEventDetails: { input: e.input } } }];
    e.jobs.forEach((job, i) => {
      if (e.aborted !== undefined && job.created > e.aborted) return;
      if (e.jobs[i - 1]?.plan.outcome !== 'LimitExceeded') events.push({ at: job.created, type: 'TaskStateEntered', details: { stateEnteredEventDetails: { name: 'Run' } } });
      events.push({ at: job.created, type: 'TaskScheduled', details: { taskScheduledEventDetails: {
        resourceType: 'sagemaker', resource: 'createProcessingJob.sync', region: 'us-east-1',
        parameters: JSON.stringify({ ProcessingJobName: job.name, ...job.request }),
      } } });
      const end = jobEnd(job.plan, job.created);
      if (job.plan.outcome === 'CapacityError' && i + 1 < e.jobs.length) {
        events.push({ at: end, type: 'TaskFailed', details: { taskFailedEventDetails: { error: 'States.TaskFailed', cause: CAPACITY_REASON } } });
        events.push({ at: end, type: 'WaitStateEntered', details: { stateEnteredEventDetails: {
          name: 'WaitForCapacity', input: JSON.stringify({ capacity: { attempt: sameBefore(e.plan, i) + 1, wait: retryWait(e.plan, i) } }),
        } } });
      }
      if (job.plan.outcome === 'LimitExceeded') {
        events.push({ at: end, type: 'TaskFailed', details: { taskFailedEventDetails: { error: LIMIT_EXCEEDED.Error, cause: LIMIT_EXCEEDED.Cause } } });
      }
      if (job.plan.outcome === 'Throttled') {
        events.push({ at: end, type: 'TaskFailed', details: { taskFailedEventDetails: { error: THROTTLED.Error, cause: THROTTLED.Cause } } });
        if (i + 1 < e.jobs.length) {
          events.push({ at: end, type: 'WaitStateEntered', details: { stateEnteredEventDetails: {
            name: 'WaitForThrottle', input: JSON.stringify({ error: THROTTLED, throttle: { attempt: sameBefore(e.plan, i) + 1, wait: retryWait(e.plan, i) } }),
          } } });
        }
      }
    });
    const end = this.executionEnd(e);
    if (end) events.push({ at: end.at, type: { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', ABORTED: 'ExecutionAborted' }[end.status]! });
    return events.filter((ev) => e.aborted === undefined || ev.at <= e.aborted).sort((a, b) => a.at - b.at);
  }

  // --- SageMaker (awsJson1_1) ---

  protected sagemaker_CreateProcessingJob(input: { [key: string]: unknown }): unknown {
    const name = String(input.ProcessingJobName);
    if (this.allJobs().some((j) => j.name === name)) throw new ServiceError('ResourceInUse', `Job ${name} already exists`);
    const request = { ...input };
    delete request.ProcessingJobName;
    this.directJobs.push({ name, created: this.clock(), plan: this.next.attempts[0], request });
    return { ProcessingJobArn: processingJobArn(name) };
  }

  protected sagemaker_DescribeProcessingJob(input: { [key: string]: unknown }): unknown {
    return this.describe(this.job(String(input.ProcessingJobName)), this.clock());
  }

  protected sagemaker_StopProcessingJob(input: { [key: string]: unknown }): unknown {
    const job = this.job(String(input.ProcessingJobName));
    const status = this.jobState(job).status;
    if (status !== 'InProgress') throw new ServiceError('ValidationException', `The request was rejected because the processing job is in status ${status}.`);
    job.stopRequested = this.clock();
    return {};
  }

  protected sagemaker_ListProcessingJobs(input: { [key: string]: unknown }): unknown {
    const now = this.clock();
    const jobs = this.allJobs().filter((j) => j.created <= now && j.name.includes(String(input.NameContains ?? '')))
      .sort((a, b) => b.created - a.created)
      .map((j) => {
        const d = this.describe(j, now);
        return { ProcessingJobName: j.name, ProcessingJobArn: d.ProcessingJobArn, CreationTime: d.CreationTime, ProcessingEndTime: d.ProcessingEndTime,
          LastModifiedTime: d.LastModifiedTime, ProcessingJobStatus: d.ProcessingJobStatus, FailureReason: d.FailureReason, ExitMessage: d.ExitMessage };
      });
    return { ProcessingJobSummaries: jobs.slice(0, Number(input.MaxResults ?? 10)) };
  }

  private allJobs(): Job[] {
    const now = this.clock();
    return [...this.directJobs, ...this.executions.flatMap((e) => e.jobs.filter((j) => j.created <= Math.min(now, e.aborted ?? Infinity) && !NOT_CREATED.has(j.plan.outcome as string)))];
  }

  private job(name: string): Job {
    const job = this.allJobs().find((j) => j.name === name);
    // SageMaker answers ValidationException "Requested resource not found." for an unknown job (API reference, DescribeProcessingJob).
    if (!job) throw new ServiceError('ValidationException', 'Requested resource not found.');
    return job;
  }

  private jobState(job: Job, now = this.clock()): { status: string; started?: number; ended?: number } {
    const p = job.plan;
    const ready = job.created + p.provisionSeconds * 1000;
    const stop = job.stopRequested;
    if (stop !== undefined) {
      const ended = stop + STOP_SECONDS * 1000;
      return { status: now < ended ? 'Stopping' : 'Stopped', started: stop >= ready ? ready : undefined, ended: now < ended ? undefined : ended };
    }
    const end = jobEnd(p, job.created);
    if (now < end) return { status: 'InProgress', started: now >= ready && p.outcome !== 'CapacityError' ? ready : undefined };
    if (p.outcome === 'CapacityError') return { status: 'Failed', ended: end };
    return { status: p.outcome === 'Completed' ? 'Completed' : 'Failed', started: ready, ended: end };
  }

  private describe(job: Job, now: number): { [key: string]: any } {
    const state = this.jobState(job, now);
    const outcome = job.plan.outcome;
    const failed = state.status === 'Failed';
    return {
      ...job.request,
      ProcessingJobName: job.name,
      ProcessingJobArn: processingJobArn(job.name),
      ProcessingJobStatus: state.status,
      CreationTime: new Date(job.created),
      ProcessingStartTime: state.started !== undefined ? new Date(state.started) : undefined,
      ProcessingEndTime: state.ended !== undefined ? new Date(state.ended) : undefined,
      LastModifiedTime: new Date(Math.min(now, state.ended ?? now)),
      FailureReason: failed ? (outcome === 'CapacityError' ? CAPACITY_REASON : (outcome as { failureReason: string }).failureReason) : undefined,
      ExitMessage: failed && typeof outcome === 'object' ? outcome.exitMessage : undefined,
    };
  }

  // --- CloudWatch Logs (awsJson1_1) ---

  protected logs_DescribeLogStreams(input: { [key: string]: unknown }): unknown {
    const prefix = String(input.logStreamNamePrefix ?? '');
    const streams = this.allJobs().flatMap((j) => this.streams(j)).filter((s) => s.name.startsWith(prefix) && s.events.length > 0);
    return { logStreams: streams.map((s) => ({ logStreamName: s.name, creationTime: s.events[0].timestamp })) };
  }

  protected logs_GetLogEvents(input: { [key: string]: unknown }): unknown {
    const stream = this.allJobs().flatMap((j) => this.streams(j)).find((s) => s.name === input.logStreamName);
    if (!stream) throw new ServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const from = input.nextToken ? Number(String(input.nextToken).slice(2)) : 0;
    const events = stream.events.slice(from);
    return { events, nextForwardToken: `f/${from + events.length}`, nextBackwardToken: `b/${from}` };
  }

  /** The streams of a job with the lines readable now: `<job>/algo-<n>-<epoch seconds>`. */
  private streams(job: Job): { name: string; events: { timestamp: number; message: string; ingestionTime: number }[] }[] {
    const state = this.jobState(job);
    if (state.started === undefined && job.stopRequested === undefined) return [];
    const start = job.created + (job.plan.provisionSeconds + (job.plan.downloadSeconds ?? 0)) * 1000;
    const until = Math.min(this.clock(), job.stopRequested ?? Infinity);
    const byInstance = new Map<number, { timestamp: number; message: string; ingestionTime: number }[]>();
    for (const line of job.plan.logs ?? []) {
      const timestamp = start + line.at * 1000;
      const ingestionTime = timestamp + (job.plan.ingestionDelay?.[line.instance] ?? 0) * 1000;
      if (timestamp > until || ingestionTime > this.clock()) continue;
      byInstance.set(line.instance, [...byInstance.get(line.instance) ?? [], { timestamp, message: `${line.message}\n`, ingestionTime }]);
    }
    const epoch = Math.floor(job.created / 1000) + job.plan.provisionSeconds;
    return [...byInstance.entries()].map(([n, events]) => ({ name: `${job.name}/algo-${n}-${epoch}`, events }));
  }

  /** `<prefix>-<yyyyMMdd>-<HHmmss>-<8 hex>`, as the runner names jobs; the hex part counts up for reproducible names. */
  private jobName(prefix: string, at: number): string {
    const iso = new Date(at).toISOString();
    const hex = ((0x5e6f7a8b + this.names++ * 0x1010101) >>> 0).toString(16).padStart(8, '0');
    return `${prefix}-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${hex}`;
  }
}

/** A job's ARN as SageMaker gives it: the name in lower case (Service Authorization Reference, Amazon SageMaker AI, `processing-job`). */
function processingJobArn(name: string): string {
  return `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${name.toLowerCase()}`;
}
