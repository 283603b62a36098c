import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, TimeZone } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  JobSchedule, OutputPartitioning, ProcessingCode, ProcessingInput, ProcessingJob, ProcessingOutput, SKLearnProcessor, SKLearnVersion,
} from '../../lib';
import { CLI_DEFAULT_CONTEXT } from '../../bench/apps/child';
import { perJobWeight, templateWeight } from '../../bench/lib/weight';
import { weigh } from '../../bench/weight';
import { checkDeployability, DeployabilityReport } from '../contracts/deployability';

/** What hand-written jobs fit in one stack (issue 19: 6 resources and 6.6 KB of template each, 82 per stack). */
const HAND_WRITTEN_PER_STACK = 82;
const CODE = path.join(__dirname, '..', '..', 'examples', 'processors', 'sklearn', 'preprocessing.py');

/** `jobs` copies of the README's first example (each job with a runner of its own) in one stack, synthesized with aws-cdk-lib's validation on. */
function readmeJobs(jobs: number): { template: any; templateBytes: number; report: DeployabilityReport } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'standalone-capacity-'));
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  try {
    // As `cdk synth` writes it: path metadata on every resource, the CDKMetadata resource.
    const app = new App({ outdir, context: CLI_DEFAULT_CONTEXT });
    const stack = new Stack(app, 'Features');
    const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
    for (let i = 1; i <= jobs; i++) {
      new ProcessingJob(stack, `NightlyFeatures${i}`, {
        processor: new SKLearnProcessor({ frameworkVersion: SKLearnVersion.V1_2_1 }),
        code: ProcessingCode.fromAsset(CODE),
        processingInputs: [ProcessingInput.fromBucket('raw', lake, `raw/${i}/`)],
        processingOutputs: [ProcessingOutput.toBucket('train', lake, `features/${i}/`, { localPath: '/opt/ml/processing/output/train' })],
        outputPartitioning: OutputPartitioning.SCHEDULED_DATE,
        schedule: JobSchedule.cron({ minute: '0', hour: '2', timeZone: TimeZone.EUROPE_LONDON }),
      });
    }
    app.synth();
    const file = path.join(outdir, stack.templateFile);
    return { template: JSON.parse(fs.readFileSync(file, 'utf8')), templateBytes: fs.statSync(file).size, report: checkDeployability(outdir) };
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe(`${HAND_WRITTEN_PER_STACK} standalone jobs (the README's first example) in one stack`, () => {
  const { template, templateBytes, report } = readmeJobs(HAND_WRITTEN_PER_STACK);
  const resources = Object.values<any>(template.Resources);
  const weight = templateWeight(template, templateBytes);
  const definitions = weight.parts.find((p) => p.type === 'AWS::StepFunctions::StateMachine' && p.part === 'Properties.DefinitionString')!.bytes;

  test('are valid for CloudFormation (aws-cdk-lib\'s validation on), Step Functions and SageMaker: references, definitions, every request', () => {
    expect(report.problems).toEqual([]);
  });

  test('fit in one template: under CloudFormation\'s 1 MB, the states every job\'s runner has written once (the template\'s Mappings)', () => {
    expect(templateBytes).toBeLessThan(1_000_000);
    expect(Object.values<any>(template.Mappings.ProcessingJobsSharedTexts)).toHaveLength(1);
  });

  test('fit CloudFormation\'s 500 resources: each job costs its state machine, its job role and its schedule; the stack shares runner and start roles, a log group and three policies', () => {
    const count = (type: string) => resources.filter((r) => r.Type === type).length;
    const sharedRoles = (kind: string) => Object.keys(template.Resources).filter((id) => id.startsWith(`ProcessingJobsShared${kind}Role`)).length;
    expect({
      machines: count('AWS::StepFunctions::StateMachine'), roles: count('AWS::IAM::Role'), schedules: count('AWS::Scheduler::Schedule'),
      logGroups: count('AWS::Logs::LogGroup'), managedPolicies: count('AWS::IAM::ManagedPolicy'),
    }).toEqual({ machines: 82, roles: 82 + sharedRoles('Runner') + sharedRoles('Start'), schedules: 82, logGroups: 1, managedPolicies: 3 });
    // As many shared roles as IAM's 10,240 characters of inline policy need with every ARN at its longest: 34 runners, 50 starts a role.
    expect({ runner: sharedRoles('Runner'), start: sharedRoles('Start') }).toEqual({ runner: Math.ceil(82 / 34), start: Math.ceil(82 / 50) });
    expect(resources.length).toBeLessThanOrEqual(500);
  });

  test('carry in their own definitions only their Job state and the references to the stack\'s texts', () => {
    // The README's job (a code asset, a regional image mapping): about 1.7 KB each.
    expect(definitions / HAND_WRITTEN_PER_STACK).toBeLessThanOrEqual(2_000);
  });
});

const perJob = (which: 'standalone' | 'baseline') => perJobWeight({ n: 1, weight: weigh(which, 1) }, { n: 11, weight: weigh(which, 11) });

test('the bench\'s standalone job (issue 19\'s measure) costs at most 6.6 KB of template and fewer resources than the same job hand-written', () => {
  const [library, handWritten] = [perJob('standalone'), perJob('baseline')];
  expect(library.bytes).toBeLessThanOrEqual(6_600);
  expect(library.resources).toBeLessThan(handWritten.resources);
});

// The hand-written job's bytes depend on aws-cdk-lib's version (6,361 a job with 2.224, 6,970 with 2.276: newer L2s render
// more), so this comparison holds the library to the aws-cdk-lib the bench runs (the devDependency); the peer-minimum run
// (scripts/test-aws-cdk-lib.sh) leaves it out by this name, and keeps the 6.6 KB bound above.
test('the bench standalone job is lighter than the same job hand-written on the aws-cdk-lib the bench runs', () => {
  const [library, handWritten] = [perJob('standalone'), perJob('baseline')];
  expect(library.bytes).toBeLessThan(handWritten.bytes);
});
