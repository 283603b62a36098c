import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ProcessingInstanceType } from '../../lib';
import { jsonPathTask, newStack } from './helpers';

const WARNING = 'cdk-sagemaker-processing:volume-key-instance-storage';

/** The warnings of a task with a volume key, the given instance type or preferences. */
function warnings(props: { instanceType?: ProcessingInstanceType; instancePreferences?: Array<{ instanceType: ProcessingInstanceType }> }): string[] {
  const stack = newStack();
  jsonPathTask({ ...props, volumeKmsKey: new kms.Key(stack, 'VolumeKey') }, stack);
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('volumeKmsKey is set')).map((w) => String(w.entry.data));
}

/** API Reference, ProcessingClusterConfig.VolumeKmsKeyId: "You can't request a VolumeKmsKeyId when using an instance type with local storage." */
describe('a volume key on an instance type with local storage', () => {
  test.each(['ml.g4dn.xlarge', 'ml.g5.2xlarge', 'ml.g6.xlarge', 'ml.g6e.xlarge', 'ml.p5.48xlarge', 'ml.r5d.large'])('%s: a warning naming the type and the field', (type) => {
    expect(warnings({ instanceType: ProcessingInstanceType.of(type) })).toEqual([
      `TestStack/Job: volumeKmsKey is set, but instance type ${type} has local NVMe storage, which SageMaker mounts instead of an EBS volume and encrypts itself: ` +
      'the API refuses a VolumeKmsKeyId for such types; remove volumeKmsKey, or choose a type without instance storage (ProcessingResources.ClusterConfig.VolumeKmsKeyId) ' +
      `[ack: ${WARNING}]`,
    ]);
  });

  test('an instance preference with local storage is reported; EBS-only types are not', () => {
    expect(warnings({ instancePreferences: [{ instanceType: ProcessingInstanceType.ML_M5_XLARGE }, { instanceType: ProcessingInstanceType.ML_G4DN_XLARGE }] }))
      .toEqual([expect.stringContaining('instance type ml.g4dn.xlarge has local NVMe storage')]);
    expect(warnings({ instanceType: ProcessingInstanceType.ML_M5_XLARGE })).toEqual([]);
    expect(warnings({ instanceType: ProcessingInstanceType.ML_P3_2XLARGE })).toEqual([]);
    expect(warnings({ instanceType: ProcessingInstanceType.ML_R5_LARGE })).toEqual([]);
  });
});
