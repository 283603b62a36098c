import * as iam from 'aws-cdk-lib/aws-iam';
import { DataDistributionType, ProcessingInput, ProcessingInputMode } from '../../lib';
import { jsonPathTask, newStack, renderedRequest } from '../task/helpers';

/**
 * Defaults the SageMaker Python SDK (2.257.6, aws/sagemaker-python-sdk fc582aaa46fa) writes into the
 * request for arguments the caller leaves out, and that this library must send the same way.
 */
describe('SDK defaults the container depends on (SDK 2.257.6)', () => {
  test('Athena and Redshift inputs: ShardedByS3Key and File unless given (sagemaker/dataset_definition/inputs.py DatasetDefinition)', () => {
    const stack = newStack();
    const clusterRole = new iam.Role(stack, 'ClusterRole', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
    const { task } = jsonPathTask({
      processingInputs: [
        ProcessingInput.fromAthena('clicks', { database: 'web', queryString: 'SELECT 1', outputS3Uri: 's3://athena-out/clicks/' }),
        ProcessingInput.fromRedshift('orders', {
          clusterId: 'dwh', database: 'sales', dbUser: 'etl', queryString: 'SELECT 1', clusterRole, outputS3Uri: 's3://rs-out/orders/',
        }),
        ProcessingInput.fromAthena('replicated', {
          database: 'web', queryString: 'SELECT 1', outputS3Uri: 's3://athena-out/replicated/',
          distributionType: DataDistributionType.FULLY_REPLICATED, inputMode: ProcessingInputMode.PIPE,
        }),
      ],
    }, stack);
    const definitions = renderedRequest(stack, task).ProcessingInputs.map((i: any) => [i.InputName, i.DatasetDefinition.DataDistributionType, i.DatasetDefinition.InputMode]);
    expect(definitions).toEqual([
      ['clicks', 'ShardedByS3Key', 'File'],
      ['orders', 'ShardedByS3Key', 'File'],
      ['replicated', 'FullyReplicated', 'Pipe'],
    ]);
  });
});
