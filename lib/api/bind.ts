import * as iam from 'aws-cdk-lib/aws-iam';

/** What a piece of a job (image, code, input, output, processor) gets when it is bound to a job. */
export interface ProcessingBindOptions {
  /** The job role: inputs, outputs and images grant it what they need. */
  readonly grantee: iam.IGrantable;
}
