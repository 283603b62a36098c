import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { JobSchedule, JobTrigger, ProcessingImage, ProcessingJob } from '../../lib';
import { synthesized } from '../examples/synthesized';
import { IMAGE_URI } from '../task/helpers';

/**
 * A deploy-time number (a `Number` parameter) in what a schedule or trigger sends: the overrides form's
 * `instanceCount` (the runner refuses a run whose instanceCount is not a number) and a direct schedule's
 * CreateProcessingJob request (InstanceCount, MaxRuntimeInSeconds are integers in the API).
 */
function jobWithDeployTimeNumbers(stack: Stack): void {
  const count = new CfnParameter(stack, 'Count', { type: 'Number', default: 2 }).valueAsNumber;
  const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number', default: 600 }).valueAsNumber;
  const job = new ProcessingJob(stack, 'Job', { image: ProcessingImage.fromRegistry(IMAGE_URI), maxRuntime: Duration.seconds(seconds) });
  job.addSchedule('Direct', JobSchedule.rate(Duration.hours(1), { direct: true, overrides: { instanceCount: count } }));
  job.addSchedule('Scheduler', JobSchedule.rate(Duration.hours(1), { overrides: { instanceCount: count } }));
  job.addSchedule('Rule', JobSchedule.rule(events.Schedule.rate(Duration.hours(1)), { overrides: { instanceCount: count } }));
  job.addTrigger('Glue', JobTrigger.onGlueJobStateChange({ jobName: 'etl', overrides: { instanceCount: count } }));
}

/** A target input's JSON with the parameters' values filled in, as CloudFormation does, and EventBridge's placeholders as text. */
function filled(input: unknown): any {
  const values: { [name: string]: string } = { Count: '2', Seconds: '600' };
  const text = typeof input === 'string' ? input
    : 'Fn::Sub' in (input as any) ? String((input as any)['Fn::Sub']).replace(/\$\{(\w+)\}/g, (all, name) => values[name] ?? all)
      : (input as any)['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : values[p.Ref])).join('');
  // An input transformer's placeholder stands alone as a value (`:<time>`); a Scheduler placeholder sits inside a string.
  return JSON.parse(text.replace(/([:,[])<[a-zA-Z.-]+>/g, '$1"x"').replace(/<[a-zA-Z.-]+>/g, 'x'));
}

describe('deploy-time numbers in schedule and trigger inputs', () => {
  test('are JSON numbers: the overrides form of Scheduler and rule targets, and a direct run\'s request', () => {
    const stack = new Stack(new App(), 'Jobs', { env: { account: '123456789012', region: 'us-east-1' } });
    jobWithDeployTimeNumbers(stack);
    const template = Template.fromStack(stack);
    const schedules = Object.values<any>(template.findResources('AWS::Scheduler::Schedule')).map((r) => filled(r.Properties.Target.Input));
    const direct = schedules.find((i) => i.ProcessingResources !== undefined);
    expect(direct.ProcessingResources.ClusterConfig.InstanceCount).toBe(2);
    expect(direct.StoppingCondition.MaxRuntimeInSeconds).toBe(600);
    expect(schedules.find((i) => i.ProcessingResources === undefined).instanceCount).toBe(2);
    const rules = Object.values<any>(template.findResources('AWS::Events::Rule')).map((r) => filled(r.Properties.Targets[0].InputTransformer.InputTemplate));
    expect(rules).toHaveLength(2);
    for (const input of rules) expect(input.instanceCount).toBe(2);
  });

  test('the direct request passes the SageMaker model and the app the deployability gate', () => {
    const report = synthesized((outdir) => {
      const app = new App({ outdir, autoSynth: false });
      jobWithDeployTimeNumbers(new Stack(app, 'Jobs', { env: { account: '123456789012', region: 'us-east-1' } }));
      app.synth();
    });
    expect(report.problems).toEqual([]);
    expect(report.checked.requests['Scheduler target Input']).toBe(1);
  });
});
