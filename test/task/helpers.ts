import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, SageMakerCreateProcessingJob, SageMakerCreateProcessingJobJsonPathProps } from '../../lib';

export const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-job:1';

/** A fresh env-agnostic stack. */
export function newStack(): Stack {
  return new Stack(new App(), 'TestStack');
}

/** Builds a JSONPath task with a registry image and the given props; returns the task and its stack. */
export function jsonPathTask(props: Partial<SageMakerCreateProcessingJobJsonPathProps> = {}, stack: Stack = newStack()) {
  const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Job', {
    image: props.processor ? undefined : ProcessingImage.fromRegistry(IMAGE_URI),
    ...props,
  });
  return { stack, task };
}

/** The resolved `Parameters` (JSONPath) or `Arguments` (JSONata) of a task state. */
export function renderedRequest(stack: Stack, task: sfn.TaskStateBase): any {
  const state: any = stack.resolve(task.toStateJson());
  return state.Parameters ?? state.Arguments;
}
