import { App, Aws, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import fc from 'fast-check';
import { ProcessingImage, ProcessingInput, ProcessingJob } from '../../lib';
import { AslDefinition, DefinitionTextStore, JOB_STATE, mappedDefinitionString } from '../../lib/job/mapped-definition';
import { flatten, stateMachineDefinitions } from '../util/definition';
import { completed, runLocally } from './local-run';
import { IMAGE_URI } from './stacks';

/** A store that keeps its texts as the template's Mappings would, for `flatten` to read them there. */
class RecordingStore implements DefinitionTextStore {
  public readonly texts: string[] = [];
  public textRef(text: string): string {
    let i = this.texts.indexOf(text);
    if (i < 0) i = this.texts.push(text) - 1;
    return Token.asString({ resolve: () => ({ 'Fn::FindInMap': ['Texts', `T${i}`, 'Text'] }) });
  }
  public get template() {
    return { Mappings: { Texts: Object.fromEntries(this.texts.map((text, i) => [`T${i}`, { Text: text }])) }, Resources: {} };
  }
}

/** A runner's fixed state: a long token-free text, the partition in its ARN, a topic's ARN (a reference). */
const runState = (topicArn: string) => ({
  Type: 'Task',
  Resource: `arn:${Aws.PARTITION}:states:::sagemaker:createProcessingJob.sync`,
  Arguments: `{% ${'($x := 1; $x) '.repeat(60)} %}`,
  Notify: topicArn,
  End: true,
});

const jobDefinition = (stack: Stack, job: unknown): AslDefinition => ({
  StartAt: JOB_STATE,
  States: { Run: runState(((stack.node.tryFindChild('Alerts') as sns.Topic | undefined) ?? new sns.Topic(stack, 'Alerts')).topicArn), [JOB_STATE]: { Type: 'Pass', Next: 'Run', Assign: { job } } },
});

/** `definition` written by mappedDefinitionString: its states before `Job`, and `Job`. */
function mapped(stack: Stack, definition: AslDefinition, store: DefinitionTextStore): string {
  const { [JOB_STATE]: jobState, ...states } = definition.States;
  return mappedDefinitionString(stack, { ...definition, States: states }, jobState, store);
}

describe('mappedDefinitionString', () => {
  test('Step Functions receives the same definition as written inline, whatever the job\'s data holds (generated: quotes, backslashes, ${, {%, unicode)', () => {
    // Numbers near ±1.9e289 are aws-cdk-lib's encoding of number tokens (in either way of writing): not generated.
    const value = fc.jsonValue({ maxDepth: 3 }).filter((v) => !/e\+2[5-9]\d|e\+3/.test(JSON.stringify(v)));
    fc.assert(fc.property(value, fc.string({ unit: 'binary' }), (value, text) => {
      const stack = new Stack(new App(), 'S');
      const bucket = new s3.Bucket(stack, 'Lake');
      const definition = jobDefinition(stack, { prefix: 'p', request: { Uri: `s3://${bucket.bucketName}/${text}`, RoleArn: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/r` }, value, text });
      const store = new RecordingStore();
      const received = JSON.parse(flatten(stack.resolve(mapped(stack, definition, store)), store.template));
      const inline = JSON.parse(flatten(stack.resolve(stack.toJsonString(definition)), store.template));
      expect(received).toEqual(inline);
      expect(Object.keys(received.States).pop()).toBe(JOB_STATE);
    }), { numRuns: 200 });
  });

  test('keeps the long stretch without references once, in the store, and writes the references and the job\'s data in each definition', () => {
    const stack = new Stack(new App(), 'S');
    const store = new RecordingStore();
    const written = stack.resolve(mapped(stack, jobDefinition(stack, { prefix: 'p' }), store)) as any;
    // The stretch before the first reference: the Arguments (the keys holding references are written after the others).
    expect(store.texts).toHaveLength(1);
    expect(store.texts[0]).toContain('($x := 1; $x)');
    expect(store.texts[0]).not.toContain('Notify');
    const [text, variables] = written['Fn::Sub'];
    expect(Object.values(variables)).toEqual([{ 'Fn::FindInMap': ['Texts', 'T0', 'Text'] }]);
    expect(text).not.toContain('($x := 1; $x)');
    expect(text).toContain('${AWS::Partition}:states:::sagemaker:createProcessingJob.sync');
    expect(text).toMatch(/"Notify":"\$\{Alerts[0-9A-F]{8}\}"\},"Job":/);
    expect(text.endsWith('"Job":{"Type":"Pass","Next":"Run","Assign":{"job":{"prefix":"p"}}}}}')).toBe(true);
  });
});

test('two runners\' states that differ only in a token that is an object (not a string) get their own texts', () => {
  const stack = new Stack(new App(), 'S');
  const store = new RecordingStore();
  const received = ['a', 'b'].map((value) => {
    const definition = jobDefinition(stack, { prefix: value });
    (definition.States.Run as any).Extra = Lazy.any({ produce: () => `${value}${'x'.repeat(600)}` });
    return JSON.parse(flatten(stack.resolve(mapped(stack, definition, store)), store.template));
  });
  expect(received.map((d) => d.States.Run.Extra[0])).toEqual(['a', 'b']);
  expect(store.texts).toHaveLength(2);
});

describe('the standalone jobs of a stack', () => {
  const image = ProcessingImage.fromRegistry(IMAGE_URI);
  function stackOf(jobs: (stack: Stack, lake: s3.IBucket) => void) {
    const app = new App();
    const stack = new Stack(app, 'Jobs');
    jobs(stack, new s3.Bucket(stack, 'Lake'));
    return { stack, template: app.synth().getStackByName('Jobs').template };
  }

  test('hold the states every job\'s runner has once, in the template\'s Mappings, whatever their number', () => {
    const { stack, template } = stackOf((s, lake) => {
      for (const name of ['Alpha', 'Beta', 'Gamma']) new ProcessingJob(s, name, { image, processingInputs: [ProcessingInput.fromBucket('raw', lake, `${name}/`)] });
    });
    expect(Object.keys(template.Mappings)).toEqual(['ProcessingJobsSharedTexts']);
    const entries = Object.values<any>(template.Mappings.ProcessingJobsSharedTexts);
    expect(entries).toHaveLength(1);
    // The Run state's expression (the run-time checks) is in the template once: in the mapping.
    const marker = 'createProcessingJob.sync';
    const runText = JSON.stringify(entries[0].Text).slice(1, 200);
    expect(JSON.stringify(template).split(runText)).toHaveLength(2);
    const machines = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(3);
    for (const m of machines) {
      expect(m.Properties.DefinitionString['Fn::Sub'][1]).toEqual({ V0: { 'Fn::FindInMap': ['ProcessingJobsSharedTexts', Object.keys(template.Mappings.ProcessingJobsSharedTexts)[0], 'Text'] } });
      expect(m.Properties.DefinitionString['Fn::Sub'][0]).toContain(marker);
    }
    // Each job's definition, as Step Functions receives it, has every state and its own data.
    const definitions = Object.values(stateMachineDefinitions(stack));
    expect(definitions.map((d: any) => d.States.Job.Assign.job.request.ProcessingInputs[0].S3Input.S3Uri.replace(/Lake[0-9A-F]{8}/, 'Lake')))
      .toEqual(['s3://Lake/Alpha/', 's3://Lake/Beta/', 's3://Lake/Gamma/']);
    expect(new Set(definitions.map((d: any) => JSON.stringify({ ...d.States, Job: undefined })))).toEqual(new Set([JSON.stringify({ ...(definitions[0] as any).States, Job: undefined })]));
  });

  test('with other runner options hold each variant once', () => {
    const { template } = stackOf((s) => {
      const topic = new sns.Topic(s, 'Alerts');
      new ProcessingJob(s, 'Alpha', { image });
      new ProcessingJob(s, 'Beta', { image });
      new ProcessingJob(s, 'Gamma', { image, retry: { maxAttempts: 2, interval: Duration.seconds(10) } });
      new ProcessingJob(s, 'Delta', { image, notificationTopic: topic });
      new ProcessingJob(s, 'Epsilon', { image, notificationTopic: topic });
    });
    const texts = Object.values<any>(template.Mappings.ProcessingJobsSharedTexts).map((e) => e.Text as string);
    // Three runner variants: plain, other retries, a topic (whose reference splits its text after the first stretch).
    expect(texts.filter((t) => t.includes('"MaxAttempts":2'))).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.length).toBeLessThanOrEqual(4);
  });

  test('build the states of each set of runner options once, under ProcessingJobsShared, not under each runner', () => {
    const { stack } = stackOf((s) => {
      for (const name of ['Alpha', 'Beta', 'Gamma']) new ProcessingJob(s, name, { image });
      new ProcessingJob(s, 'Delta', { image, retry: { capacityAttempts: 0 } });
    });
    const statesUnder = (path: string) => stack.node.findAll().filter((c) => c instanceof sfn.State && c.node.path.startsWith(path)).length;
    expect(statesUnder('Jobs/Alpha')).toBe(0);
    expect(stack.node.findAll().filter((c) => c.node.path.match(/^Jobs\/ProcessingJobsShared\/States\d+$/)).map((c) => c.node.id)).toEqual(['States0', 'States1']);
  });

  test.each([
    ['maxAttempts', { maxAttempts: 7 }], ['interval', { interval: Duration.seconds(11) }], ['backoffRate', { backoffRate: 3 }],
    ['maxDelay', { maxDelay: Duration.minutes(3) }], ['capacityAttempts', { capacityAttempts: 5 }], ['capacityInterval', { capacityInterval: Duration.minutes(7) }],
  ])('with another retry.%s have their own states', (_, retry) => {
    const { stack } = stackOf((s) => {
      new ProcessingJob(s, 'Alpha', { image });
      new ProcessingJob(s, 'Beta', { image, retry });
    });
    const [alpha, beta] = Object.values<any>(stateMachineDefinitions(stack)).map((d) => JSON.stringify({ ...d.States, Job: undefined }));
    expect(alpha).not.toEqual(beta);
  });

  test('in a stack that reads another stack\'s bucket refer to it by import in their own data, and keep the texts in their own stack', () => {
    const app = new App();
    const storage = new Stack(app, 'Storage');
    const lake = new s3.Bucket(storage, 'Lake');
    const jobs = new Stack(app, 'Jobs');
    new ProcessingJob(jobs, 'Alpha', { image, processingInputs: [ProcessingInput.fromBucket('raw', lake, 'raw/')] });
    const assembly = app.synth();
    const template = assembly.getStackByName('Jobs').template;
    expect(assembly.getStackByName('Storage').template.Mappings).toBeUndefined();
    const machine = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    const variables = machine.Properties.DefinitionString['Fn::Sub'][1];
    expect(Object.values(variables)).toContainEqual({ 'Fn::ImportValue': expect.stringContaining('Storage:ExportsOutputRefLake') });
    expect(Object.keys(template.Mappings)).toEqual(['ProcessingJobsSharedTexts']);
  });

  test('pass their data to the run as it is: "${…}", quotes and backslashes reach the request as text', async () => {
    const { stack } = stackOf((s) => {
      new ProcessingJob(s, 'Alpha', { image, environment: { SHELL_VAR: '${HOME}', QUOTED: 'say "hi" \\ bye' }, arguments: ['--pattern', '^a.*\\d$'] });
    });
    const run = await runLocally(Object.values(stateMachineDefinitions(stack))[0], {}, { Run: completed });
    expect(run.error).toBeUndefined();
    expect(run.states).toEqual(['Job', 'Run']);
    expect(run.requests.Run[0].Environment).toMatchObject({ SHELL_VAR: '${HOME}', QUOTED: 'say "hi" \\ bye' });
    expect(run.requests.Run[0].AppSpecification.ContainerArguments).toEqual(['--pattern', '^a.*\\d$']);
  });
});
