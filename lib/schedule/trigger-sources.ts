import { Annotations, Stack, Token, aws_events as events, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checks } from '../api/checks';
import { LIMITS } from '../api/limits';
import { resolveProcessingDefaults } from '../definition/scope-defaults';
import { knownAndDifferent } from '../iam/environment';
import { acknowledgeRule } from '../iam/nag-acknowledgements';
import { grantS3Prefix } from '../iam/s3-permissions';
import { EVENT_SOURCES, GlueJobState, SageMakerJobStatus, TRIGGER_VARIABLES } from './job-events';
import { JobRunTarget } from './job-run-target';
import type { GlueJobStateChangeTriggerOptions, ObjectCreatedTriggerOptions, SageMakerJobStateChangeTriggerOptions } from './job-trigger-options';


/** What a trigger's event gives the run: its pattern, and the values read from the event. */
export interface TriggerEvent {
  readonly pattern: events.EventPattern;
  /** Environment variables set from the event (EventField placeholders). */
  readonly environment?: { [key: string]: string };
  /** Input S3 URIs set from the event. */
  readonly inputs?: { [inputName: string]: string };
}

/** One kind of trigger: checks its own options, renders its event, and prepares its source. */
export interface TriggerSource {
  render(p: Checks, target: JobRunTarget): TriggerEvent;
  /** Runs once the rule exists (e.g. turns on the bucket's EventBridge notifications). */
  afterBind?(rule: events.Rule): void;
}

/** Warning id for a bucket this app cannot switch EventBridge notifications on for. */
export const BUCKET_NOTIFICATIONS_WARNING = 'cdk-sagemaker-processing:trigger-bucket-eventbridge';

/** Warning id for a bucket of another account or Region than the trigger's rule. */
export const BUCKET_ELSEWHERE_WARNING = 'cdk-sagemaker-processing:trigger-bucket-elsewhere';

/**
 * "Object Created" events of one bucket, optionally filtered by key prefix and/or suffix (both:
 * one wildcard filter `<prefix>*<suffix>`, with `*` and `\` in them escaped, and the keys in which
 * they overlap).
 */
export function objectCreatedSource(bucket: s3.IBucket, options: ObjectCreatedTriggerOptions): TriggerSource {
  const spec = EVENT_SOURCES.s3ObjectCreated;
  return {
    render(p, target) {
      const { prefix, suffix, input } = options;
      for (const [name, value] of [['prefix', prefix], ['suffix', suffix], ['input', input]] as const) {
        if (value === '') p.add(`${name} is empty; leave it out to match ${name === 'input' ? 'no input' : 'every key'}`);
      }
      warnKeyFilters(p, target.scope, prefix, suffix);
      if (input && !target.overridableInputs.includes(input)) {
        p.add(`input '${input}' is not one of the job's S3 inputs (${target.overridableInputs.join(', ') || 'none'}): ` +
          'the trigger gives the URI of each new object to the job input it names; name one, or leave input out');
      }
      const anyToken = (prefix !== undefined && Token.isUnresolved(prefix)) || (suffix !== undefined && Token.isUnresolved(suffix));
      if (prefix && suffix && anyToken) {
        p.add('prefix and suffix together must be concrete strings: they are joined into one EventBridge wildcard filter at synth');
      }
      const key = prefix && suffix ? prefixAndSuffix(prefix, suffix)
        : prefix ? events.Match.prefix(prefix)
          : suffix ? events.Match.suffix(suffix) : undefined;
      const bucketName = events.EventField.fromPath(spec.bucketNamePath);
      const objectKey = events.EventField.fromPath(spec.objectKeyPath);
      // The input reads each new object: the job role may read what the trigger matches (the objects under its prefix).
      if (input) grantS3Prefix(target.jobRole, { bucketArn: bucket.bucketArn, keyPrefix: prefix ?? '', encryptionKey: bucket.encryptionKey, bucket }, { read: true });
      return {
        pattern: {
          source: [spec.source],
          detailType: [spec.detailType],
          detail: { bucket: { name: [bucket.bucketName] }, ...(key ? { object: { key } } : {}) },
        },
        environment: { [TRIGGER_VARIABLES.objectKey]: objectKey },
        inputs: input ? { [input]: `s3://${bucketName}/${objectKey}` } : undefined,
      };
    },
    afterBind(rule) {
      warnBucketElsewhere(bucket, rule);
      // A bucket defined in this app gets its notifications switched on (aws-cdk-lib's
      // BucketNotifications custom resource, once per bucket); an imported bucket is not changed.
      if (bucket instanceof s3.Bucket) {
        bucket.enableEventBridgeNotification();
        acknowledgeNotificationsHandler(bucket);
      } else {
        Annotations.of(rule).addWarningV2(BUCKET_NOTIFICATIONS_WARNING,
          `bucket ${bucket.node.path} is not defined in this app, so its EventBridge notifications cannot be switched on here; ` +
          'S3 sends "Object Created" events only for buckets with EventBridge notifications on: turn them on where the bucket is defined (eventBridgeEnabled: true)');
      }
    },
  };
}

