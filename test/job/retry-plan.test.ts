/**
 * Capacity retries against Step Functions' one-year execution limit: every wait of a run happens in one execution,
 * which fails with States.Timeout after a year (Step Functions Developer Guide, "Step Functions service quotas"). A
 * plan whose last capacity attempts could never start is refused at synth; every plan accepted is rendered with waits
 * that fit in the year.
 */
import { Duration } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { stateMachineDefinition } from '../util/definition';
import { nightlyJobStack } from './stacks';

const YEAR = 365 * 86_400;

/** The capacity waits the runner's definition holds: FirstCapacityRetry's, then NextCapacityRetry's list (its last item, 0, only closes it). */
function renderedCapacityWaits(definition: any): number[] {
  const first = definition.States.FirstCapacityRetry;
  if (!first) return [];
  const list = /States\.Array\(([^)]*)\)/.exec(definition.States.NextCapacityRetry.Parameters['wait.$'])![1].split(',').map(Number);
  expect(list[0]).toBe(first.Result.wait);
  return list.slice(0, -1);
}

test('ten capacity attempts a day apart are refused with the attempts that fit in the year', () => {
  expect(() => nightlyJobStack({ retry: { capacityAttempts: 10, capacityInterval: Duration.days(1) } })).toThrow(
    'DataLake/NightlyFeatures/Runner: retry.capacityAttempts 10 with retry.capacityInterval 1 day waits 1023 days in all (the interval doubles ' +
    'after each attempt), over the 1 year (365 days) an execution may run: attempts after the 8th could never start; give at most 8 capacity ' +
    'attempts with this interval, or a shorter interval (Step Functions maximum execution time)');
});

test('a plan is refused exactly when its capacity waits pass a year, and an accepted one is rendered with those waits', () => {
  const seconds = fc.oneof(fc.integer({ min: 1, max: 86_400 }), fc.constantFrom(86_400, 43_200, 30_840, 30_900, 3_600));
  fc.assert(fc.property(fc.integer({ min: 0, max: 10 }), seconds, (attempts, interval) => {
    const retry = { capacityAttempts: attempts, capacityInterval: Duration.seconds(interval) };
    const total = interval * (2 ** attempts - 1);
    if (total > YEAR) {
      expect(() => nightlyJobStack({ retry })).toThrow(/retry\.capacityAttempts .* could never start; give at most \d+ capacity attempts/);
      return;
    }
    const waits = renderedCapacityWaits(stateMachineDefinition(nightlyJobStack({ retry }).stack));
    expect(waits).toEqual(Array.from({ length: attempts }, (_, i) => interval * 2 ** i));
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(YEAR);
  }), { numRuns: 25 });
});
