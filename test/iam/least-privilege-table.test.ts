import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  JobSchedule, JobTrigger, ProcessingImage, ProcessingInput, ProcessingJob, ProcessingJobRun, ProcessingOutput, SageMakerCreateProcessingJob,
} from '../../lib';
import { SynthesizedIam } from '../util/iam-evaluator';

const DOC = path.join(__dirname, '..', '..', 'docs', 'security.md');

/** One of each role the library writes: a job in a VPC with keys, started by a trigger and a direct schedule; a task; a deploy-time run. */
function referenceStack(): SynthesizedIam {
  const stack = new Stack(new App(), 'Reference');
  const bucket = new s3.Bucket(stack, 'Lake');
  const image = ProcessingImage.fromRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:1');
  const job = new ProcessingJob(stack, 'Job', {
    image,
    jobNamePrefix: 'nightly',
    processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')],
    processingOutputs: [ProcessingOutput.toBucket('out', bucket, 'out/')],
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 }),
    volumeKmsKey: new kms.Key(stack, 'VolumeKey'),
    outputKmsKey: new kms.Key(stack, 'OutputKey'),
    triggers: [JobTrigger.onObjectCreated(bucket, { prefix: 'raw/' })],
  });
  job.addSchedule('Direct', JobSchedule.rate(Duration.hours(6), { direct: true }));
  const task = SageMakerCreateProcessingJob.jsonPath(stack, 'Task', { image, processingInputs: [ProcessingInput.fromBucket('raw', bucket, 'raw/')] });
  new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  new ProcessingJobRun(stack, 'Seed', { image, processingOutputs: [ProcessingOutput.toBucket('seed', bucket, 'seed/')] });
  return SynthesizedIam.of(stack);
}

const START = '<!-- least-privilege-table -->';
const END = '<!-- /least-privilege-table -->';

/** The documented table: role path → { trust, actions, why }. */
function documentedRows(): Map<string, { trust: string; actions: string; why: string }> {
  const rows = new Map<string, { trust: string; actions: string; why: string }>();
  const text = fs.readFileSync(DOC, 'utf8');
  const table = text.slice(text.indexOf(START), text.indexOf(END));
  for (const line of table.split('\n').filter((l) => l.startsWith('| `'))) {
    const [role, trust, actions, why] = line.replace(/^\| /, '').replace(/ \|$/, '').split(' | ').map((c) => c.trim());
    rows.set(role.replace(/`/g, ''), { trust, actions, why: why ?? '' });
  }
  return rows;
}

/** `UPDATE_IAM_TABLE=1 npx jest test/iam/least-privilege-table.test.ts` writes the generated columns, keeping each row's "why". */
function writeTable(generated: Map<string, { trust: string; actions: string }>): void {
  const documented = documentedRows();
  const text = fs.readFileSync(DOC, 'utf8');
  const rows = [...generated.entries()].map(([role, r]) => `| \`${role}\` | ${r.trust} | ${r.actions} | ${documented.get(role)?.why ?? 'TODO'} |`);
  const table = [START, '| role | assumed by | may (every action of its policies) | scoped to, and why |', '| --- | --- | --- | --- |', ...rows, END].join('\n');
  fs.writeFileSync(DOC, text.slice(0, text.indexOf(START)) + table + text.slice(text.indexOf(END) + END.length));
}

describe('the least-privilege table of docs/security.md', () => {
  const iam = referenceStack();
  // aws-cdk-lib's bucket-notifications handler (bucket.enableEventBridgeNotification, for JobTrigger.onObjectCreated) is aws-cdk-lib's role, not the library's.
  const roles = iam.roles().filter((r) => !iam.pathOf(r).includes('BucketNotificationsHandler'));
  const generated = new Map(roles.map((id) => {
    const actions = [...new Set(iam.identityPolicies(id).flatMap((p) => [p.policy.Statement].flat()).filter((s: any) => s.Effect === 'Allow')
      .flatMap((s: any) => [s.Action].flat()))].sort();
    const trust = [...new Set([iam.resolve(iam.trustPolicyOf(id)).Statement].flat().flatMap((s: any) => [s.Principal?.Service ?? s.Principal?.AWS].flat()))].sort();
    return [iam.pathOf(id).replace(/^Reference\//, '').replace(/\/Resource$/, ''), { trust: trust.join(', '), actions: actions.map((a) => `\`${a}\``).join(' ') }];
  }));

  if (process.env.UPDATE_IAM_TABLE) writeTable(generated);

  test('lists every role of the reference stack with what it is trusted by and every action it may take', () => {
    const documented = documentedRows();
    const expected = [...generated.entries()].map(([role, r]) => `| \`${role}\` | ${r.trust} | ${r.actions} |`);
    const actual = [...generated.keys()].map((role) => {
      const d = documented.get(role);
      return d ? `| \`${role}\` | ${d.trust} | ${d.actions} |` : `(missing) ${role}`;
    });
    // On a difference, the expected rows are the generated ones: paste them into the table (and say why in its last column).
    expect(actual).toEqual(expected);
    expect([...documented.keys()].filter((r) => !generated.has(r))).toEqual([]);
    expect([...documented.values()].filter((r) => r.why === '' || r.why === 'TODO')).toEqual([]);
  });
});