/**
 * S3 sends a bucket's events to the default event bus of the bucket's own account and Region
 * (EventBridge User Guide, "Events from AWS services": "When an AWS service in your account emits
 * an event, it goes to your account's default event bus"; a rule matches the events of its own
 * Region's bus): a rule of another account or Region never sees them, unless they are forwarded.
 */
function warnBucketElsewhere(bucket: s3.IBucket, rule: events.Rule): void {
  const ruleStack = Stack.of(rule);
  if (!knownAndDifferent(bucket.env.account, ruleStack.account) && !knownAndDifferent(bucket.env.region, ruleStack.region)) return;
  Annotations.of(rule).addWarningV2(BUCKET_ELSEWHERE_WARNING,
    `bucket ${bucket.node.path} is in account ${bucket.env.account}, Region ${bucket.env.region}, and the trigger's rule in account ${ruleStack.account}, ` +
    `Region ${ruleStack.region}: S3 sends its events to the default event bus of the bucket's account and Region, so the rule never fires; ` +
    'define the job (or a trigger of it) in a stack of the bucket\'s account and Region, or forward the events to this bus');
}

/** SageMaker processing or training job state changes, by job-name prefix and status. */
export function sageMakerJobSource(kind: 'processing' | 'training', options: SageMakerJobStateChangeTriggerOptions): TriggerSource {
  const spec = kind === 'processing' ? EVENT_SOURCES.processingJob : EVENT_SOURCES.trainingJob;
  return {
    render(p, target) {
      const { jobNamePrefix } = options;
      const statuses = options.statuses ?? [SageMakerJobStatus.COMPLETED];
      if (jobNamePrefix !== undefined && !Token.isUnresolved(jobNamePrefix)
        && (jobNamePrefix.length === 0 || jobNamePrefix.length > LIMITS.jobName.max || !/^[a-zA-Z0-9-]+$/.test(jobNamePrefix))) {
        p.add(`jobNamePrefix '${jobNamePrefix}' must be 1–${LIMITS.jobName.max} characters of [a-zA-Z0-9-] (it is matched against ${spec.nameField})`);
      }
      checkStates(p, 'statuses', statuses);
      if (kind === 'processing') checkNotSelf(p, target, jobNamePrefix);
      return {
        pattern: {
          source: [spec.source],
          detailType: [spec.detailType],
          detail: {
            ...(jobNamePrefix !== undefined ? { [spec.nameField]: events.Match.prefix(jobNamePrefix) } : {}),
            [spec.statusField]: statuses,
          },
        },
        environment: { [TRIGGER_VARIABLES.upstreamJobName]: events.EventField.fromPath(`$.detail.${spec.nameField}`) },
      };
    },
  };
}

/** Glue job run state changes of one job. */
export function glueJobSource(options: GlueJobStateChangeTriggerOptions): TriggerSource {
  const spec = EVENT_SOURCES.glueJob;
  return {
    render(p) {
      const states = options.states ?? [GlueJobState.SUCCEEDED];
      // Glue API reference, Job: Name is 1–255 characters.
      if (!Token.isUnresolved(options.jobName) && (options.jobName.length === 0 || options.jobName.length > 255)) {
        p.add(`jobName is ${options.jobName.length} characters; it must be 1–255 (Glue Job Name)`);
      }
      checkStates(p, 'states', states);
      return {
        pattern: { source: [spec.source], detailType: [spec.detailType], detail: { [spec.nameField]: [options.jobName], [spec.stateField]: states } },
        environment: {
          [TRIGGER_VARIABLES.upstreamJobName]: events.EventField.fromPath(`$.detail.${spec.nameField}`),
          [TRIGGER_VARIABLES.upstreamJobRunId]: events.EventField.fromPath(`$.detail.${spec.runIdField}`),
        },
      };
    },
  };
}

/** Warning id for an object-created trigger's key filter that cannot match what it seems to say. */
export const TRIGGER_KEY_FILTER_WARNING = 'trigger-key-filter';

/**
 * Warns of key filters written as patterns or as URIs: EventBridge matches an object key's prefix
 * and suffix literally (the library escapes `*` in a wildcard filter), and keys start with neither
 * `s3://` nor `/`, so such a trigger never fires.
 */
