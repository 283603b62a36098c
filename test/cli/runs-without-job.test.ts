/**
 * `list <job>` shows the runs that have no processing job, against the stand-in AWS: among them a
 * run whose CreateProcessingJob SageMaker throttled past the runner's retries (its name was
 * scheduled, no job exists), which ListProcessingJobs cannot show.
 */
import { featureJob, nightlyRun, Seconds } from './stand-in/account';
import { clock, run, standIn } from './stand-in/session';
import { THROTTLED } from './stand-in/world';

const s: Seconds = (x) => x;
const aws = standIn();
beforeAll(aws.start);
afterAll(aws.stop);
beforeEach(() => aws.reset());

test('a run whose every start was throttled is listed by its run id, Failed (no job), with the error cut with … to the column', async () => {
  aws.world.next = nightlyRun(s, [featureJob(s)]);
  await run(['run', 'NightlyFeatures', '--no-wait']);
  clock.now += 600_000;
  aws.world.next = nightlyRun(s, [{ provisionSeconds: 0, outcome: 'Throttled' }]);
  await run(['run', 'NightlyFeatures', '--no-wait']);
  const execution = String(aws.server.callsOf('sfn', 'StartExecution')[1].input.name);
  clock.now += 60_000;
  const result = await run(['list', 'NightlyFeatures']);
  const rows = result.stdout.split('\n');
  expect(rows[1]).toMatch(new RegExp(`^${execution} +Failed \\(no job\\) +2026-11-24 09:10:00Z +2s +${THROTTLED.Error}: Rate exceeded \\(Service:…$`));
  expect(rows[2]).toMatch(/^nightly-features-20261124-090001-5e6f7a8b +Completed /);
  const json = JSON.parse((await run(['list', 'NightlyFeatures', '--json'])).stdout);
  expect(json[0]).toMatchObject({ executionName: execution, status: 'Failed (no job)', failureReason: `${THROTTLED.Error}: ${THROTTLED.Cause}` });
});
