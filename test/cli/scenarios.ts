import { DescribeProcessingJobCommand, DescribeProcessingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { awsError, clock, deployedStateMachine, EXECUTION_ARN, FakeLogs, JOB_NAME, mocks, taskScheduled } from './harness';

const STREAM_1 = `${JOB_NAME}/algo-1-1763974801`;
const STREAM_2 = `${JOB_NAME}/algo-2-1763974802`;
export const T = Date.parse('2026-11-24T09:00:30Z');

export function job(status: string, extra: Partial<DescribeProcessingJobCommandOutput> = {}): DescribeProcessingJobCommandOutput {
  return {
    ProcessingJobName: JOB_NAME, ProcessingJobStatus: status as any, $metadata: {},
    ProcessingResources: { ClusterConfig: { InstanceCount: 2, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    ProcessingOutputConfig: { Outputs: [{ OutputName: 'features', S3Output: { S3Uri: 's3://data-lake-data/features/dt=2026-11-20/', LocalPath: '/opt/ml/processing/output/features', S3UploadMode: 'EndOfJob' } }] },
    AppSpecification: { ImageUri: 'img' }, RoleArn: 'arn:aws:iam::123456789012:role/processing/job', ProcessingJobArn: 'arn', CreationTime: new Date(T),
    ...extra,
  } as DescribeProcessingJobCommandOutput;
}

/**
 * A run through the state machine: the execution starts, its history names the job, the job goes
 * Pending → InProgress → `final`, and two instances write logs across several pages; a stream
 * appears only after the job started.
 */
export function scenario(final: DescribeProcessingJobCommandOutput, executionEnd: { status: 'SUCCEEDED' | 'FAILED' | 'ABORTED'; error?: string; cause?: string }) {
  deployedStateMachine();
  mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date(T) });
  mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [taskScheduled(3, JOB_NAME)] });
  const logs = new FakeLogs({
    [STREAM_1]: [
      [{ timestamp: T + 1000, message: 'reading s3://data-lake-data/raw/ (2026-11-20)\n' }, { timestamp: T + 3000, message: 'rows: 120000\n' }],
      [{ timestamp: T + 9000, message: 'wrote 60000 feature rows\n' }],
    ],
    [STREAM_2]: [
      [{ timestamp: T + 2000, message: 'reading s3://data-lake-data/raw/ (2026-11-20)\n' }],
      [{ timestamp: T + 8000, message: 'wrote 60000 feature rows\n' }],
    ],
  });
  let poll = 0;
  mocks.sm.on(DescribeProcessingJobCommand).callsFake(() => {
    poll++;
    if (poll === 1) throw awsError('ValidationException', 'Requested resource not found.');
    if (poll === 2) return job('InProgress');
    if (poll === 3) {
      logs.reveal(STREAM_1, 1);
      return job('InProgress');
    }
    logs.reveal(STREAM_1, 2);
    logs.reveal(STREAM_2, 2);
    return final;
  });
  let describes = 0;
  mocks.sfn.on(DescribeExecutionCommand).callsFake(() => {
    // Each poll after the first comes 10 s later.
    if (describes++ > 0) clock.tick(10);
    return describes < 4 ? { executionArn: EXECUTION_ARN, status: 'RUNNING' } : { executionArn: EXECUTION_ARN, ...executionEnd };
  });
}

