import { bindingLimit, largestFitting, limitsExceeded, linearFit, marginal, median, ratio, round } from '../../bench/lib/stats';

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

describe('marginal, ratio, largestFitting', () => {
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

