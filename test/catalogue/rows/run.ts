import { Duration, Token } from 'aws-cdk-lib';
import { ProcessingImage, ProcessingInstanceType, ProcessingJobRun, ProcessingOutput } from '../../../lib';
import { IMAGE_URI, newStack } from '../../task/helpers';
import { BadInput } from '../bad-input';

type RunProps = Omit<ConstructorParameters<typeof ProcessingJobRun>[2], 'image'>;
const run = (props: RunProps = {}) => new ProcessingJobRun(newStack(), 'Run', { image: ProcessingImage.fromRegistry(IMAGE_URI), ...props });
const P = 'TestStack/Run';
const row = (name: string, build: () => unknown, error: string): BadInput => ({ category: 'deploy-time run', name, build, error });

export const RUN_ROWS: BadInput[] = [
  row('timeout of 30 seconds', () => run({ timeout: Duration.seconds(30) }),
    `${P}: timeout 30 seconds is out of range 1 minute – 1 hour (the Provider framework waits at most 1 hour for a custom resource)`),
  row('timeout of 2 hours', () => run({ timeout: Duration.hours(2) }),
    `${P}: timeout 2 hours is out of range 1 minute – 1 hour (the Provider framework waits at most 1 hour for a custom resource)`),
  row('instance preferences', () => run({ instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_LARGE }] }),
    `${P}: instancePreferences is not supported by AWS::SageMaker::ProcessingJob (its ClusterConfig takes one InstanceType); give instanceType`),
  row('job name prefix with a dot', () => run({ jobNamePrefix: 'backfill.v3' }),
    `${P}: jobNamePrefix 'backfill.v3' must be 1–38 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])* (25 characters of the 63 allowed for ProcessingJobName are the run suffix)`),
  row('job name prefix as a token', () => run({ jobNamePrefix: Token.asString({ Ref: 'Prefix' }) }),
    `${P}: jobNamePrefix must be a concrete string at synth (it names the jobs and scopes their IAM policies); got a token`),
  row('an output name it does not have', () => run({ processingOutputs: [ProcessingOutput.toS3Uri('features', 's3://b/f/')] }).outputS3Uri('feature'),
    `${P}: no S3 output named 'feature' (S3 outputs: features)`),
  row('max runtime of 9 days and 1 second', () => run({ maxRuntime: Duration.seconds(777601) }),
    `${P}: maxRuntime 777601 is out of range 1–777600 seconds (StoppingCondition.MaxRuntimeInSeconds)`),
];
