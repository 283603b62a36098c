import { Duration, Environment, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import {
  JobSchedule, JobTrigger, OutputPartitioning, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobFleet, ProcessingJobRun,
  ProcessingJobRunner, ProcessingOutput, SageMakerCreateProcessingJob,
} from '../../lib';

/**
 * The context a user's app has when `cdk init` made it: every feature flag at its recommended value
 * (`CURRENTLY_RECOMMENDED_FLAGS`) and the new-project defaults, among them weak cross-stack
 * references (`NEW_PROJECT_DEFAULT_CONTEXT`: `Fn::GetStackOutput` instead of exports), as the
 * installed aws-cdk-lib exports them (cx-api). An aws-cdk-lib without the recommended list (older
 * than the devDependency) gives its future flags.
 */
export function recommendedFlags(): { [key: string]: unknown } {
  const api = cxapi as unknown as { CURRENTLY_RECOMMENDED_FLAGS?: object; NEW_PROJECT_DEFAULT_CONTEXT?: object; FUTURE_FLAGS?: object };
  return { ...(api.CURRENTLY_RECOMMENDED_FLAGS ?? api.FUTURE_FLAGS ?? {}), ...(api.NEW_PROJECT_DEFAULT_CONTEXT ?? {}) };
}

/** The library's main shapes in one stack, as a user's app has them. */
export interface MainShapes {
  readonly stack: Stack;
  readonly lake: s3.IBucket;
  /** A job with a runner of its own, a schedule and a trigger. */
  readonly standalone: ProcessingJob;
  /** A job of a shared runner. */
  readonly shared: ProcessingJob;
  readonly runner: ProcessingJobRunner;
  readonly fleet: ProcessingJobFleet;
  /** A job of the fleet. */
  readonly fleetJob: ProcessingJob;
  readonly run: ProcessingJobRun;
  /** The task in a user's own state machine. */
  readonly task: SageMakerCreateProcessingJob;
  readonly stateMachine: sfn.StateMachine;
}

/**
 * A stack `id` with a standalone job (schedule and trigger), a shared runner's job, a fleet's job, a
 * deploy-time run and a task in a user's state machine, all reading and writing `data`'s bucket (a
 * bucket of another stack: a cross-stack reference, weak under the recommended flags) or a bucket
 * and key of their own. The image is an ECR image of the stack's account and Region (`env`), or of
 * 123456789012 in eu-west-1 for an env-agnostic stack.
 */
export function addMainShapes(scope: Construct, id: string, options: { env?: Environment; data?: { bucket: s3.IBucket; key: kms.IKey } } = {}): MainShapes {
  const stack = new Stack(scope, id, { env: options.env });
  const lake = options.data?.bucket ?? new s3.Bucket(stack, 'Lake', { enforceSSL: true });
  const key = options.data?.key ?? new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const account = options.env?.account ?? '123456789012';
  const region = options.env?.region ?? 'eu-west-1';
  const image = ProcessingImage.fromRegistry(`${account}.dkr.ecr.${region}.amazonaws.com/features:1`);
  const io = (name: string) => ({
    image,
    processingInputs: [ProcessingInput.fromBucket('raw', lake, `raw/${name}/`)],
    processingOutputs: [ProcessingOutput.toBucket('features', lake, `features/${name}/`)],
    outputKmsKey: key,
    maxRuntime: Duration.minutes(30),
  });
  const standalone = new ProcessingJob(stack, 'Nightly', {
    ...io('nightly'),
    jobNamePrefix: 'nightly',
    outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
    schedule: JobSchedule.cron({ hour: '2', minute: '0' }),
    triggers: [JobTrigger.onEvent({ source: ['my.app'] })],
  });
  const runner = new ProcessingJobRunner(stack, 'Platform', { jobNamePrefix: 'platform' });
  const shared = new ProcessingJob(stack, 'Report', { ...io('report'), runner, jobNamePrefix: 'report' });
  const fleet = new ProcessingJobFleet(stack, 'Tables', { jobNamePrefix: 'tables' });
  const fleetJob = fleet.addJob('Orders', { ...io('orders'), schedule: JobSchedule.cron({ hour: '3', minute: '0' }) });
  const run = new ProcessingJobRun(stack, 'Seed', { ...io('seed'), jobNamePrefix: 'seed' });
  const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Prepare', {
    ...io('prepare'),
    jobNamePrefix: 'prepare',
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
  });
  const stateMachine = new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  return { stack, lake, standalone, shared, runner, fleet, fleetJob, run, task, stateMachine };
}
