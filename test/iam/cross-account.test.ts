import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ProcessingImage, ProcessingInput, ProcessingJob, ProcessingOutput } from '../../lib';

/** A job in account 111111111111 reading and writing a bucket (with its key) of the stack Data in `dataAccount`. */
function jobOnDataOf(dataAccount: string) {
  const app = new App();
  const data = new Stack(app, 'Data', { env: { account: dataAccount, region: 'eu-west-1' } });
  const key = new kms.Key(data, 'Key');
  const lake = new s3.Bucket(data, 'Lake', { encryptionKey: key, bucketName: 'shared-lake' });
  const stack = new Stack(app, 'Jobs', { env: { account: '111111111111', region: 'eu-west-1' } });
  new ProcessingJob(stack, 'Job', {
    image: ProcessingImage.fromRegistry('111111111111.dkr.ecr.eu-west-1.amazonaws.com/jobs:1'),
    processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')], processingOutputs: [ProcessingOutput.toBucket('out', lake, 'out/')],
  });
  // The warnings as the constructs hold them (a synth would need references across accounts, which older aws-cdk-lib refuses).
  return stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning').map((m) => m.data);
}

const CROSS = (what: string, path: string, policy: string) => `Jobs/Job/JobRole (account 111111111111) is granted on ${what} ${path} of account 222222222222: ` +
  `across accounts the ${policy} must allow the role too (IAM evaluates both); add a statement for the role there [ack: cdk-sagemaker-processing:cross-account-resource]`;

describe('a bucket and key of another account', () => {
  test('the job role\'s grants say once each that the other account\'s bucket policy and key policy must allow the role too', () => {
    expect(jobOnDataOf('222222222222')).toEqual([CROSS('bucket', 'Data/Lake', 'bucket policy'), CROSS('KMS key', 'Data/Key', 'key policy')]);
  });

  test('in the job\'s own account, nothing is said', () => {
    expect(jobOnDataOf('111111111111')).toEqual([]);
  });
});

/** The warnings of a job in account 111111111111 (eu-west-1, or an env-agnostic stack) whose image is given by URI. */
function jobWithImage(imageUri: string, env: { account?: string; region?: string } = { account: '111111111111', region: 'eu-west-1' }) {
  const stack = new Stack(new App(), 'Jobs', { env });
  new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry(imageUri) });
  return stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning').map((m) => m.data);
}

describe('an ECR image URI of another account (ProcessingImage.fromRegistry)', () => {
  test('the job role is granted the pull, and synth says the repository policy there must allow it (the library cannot write it)', () => {
    expect(jobWithImage('222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/features:1')).toEqual([
      "Jobs/Job/JobRole (account 111111111111) is granted on ECR repository team/features (image '222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/features:1') "
      + 'of account 222222222222: across accounts the repository policy must allow the role too (IAM evaluates both); add a statement allowing '
      + 'ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability to the role there, or, for a repository this app defines '
      + 'in a stack of that account, use ProcessingImage.fromEcrRepository (the library then writes it) [ack: cdk-sagemaker-processing:cross-account-resource]',
    ]);
  });

  test('nothing is said for the job\'s own account, a SageMaker-managed image\'s registry, or an env-agnostic stack', () => {
    expect(jobWithImage('111111111111.dkr.ecr.eu-west-1.amazonaws.com/jobs:1')).toEqual([]);
    // The SDK's sklearn image in eu-west-1 (image_uri_config/sklearn.json): its repository allows every account.
    expect(jobWithImage('141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3')).toEqual([]);
    expect(jobWithImage('763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-cpu-py311')).toEqual([]);
    expect(jobWithImage('222222222222.dkr.ecr.eu-west-1.amazonaws.com/jobs:1', {})).toEqual([]);
  });
});
