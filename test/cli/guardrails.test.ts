import { Aspects } from 'aws-cdk-lib';
import { CreateProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ProcessingGuardrails, ProcessingImage, ProcessingJob } from '../../lib';
import { useDeployedApp } from '../util/deployed-stack';
import { cli, mocks } from './harness';

/**
 * The guardrails the runner holds execution input to are held by the CLI too, before anything
 * starts: `--direct` creates the job without the runner, so its checks would never run.
 */
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Guarded/0f0f0f0f-1111-2222-3333-444455556666';
const deployed = useDeployedApp('Guarded', STACK_ID, (stack) => {
  Aspects.of(stack).add(new ProcessingGuardrails({ allowedInstanceFamilies: ['m5'], maxInstanceCount: 2, lockedEnvironmentKeys: ['PYTHONPATH'] }));
  new ProcessingJob(stack, 'Report', { image: ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/report:1') });
});

const cases: [string, string[], string][] = [
  ['an instance family', ['--instance-type', 'ml.p4d.24xlarge'], 'guardrail allowedInstanceFamilies: instanceType ml.p4d.24xlarge is not allowed (allowed: families m5)'],
  ['an instance count', ['--instance-count', '8'], 'guardrail maxInstanceCount: instanceCount 8 is above the limit 2'],
  ['a locked variable', ['--env', 'PYTHONPATH=/tmp/evil'], 'guardrail lockedEnvironmentKeys: environment variable PYTHONPATH may not be set by a run'],
];

describe.each([['through the runner', []], ['--direct', ['--direct']]])('%s', (_name, mode) => {
  test.each(cases)('%s the guardrails refuse is refused, nothing starts', async (_what, options, message) => {
    const result = await cli(['--cdk-out', deployed.outdir, 'run', 'Report', '--no-wait', ...mode, ...options]);
    expect(result.stderr).toBe(`error: ${message} (job Guarded/Report)\n`);
    expect(result.code).toBe(2);
    expect(mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(mocks.sm.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
  });
});

test('what the guardrails allow starts the run', async () => {
  const result = await cli(['--cdk-out', deployed.outdir, 'run', 'Report', '--no-wait', '--instance-type', 'ml.m5.2xlarge', '--instance-count', '2']);
  expect(result.stderr).toBe('');
  expect(JSON.parse(mocks.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!)).toEqual({ instanceType: 'ml.m5.2xlarge', instanceCount: 2 });
});
