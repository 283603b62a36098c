import { cell, marginalByType, Measurement, sideModel, SideModel, verdicts } from '../../bench/lib/analysis';
import { renderReport, BenchResults } from '../../bench/lib/report';
import {
  bindingLimit, curvature, largestFitting, limitsExceeded, linearFit, marginal, MAX_DEFINITION_BYTES, median, ratio, round,
} from '../../bench/lib/stats';

describe('median', () => {
  test('of an odd count is the middle value, whatever the order', () => {
    expect(median([9.1, 4.2, 6.3])).toBe(6.3);
  });
  test('of an even count is the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  test('of an empty list is an error', () => {
    expect(() => median([])).toThrow('median of an empty list');
  });
});

describe('linearFit', () => {
  test('finds the line through points on it, with R² = 1', () => {
    const fit = linearFit([[1, 11], [10, 65], [80, 485]]);
    expect(fit.slope).toBeCloseTo(6, 10);
    expect(fit.intercept).toBeCloseTo(5, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });
  test('is the least-squares line for scattered points', () => {
    // x̄ = 2, ȳ = 3; Sxy = 4, Sxx = 2 → slope 2, intercept −1; residuals ±0.5·… → R² = 1 − 1/9
    const fit = linearFit([[1, 1], [2, 4], [3, 5], [2, 2]]);
    expect(fit.slope).toBeCloseTo(2, 10);
    expect(fit.intercept).toBeCloseTo(-1, 10);
    expect(fit.r2).toBeCloseTo(1 - 2 / 10, 10);
  });
  test('needs two distinct x values', () => {
    expect(() => linearFit([[80, 1], [80, 2]])).toThrow('a linear fit needs at least two distinct x values, got 2 point(s)');
  });
});

describe('marginal, ratio, largestFitting, curvature', () => {
  test('marginal is the cost of each job after the first', () => {
    expect(marginal(11, 485, 80)).toBe(6);
    expect(() => marginal(11, 11, 1)).toThrow('the marginal cost needs n > 1, got 1');
  });
  test('ratio is library over baseline, undefined without a baseline', () => {
    expect(ratio(5.5, 5)).toBeCloseTo(1.1, 10);
    expect(ratio(5.5, undefined)).toBeUndefined();
    expect(ratio(5.5, 0)).toBeUndefined();
  });
  test('largestFitting is the largest whole N under the limit, an exact fit included', () => {
    expect(largestFitting({ intercept: 5, slope: 6 }, 500)).toBe(82); // 497 fits, 503 does not
    expect(largestFitting({ intercept: 10, slope: 2 }, 500)).toBe(245); // exactly 500
    expect(largestFitting({ intercept: 12000, slope: 3100 }, 1_000_000)).toBe(318);
    expect(largestFitting({ intercept: 12, slope: 0 }, 500)).toBe(Infinity);
    expect(largestFitting({ intercept: 600, slope: 1 }, 500)).toBe(0);
  });
  test('curvature is 1 on a line and above 1 when each job costs more than the last', () => {
    expect(curvature([[1, 100], [10, 190], [80, 890], [240, 2490]])).toBeCloseTo(1, 10);
    expect(curvature([[10, 100], [80, 6400], [240, 57600]])).toBeCloseTo((57600 - 6400) / 160 / ((6400 - 100) / 70), 10);
    expect(() => curvature([[1, 1], [2, 2]])).toThrow('curvature needs at least three points, got 2');
  });
  test('bindingLimit is the limit with the smallest N, the first listed on a tie', () => {
    expect(bindingLimit([{ limit: 'resources', maxJobs: 246 }, { limit: 'template', maxJobs: 287 }, { limit: 'definition', maxJobs: 245 }]))
      .toEqual({ limit: 'definition', maxJobs: 245 });
    expect(bindingLimit([{ limit: 'resources', maxJobs: 82 }, { limit: 'template', maxJobs: 82 }, { limit: 'definition', maxJobs: Infinity }]))
      .toEqual({ limit: 'resources', maxJobs: 82 });
    expect(() => bindingLimit([])).toThrow('bindingLimit needs at least one limit');
  });
  test('limitsExceeded names each limit a stack is over: 500 resources, 1,000,000 template bytes, 1,048,576 definition bytes', () => {
    expect(limitsExceeded(500, 1_000_000, 1_048_576)).toEqual([]);
    expect(limitsExceeded(501, 1_000_000, 1_048_576)).toEqual(['resources']);
    expect(limitsExceeded(500, 1_000_001, 1_048_577)).toEqual(['template', 'definition']);
  });
  test('round keeps the given decimals', () => {
    expect(round(1.23456, 2)).toBe(1.23);
  });
});

/** A measurement; `definition` is [bytes of the one (largest) definition per state machine, state machines, in S3]. */
function m(
  side: 'baseline' | 'library', n: number, wallMs: number[], resources: number, bytes: number,
  definition: [number, number, boolean], byType: Measurement['byType'] = {},
): Measurement {
  const [perMachine, machines, inS3] = definition;
  return {
    side, n, wallMs, cpuMs: wallMs.map((w) => w * 1.5), maxRssKb: [400_000, 410_000, 405_000], resources, bytes, minifiedBytes: Math.round(bytes * 0.6), byType,
    definitionBytes: perMachine * machines, largestDefinitionBytes: perMachine, s3DefinitionBytes: inS3 ? perMachine * machines : 0,
  };
}

// The baseline: one 1,500-byte definition per job, inline in the template.
const baseline = [
  m('baseline', 1, [4000, 4200, 4100], 11, 15_700, [1500, 1, false]),
  m('baseline', 10, [4500, 4400, 4600], 65, 78_400, [1500, 10, false]),
  m('baseline', 80, [8000, 8200, 7900], 485, 566_300, [1500, 80, false]),
];
// The library: one runner whose definition (in S3) grows 4,000 bytes per job from 7,000.
const library = [
  m('library', 1, [4500, 4400, 4300], 14, 20_000, [11_000, 1, true], { 'AWS::IAM::Role': { count: 3, bytes: 3000 }, 'AWS::Scheduler::Schedule': { count: 1, bytes: 900 } }),
  m('library', 10, [4700, 4800, 4600], 32, 40_000, [47_000, 1, true]),
  m('library', 80, [7000, 7100, 6900], 172, 198_000, [327_000, 1, true]),
  m('library', 240, [10_200, 10_000, 10_100], 492, 600_000, [967_000, 1, true],
    { 'AWS::IAM::Role': { count: 242, bytes: 242_000 }, 'AWS::Scheduler::Schedule': { count: 240, bytes: 216_000 } }),
];

describe('cells and models', () => {
  test('a cell takes the median wall time, the largest RSS and the marginal costs against N = 1', () => {
    const c = cell(baseline[2], baseline[0]);
    expect(c.wallS).toBe(8);
    expect(c.cpuS).toBe(12);
    expect(c.rssMb).toBeCloseTo(410_000 * 1024 / 1e6, 10);
    expect(c.resourcesPerJob).toBeCloseTo(485 / 80, 10);
    expect(c.marginalResources).toBe(6);
    expect(c.marginalKb).toBeCloseTo((566_300 - 15_700) / 79 / 1000, 10);
    expect(cell(baseline[0], baseline[0]).marginalResources).toBeUndefined();
  });
  test('a cell counts a definition once: inline it is in the template bytes, in S3 it adds to them', () => {
    const b = cell(baseline[2], baseline[0]);
    expect(b.marginalDefinitionKb).toBeCloseTo(1.5, 10);
    expect(b.largestDefinitionKb).toBe(1.5);
    expect(b.marginalDeployedKb).toBeCloseTo(b.marginalKb!, 10);
    const l = cell(library[2], library[0]);
    expect(l.marginalDefinitionKb).toBeCloseTo(4, 10);
    expect(l.marginalDeployedKb).toBeCloseTo((198_000 - 20_000) / 79 / 1000 + 4, 10);
    expect(l.largestDefinitionKb).toBe(327);
  });
  test('a side model fits resources, template and definition bytes in N and finds the largest N under all limits', () => {
    const model = sideModel(baseline);
    expect(model.resources.slope).toBeCloseTo(6, 10);
    expect(model.maxJobsByResources).toBe(82);
    expect(model.maxJobsByDefinition).toBe(Infinity); // each job has its own state machine: the largest does not grow
    expect(model.maxJobs).toBe(82);
    expect(model.binding).toBe('resources');
    const lib = sideModel(library);
    expect(lib.maxJobsByResources).toBe(244); // 12 + 2 N ≤ 500: exactly 500 at 244
    expect(lib.maxJobsByDefinition).toBe(Math.floor((MAX_DEFINITION_BYTES - 7000) / 4000)); // 260
    expect(lib.maxJobs).toBe(244);
    expect(lib.binding).toBe('resources');
  });
  test('the definition limit binds when a definition grows faster than the stack', () => {
    const big = library.map((x) => ({ ...x, largestDefinitionBytes: 7000 + 5000 * x.n, definitionBytes: 7000 + 5000 * x.n }));
    const model = sideModel(big);
    expect(model.maxJobsByDefinition).toBe(208); // 7,000 + 5,000 × 208 = 1,047,000 ≤ 1,048,576 < 1,052,000
    expect(model.maxJobs).toBe(208);
    expect(model.binding).toBe('definition');
    expect(model.maxJobsMinified).toBe(208);
  });
  test('the per-type marginal cost lists the types that grow, most bytes first', () => {
    const byType = marginalByType(library[0], library[3]);
    expect(byType[0]).toEqual({ type: 'AWS::IAM::Role', resourcesPerJob: 1, bytesPerJob: 1000, fixed: 2 });
    expect(byType[1]).toEqual({ type: 'AWS::Scheduler::Schedule', resourcesPerJob: 1, bytesPerJob: 900, fixed: 0 });
    expect(() => marginalByType(library[3], library[0])).toThrow('marginalByType needs a larger N second (got 240 then 1)');
  });
});

describe('verdicts and the table', () => {
  const cells = { baseline: baseline.map((x) => cell(x, baseline[0])), library: library.map((x) => cell(x, library[0])) };
  const models = { baseline: sideModel(baseline), library: sideModel(library) };
  const v = verdicts({
    compareAt: 80,
    baselineAtCompare: cells.baseline[2], libraryAtCompare: cells.library[2], libraryAtMax: cells.library[3],
    baselineModel: models.baseline, libraryModel: models.library,
    ratioWithValidation: 1.05, libraryTransitions: 2, directTransitions: 0, exampleSynthS: 11.2, benchS: 250,
  });

  test('each target is judged on the measured value', () => {
    expect(v.map((x) => [x.target, x.measured, x.pass])).toEqual([
      ['synth time library/baseline ≤ 1.2 at N = 80', '0.88× (1.05× with CDK\'s template validation on both sides)', true],
      ['synth time linear in N (CPU time: last segment slope ≤ 1.5× the one before)',
        `${((3100 / 160) / (2300 / 70)).toFixed(2)}× (slope ${models.library.cpu.slope.toFixed(1)} ms CPU, ${models.library.wall.slope.toFixed(1)} ms wall per job)`, true],
      ['≤ 2 resources per additional scheduled job (shared runner)', '2.00 (N = 240)', true],
      ['≥ 240 scheduled jobs in one stack (500 resources, 1 MB template, 1 MiB definition)', '244 (resources limit)', true],
      ['template bytes per job ≤ the baseline\'s (marginal)', `${((198_000 - 20_000) / 79 / 1000).toFixed(2)} KB vs ${((566_300 - 15_700) / 79 / 1000).toFixed(2)} KB`, true],
      ['≤ 2 state transitions per successful scheduled run', '2', true],
      ['0 state transitions in direct mode', '0', true],
      ['example app `npx cdk synth --quiet` < 10 s', '11.20 s', false],
      ['`npm run bench` < 5 min', '250.00 s', true],
    ]);
  });

  test('a target without a measurement fails', () => {
    const missing = verdicts({ compareAt: 80 });
    expect(missing.every((x) => !x.pass && x.measured === 'not measured')).toBe(true);
  });

  test('the table shows both sides with the ratio, and the verdicts', () => {
    const results: BenchResults = {
      date: '2026-11-25T09:00:00.000Z',
      machine: { cpus: 2, cpuModel: 'test', memoryGb: 8, node: 'v20', loadAverageBefore: [0, 0, 0], loadAverageAfter: [0, 0, 0] },
      runner: 'node --import tsx bench/apps/<side>.ts', rounds: 3, cells, models,
      withValidation: [{ side: 'baseline', n: 80, runs: 3, wallS: 12, cpuS: 11 }, { side: 'library', n: 80, runs: 3, wallS: 15, cpuS: 13.2 }],
      libraryByType: marginalByType(library[0], library[3]), baselineByType: [],
      libraryByState: [{ state: 'Run <job>', type: 'Task', bytesPerJob: 3100.4 }],
      libraryDefinitionLocation: 's3',
      transitions: { baseline: { transitions: 1, statesEntered: ['Run'], status: 'SUCCEEDED', input: {} }, library: { transitions: 2, statesEntered: ['Route', 'Job'], status: 'SUCCEEDED', input: {} } },
      limitCheck: [], verdicts: v, benchSeconds: 250,
    };
    const table = renderReport(results);
    expect(table).toContain('| synth wall time, s (median of 3) | 80 | 8.00 | 7.00 | 0.88 |');
    expect(table).toContain('| synth wall time, s (median of 3) | 240 | – | 10.10 | – |');
    expect(table).toContain('| synth wall time with CDK\'s template validation (CDK_VALIDATION=true), s (median of 3) | 80 | 12.00 | 15.00 | 1.25 |');
    expect(table).toContain('| synth CPU time with CDK\'s template validation (CDK_VALIDATION=true), s (median of 3) | 80 | 11.00 | 13.20 | 1.20 |');
    expect(table).toContain('| definition KB per job, marginal | 80 | 1.50 | 4.00 | 2.67 |');
    expect(table).toContain(`| template + definitions in S3, KB per job, marginal | 80 | ${((566_300 - 15_700) / 79 / 1000).toFixed(2)} | ${((198_000 - 20_000) / 79 / 1000 + 4).toFixed(2)} |`);
    expect(table).toContain('| largest definition, KB (Step Functions: 1,048,576 bytes each) | 240 | – | 967.0 | – |');
    const byTemplate = (model: SideModel) => model.maxJobsByBytes;
    expect(table).toContain(`| same, by limit: resources / template / definition | – | 82 / ${byTemplate(models.baseline)} / ∞ | 244 / ${byTemplate(models.library)} / 260 | – |`);
    expect(table).toContain('| state machine definition (in S3, not in the template) | – | 4000 |');
    expect(table).toContain('| resources per job, marginal | 80 | 6.00 | 2.00 | 0.33 |');
    expect(table).toContain('| state transitions per scheduled run | – | 1 | 2 | 2.00 |');
    expect(table).toContain('| largest N in one stack (500 resources, 1 MB template, 1 MiB definition) | – | 82 (resources) | 244 (resources) | – |');
    expect(table).toContain('| example app `npx cdk synth --quiet` < 10 s | 11.20 s | FAIL |');
    expect(table).toContain('| AWS::IAM::Role | 1.00 | 1000 |');
    expect(table).toContain('| ↳ definition: Task state `Run <job>` | – | 3100 |');
    expect(table).toContain('| same, with suppressTemplateIndentation | – | 82 | 244 |');
  });
});