function warnKeyFilters(p: Checks, on: IConstruct, prefix: string | undefined, suffix: string | undefined): void {
  for (const [name, value] of [['prefix', prefix], ['suffix', suffix]] as const) {
    if (value === undefined || Token.isUnresolved(value)) continue;
    if (/[*?]/.test(value)) {
      p.warn(on, TRIGGER_KEY_FILTER_WARNING, `${name} '${value}' has '*' or '?', which EventBridge matches literally (a key ${name === 'prefix' ? 'starting' : 'ending'} ` +
        `with those characters), not as a pattern: give the fixed part (e.g. ${name === 'prefix' ? "prefix 'raw/'" : "suffix '.csv'"})`);
    }
    if (name === 'prefix' && (/^s3:\/\//i.test(value) || value.startsWith('/'))) {
      p.warn(on, TRIGGER_KEY_FILTER_WARNING, `prefix '${value}' is matched against object keys, which start with neither 's3://' nor '/': ` +
        "give the key's own prefix (e.g. 'raw/')");
    }
  }
}

/** Any event pattern; the run's values come from `overrides` (which may hold EventField paths). */
export function customEventSource(pattern: events.EventPattern): TriggerSource {
  return {
    render(p) {
      if (Object.values(pattern).every((v) => v === undefined)) {
        p.add('the event pattern is empty; give at least one field to match (e.g. source and detailType)');
      }
      // PutRule refuses a pattern with an empty list ("Empty arrays are not allowed"): it would match nothing.
      for (const where of emptyLists(pattern, 'pattern')) p.add(`${where} is an empty list; EventBridge refuses it in an event pattern: give at least one value, or leave the field out`);
      return { pattern };
    },
  };
}

/** Where `value` holds an empty list (`pattern.detail.status`). */
function emptyLists(value: unknown, where: string): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [where] : value.flatMap((v, i) => emptyLists(v, `${where}[${i}]`));
  if (value === null || typeof value !== 'object' || Token.isUnresolved(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => emptyLists(v, `${where}.${k}`));
}

/**
 * A processing job trigger that matches this job's own run names would start a run each time a
 * run ends: an endless loop. Runs are named `<jobNamePrefix>-…`, so the trigger's prefix must
 * neither be a prefix of that nor start with it.
 */
function checkNotSelf(p: Checks, target: JobRunTarget, jobNamePrefix: string | undefined): void {
  if (Token.isUnresolved(target.jobNamePrefix) || (jobNamePrefix !== undefined && Token.isUnresolved(jobNamePrefix))) return;
  const own = `${target.jobNamePrefix}-`;
  if (jobNamePrefix === undefined) {
    p.add(`onProcessingJobStateChange without jobNamePrefix matches every processing job, this job's own runs ('${own}…') included: ` +
      "each run's end would start another run; give the upstream job's jobNamePrefix");
  } else if (own.startsWith(jobNamePrefix) || jobNamePrefix.startsWith(own)) {
    p.add(`jobNamePrefix '${jobNamePrefix}' matches this job's own runs ('${own}…'): each run's end would start another run; give the upstream job's jobNamePrefix`);
  }
}

function checkStates(p: Checks, name: string, values: string[]): void {
  if (values.length === 0) p.add(`${name} is empty; give at least one`);
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) p.add(`${name} lists '${v}' twice`);
    seen.add(v);
  }
}

/**
 * The keys that start with `prefix` and end with `suffix`: the wildcard `<prefix>*<suffix>` (its `*`
 * matches zero or more characters: EventBridge User Guide, "Wildcard matching"), which needs both in
 * full one after the other, and each shorter key in which they overlap (`exports/latest.csv` for
 * prefix `exports/latest.csv` and suffix `.csv`), as exact values; the list matches any of them.
 */
function prefixAndSuffix(prefix: string, suffix: string): string[] {
  const overlaps: string[] = [];
  for (let k = Math.min(prefix.length, suffix.length); k >= 1; k--) {
    if (prefix.endsWith(suffix.slice(0, k))) overlaps.push(prefix + suffix.slice(k));
  }
  const wildcard = events.Match.wildcard(`${escapeWildcard(prefix)}*${escapeWildcard(suffix)}`);
  return overlaps.length === 0 ? wildcard : events.Match.anyOf(wildcard, ...overlaps);
}

/** Escapes the characters special in an EventBridge wildcard filter: `\` and `*`. */
function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, (c) => `\\${c}`);
}

/**
 * aws-cdk-lib's bucket-notifications handler (a per-stack singleton that
 * `enableEventBridgeNotification` creates) runs with the `AWSLambdaBasicExecutionRole` managed
 * policy, and aws-cdk-lib offers no option to replace it: acknowledged on its role for cdk-nag.
 * Its role gets the `ProcessingDefaults` permissions boundary in effect at its stack.
 */
function acknowledgeNotificationsHandler(bucket: s3.Bucket): void {
  for (const handler of Stack.of(bucket).node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'))) {
    const role = handler.node.tryFindChild('Role');
    // Its role is created for the trigger: the default permissions boundary of its stack (where aws-cdk-lib puts it) goes on it,
    // as on the roles the library creates itself (PermissionsBoundary.apply replaces, so applying it again for each trigger is harmless).
    const boundary = resolveProcessingDefaults(handler).permissionsBoundary;
    if (role && boundary) iam.PermissionsBoundary.of(role).apply(boundary);
    if (role) {
      acknowledgeRule(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "aws-cdk-lib's bucket-notifications handler (bucket.enableEventBridgeNotification, for JobTrigger.onObjectCreated) writes its own logs "
        + 'with this managed policy; aws-cdk-lib offers no option to replace it.');
    }
  }
}
