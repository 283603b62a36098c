import { roundOrder, timingOf } from '../../bench/lib/runs';

describe('the order of a round\'s synths', () => {
  const plan = ['a', 'b', 'c', 'd', 'e'];
  test('is the plan rotated by 7 a round, reversed every other round', () => {
    expect(roundOrder(plan, 0)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Reversed (e d c b a), then rotated by 7 mod 5 = 2.
    expect(roundOrder(plan, 1)).toEqual(['c', 'b', 'a', 'e', 'd']);
    // Rotated by 14 mod 5 = 4.
    expect(roundOrder(plan, 2)).toEqual(['e', 'a', 'b', 'c', 'd']);
  });
  test('runs every synth of the plan once a round, and no synth follows the same one in every round', () => {
    const rounds = [0, 1, 2, 3, 4, 5, 6].map((round) => roundOrder(plan, round));
    for (const order of rounds) expect([...order].sort()).toEqual(plan);
    const followers = new Set(rounds.map((order) => order[order.indexOf('b') + 1]));
    expect(followers.size).toBeGreaterThan(1);
    expect(plan).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('a round\'s timing of one synth', () => {
  test('counts the validator\'s time and the wait at exit it leaves together, of the wall time from spawn to exit', () => {
    const result = { maxRssKb: 300_000, loadMs: 250, synthMs: 3000, cpuMs: 5200, templateFiles: [], libraryFrom: 'none' as const, validatorMs: 2400, exitWaitMs: 150 };
    expect(timingOf({ wallMs: 3600, code: 0, stderr: '', outdir: '/tmp/x', result }, 3)).toEqual({ round: 3, wallMs: 3600, cpuMs: 5200, maxRssKb: 300_000, validatorMs: 2550 });
  });
});
