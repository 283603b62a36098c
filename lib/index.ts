// api: the request's shape, limits and closed enums
export * from './api/enums';
export * from './api/bind';
export * from './api/io-config';
export * from './api/processing-instance-type';
export { ExperimentConfig } from './api/spec';
// image, code, inputs and outputs
export * from './image/processing-image';
export * from './image/managed-image-options';
export { ImageInstanceFit } from './api/image-instance-fit';
export * from './image/managed-image-versions';
export * from './code/processing-code';
export * from './io/processing-input';
export * from './io/processing-output';
export * from './io/processing-s3-location';
// processors
export * from './processors/processor';
export { ScriptProcessor, ScriptProcessorProps } from './processors/script-processor';
export { SKLearnProcessor, SKLearnProcessorProps } from './processors/sklearn-processor';
export { FrameworkProcessor, FrameworkProcessorProps } from './processors/framework-processor';
export { SparkConfiguration } from './processors/spark-configuration';
export { SparkProcessorBase, SparkProcessorBaseProps } from './processors/spark-processor-base';
export { PySparkProcessor, PySparkProcessorProps } from './processors/pyspark-processor';
export { SparkJarProcessor, SparkJarProcessorProps } from './processors/spark-jar-processor';
// Step Functions task
export * from './definition/processing-job-definition';
export * from './task/create-processing-job';
export { ProcessingDefaultsProps } from './definition/scope-defaults';
export { SECRET_IN_ENVIRONMENT_WARNING } from './definition/environment-secrets';
// platform: shared defaults and guardrails
export * from './platform/processing-defaults';
export * from './platform/processing-guardrails-props';
export * from './platform/processing-guardrails';
// deploy-time run
export * from './run/processing-job-run';
// schedules and triggers (EventBridge Scheduler and EventBridge rules)
export { JobRunOverrides } from './definition/job-run-overrides';
export * from './schedule/job-start-options';
export { GlueJobState, SageMakerJobStatus } from './schedule/job-events';
export * from './schedule/job-schedule-options';
export * from './schedule/job-schedule';
export * from './schedule/job-trigger-options';
export * from './schedule/job-trigger';
// the deployed job: runner and options
export * from './job/options';
export * from './job/processing-job-runner';
export * from './job/processing-job';
export { ProcessingJobFleet, ProcessingJobFleetProps } from './job/processing-job-fleet';
// cdk-nag: acknowledging your own grants (the library acknowledges its own)
export * from './iam/processing-nag';
