import * as fc from 'fast-check';
import { Checks } from '../../lib/api/checks';
import { FIELD, LIMITS } from '../../lib/api/limits';
import { imageFitProblem, imageInstanceFit } from '../../lib/api/image-instance-fit';
import { compactJsonata, runInputCheck, RunRulesData, RUN_VARIABLES, scheduledTimeProblem } from '../../lib/api/run-rules';
import { parseScheduledTime } from '../../cli/src/scheduled-time';
import { runArgumentsSource } from '../../lib/job/runner-run-state';
import { evaluateJsonata } from '../util/jsonata';

/**
 * The runner's run-time checks are rendered from the same limits and messages as the synth-time
 * kit: for each value, the cause an execution gets is the synth message without the path.
 */
const RULES: RunRulesData = {
  job: null,
  keys: ['arguments', 'environment', 'instanceType', 'instanceCount', 'inputs', 'outputs', 'scheduledTime'],
  defaults: { arguments: ['--mode', 'full'], environment: {}, instanceType: 'ml.m5.xlarge', instanceCount: 1, inputs: { raw: 's3://lake/raw/' }, outputs: { features: 's3://lake/features/' } },
  names: { inputs: ['raw'], outputs: ['features'] },
  partitioned: false,
  runVariables: [RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime],
  guards: [],
  image: null,
};
const RUN_VARIABLE_NAMES = [RUN_VARIABLES.runId, RUN_VARIABLES.scheduledTime];

async function runTimeProblem(input: unknown, rules: RunRulesData = RULES): Promise<string | undefined> {
  const context = { Execution: { Name: 'run-1', StartTime: '2026-11-24T02:00:00Z' } };
  const output = await evaluateJsonata(`{% ${runInputCheck('$states.input', '$runRules')} %}`, { input, context }, { runRules: rules });
  return output.problem;
}

function synthMessage(check: (v: Checks) => void): string {
  const v = new Checks('P');
  check(v);
  expect(v.messages).toHaveLength(1);
  return v.messages[0];
}

const vars = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, 'x']));

describe('run-time checks say what the synth-time checks say', () => {
  test.each<[string, unknown, (v: Checks) => void]>([
    ['instanceCount 0', { instanceCount: 0 }, (v) => v.integer('instanceCount', FIELD.instanceCount, 0, LIMITS.instanceCount)],
    ['instanceCount 101', { instanceCount: 101 }, (v) => v.integer('instanceCount', FIELD.instanceCount, 101, LIMITS.instanceCount)],
    ['instanceCount 2.5', { instanceCount: 2.5 }, (v) => v.integer('instanceCount', FIELD.instanceCount, 2.5, LIMITS.instanceCount)],
    ['empty arguments', { arguments: [] }, (v) => v.list('arguments', FIELD.arguments, [], LIMITS.arguments)],
    ['an argument of 257 characters', { arguments: ['x'.repeat(257)] }, (v) => v.list('arguments', FIELD.arguments, ['x'.repeat(257)], LIMITS.arguments)],
    ['101 arguments', { arguments: Array(101).fill('a') }, (v) => v.list('arguments', FIELD.arguments, Array(101).fill('a'), LIMITS.arguments)],
    ['an environment name with a dash', { environment: { 'MY-VAR': 'x' } }, (v) => v.environment({ 'MY-VAR': 'x' }, RUN_VARIABLE_NAMES)],
    ['an environment value of 257 characters', { environment: { K: 'x'.repeat(257) } }, (v) => v.environment({ K: 'x'.repeat(257) }, RUN_VARIABLE_NAMES)],
    ['99 variables and the run\'s two', { environment: vars(99) }, (v) => v.environment(vars(99), RUN_VARIABLE_NAMES)],
    ['a run variable', { environment: { PROCESSING_RUN_ID: 'x' } }, (v) => v.environment({ PROCESSING_RUN_ID: 'x' }, RUN_VARIABLE_NAMES)],
    ['an ftp URI', { inputs: { raw: 'ftp://h/raw/' } }, (v) => v.s3Uri("input 'raw' s3Uri", 'ProcessingInputs[].S3Input.S3Uri', 'ftp://h/raw/')],
    ['a bucket with a space', { inputs: { raw: 's3://my bucket/raw/' } }, (v) => v.s3Uri("input 'raw' s3Uri", 'ProcessingInputs[].S3Input.S3Uri', 's3://my bucket/raw/')],
    ['a URI of 1027 characters', { outputs: { features: `s3://b/${'k'.repeat(1020)}` } },
      (v) => v.s3Uri("output 'features' s3Uri", 'ProcessingOutputs[].S3Output.S3Uri', `s3://b/${'k'.repeat(1020)}`)],
    ['an instance type without a size', { instanceType: 'ml.m5' }, (v) => v.instanceType('instanceType', FIELD.instanceType, 'ml.m5')],
  ])('%s', async (_name, input, check) => {
    expect(`P: ${await runTimeProblem(input)}`).toBe(synthMessage(check));
  });
});

