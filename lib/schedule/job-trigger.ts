import { Resource, aws_events as events, aws_s3 as s3 } from 'aws-cdk-lib';
import { TRIGGER_VARIABLES } from './job-events';
import { JobRunTarget } from './job-run-target';
import { GlueJobStateChangeTriggerOptions, JobTriggerOptions, ObjectCreatedTriggerOptions, SageMakerJobStateChangeTriggerOptions } from './job-trigger-options';
import { bindTriggerRule } from './trigger-rule';
import { customEventSource, glueJobSource, objectCreatedSource, sageMakerJobSource, TriggerSource } from './trigger-sources';

/**
 * An event that starts a `ProcessingJob` run: an EventBridge rule (one CloudFormation resource)
 * on the default event bus, starting the job's state machine with the shared start role. The run's
 * scheduled time is the event's time (`PROCESSING_SCHEDULED_TIME`).
 */
export abstract class JobTrigger {
  /** The environment variable holding the key of the object that started the run (S3 triggers). */
  public static readonly OBJECT_KEY_VARIABLE: string = TRIGGER_VARIABLES.objectKey;
  /** The environment variable holding the upstream job's name (SageMaker and Glue triggers). */
  public static readonly UPSTREAM_JOB_NAME_VARIABLE: string = TRIGGER_VARIABLES.upstreamJobName;
  /** The environment variable holding the upstream Glue job run id (Glue triggers). */
  public static readonly UPSTREAM_JOB_RUN_ID_VARIABLE: string = TRIGGER_VARIABLES.upstreamJobRunId;

  /**
   * Runs when an object is created in `bucket` (S3 "Object Created" events). A bucket defined in
   * this app gets EventBridge notifications switched on; for an imported bucket they must be on
   * already (a synth warning says so). The object key reaches the job as
   * `PROCESSING_TRIGGER_OBJECT_KEY`, and as the S3 URI of the input named by `input`.
   */
  public static onObjectCreated(bucket: s3.IBucket, options: ObjectCreatedTriggerOptions = {}): JobTrigger {
    return new RuleJobTrigger(objectCreatedSource(bucket, options), options);
  }

  /**
   * Runs when a SageMaker processing job reaches one of `statuses` ("SageMaker Processing Job
   * State Change"), e.g. after an upstream `ProcessingJob`:
   * `JobTrigger.onProcessingJobStateChange({ jobNamePrefix: upstream.jobNamePrefix })`.
   * The upstream job's name reaches the job as `PROCESSING_TRIGGER_JOB_NAME`.
   */
  public static onProcessingJobStateChange(options: SageMakerJobStateChangeTriggerOptions = {}): JobTrigger {
    return new RuleJobTrigger(sageMakerJobSource('processing', options), options);
  }

  /**
   * Runs when a SageMaker training job reaches one of `statuses` ("SageMaker Training Job State
   * Change"). The training job's name reaches the job as `PROCESSING_TRIGGER_JOB_NAME`.
   */
  public static onTrainingJobStateChange(options: SageMakerJobStateChangeTriggerOptions = {}): JobTrigger {
    return new RuleJobTrigger(sageMakerJobSource('training', options), options);
  }

  /**
   * Runs when a run of the Glue job `jobName` ends in one of `states` ("Glue Job State Change").
   * The Glue job name and run id reach the job as `PROCESSING_TRIGGER_JOB_NAME` and
   * `PROCESSING_TRIGGER_JOB_RUN_ID`.
   */
  public static onGlueJobStateChange(options: GlueJobStateChangeTriggerOptions): JobTrigger {
    return new RuleJobTrigger(glueJobSource(options), options);
  }

  /** Runs on any event matching `pattern`; pass event values with `overrides` and `EventField`. */
  public static onEvent(pattern: events.EventPattern, options: JobTriggerOptions = {}): JobTrigger {
    return new RuleJobTrigger(customEventSource(pattern), options);
  }

  protected constructor() {}

  /**
   * Creates the trigger's rule in `target.scope`, validated (errors name the path).
   * @internal
   */
  public abstract _bind(target: JobRunTarget, id: string): Resource;
}

class RuleJobTrigger extends JobTrigger {
  constructor(private readonly source: TriggerSource, private readonly options: JobTriggerOptions) {
    super();
  }

  public _bind(target: JobRunTarget, id: string): Resource {
    return bindTriggerRule(target, id, this.source, this.options);
  }
}
