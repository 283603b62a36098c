import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DataLakeStack } from '../../examples/data-lake/data-lake-stack';
import { completed, fixClock, runLocally } from '../job/local-run';
import { stateMachineDefinitions } from '../util/definition';

describe('the data-lake example', () => {
  let template: Template;
  let definitions: Record<string, any>;
  beforeAll(() => {
    const stack = new DataLakeStack(new App(), 'DataLakeExample');
    template = Template.fromStack(stack);
    definitions = stateMachineDefinitions(stack);
  });
  const pipeline = () => definitions[Object.keys(definitions).find((id) => id.startsWith('NightlyPipeline'))!];
  const runner = () => definitions[Object.keys(definitions).find((id) => id.startsWith('Runner'))!];

  test('four jobs share one runner; the nightly chain is a second state machine of Glue and two job steps', () => {
    expect(Object.keys(definitions)).toHaveLength(2);
    // One rule per job routes to the one Run state with the job's data.
    expect(runner().States.Route.Choices.map((rule: any) => [rule.Assign.job.id, rule.Next])).toEqual(
      [['Features', 'Run'], ['Evaluation', 'Run'], ['WeeklySummary', 'Run'], ['SplitIncoming', 'Run']]);
    expect(pipeline().StartAt).toBe('CompactRawEvents');
    expect(pipeline().States.CompactRawEvents).toMatchObject({ Resource: 'arn:aws:states:::glue:startJobRun.sync', Next: 'ComputeFeatures' });
    expect(pipeline().States.ComputeFeatures.Next).toBe('EvaluateFeatures');
  });

  test('a nightly run: compaction, then features, then the evaluation written under the date', async () => {
    fixClock('2026-11-24T01:30:04Z');
    try {
      const run = await runLocally(pipeline(), { scheduledTime: '2026-11-24T01:30:00Z' }, {
        CompactRawEvents: () => ({ JobRunState: 'SUCCEEDED' }), ComputeFeatures: completed, EvaluateFeatures: completed,
      }, 'nightly-2026-11-24');
      expect(run.error).toBeUndefined();
      expect(run.states).toEqual(['CompactRawEvents', 'ComputeFeatures', 'EvaluateFeatures']);
      const features = run.requests.ComputeFeatures[0];
      expect(features.ProcessingJobName).toMatch(/^lake-Features-20261124-013004-[0-9a-f]{8}$/);
      expect(features.AppSpecification.ContainerEntrypoint[0]).toBe('smspark-submit');
      expect(features.ProcessingResources.ClusterConfig.InstanceCount).toBe(2);
      const evaluation = run.requests.EvaluateFeatures[0];
      expect(evaluation.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toMatch(/^s3:\/\/Data[0-9A-F]{8}\/evaluation\/dt=2026-11-24\/$/);
      expect(evaluation.Environment).toEqual({ PROCESSING_RUN_ID: 'nightly-2026-11-24', PROCESSING_SCHEDULED_TIME: '2026-11-24T01:30:00Z' });
    } finally {
      jest.useRealTimers();
    }
  });

  test('the weekly R summary runs on Mondays at 06:00 London time; the pipeline nightly at 01:30', () => {
    const schedules = Object.values<any>(template.findResources('AWS::Scheduler::Schedule')).map((s) => [s.Properties.ScheduleExpression, s.Properties.ScheduleExpressionTimezone]);
    expect(schedules.sort()).toEqual([['cron(0 6 ? * MON *)', 'Europe/London'], ['cron(30 1 * * ? *)', 'Europe/London']]);
  });

  test('a CSV landing under incoming/ starts the split job on that object', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('^Landing') }] }, object: { key: [{ wildcard: 'incoming/*.csv' }] } },
      },
    });
  });
});

describe('the evaluation script runs for real (Debian python3-sklearn)', () => {
  test('clusters the user features and writes the silhouette of each k', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluation-'));
    const part = path.join(base, 'input', 'features', 'part-00000.csv');
    fs.mkdirSync(path.dirname(part), { recursive: true });
    const rows = ['user_id,events,countries'];
    for (let i = 0; i < 30; i++) rows.push(`u${i},${i < 15 ? 3 + (i % 3) : 40 + (i % 5)},${i < 15 ? 1 : 3}`);
    fs.writeFileSync(part, rows.join('\n') + '\n');
    const out = execFileSync('/usr/bin/python3', [path.join(__dirname, '..', '..', 'examples', 'data-lake', 'evaluate.py'), '--base-dir', base], { encoding: 'utf8' });
    const evaluation = JSON.parse(fs.readFileSync(path.join(base, 'output', 'evaluation', 'evaluation.json'), 'utf8'));
    expect(evaluation.users).toBe(30);
    expect(Object.keys(evaluation.silhouette)).toEqual(['2', '3', '4', '5']);
    expect(evaluation.best_k).toBe(2);
    expect(evaluation.silhouette['2']).toBeGreaterThan(0.8);
    expect(out).toMatch(/^users=30 best_k=2 silhouette=0\.\d{3}\n$/);
  });
});