describe('a scheduled time', () => {
  // RFC 3339 section 5.7: the day of month is limited by the month and the year (a run of 2026-02-30 would write dt=2026-02-30/).
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const time = fc.record({
    year: fc.integer({ min: 1896, max: 2404 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }), fraction: fc.constantFrom('', '.5', '.123', '.1234567890'), zone: fc.constantFrom('Z', '+02:00', '-05:30', '+24:00'),
  }).map((t) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:30:00${t.fraction}${t.zone}`);
  const cliProblem = (t: string) => {
    try {
      parseScheduledTime(t, 'scheduledTime');
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };

  test('the runner, a step\'s static overrides (scheduledTimeProblem) and the CLI take and refuse the same times', async () => {
    await fc.assert(fc.asyncProperty(time, async (t) => {
      const synth = scheduledTimeProblem('scheduledTime', t);
      expect(await runTimeProblem({ scheduledTime: t })).toBe(synth);
      expect(cliProblem(t) === undefined).toBe(synth === undefined);
    }), { numRuns: 300 });
  });

  test.each(['2026-02-30T02:00:00Z', '2026-04-31T00:00:00+01:00', '2100-02-29T00:00:00Z'])('%s, a day its month does not have, is refused', async (t) => {
    expect(await runTimeProblem({ scheduledTime: t })).toBe(`scheduledTime '${t}' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"`);
  });

  test('February 29 of a leap year runs', async () => {
    expect(await runTimeProblem({ scheduledTime: '2000-02-29T00:00:00Z' })).toBeUndefined();
    expect(await runTimeProblem({ scheduledTime: '2028-02-29T00:00:00Z' })).toBeUndefined();
  });
});

describe('compactJsonata', () => {
  /** The rule as a character walk: what compactJsonata did before it split the text by a regular expression. */
  function compactByCharacters(expression: string): string {
    const name = /[A-Za-z0-9_$]/;
    let out = '';
    let space = false;
    for (let i = 0; i < expression.length;) {
      const c = expression[i];
      if (/\s/.test(c)) {
        space = true;
        i++;
        continue;
      }
      if (space && name.test(out.slice(-1)) && name.test(c)) out += ' ';
      space = false;
      if (c === '"' || c === "'" || (c === '/' && (out === '' || '(,:?['.includes(out.slice(-1))))) {
        let j = i + 1;
        while (j < expression.length && expression[j] !== c) j += expression[j] === '\\' ? 2 : 1;
        j++;
        if (c === '/') while (j < expression.length && /[a-z]/.test(expression[j])) j++;
        out += expression.slice(i, Math.min(j, expression.length));
        i = j;
        continue;
      }
      out += c;
      i++;
    }
    return out;
  }

  test('gives what the character walk gives, on generated texts of names, literals, operators and whitespace', () => {
    const piece = fc.constantFrom('$a', 'and', 'in', 'x1', '_y', '$', '(', ')', '[', ']', ',', ':', '?', ';', '/', '-', '&', ' ', '  ', '\n', '\t ',
      "'a b'", '"c  d"', "'it\\'s'", '"q\\"', '/a b/i', '/x\\/ y/', "'open", '"open', '/open', '\\');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      expect(compactJsonata(text)).toBe(compactByCharacters(text));
    }), { numRuns: 2000 });
  });

  test("keeps a runner's whole expression as the character walk does", () => {
    const text = runArgumentsSource([]);
    expect(text.length).toBeGreaterThan(5000);
    expect(compactJsonata(text)).toBe(compactByCharacters(text));
  });

  test('drops the whitespace outside string and regular-expression literals, and keeps one between two names', async () => {
    const text = "( $a := 'x  y'; $b := \"it's\"; $contains($a, /a b\\/ c/i) and $a in [ 'x' ] ? $count( [1, 2] ) - 1 : 0 )";
    const compact = compactJsonata(text);
    expect(compact).toBe("($a:='x  y';$b:=\"it's\";$contains($a,/a b\\/ c/i)and $a in['x']?$count([1,2])-1:0)");
    expect(await evaluateJsonata(`{% ${compact} %}`, { input: {}, context: {} })).toBe(await evaluateJsonata(`{% ${text} %}`, { input: {}, context: {} }));
  });
});

describe('a run on an instance type its image does not fit', () => {
  // Families of each processor type (and sizes) as SageMaker names them; the image chosen CPU or GPU, of a version with one or both.
  const family = fc.constantFrom('m5', 'c5', 't3', 'r7i', 'g4dn', 'g5', 'g7e', 'p3', 'p4d', 'p5', 'inf2', 'trn1', 'trn2');
  const size = fc.constantFrom('large', 'xlarge', '2xlarge', '24xlarge', '48xlarge');
  const fit = fc.record({
    processor: fc.constantFrom('cpu', 'gpu'),
    available: fc.constantFrom<string[]>(['cpu'], ['cpu', 'gpu'], ['gpu']),
    image: fc.constantFrom('PyTorch 2.8.0', "Hugging Face 4.56's"),
    chosenFor: fc.array(fc.constantFrom('ml.m5.xlarge', 'ml.g5.xlarge'), { minLength: 1, maxLength: 2 }),
  }).map((f) => imageInstanceFit(f.image, f.processor, f.chosenFor, f.available));

  test('the runner refuses exactly the types the synth-time check refuses, with the same words', async () => {
    await fc.assert(fc.asyncProperty(family, size, fit, async (f, z, image) => {
      const instanceType = `ml.${f}.${z}`;
      expect(await runTimeProblem({ instanceType }, { ...RULES, image })).toBe(imageFitProblem('instanceType', instanceType, image));
    }), { numRuns: 60 });
  });

  test('a CPU image on a GPU instance: the cause names the type, the image and what to give instead', async () => {
    const image = imageInstanceFit('PyTorch 2.8.0', 'cpu', ['ml.m5.xlarge'], ['cpu', 'gpu']);
    expect(await runTimeProblem({ instanceType: 'ml.g5.xlarge' }, { ...RULES, image })).toBe(
      "instanceType ml.g5.xlarge (processor type gpu) does not fit the job's image: the cpu image of PyTorch 2.8.0, chosen for ml.m5.xlarge " +
      "when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): give the image processorType GPU (a GPU image runs on CPU instances too)");
  });

  test('without a chosen image any instance type runs', async () => {
    expect(await runTimeProblem({ instanceType: 'ml.g5.xlarge' })).toBeUndefined();
  });
});
